"""A bug in the analysis of one function must not lose the rest of its module: the other tools of
the file are still found and followed, the file is reported as partially analysed (a warning naming
the function), and such a result is never cached (every scan reports it again)."""

from __future__ import annotations

import textwrap

from mcpaudit.analysis import interp
from mcpaudit.cache import Cache
from mcpaudit.engines import cst as cst_engine

SERVER = textwrap.dedent('''\
    import subprocess
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("two-tools")


    @mcp.tool()
    def broken(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout


    @mcp.tool()
    def works(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
    ''')


def _break_one_function(monkeypatch):
    real = interp.FunctionAnalyzer.run

    def run(self, *a, **k):
        if self.qualname == "broken":
            raise ValueError("not enough values to unpack (expected 3, got 2)")
        return real(self, *a, **k)

    monkeypatch.setattr(interp.FunctionAnalyzer, "run", run)


def _scan(tmp_path, cache=None):
    path = tmp_path / "server.py"
    path.write_text(SERVER)
    return cst_engine.run([(str(path), "server.py")], tmp_path, jobs=1, cache=cache)


def test_one_failing_function_leaves_the_others_analysed(tmp_path, monkeypatch):
    _break_one_function(monkeypatch)
    out, project = _scan(tmp_path)
    hits = [(f.rule_id, f.location.line) for f in out.findings if f.rule_id == "tool-shell-injection"]
    assert hits == [("tool-shell-injection", 14)]
    assert not out.skipped
    notes = [e for e in out.errors if e.path == "server.py"]
    assert len(notes) == 1 and not notes[0].fatal
    assert notes[0].message.startswith("partially analysed: an internal error in the analysis of 'broken' (line 8")
    assert "ValueError: not enough values to unpack" in notes[0].message
    assert {t.name for t in project.tools} >= {"works"}


def test_a_partial_module_is_not_cached(tmp_path, monkeypatch):
    _break_one_function(monkeypatch)
    cache = Cache(tmp_path / "cache", "cst", ("salt",))
    first, _ = _scan(tmp_path, cache)
    second, _ = _scan(tmp_path, cache)
    for out in (first, second):
        assert [e.message.split(":")[0] for e in out.errors if e.path == "server.py"] == ["partially analysed"]
    assert [(f.rule_id, f.location.line) for f in second.findings] == \
        [(f.rule_id, f.location.line) for f in first.findings]


def test_without_a_failure_there_is_no_note(tmp_path):
    out, _ = _scan(tmp_path)
    assert not [e for e in out.errors if e.path == "server.py"]
    assert sorted(f.location.line for f in out.findings if f.rule_id == "tool-shell-injection") == [9, 14]
