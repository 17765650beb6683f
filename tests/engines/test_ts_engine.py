"""The ts engine against the TypeScript/JavaScript fixtures, and its flows, surface, read-only
claims, partial parses, suppressions, engine agreement and mixed-language scans.

Every line of ``fixtures/typescript`` where the ts engine must report a finding carries
``// expect: <rule-id>``; the (path, line, rule id) of findings at medium confidence or above
must equal the annotations: nothing missing, nothing extra.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "typescript"
EXPECT = re.compile(r"//\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
GROUPS = ["registration", "sinks", "sanitizers", "crossmod", "partial", "http", "discovery"]
SOURCES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs")

Key = Tuple[str, int, str]


def _files(root: Path):
    return [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*")) if p.suffix in SOURCES]


def expectations(root: Path) -> Set[Key]:
    out: Set[Key] = set()
    for abspath, rel in _files(root):
        for n, line in enumerate(Path(abspath).read_text(encoding="utf-8").splitlines(), 1):
            for m in EXPECT.finditer(line):
                for rule_id in m.group(1).split(","):
                    out.add((rel, n, rule_id.strip()))
    return out


_CACHE: Dict[str, tuple] = {}


def scan(name: str):
    if name not in _CACHE:
        root = FIXTURES / name
        out, project = ts_engine.run(_files(root), root, jobs=1)
        _CACHE[name] = (out, project)
    return _CACHE[name]


def by_rule(name: str, rule: str):
    """The findings of ``rule`` in fixture group ``name``, by (path, line)."""
    out, _ = scan(name)
    return {(f.location.path, f.location.line): f for f in out.findings if f.rule_id == rule}


def audit_group(tmp_path, group: str, engines=("ts",), low: bool = False):
    """A whole audit of a fixture group copied into a git work tree of its own (so the scan
    root is the group, as for a checkout of it); ``low``: low-confidence findings shown."""
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    root = tmp_path / group.replace("/", "-")
    shutil.copytree(FIXTURES / group, root)
    (root / ".git").mkdir()
    if low:
        return api.audit([root], Config(engines=tuple(engines), cache=False, min_confidence=Confidence.LOW))
    return api.audit([root], Config(engines=tuple(engines), cache=False))


def audit_low(tmp_path, group: str):
    """:func:`audit_group` with low-confidence findings shown."""
    return audit_group(tmp_path, group, low=True)


def tools_of(name: str):
    """The tools the engine found in a fixture group, by name."""
    return {t.name: t for t in scan(name)[1].tools}


def _show(keys, findings=()):
    by_key = {(f.location.path, f.location.line, f.rule_id): f for f in findings}
    return "\n".join(f"  {k[0]}:{k[1]} {k[2]}" + (f"  {by_key[k].message}" if k in by_key else "")
                     for k in sorted(keys))


def annotation_test(groups):
    """This module's annotation check over another test module's fixture groups (one new function
    per module, so each carries its own parametrisation)."""

    @pytest.mark.parametrize("name", groups)
    def test_findings_equal_annotations(name):
        check_annotations(name)

    return test_findings_equal_annotations


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    check_annotations(name)


def check_annotations(name):
    """The default-view findings of fixture group ``name`` are exactly its ``// expect:`` lines."""
    out, _ = scan(name)
    assert not [e for e in out.errors if e.fatal], out.errors
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / name)
    missing, extra = want - got, got - want
    assert not missing and not extra, f"missing:\n{_show(missing)}\nextra:\n{_show(extra, out.findings)}"


def test_every_finding_is_the_ts_engines():
    for name in GROUPS:
        out, _ = scan(name)
        assert {f.engine for f in out.findings} <= {"ts"}


def only(findings: List[Finding], **kw) -> Finding:
    hits = [f for f in findings if all(getattr(f, k) == v for k, v in kw.items())]
    assert len(hits) == 1, [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in findings]
    return hits[0]


def steps(f: Finding):
    return [(s.location.path, s.location.line, s.note) for s in f.flow]


def line_of(rel: str, needle: str, group: str) -> int:
    lines = (FIXTURES / group / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# -- the surface ---------------------------------------------------------------------------


def test_every_registration_style_is_a_tool():
    _, project = scan("registration")
    tools = {t.name: t for t in project.tools}
    expected = {
        # McpServer: registerTool / registerPrompt / registerResource (SDK 1.x), tool() (2.x)
        "ping_host": ("tool", "mcp"), "ping_count": ("tool", "mcp"), "summarise_file": ("prompt", "mcp"),
        "note": ("resource", "mcp"), "readme": ("resource", "mcp"), "grep_logs": ("tool", "mcp"),
        "delete_report": ("tool", "mcp"), "uptime": ("tool", "mcp"),
        # handlers imported from another module (named, default, re-exported)
        "archive_folder": ("tool", "mcp"), "read_note": ("tool", "mcp"),
        # the low-level Server: tools/list declarations
        "show_file": ("tool", "lowlevel"), "git_log": ("tool", "lowlevel"),
        # fastmcp, mcp-framework, a loop over definitions, CommonJS
        "fetch_page": ("tool", "fastmcp"), "fetch_status": ("tool", "fastmcp"),
        "calculate": ("tool", "mcp-framework"), "restart_service": ("tool", "mcp"),
        "list_services": ("tool", "mcp"), "convert": ("tool", "mcp"),
    }
    for name, (kind, framework) in expected.items():
        assert name in tools, sorted(tools)
        assert (tools[name].kind, tools[name].framework) == (kind, framework), name


def test_tool_descriptions_parameters_and_annotations():
    _, project = scan("registration")
    tools = {t.name: t for t in project.tools}
    ping = tools["ping_host"]
    assert ping.description == "Ping a host once and return the output."
    assert [(p.name, p.tainted, p.description) for p in ping.parameters] == [
        ("host", True, "host name or address"), ("count", False, None)]
    assert ping.annotations == {"readOnlyHint": True}
    assert tools["fetch_page"].annotations == {"readOnlyHint": True, "openWorldHint": True}
    assert tools["show_file"].parameters[0].description == "file path"
    assert tools["calculate"].description == "Evaluate an arithmetic expression."
    assert tools["restart_service"].description == "Restart a service."
    assert [p.name for p in tools["note"].parameters] == ["name", "uri"]
    assert tools["readme"].parameters == []  # a static resource: nothing the caller chooses


def test_tool_hints_name_the_dispatched_tool():
    out, _ = scan("registration")
    by_line = {(f.location.path, f.location.line): f for f in out.findings}
    assert by_line[("lowlevel_switch.ts", line_of("lowlevel_switch.ts", "readFileSync(String", "registration"))].tool == "show_file"
    assert by_line[("lowlevel_switch.ts", line_of("lowlevel_switch.ts", 'execFile("git"', "registration"))].tool == "git_log"
    assert by_line[("lowlevel_if.js", line_of("lowlevel_if.js", '"du -sh "', "registration"))].tool == "disk_usage"
    assert by_line[("lowlevel_map.ts", line_of("lowlevel_map.ts", "writeFileSync(String", "registration"))].tool == "save_note"
    assert by_line[("lowlevel_guard.ts", line_of("lowlevel_guard.ts", "exec(`tail", "registration"))].tool == "tail_log"


# -- flows ---------------------------------------------------------------------------------


def test_flow_across_a_destructuring_method_a_class_field_and_a_reexport():
    out, _ = scan("crossmod")
    f = only(out.findings, rule_id="tool-shell-injection", tool="archive")
    assert (f.location.path, f.location.line) == ("lib/runner.ts", line_of("lib/runner.ts", "execSync(command)", "crossmod"))
    assert f.confidence == Confidence.HIGH and f.parameter == "folder"
    assert f.message == ("tool 'archive' passes parameter 'folder' to child_process.execSync(): "
                         "OS command injection")
    assert steps(f) == [
        ("server.ts", 13, "parameter 'folder' of MCP tool 'archive' (caller-controlled)"),
        ("server.ts", 14, "passed to archive()"),
        ("lib/service.ts", 7, "parameter 'folder'"),
        ("lib/service.ts", 8, "passed to run()"),
        ("lib/runner.ts", 4, "parameter 'command'"),
        ("lib/runner.ts", 5, "reaches child_process.execSync()"),
    ]


def test_a_constant_property_of_an_object_argument_stays_clean():
    out, _ = scan("crossmod")
    f = only(out.findings, rule_id="tool-path-traversal", tool="copy_report")
    assert f.tool == "copy_report" and f.parameter == "report"
    assert "(write)" not in f.message  # the target is the constant outbox


def test_a_closure_sees_the_enclosing_handlers_values():
    out, _ = scan("crossmod")
    f = only(out.findings, rule_id="tool-shell-injection", tool="touch_all")
    assert f.parameter == "files"


# -- CVE classes and weak checks -----------------------------------------------------------


def test_prefix_check_without_separator_is_cve_2025_53110():
    out, _ = scan("sinks")
    line = line_of("path.ts", "read_prefix_checked", "sinks") + 3
    f = only(out.findings, location=_loc("path.ts", line, out.findings))
    assert f.confidence == Confidence.MEDIUM and "CVE-2025-53110" in f.message


def test_a_program_that_changes_the_file_its_operand_names_is_a_path_sink():
    out, _ = scan("sinks")
    mine = [f for f in out.findings if f.location.path == "argv_files.ts"]
    line = line_of("argv_files.ts", "\"make_executable\",", "sinks") + 1
    f = next(f for f in mine if f.location.line == line)
    assert f.rule_id == "tool-path-traversal"
    assert f.message == ("tool 'make_executable' passes parameter 'target' to child_process.execFileSync() "
                         "['chmod', …]: path traversal / arbitrary file access (write)")
    # a confined path, a fixed file and a program that changes nothing stay quiet
    assert {x.tool for x in mine} == {"make_executable", "keep_copy"}


def test_resolve_then_check_without_realpath_is_cve_2025_53109():
    out, _ = scan("sinks")
    line = line_of("path.ts", "read_resolved_checked", "sinks") + 3
    f = only(out.findings, location=_loc("path.ts", line, out.findings))
    assert f.confidence == Confidence.MEDIUM and "CVE-2025-53109" in f.message


def test_read_only_keyword_claim_is_reported_where_the_query_runs():
    out, _ = scan("sinks")
    # better-sqlite3's prepare() runs one statement and a SQLite SELECT cannot write: the SELECT
    # prefix check of read_query holds (as for Python's sqlite3, tsrec20); exec() runs them all
    assert not [g for g in out.findings if g.rule_id == "tool-read-only-bypass" and g.tool == "read_query"]
    cap = only([g for g in out.findings if g.rule_id == "capability-raw-query"], tool="read_query")
    assert "(reads only: its check that the query starts with SELECT holds at a driver that runs one " \
        "statement per call (better-sqlite3's prepare() refuses a second statement)" in cap.message
    f = only([g for g in out.findings if g.rule_id == "tool-read-only-bypass"], tool="run_report")
    assert f.confidence == Confidence.HIGH
    # running the caller's SELECTs stays the tool's capability, the check named as in the finding (ts19a)
    cap = only([g for g in out.findings if g.rule_id == "capability-raw-query"], tool="run_report")
    assert "; only a read-only check by query prefix ('SELECT'): 'SELECT 1; DROP TABLE t'" in cap.message
    assert (f.location.path, f.location.line) == ("readonly.ts", line_of("readonly.ts", "runScript(sql);", "sinks"))
    assert "read-only check by query prefix ('SELECT'): 'SELECT 1; DROP TABLE t'" in f.message
    assert "stacked statements do not run" not in f.message
    assert f.message.endswith(f"(the query runs at readonly.ts:{line_of('readonly.ts', 'db.exec(sql)', 'sinks')})")
    assert any(n.startswith("checked: read-only") for _, _, n in steps(f))


def test_a_read_only_annotation_on_a_tool_that_executes_is_reported():
    out, _ = scan("registration")
    f = only(out.findings, rule_id="tool-read-only-bypass")
    assert f.tool == "ping_host" and "readOnlyHint" in f.message


def _loc(path: str, line: int, findings: List[Finding]):
    return next(f.location for f in findings if f.location.path == path and f.location.line == line)


# -- robustness ----------------------------------------------------------------------------


def test_a_grammar_gap_is_a_partial_analysis_not_a_crash():
    out, _ = scan("partial")
    notes = [e for e in out.errors if e.path == "server.ts"]
    assert len(notes) == 1 and not notes[0].fatal and "partially analysed" in notes[0].message
    assert any(f.rule_id == "capability-command-execution" for f in out.findings)


def test_an_internal_error_skips_one_file(tmp_path, monkeypatch):
    (tmp_path / "a.ts").write_text("export const x = 1;\n")
    from mcpaudit.analysis.ts import module

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "analyze_module", boom)
    out, _ = ts_engine.run([(str(tmp_path / "a.ts"), "a.ts")], tmp_path, jobs=1)
    assert out.skipped and "internal error in the ts engine" in out.skipped[0].reason


def test_test_files_are_not_analysed(tmp_path):
    src = 'import { exec } from "child_process";\nexport function f(x: string) { exec(x); }\n'
    (tmp_path / "server.test.ts").write_text(src)
    out, project = ts_engine.run([(str(tmp_path / "server.test.ts"), "server.test.ts")], tmp_path, jobs=1)
    assert out.findings == [] and out.parse.parsed == 0


# -- the pipeline: suppressions, agreement, mixed languages ---------------------------------


def _audit(tmp_path: Path, files: Dict[str, str], **cfg):
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    for rel, code in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    (tmp_path / ".git").mkdir(exist_ok=True)
    return audit([tmp_path], Config(cache=False, **cfg))


TS_TOOL = """
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { exec } from "child_process";
import { z } from "zod";
const server = new McpServer({ name: "t", version: "1" });
server.registerTool("run", { inputSchema: { cmd: z.string() } }, async ({ cmd }) => {
  exec(`cat ${cmd}`); // mcpaudit: ignore[tool-shell-injection] reviewed: cmd is checked upstream
  exec(`ls ${cmd}`);
  return { content: [] };
});
"""

PY_TOOL = """
import subprocess
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("p")

@mcp.tool()
def run_py(cmd: str) -> str:
    return subprocess.run(f"ls {cmd}", shell=True).stdout
"""


def test_suppressions_work_in_typescript(tmp_path):
    result = _audit(tmp_path, {"server.ts": TS_TOOL}, engines=("cst", "ts"))
    kept = [(f.location.line, f.rule_id) for f in result.findings if f.engine == "ts"]
    gone = [(f.location.line, f.rule_id, f.suppression.justification) for f in result.suppressed]
    assert (7, "tool-shell-injection") in kept
    assert gone == [(6, "tool-shell-injection", "reviewed: cmd is checked upstream")]


def test_a_mixed_repository_is_one_scan_with_one_report(tmp_path):
    result = _audit(tmp_path, {"ts/server.ts": TS_TOOL, "py/server.py": PY_TOOL}, engines=("cst", "ts"))
    engines = {(f.engine, f.location.path) for f in result.findings}
    assert ("ts", "ts/server.ts") in engines and ("cst", "py/server.py") in engines
    assert {t.name for t in result.tools} >= {"run", "run_py"}
    assert {"cst", "ts"} <= set(result.engines_run)


def test_a_pattern_finding_the_ts_engine_traced_as_safe_is_not_noise(tmp_path):
    code = """
    import { exec } from "child_process";
    const DIR = "/srv/data";
    export function listing() {
      exec(`ls ${DIR}`);
    }
    """
    result = _audit(tmp_path, {"a.ts": code}, engines=("ts", "semgrep"))
    assert [f for f in result.findings if f.location.path == "a.ts"] == []
    low = _audit(tmp_path, {"a.ts": code}, engines=("ts", "semgrep"), min_confidence=Confidence.LOW)
    lowered = [f for f in low.findings if f.engine == "semgrep" and f.location.path == "a.ts"]
    assert lowered and all(f.confidence == Confidence.LOW for f in lowered)


def test_a_bare_ignore_in_typescript_warns_and_suppresses_nothing(tmp_path):
    code = TS_TOOL.replace("// mcpaudit: ignore[tool-shell-injection] reviewed: cmd is checked upstream",
                           "// mcpaudit: ignore")
    result = _audit(tmp_path, {"server.ts": code}, engines=("ts",))
    kept = {(f.location.line, f.rule_id) for f in result.findings if f.engine == "ts"}
    assert {(6, "tool-shell-injection"), (7, "tool-shell-injection")} <= kept
    assert result.suppressed == []
    assert any(w.startswith("server.ts:6:") and "bare" in w for w in result.warnings)


def test_a_baseline_hides_known_typescript_findings_and_reports_new_ones(tmp_path):
    from mcpaudit.baseline import write_baseline

    first = _audit(tmp_path, {"server.ts": TS_TOOL}, engines=("ts",))
    assert [f for f in first.findings if f.engine == "ts"]
    base = tmp_path / "baseline.json"
    write_baseline(first.findings, base, "0")
    # the same findings one line further down (a comment added above): still baselined
    moved = "// a comment\n" + textwrap.dedent(TS_TOOL).lstrip("\n")
    moved += 'server.registerTool("more", { inputSchema: { p: z.string() } }, async ({ p }) => {\n' \
             '  exec(`rm ${p}`);\n  return { content: [] };\n});\n'
    again = _audit(tmp_path, {"server.ts": moved}, engines=("ts",), baseline=base)
    new = [(f.location.line, f.rule_id, f.tool) for f in again.findings if f.engine == "ts"]
    assert new == [(len(moved.splitlines()) - 2, "tool-shell-injection", "more")]
    assert any(f.suppression is not None and f.suppression.kind == "baseline" for f in again.suppressed)


def test_the_cache_gives_the_same_typescript_report_and_reanalyses_a_changed_file(tmp_path, monkeypatch):
    from mcpaudit.api import audit
    from mcpaudit.config import Config
    from mcpaudit.reporters import json as json_reporter

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    tree = tmp_path / "tree"
    for name in ("crossmod", "sinks"):
        import shutil

        shutil.copytree(FIXTURES / name, tree / name)
    (tree / ".git").mkdir()
    cache_dir = tmp_path / "cache"

    def report(result):
        d = json_reporter.to_dict(result, timestamp=False)
        d.pop("stats", None)
        return d

    fresh = report(audit([tree], Config(engines=("ts",), cache=False, jobs=1)))
    assert fresh["findings"]
    cold = audit([tree], Config(engines=("ts",), cache_dir=cache_dir, jobs=1))
    shutil.rmtree(cache_dir / "scan", ignore_errors=True)  # the per-engine caches, not the whole-scan result
    warm = audit([tree], Config(engines=("ts",), cache_dir=cache_dir, jobs=1))
    assert cold.stats["cache"]["ts"]["misses"] > 0 and warm.stats["cache"]["ts"]["misses"] == 0
    assert report(cold) == fresh and report(warm) == fresh
    target = next(p for p in sorted(tree.rglob("*.ts")) if "child_process" in p.read_text())
    target.write_text(target.read_text() + "\nexport const added = 1;\n")
    changed = audit([tree], Config(engines=("ts",), cache_dir=cache_dir, jobs=1))
    assert changed.stats["cache"]["ts"]["misses"] == 1
    assert report(changed) == report(audit([tree], Config(engines=("ts",), cache=False, jobs=1)))


WRAPPER = """
const { execSync } = require("child_process");
function exec(command) {
  return execSync(command, { stdio: "inherit" });
}
module.exports = { exec };
"""


def test_a_pattern_finding_on_a_wrapper_call_no_caller_input_reaches_is_not_noise(tmp_path):
    # a release script: the wrapper's sink is followed, no caller input reaches this call
    script = WRAPPER + """
const version = require("./package.json").version;
exec(`git tag v${version}`);
"""
    result = _audit(tmp_path, {"bin/release.cjs": script}, engines=("ts", "semgrep"))
    assert [f for f in result.findings if f.location.path == "bin/release.cjs"] == []
    low = _audit(tmp_path, {"bin/release.cjs": script}, engines=("ts", "semgrep"),
                 min_confidence=Confidence.LOW)
    lowered = [f for f in low.findings if f.engine == "semgrep" and f.location.line == 8]
    assert lowered and all(f.properties.get("taint-verdict") == "safe" for f in lowered)


def test_a_pattern_finding_on_a_wrapper_call_a_tool_parameter_reaches_stays(tmp_path):
    # the vulnerable twin: a tool's parameter goes through the same wrapper
    server = """
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    import { exec } from "./run.cjs";
    const server = new McpServer({ name: "t", version: "1" });
    server.registerTool("tag", { inputSchema: { name: z.string() } }, async ({ name }) => {
      exec(`git tag ${name}`);
      return { content: [] };
    });
    """
    result = _audit(tmp_path, {"server.ts": server, "run.cjs": WRAPPER}, engines=("ts", "semgrep"))
    got = {(f.engine, f.location.path, f.location.line, f.rule_id) for f in result.findings}
    assert ("semgrep", "server.ts", 6, "ts-exec-template-string") in got
    assert ("ts", "run.cjs", 3, "tool-shell-injection") in got


def test_a_function_declared_to_return_bytes_or_a_number_returns_no_path():
    # issue 12: Promise<Buffer> / number results are not paths; the string-typed twin is
    out, _ = scan("sanitizers")
    found = [f for f in out.findings if f.location.path == "typed_returns.ts" and f.confidence >= Confidence.MEDIUM]
    assert [(f.location.line, f.rule_id, f.tool) for f in found] == [(24, "tool-path-traversal", "render_pdf_named")]
    assert found[0].message == ("tool 'render_pdf_named' passes parameter 'markdown' to fs/promises.readFile(): "
                                "path traversal / arbitrary file access")
