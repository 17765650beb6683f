"""A TLS switch turned off through a local set in a branch on a parameter: what the callers pass
(issue 12, py57d).

    async def download_file(url, target_dir, timeout, verify_ssl=True):
        ssl_context = None
        if not verify_ssl:
            ssl_context = False                       # aiohttp: no certificate checks
        async with session.get(url, ssl=ssl_context) as response: ...

    await download_file(url, session_dir, timeout, verify_ssl=False)   # every caller

``tls-verify-disabled`` reports the request (a local set to ``False`` in a branch, then handed to
the switch); whether that branch runs is the callers' choice. This pass reads the calls of the
enclosing function in the scanned Python files: when every one passes the parameter as a
constant (or leaves a constant default), the finding says so; it names the calls when they all
turn checking off, and goes to the audit view when they all keep it on. Calls of another kind
(a variable, ``**kwargs``) or none at all leave the finding as it was.
"""

from __future__ import annotations

import ast
import os
from typing import List, Optional, Tuple

from ...models import Confidence, Finding
from ...astparents import parents as _parents

RULE = "tls-verify-disabled"
SWITCHES = frozenset({"verify", "verify_ssl", "verify_certs", "ssl"})
KEPT_ON = ("certificate checking is off only when '{param}' is false, and every call of {fn}() in the project "
           "keeps it on ({calls}): not the default (audit view)")
PASSED_OFF = "every call of {fn}() in the project turns it off ({calls})"
_UNKNOWN = object()


def _enclosing(tree: ast.AST, line: int, parents) -> Tuple[Optional[ast.AST], Optional[ast.Call]]:
    call = next((n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.lineno <= line <= (n.end_lineno or n.lineno)
                 and any(k.arg in SWITCHES and isinstance(k.value, ast.Name) for k in n.keywords)), None)
    fn = parents.get(id(call)) if call is not None else None
    while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        fn = parents.get(id(fn))
    return fn, call


def _off_when(fn: ast.AST, var: str, params: List[str], parents) -> Optional[Tuple[str, bool]]:
    """(parameter, the parameter's truth that turns checking off) when every ``var = False`` of
    ``fn`` sits directly in a branch on a parameter (``if not verify_ssl:``); None otherwise."""
    found = set()
    for n in ast.walk(fn):
        if not (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == var for t in n.targets)):
            continue
        if not (isinstance(n.value, ast.Constant) and n.value.value is False):
            continue
        branch = parents.get(id(n))
        if not isinstance(branch, ast.If):
            return None
        test, truth = branch.test, n in branch.body
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, truth = test.operand, not truth
        elif isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.Eq)) \
                and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is False:
            test, truth = test.left, not truth
        if not (isinstance(test, ast.Name) and test.id in params):
            return None
        found.add((test.id, truth))
    return next(iter(found)) if len(found) == 1 else None


def _param_value(call: ast.Call, name: str, index: int, default) -> object:
    for k in call.keywords:
        if k.arg == name:
            return k.value.value if isinstance(k.value, ast.Constant) else _UNKNOWN
        if k.arg is None:
            return _UNKNOWN  # **kwargs
    if any(isinstance(a, ast.Starred) for a in call.args):
        return _UNKNOWN
    if index < len(call.args):
        a = call.args[index]
        return a.value if isinstance(a, ast.Constant) else _UNKNOWN
    return default


def _calls(py, fn: ast.AST, param: str) -> Optional[List[Tuple[str, int, object]]]:
    """(file, line, value of ``param``) of every call of ``fn`` by name in the scanned files."""
    args = [*fn.args.posonlyargs, *fn.args.args]
    method = bool(args) and args[0].arg in ("self", "cls")
    positional = [a.arg for a in args][1 if method else 0:]
    index = positional.index(param) if param in positional else 10 ** 6
    defaults = dict(zip([a.arg for a in args][len(args) - len(fn.args.defaults):], fn.args.defaults))
    defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
    d = defaults.get(param)
    default = d.value if isinstance(d, ast.Constant) else _UNKNOWN
    out = []
    for path in py.paths:
        text = py.text(path)
        if text is None or fn.name not in text or py.is_test(path):
            continue
        tree = py.tree(path)
        for n in ast.walk(tree) if tree is not None else ():
            f = n.func if isinstance(n, ast.Call) else None
            if (isinstance(f, ast.Name) and f.id == fn.name and not method) or (
                    isinstance(f, ast.Attribute) and f.attr == fn.name):
                out.append((py.rel(path), n.lineno, _param_value(n, param, index, default)))
    return out or None


def callers_choice(py, path: str, line: int) -> Optional[Tuple[bool, str, str, str]]:
    """(whether every call keeps checking on, the parameter, the function, the calls' places) for
    a hit at ``line`` of ``path`` whose switch is a local turned off in a branch on a parameter;
    None when the calls do not all agree or are not constants."""
    tree = py.tree(path)
    if tree is None:
        return None
    parents = _parents(tree)
    fn, call = _enclosing(tree, line, parents)
    if fn is None:
        return None
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
    var = next(k.value.id for k in call.keywords if k.arg in SWITCHES and isinstance(k.value, ast.Name))
    if var in params:
        return None
    off = _off_when(fn, var, params, parents)
    calls = _calls(py, fn, off[0]) if off else None
    if not calls or any(v is _UNKNOWN for _, _, v in calls):
        return None
    offs = {bool(v) == off[1] for _, _, v in calls}
    if len(offs) != 1:
        return None
    places = ", ".join(f"{p}:{ln}" for p, ln, _ in calls[:4]) + (" ..." if len(calls) > 4 else "")
    return (not offs.pop(), off[0], fn.name, places)


def judge_by_callers(findings: List[Finding], root, py) -> None:
    """Each Python ``tls-verify-disabled`` finding whose switch is such a local: named calls, or
    the audit view when every call keeps checking on (see the module)."""
    for f in findings:
        if f.rule_id != RULE or f.confidence <= Confidence.LOW or not f.location.path.endswith(".py"):
            continue
        got = callers_choice(py, os.path.abspath(os.path.join(str(root), f.location.path)), f.location.line)
        if got is None:
            continue
        kept_on, param, fn, places = got
        if kept_on:
            f.confidence = Confidence.LOW
            f.message += "; " + KEPT_ON.format(param=param, fn=fn, calls=places)
            f.properties["tls-context"] = "callers-keep-on"
        else:
            f.message += "; " + PASSED_OFF.format(fn=fn, calls=places)


__all__ = ["judge_by_callers"]
