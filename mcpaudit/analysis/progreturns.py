"""The program a path names by its last segment, also when a helper builds and returns it (issue 12).

    async def create_virtualenv(reqs, run_dir: Path) -> Path:          # sandbox/env.py
        venv_dir = run_dir / "venv"
        python = venv_dir / ("Scripts" if sys.platform.startswith("win") else "bin") / "python"
        ...
        return python

    py = await create_virtualenv(requirements, work)                    # sandbox/runner.py
    script.write_text(code)
    await asyncio.create_subprocess_exec(str(py), str(script))

The program is the last segment of the path, a constant: ``python``, one of the process models'
``script-programs``, so the written file runs as Python (scriptfiles.py). :func:`path_program`
reads that segment from an expression of the current function (``venv / "bin" / "python"``,
``os.path.join(d, "bin", "python")``, ``str(p)`` / ``os.fspath(p)`` / ``Path(p)`` of one, a local
bound to one); :func:`helper_calls` names the project calls a local holds the result of when the
path comes from a helper, and :func:`program_returns` gives, per function of a module, the
segment every ``return`` of it names, for the linker to settle such a run (:func:`runs_program`).
"""

from __future__ import annotations

import posixpath
from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body

_WRAPPERS = frozenset({"str", "os.fspath", "Path", "pathlib.Path", "PurePath", "pathlib.PurePath"})
_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})


def _segment(mod, bound, node, depth: int = 0) -> Optional[str]:
    """The constant last segment of a path expression; ``bound(name)``: the values a local takes."""
    if depth > 6 or node is None:
        return None
    if isinstance(node, cst.Call) and len(node.args) == 1 and (mod.dotted(node.func) or "") in _WRAPPERS:
        return _segment(mod, bound, node.args[0].value, depth + 1)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        text = N.string_value(node.right)
        return posixpath.basename(text) if text else None
    if isinstance(node, cst.Call) and node.args and (mod.dotted(node.func) or "") in _JOINS:
        text = N.string_value(node.args[-1].value)
        return posixpath.basename(text) if text else None
    if isinstance(node, cst.Name):
        values = bound(node.value)
        found = {_segment(mod, bound, v, depth + 1) for v in values} if values else {None}
        return found.pop() if len(found) == 1 else None
    return None


def path_program(fa, node) -> Optional[str]:
    """The last segment of a path built in the current function (see the module docstring)."""
    def bound(name: str) -> List[cst.BaseExpression]:
        v = fa.local_values.get(name)
        return [v] if v is not None else []
    return _segment(fa.mod, bound, node)


def interpreter_value(fa, node) -> Optional[str]:
    """The interpreter a value names that is no literal path: ``sys.executable`` (this process's
    Python), and ``self.python_path`` where the class's property or method of that name returns
    paths that all end in one interpreter (``venv / "bin" / "python"``, ``.../"python.exe"`` on
    Windows: the same program)."""
    while isinstance(node, cst.Call) and len(node.args) == 1 and (fa.mod.dotted(node.func) or "") in _WRAPPERS:
        node = node.args[0].value
    if (fa.mod.dotted(node) or "") == "sys.executable":
        return "python"
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self" and fa.cls):
        return None
    cls = next((c for c in N.find_all(fa.mod.module, cst.ClassDef) if c.name.value == fa.cls), None)
    fn = next((f for f in flat_body(cls.body) if isinstance(f, cst.FunctionDef) and f.name.value == node.attr.value
               and len(f.params.params) == 1), None) if cls is not None else None
    if fn is None:
        return None
    rets = [s.value for s in N.walk_stmts(flat_body(fn.body)) if isinstance(s, cst.Return) and s.value is not None]
    values = _assigned(fn)
    found = {program_name(_segment(fa.mod, lambda n: values.get(n, []), r) or "") for r in rets}
    return found.pop() if len(found) == 1 and "" not in found else None


def program_name(segment: str) -> str:
    """``python.exe`` and ``python3.12`` are ``python`` and ``python3`` (one program, named by
    platform or version)."""
    base = segment[:-4] if segment.lower().endswith(".exe") else segment
    head, dot, tail = base.partition(".")
    return head if dot and head.startswith("python") and tail.isdigit() else base


def helper_calls(fa, node, bound) -> Tuple[str, ...]:
    """The project calls (dotted targets) whose result ``str(py)`` / ``py`` holds, ``py`` being a
    local bound to ``[await] helper(...)`` (``bound(name)``: the value last bound to it, or None)."""
    while isinstance(node, cst.Call) and len(node.args) == 1 and (fa.mod.dotted(node.func) or "") in _WRAPPERS:
        node = node.args[0].value
    if not isinstance(node, cst.Name):
        return ()
    value = bound(node.value)
    if isinstance(value, cst.Await):
        value = value.expression
    if not (isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute))):
        return ()
    target = fa.mod.dotted(value.func)
    return (target,) if target else ()


def _assigned(fn: cst.FunctionDef):
    values: Dict[str, List[cst.BaseExpression]] = {}
    for small in N.walk_stmts(flat_body(fn.body)):
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            values.setdefault(small.targets[0].target.value, []).append(small.value)
        elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None:
            values.setdefault(small.target.value, []).append(small.value)
    return values


def program_returns(mod) -> Dict[str, str]:
    """Module-level function name -> the constant last segment of the path every ``return`` of
    it names (``return venv / "bin" / "python"``, or a local bound so)."""
    out: Dict[str, str] = {}
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        rets = [s.value for s in N.walk_stmts(flat_body(fn.body)) if isinstance(s, cst.Return) and s.value is not None]
        if not rets:
            continue
        values = _assigned(fn)
        found = {_segment(mod, lambda n: values.get(n, []), r) for r in rets}
        if len(found) == 1 and None not in found:
            out[fn.name.value] = found.pop()
    return out


def runs_program(linker, path: str, fn, calls: Tuple[str, ...], programs) -> Optional[str]:
    """The program (one of ``programs``) a function one of ``calls`` lands on returns, if any."""
    for target in calls:
        for tpath, callee, _m in linker.resolve_all(path, fn, target):
            name = getattr(linker.modules[tpath], "program_returns", {}).get(callee.qualname)
            if name in programs:
                return name
    return None


__all__ = ["helper_calls", "interpreter_value", "path_program", "program_name", "program_returns", "runs_program"]
