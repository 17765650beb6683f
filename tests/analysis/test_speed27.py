"""speed27: the posture pass reads a function's calls and ``if`` statements from the index built
in one walk (``PyIndex.owners``/``within``) instead of walking every tool function three times,
and the linker memoises ``module_prefix``. Same answers as before, checked on every fixture."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mcpaudit.analysis.inter import Linker
from mcpaudit.analysis.posture import extract_facts
from mcpaudit.analysis.posture.pyindex import index_python
from mcpaudit.engines import cst as cst_engine
from test_posture import lines, surface

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "speed27" / "posture"
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _facts(name: str):
    root = FIXTURE / name
    py = {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.py"))}
    return {f.id: f for f in extract_facts(root, py, surface(root, py))}


def test_tool_facts_read_calls_of_nested_functions():
    f = _facts("vulnerable")
    assert f["tools.count"].value == 2
    assert f["tools.raw_exec"].value is True and lines(f["tools.raw_exec"]) == [("server.py", 9)]
    assert f["tools.raw_exec"].note == "raw execution tools: run_chore"
    assert lines(f["tools.destructive_unannotated"]) == [("server.py", 9), ("server.py", 17)]
    assert lines(f["tools.privileged_ungated"]) == [("server.py", 9), ("server.py", 17)]
    assert f["tools.privileged_ungated"].note == "privileged tools registered for every caller: run_chore, delete_note"
    assert f["logging.audit"].value is False


def test_safe_twin_elicits_checks_and_logs_in_nested_functions():
    f = _facts("safe")
    assert f["tools.count"].value == 1
    assert f["tools.raw_exec"].value is False
    assert f["tools.destructive_unannotated"].value is False  # the elicitation sits in a nested function
    assert f["tools.privileged_ungated"].value is False  # so does the permission check
    assert f["logging.audit"].value is True and lines(f["logging.audit"]) == [("server.py", 19)]
    assert f["logging.audit"].note == "all 1 tool(s) log their invocation"  # through the nested helper's log call


def _python_files():
    return sorted(p for p in (ROOT / "fixtures").rglob("*.py"))


def test_within_and_owners_match_walks_on_every_fixture():
    """For every function of every fixture file: the calls ``within`` gives are those
    ``ast.walk`` meets under it (in the index's order), its ``if`` statements likewise, and
    ``owners_of`` a call gives the function definitions among its ancestors."""
    checked = 0
    for path in _python_files():
        text = path.read_text(errors="replace")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        py = index_python(path.name, text, tree)
        for fn in py.funcs:
            under = {id(n) for n in ast.walk(fn.node)}
            calls, ifs = py.within(fn.node)
            assert calls == [(c, n) for c, n in py.calls if id(c) in under], (path, fn.name)
            assert [id(n) for n in ifs] == [id(n) for n in py.ifs if id(n) in under], (path, fn.name)
            checked += 1
        for call, _name in py.calls:
            assert [id(a) for a in py.owners_of(call)] == \
                [id(a) for a in py.ancestors(call) if isinstance(a, _DEFS)], (path, call.lineno)
    assert checked > 1000


def _prefix_unmemoised(linker, path, dotted):
    parts = tuple(linker.absolute(path, dotted).split("."))
    for cut in range(len(parts) - 1, 0, -1):
        mpath = linker.index.get(".".join(parts[:cut]))
        if mpath is not None:
            return mpath, parts, cut
    return None


@pytest.mark.parametrize("group", ["taint", "speed27"])
def test_module_prefix_memo_gives_the_unmemoised_answers(group):
    root = ROOT / "fixtures" / group
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    results = cst_engine.analyze_files(files, jobs=1)
    linker = Linker({r.path: r.summary for r in results if r.summary is not None})
    linker.index_package(root.name)
    linker.run()
    asked = dict(linker.__dict__.get("_prefixes", {}))
    assert group != "taint" or len(asked) > 100
    for (path, dotted), answer in asked.items():
        assert answer == _prefix_unmemoised(linker, path, dotted), (path, dotted)


def test_module_prefix_forgets_when_the_index_grows():
    linker = Linker({"pkg/a.py": None, "pkg/b.py": None})  # type: ignore[dict-item]
    assert linker.module_prefix("pkg/a.py", "top.b.f") is None
    linker.index_package("top")  # ``top`` is the scanned folder's own package name
    assert linker.module_prefix("pkg/a.py", "top.pkg.b.f") == ("pkg/b.py", ("top", "pkg", "b", "f"), 3)
