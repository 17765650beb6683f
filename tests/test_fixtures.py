"""The fixture servers against their annotations.

Every line of ``fixtures/{vulnerable,lowlevel,safe,taint}`` where the cst engine must report a
finding carries ``# expect: <rule-id>``. The set of (path, line, rule id) of findings at medium
confidence or above must equal the set of annotations: nothing missing, nothing extra.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Set, Tuple

import pytest

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
TREES = ["vulnerable", "lowlevel", "safe", "taint", "capabilities", "annotations", "dispatch", "registration"]

Key = Tuple[str, int, str]


def _files(root: Path):
    return [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]


def expectations(root: Path) -> Set[Key]:
    out: Set[Key] = set()
    for abspath, rel in _files(root):
        for n, line in enumerate(Path(abspath).read_text(encoding="utf-8").splitlines(), 1):
            for m in EXPECT.finditer(line):
                for rule_id in m.group(1).split(","):
                    out.add((rel, n, rule_id.strip()))
    return out


_CACHE = {}


def scan(name: str):
    if name not in _CACHE:
        root = FIXTURES / name
        out, project = cst_engine.run(_files(root), root, jobs=1)
        assert not out.errors, out.errors
        _CACHE[name] = (out.findings, project)
    return _CACHE[name]


def scan_folder(root: Path):
    """The cst engine's findings for one folder scanned as its own project."""
    out, _ = cst_engine.run(_files(root), root, jobs=1)
    assert not out.errors, out.errors
    return out.findings


def reported(findings) -> Set[Key]:
    """(path, line, rule id) of the findings at medium confidence and above."""
    return {(f.location.path, f.location.line, f.rule_id) for f in findings if f.confidence >= Confidence.MEDIUM}


def _show(keys, findings=()):
    by_key = {(f.location.path, f.location.line, f.rule_id): f for f in findings}
    return "\n".join(f"  {k[0]}:{k[1]} {k[2]}" + (f"  {by_key[k].message}" if k in by_key else "")
                     for k in sorted(keys))


@pytest.mark.parametrize("name", TREES)
def test_findings_equal_annotations(name):
    findings, _ = scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in findings
           if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / name)
    missing, extra = want - got, got - want
    assert not missing and not extra, (
        f"missing:\n{_show(missing)}\nextra:\n{_show(extra, findings)}")


#: trees made of small projects: each folder is scanned on its own (a server-wide fact, such as a
#: read-only role, must not leak into its safe twin)
FOLDER_TREES = ["readonly_modes", "command_lists"]


@pytest.mark.parametrize("folder", [f"{t}/{p.name}" for t in FOLDER_TREES for p in sorted((FIXTURES / t).iterdir())
                                    if p.is_dir()])
def test_folder_findings_equal_annotations(folder):
    findings = scan_folder(FIXTURES / folder)
    got, want = reported(findings), expectations(FIXTURES / folder)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, findings)}"


def test_safe_fixture_has_no_finding_at_medium_or_above():
    findings, _ = scan("safe")
    assert expectations(FIXTURES / "safe") == set()
    bad = [f for f in findings if f.confidence >= Confidence.MEDIUM]
    assert bad == [], "\n".join(f"{f.location.path}:{f.location.line} {f.rule_id}: {f.message}" for f in bad)


def test_vulnerable_fixture_plants_every_hazard():
    findings, _ = scan("vulnerable")
    rules = {f.rule_id for f in findings if f.confidence >= Confidence.MEDIUM}
    assert rules >= {
        "tool-shell-injection", "tool-argument-injection", "tool-sql-injection",
        "tool-nosql-injection", "tool-path-traversal", "tool-ssrf", "tool-code-injection",
        "tool-unsafe-deserialization", "tool-template-injection", "secret-in-log",
        "secret-in-tool-result", "http-transport-no-auth",
    }
    # the weak startswith(root) check is reported, at medium confidence, with the CVE
    weak = [f for f in findings if f.rule_id == "tool-path-traversal" and f.tool == "upload_artifact"]
    assert len(weak) == 1 and weak[0].confidence == Confidence.MEDIUM
    assert "CVE-2025-53110" in weak[0].message


def test_vulnerable_fixture_surface():
    _, project = scan("vulnerable")
    tools = {t.name: t for t in project.tools}
    # imported instance, every decorator form, add_tool, class-based server
    for name in ("grep_logs", "ping_host", "tail_log", "files://{name}", "incident_summary",
                 "purge_cache", "restart_service", "disk_usage"):
        assert name in tools, sorted(tools)
    assert tools["incident_summary"].kind == "prompt"
    assert tools["files://{name}"].kind == "resource"
    assert [p.name for p in tools["tail_log"].parameters] == ["name", "lines"]  # ctx: Context excluded


def test_lowlevel_fixture_surface():
    _, project = scan("lowlevel")
    tools = {t.name: t for t in project.tools}
    assert set(tools) == {"lookup_item", "archive_folder", "export", "read_resource"}
    assert tools["lookup_item"].framework == "lowlevel"
    assert tools["lookup_item"].description == "Look up an inventory item by its SKU."
    assert [p.name for p in tools["export"].parameters] == ["table", "fmt"]
    assert tools["read_resource"].kind == "read_resource"
