"""rev53 item 1: the TypeScript literal-fallback credential pass (``analysis/ts/envfallback.py``)
walks each module's tree once, not twice per fallback it checks the module for, and parses each
module at most once (through :func:`~mcpaudit.analysis.ts.parse.parse`, which hands back the scan's
own tree while the scan keeps them); its findings are unchanged (``fixtures/typescript/ts52a``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.analysis.project import Project, SourceFile
from mcpaudit.analysis.ts import envfallback
from mcpaudit.analysis.ts import nodes as N
from mcpaudit.analysis.ts import parse as P

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "ts52a"


def _project(name: str) -> Project:
    root = ROOT / name
    p = Project(root=root)
    for f in sorted(root.rglob("*.ts")):
        rel = f.relative_to(root).as_posix()
        p.files[rel] = SourceFile(rel, f.read_text(encoding="utf-8"))
    return p


def _line(name: str, rel: str, needle: str) -> int:
    lines = (ROOT / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_each_module_is_walked_once_and_parsed_once(monkeypatch):
    walks, parses = [], []
    real_under, real_parse = N.nodes_under, envfallback.parse

    def under(node, kind):
        if node.parent is None:  # a whole module's tree
            walks.append(kind)
        return real_under(node, kind)

    def counted(data, path):
        parses.append(path)
        return real_parse(data, path)

    monkeypatch.setattr(N, "nodes_under", under)
    monkeypatch.setattr(envfallback, "parse", counted)
    got = envfallback.default_credentials(_project("defaultcred"))
    # two fallbacks (config.ts's staticToken, index.ts's ADMIN_PASSWORD): before, each module was walked
    # for its binary expressions, then twice more (comparisons, calls) per fallback that named it
    assert walks == []
    assert sorted(parses) == ["src/config.ts", "src/index.ts"]
    assert [(d["path"], d["line"], d["env"], d["holder"], d["compared"], d["placeholder"]) for d in got] == [
        ("src/config.ts", _line("defaultcred", "src/config.ts", "MCP_STATIC_TOKEN"), "MCP_STATIC_TOKEN", "staticToken",
         ("src/index.ts", _line("defaultcred", "src/index.ts", "token !== config.serverAuth.staticToken")), False),
        ("src/index.ts", _line("defaultcred", "src/index.ts", "const ADMIN_PASSWORD"), "ADMIN_PASSWORD", "ADMIN_PASSWORD",
         ("src/index.ts", _line("defaultcred", "src/index.ts", "password === ADMIN_PASSWORD")), True)]


def test_the_scans_kept_trees_serve_it(monkeypatch):
    """While a scan keeps its trees, the pass parses nothing the engine parsed already."""
    project = _project("defaultcred")
    made = []
    real = P._parser

    def parser(kind):
        inner = real(kind)

        class Counting:
            def parse(self, data):
                made.append(kind)
                return inner.parse(data)
        return Counting()

    with P.trees_kept():
        P.keep_trees()
        for rel, f in project.files.items():  # what the engine's per-file analysis parsed
            P.parse(f.text.encode("utf-8"), rel)
        monkeypatch.setattr(P, "_parser", parser)
        got = envfallback.default_credential_findings(project)
    assert made == []
    assert [(f.rule_id, f.location.path, f.location.line) for f in got] == [
        ("hardcoded-credential", "src/config.ts", _line("defaultcred", "src/config.ts", "MCP_STATIC_TOKEN")),
        ("hardcoded-credential", "src/index.ts", _line("defaultcred", "src/index.ts", "const ADMIN_PASSWORD"))]


def test_the_safe_twin_has_none():
    assert envfallback.default_credentials(_project("defaultcred_safe")) == []
