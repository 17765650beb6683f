"""speed52 (issue 15): a process imports only what its work needs.

A scan of a tree without Python imports neither libcst nor the Python per-module analysis (its
modules take libcst through :mod:`mcpaudit.lazycst` and the cst engine's driver imports the Python
analysis where it runs); the command line's light commands import no engine's library. Each is
pinned by a subprocess that reports its ``sys.modules`` -- no timing.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import atexit, json, os, sys
def _report():
    with open(os.environ["SPEED52_MODULES"], "w") as fh:
        json.dump(sorted(sys.modules), fh)
atexit.register(_report)  # (the command leaves through os._exit once the atexit handlers ran)
sys.argv = ["mcpaudit", *json.loads(sys.argv[1])]
from mcpaudit.quick import main
main()
"""

#: The libraries a light command must not load, and the modules of the Python analysis a scan
#: of a tree without Python must not load.
ENGINE_LIBRARIES = ("libcst", "semgrep", "bandit")
PYTHON_ANALYSIS = ("mcpaudit.analysis.module", "mcpaudit.analysis.routelink", "mcpaudit.analysis.interp",
                   "mcpaudit.engines.cstpreload", "mcpaudit.analysis.fastchecks")


def _modules(tmp_path: Path, args) -> set:
    out = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "SPEED52_MODULES": str(out), "MCPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), timeout=600)
    assert out.exists(), done.stderr[-3000:]
    return set(json.loads(out.read_text()))


def _top(loaded: set, name: str) -> list:
    return [m for m in loaded if m == name or m.startswith(name + ".")]


@pytest.mark.parametrize("args", [["--version"], ["rules", "-f", "json"], ["rules"], ["scan", "--help"],
                                  ["explain", "tool-shell-injection"]])
def test_light_commands_load_no_engine_library(tmp_path, args):
    loaded = _modules(tmp_path, args)
    assert "mcpaudit.cli" in loaded  # the probe ran the command line
    for lib in ENGINE_LIBRARIES:
        assert not _top(loaded, lib), (args, lib)
    assert not [m for m in PYTHON_ANALYSIS if m in loaded]


def test_version_loads_no_analysis_at_all(tmp_path):
    loaded = _modules(tmp_path, ["--version"])
    assert not _top(loaded, "mcpaudit.analysis") and not _top(loaded, "mcpaudit.engines.cst")


@pytest.mark.parametrize("jobs", [["-j", "1"], []])
def test_a_typescript_only_scan_loads_neither_libcst_nor_the_python_analysis(tmp_path, jobs):
    report = tmp_path / "r.json"
    tree = ROOT / "fixtures" / "typescript" / "applescript"
    assert not list(tree.rglob("*.py"))
    loaded = _modules(tmp_path, ["scan", str(tree), "--no-cache", "-f", "json", "-o", str(report),
                                 "--fail-on", "never", *jobs])
    assert "mcpaudit.analysis.ts.module" in loaded and "mcpaudit.engines.cst_engine" in loaded  # both engines ran
    assert not _top(loaded, "libcst")
    assert not [m for m in PYTHON_ANALYSIS if m in loaded]
    found = {(f["rule_id"], f["path"], f["line"], f["engine"]) for f in json.loads(report.read_text())["findings"]}
    assert ("tool-code-injection", "fixtures/typescript/applescript/apps/mail.ts", 5, "ts") in found


def test_a_python_scan_still_loads_libcst_and_finds(tmp_path):
    """The other side: the probe sees libcst when a Python module is analysed (the test above
    would pass for a probe that saw nothing)."""
    report = tmp_path / "r.json"
    tree = ROOT / "fixtures" / "py49c" / "branch_auth"
    loaded = _modules(tmp_path, ["scan", str(tree), "--no-cache", "-f", "json", "-o", str(report), "--fail-on", "never",
                                 "-j", "1", "--engines", "cst"])
    assert _top(loaded, "libcst") and "mcpaudit.analysis.module" in loaded and "mcpaudit.analysis.fastchecks" in loaded
    assert json.loads(report.read_text())["tools"]


def test_no_python_gives_the_links_empty_result():
    """:func:`mcpaudit.engines.cst_engine._no_python` (no Python file: nothing imported) equals the
    driver's run over no file on the TypeScript fixtures' roots."""
    import dataclasses

    from mcpaudit.config import Config
    from mcpaudit.engines import cst
    from mcpaudit.engines.base import EngineContext
    from mcpaudit.engines.cst_engine import _no_python

    seen = []
    roots = sorted(p for p in (ROOT / "fixtures" / "typescript").iterdir() if p.is_dir())[:60]
    assert len(roots) >= 30
    for root in roots:
        ctx = EngineContext(root=root, config=Config(), timeout=60, on_first_pass=lambda t, tr: seen.append((t, tr)))
        ours = _no_python(ctx)
        out, project = cst.run([], root, jobs=1, cache=None, isolate=False, first_pass=True)
        assert (ours.findings, ours.errors, ours.skipped, ours.details) == (out.findings, out.errors, out.skipped, out.details)
        fields = [f.name for f in dataclasses.fields(project)]
        assert {f: getattr(ours.project, f) for f in fields} == {f: getattr(project, f) for f in fields}, root
        assert (ours.parse.parsed, ours.parse.lines) == (out.parse.parsed, out.parse.lines) == (0, 0)
    assert seen == [({}, {})] * len(roots)


_LAZY_PROBE = """
import sys
import mcpaudit.analysis.cstnodes as N, mcpaudit.analysis.positions as P, mcpaudit.analysis.inter
from mcpaudit import lazycst
assert "libcst" not in sys.modules, "imported at a module's top"
assert lazycst.is_stand_in(N.cst) and lazycst.is_stand_in(P.TOKEN_TYPES) and lazycst.is_stand_in(N.CODEGEN)
import libcst
tree = libcst.parse_module("x = f(a, b)\\n")
stmt = tree.body[0]
# the first use (a table read before any cst attribute): every stand-in is replaced
calls = N.calls_in_stmt(stmt)
assert [N.CODEGEN.code_for_node(c) for c in calls] == ["f(a, b)"]
assert N.cst is libcst and P.cst is libcst and type(P.TOKEN_TYPES) is frozenset and libcst.Comma in P.TOKEN_TYPES
assert not lazycst.is_stand_in(N.CODEGEN) and not lazycst.is_stand_in(N._NESTED)
assert N.mentions(stmt.body[0].value, "a") and not N.mentions(stmt.body[0].value, "z")  # a Visitor subclass
v = N._Mentions("a")
assert isinstance(v, libcst.CSTVisitor) and isinstance(v, N._Mentions)
from mcpaudit.analysis import fastchecks
assert type(libcst.Name) is fastchecks._MroChecks  # installed at the first use
print("OK")
"""


def test_lazycst_stand_ins_are_replaced_at_first_use():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _LAZY_PROBE], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=300)
    assert done.stdout.strip() == "OK", done.stderr[-3000:]


_HELD_PROBE = """
import sys
from mcpaudit.analysis.positions import TOKEN_TYPES as held  # a copy outside mcpaudit: never replaced
from mcpaudit import lazycst
assert "libcst" not in sys.modules and lazycst.is_stand_in(held)
import libcst
assert {libcst.Comma, libcst.Add} <= held and held >= {libcst.Comma} and not held <= {libcst.Comma}
assert not {libcst.Name} & held and {libcst.Comma} - held == set() and libcst.Comma in held
print("OK")
"""


def test_a_held_stand_in_compares_like_its_value():
    """A table imported by name before libcst (a test module's ``from positions import TOKEN_TYPES``)
    stays the stand-in in that module; set comparisons with it forward to the value (a full test run
    failed ``{...} <= TOKEN_TYPES`` in tests/analysis/test_node_walk.py before ``__ge__`` was forwarded)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _HELD_PROBE], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=300)
    assert done.stdout.strip() == "OK", done.stderr[-3000:]


def _top_level_reads(tree: ast.Module, name: str) -> list:
    """Lines where ``name`` is read when the module is imported: at its top or in a class body, a
    decorator, a default or a base -- not in a function body, an annotation (``from __future__
    import annotations``) or a ``later(lambda: ...)``."""
    out = []

    def visit(node, top: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in [*node.decorator_list, *node.args.defaults, *[x for x in node.args.kw_defaults if x]]:
                visit(d, top)
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                visit(node.value, top)
            return
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            return
        if top and isinstance(node, ast.Name) and node.id == name:
            out.append(node.lineno)
        for kid in ast.iter_child_nodes(node):
            visit(kid, top)

    for stmt in tree.body:
        visit(stmt, True)
    return out


def test_no_module_reads_the_deferred_libcst_at_import():
    """Every module that takes ``cst`` from :mod:`mcpaudit.lazycst` reads it only where it runs
    (a read at import would load libcst in every process that imports the module)."""
    users, bad = 0, {}
    for path in sorted((ROOT / "mcpaudit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        takes = any(isinstance(n, ast.ImportFrom) and (n.module or "").endswith("lazycst")
                    and any(a.name == "cst" for a in n.names) for n in tree.body)
        if not takes or path.name == "lazycst.py":
            continue
        users += 1
        lines = _top_level_reads(tree, "cst")
        if lines:
            bad[str(path.relative_to(ROOT))] = lines
    assert users > 150
    assert bad == {}


def test_the_typescript_analysis_imports_no_libcst_at_its_top():
    """No module the TypeScript analysis imports at its top imports libcst at its own (the
    static import graph from the ts engine)."""
    sys_path = ROOT

    def module_file(name: str):
        p = sys_path / (name.replace(".", "/") + ".py")
        if p.exists():
            return p
        p = sys_path / name.replace(".", "/") / "__init__.py"
        return p if p.exists() else None

    def imports(name: str) -> set:
        path = module_file(name)
        if path is None:
            return set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        out = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or "" if node.level == 0 else \
                    ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                out.add(base)
                out.update(f"{base}.{a.name}" for a in node.names if module_file(f"{base}.{a.name}"))
        return out

    seen, todo = set(), ["mcpaudit.engines.ts", "mcpaudit.analysis.ts.module", "mcpaudit.analysis.ts.link",
                         "mcpaudit.engines.cst", "mcpaudit.engines.cst_engine", "mcpaudit.pipeline"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(m for m in imports(name) if m.startswith("mcpaudit") or m.split(".")[0] == "libcst")
    assert "mcpaudit.analysis.ts.sharedsinks" in seen and "mcpaudit.analysis.inter" in seen
    assert not _top(seen, "libcst")
