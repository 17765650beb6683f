"""A shell helper every caller of which passes a literal command (issue 12, py57c).

``subprocess-shell-true`` reports ``subprocess.run(cmd, shell=True)`` whose command is not a
literal. In a project helper the command is often the helper's own parameter::

    def run_command(cmd, check=True):
        return subprocess.run(cmd, shell=True, check=check, capture_output=True, text=True)

    run_command("uv sync")
    if run_command("pgrep -x Claude", check=False): ...

When every call of the helper passes a string literal there, the shell runs only the author's
commands: no tool caller's text reaches it. Such a hit goes to the audit view with the reason
when

* the command is a bare name that is a parameter of the function around the call (a
  module-level function, undecorated: a decorator registers it, a tool has no call sites to
  read), not assigned again in it;
* the function's name is referenced at least once, and in every scanned Python file whose text
  names it, each reference is a call of the plain name (``run_command(...)``) or a plain
  ``from module import run_command``; no attribute, alias, callback, string (``getattr``) or
  ``*args``/``**kwargs`` call;
* each call gives the parameter a string literal (by position or keyword), or omits it while
  the parameter's default is one.

Anything else (a caller's variable, an f-string, a helper defined in a class) keeps the finding.
bandit's B602 on the same call (:mod:`.bandit`) moves with it: the two engines run apart.
"""

from __future__ import annotations

import ast
from typing import Iterable, List, Optional, Tuple

from ..models import Finding

RULE = "subprocess-shell-true"

WHY = ("the command is parameter '{param}' of {fn}(), and every call of {fn}() in the project ({count}) passes a "
       "string literal: the shell runs only the author's commands (audit view)")

#: caps the files read for one helper's references
_MAX_FILES = 200


def _shell_call_at(tree: ast.Module, line: int) -> Optional[Tuple[ast.Call, ast.FunctionDef]]:
    """The ``subprocess.*(..., shell=True)`` call on ``line`` directly inside a module-level,
    undecorated function, and that function."""
    for fn in tree.body:
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.decorator_list:
            continue
        if not (fn.lineno <= line <= (fn.end_lineno or fn.lineno)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and node.lineno == line and any(
                    k.arg == "shell" for k in node.keywords):
                return node, fn
    return None


def _command(call: ast.Call) -> Optional[ast.AST]:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "args"), None)


def _param(fn, name: str) -> Optional[Tuple[int, Optional[ast.AST], bool]]:
    """(position, default, keyword-only) of parameter ``name`` of ``fn``; None when it is none."""
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for i, p in enumerate(positional):
        if p.arg == name:
            return i, defaults[i], False
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        if p.arg == name:
            return -1, d, True
    return None


def _reassigned(fn, name: str) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            return True
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
    return False


def _literal(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _given(call: ast.Call, pos: int, kwonly: bool, name: str, default) -> bool:
    """The call gives the parameter a string literal, or omits it while its default is one."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return False
    if not kwonly and pos < len(call.args):
        return _literal(call.args[pos])
    kw = next((k.value for k in call.keywords if k.arg == name), None)
    return _literal(kw) if kw is not None else _literal(default)


def _callers_literal(files: Iterable[str], py, fname: str, pos: int, kwonly: bool, param: str,
                     default) -> int:
    """The number of calls of ``fname`` across ``files`` when each gives a literal, else 0."""
    count = 0
    for path in list(files)[:_MAX_FILES]:
        tree = py.tree(path)
        if tree is None:
            return 0
        calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == fname:
                if id(node) not in calls:
                    return 0  # a callback, a registration, an assignment
            elif isinstance(node, ast.Attribute) and node.attr == fname:
                return 0  # module.run_command(...), self.run_command: not read here
            elif isinstance(node, ast.alias) and (node.name == fname or node.name.endswith("." + fname)):
                if node.asname and node.asname != fname:
                    return 0
            elif isinstance(node, ast.Constant) and node.value == fname:
                return 0  # getattr(module, "run_command")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == fname:
                if not _given(node, pos, kwonly, param, default):
                    return 0
                count += 1
    return count


def literal_helper(py, path: str, line: int) -> Optional[str]:
    """The reason a ``subprocess-shell-true`` hit at ``path:line`` runs only literal commands,
    or None."""
    tree = py.tree(path)
    if tree is None:
        return None
    found = _shell_call_at(tree, line)
    if found is None:
        return None
    call, fn = found
    cmd = _command(call)
    if not isinstance(cmd, ast.Name):
        return None
    spec = _param(fn, cmd.id)
    if spec is None or _reassigned(fn, cmd.id):
        return None
    pos, default, kwonly = spec
    files = py.holding(fn.name)
    count = _callers_literal(files, py, fn.name, pos, kwonly, cmd.id, default)
    if not count:
        return None
    return WHY.format(param=cmd.id, fn=fn.name, count=count)


def demote_literal_helpers(findings: List[Finding], root, files: Iterable[str], py=None,
                           rules: Tuple[str, ...] = (RULE,)) -> None:
    """``subprocess-shell-true`` hits (or ``rules``': bandit's B602) in a helper every call of
    which passes a literal command: to the audit view with the reason. ``py``: the run's
    :class:`~.semgrep.pyfiles.PyFiles` (made from ``files`` when not given)."""
    from .semgrep.pyfiles import demote_hits

    demote_hits(findings, root, files, py, rules, literal_helper, ("shell-context", "literal-callers"))


__all__ = ["RULE", "WHY", "demote_literal_helpers", "literal_helper"]
