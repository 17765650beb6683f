"""Branches that a parameter's default turns off, when no call gives the parameter another value.

::

    def log_config(self, hide_sensitive: bool = True) -> None:
        if hide_sensitive:
            logger.info("auth: %s", self.auth_method)
        else:
            logger.info("token: %s", self.token)      # never runs: see below

    settings.log_config()                              # the only call in the project

A function whose ``if`` tests a parameter by itself (``if flag:`` / ``if not flag:``) with a
constant default (``True``, ``False``, ``None``) runs the branch that default selects, unless a
call passes the parameter. When every call of the function in the project's Python files leaves
the parameter out (no keyword of its name, no positional argument at its place, no ``*args`` or
``**kwargs``), and the function's name is used nowhere but in those calls (not passed as a
callback, not registered), the other branch does not run: a finding there that no tool's flow
carries moves to the audit view, with the reason, as code no entry point reaches does
(:func:`.entryreach.lower_unreached`), and so does a pattern rule's hit of the same hazard on
its line (the line joins ``Project.safe_sinks``, :mod:`mcpaudit.agreement`). A function never called in the project, one whose
parameter the body rebinds, or any call that cannot be read keeps today's report.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, List, Optional, Tuple

from ..models import Confidence

_CONSTANTS = {True: True, False: False, None: False}


def _tree(cache: Dict[str, Optional[ast.AST]], project, path: str) -> Optional[ast.AST]:
    if path not in cache:
        src = project.files.get(path)
        try:
            cache[path] = ast.parse(src.text) if src is not None else None
        except (SyntaxError, ValueError):
            cache[path] = None
    return cache[path]


def _innermost(tree: ast.AST, line: int) -> Tuple[Optional[ast.AST], List[Tuple[ast.If, bool]]]:
    """The innermost function holding ``line`` and the ``if`` statements of that function around
    it, each with whether ``line`` is in its body (True) or its ``else`` (False)."""
    fn, ifs = None, []
    node = tree
    while True:
        nxt = None
        for child in ast.iter_child_nodes(node):
            if getattr(child, "lineno", None) is not None and child.lineno <= line <= (child.end_lineno or child.lineno):
                nxt = child
                break
        if nxt is None:
            return fn, ifs
        if isinstance(nxt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fn, ifs = nxt, []
        elif isinstance(nxt, ast.If) and fn is not None and not (nxt.test.lineno <= line <= nxt.test.end_lineno):
            ifs.append((nxt, any(s.lineno <= line <= s.end_lineno for s in nxt.body)))
        node = nxt


def _defaults(fn) -> Dict[str, Tuple[int, bool]]:
    """Parameter name -> (position among the positional ones, or -1; the truth of its constant
    default) for the parameters with a constant default of True, False or None."""
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    out = {}
    for p, d in zip(positional[len(positional) - len(a.defaults):], a.defaults):
        if isinstance(d, ast.Constant) and any(d.value is k for k in _CONSTANTS):
            out[p.arg] = (positional.index(p), _CONSTANTS[d.value])
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        if isinstance(d, ast.Constant) and any(d.value is k for k in _CONSTANTS):
            out[p.arg] = (-1, _CONSTANTS[d.value])
    return out


def _skipped_guard(fn, ifs) -> Optional[str]:
    """The parameter whose default skips the branch the line is in (the innermost such ``if``)."""
    params = _defaults(fn)
    rebound = {t.id for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
               for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    for stmt, in_body in reversed(ifs):
        test, negated = stmt.test, False
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, negated = test.operand, True
        if not isinstance(test, ast.Name) or test.id not in params or test.id in rebound:
            continue
        taken = params[test.id][1] != negated  # the test's truth under the default
        if taken != in_body:
            return test.id
    return None


def _call_passes(call: ast.Call, index: int, name: str, method: bool) -> bool:
    """Whether ``call`` passes (or may pass) the parameter ``name`` at positional ``index``."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None or k.arg == name for k in call.keywords):
        return True
    shift = 1 if method and isinstance(call.func, ast.Attribute) else 0
    return index >= 0 and len(call.args) > index - shift


def _only_default_calls(project, cache, fn, param: str) -> bool:
    """Every use of ``fn``'s name in the project's Python files is a call that leaves ``param``
    out, and there is at least one such call."""
    name, index = fn.name, _defaults(fn)[param][0]
    first = (fn.args.posonlyargs or fn.args.args or [None])[0]
    method = first is not None and first.arg in ("self", "cls")
    word, calls = re.compile(rf"\b{re.escape(name)}\b"), 0
    for path, src in project.files.items():
        if not path.endswith(".py") or not word.search(src.text):
            continue
        tree = _tree(cache, project, path)
        if tree is None:
            return False
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and (getattr(n.func, "id", None) == name or getattr(n.func, "attr", None) == name):
                if _call_passes(n, index, param, method):
                    return False
                calls += 1
            elif (isinstance(n, ast.Name) and n.id == name or isinstance(n, ast.Attribute) and n.attr == name) \
                    and id(n) not in called:
                return False  # passed on, registered or bound: its callers are not all in view
            elif isinstance(n, ast.Constant) and n.value == name:
                return False  # getattr(obj, "name"), a registry key
    return calls > 0


def lower_default_branches(findings: Iterable, project, trees: Optional[Dict[str, ast.AST]] = None) -> None:
    """Findings no tool's flow carries whose line is in a branch a parameter's default skips,
    with no call passing that parameter (see the module): to the audit view, with the reason.
    ``trees``: the first pass's ``ast`` trees by path, reused (files without one are parsed here)."""
    from ..catalog import catalog

    family_of = {fam.rule: name for name, fam in catalog().families.items()}
    cache: Dict[str, Optional[ast.AST]] = dict(trees or {})
    only_default: Dict[tuple, bool] = {}  # (path, function line, parameter): the project-wide scan, once
    for f in findings:
        if f.tool or f.confidence <= Confidence.LOW or not f.location.path.endswith(".py") or f.properties.get("code"):
            continue
        tree = _tree(cache, project, f.location.path)
        fn, ifs = _innermost(tree, f.location.line) if tree is not None else (None, [])
        param = _skipped_guard(fn, ifs) if fn is not None and ifs else None
        key = (f.location.path, getattr(fn, "lineno", 0), param)
        if param is not None and key not in only_default:
            only_default[key] = _only_default_calls(project, cache, fn, param)
        if param is None or not only_default[key]:
            continue
        f.confidence = Confidence.LOW
        if f.rule_id in family_of:  # a pattern rule's hit on the line goes with it (agreement.py)
            project.safe_sinks.add((f.location.path, f.location.line, family_of[f.rule_id]))
        f.message += (f"; in a branch the default of {fn.name}()'s {param} parameter skips, and no call in the "
                      f"project passes that parameter (audit view)")


__all__ = ["lower_default_branches"]
