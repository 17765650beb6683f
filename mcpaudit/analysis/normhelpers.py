"""A project helper that only returns a path normaliser of its parameter (issue 12).

    def normalize_path(path: str) -> str:
        return os.path.normpath(path)

    def validate_path(file_path):
        normalized = normalize_path(os.path.realpath(os.path.abspath(file_path)))
        for allowed_dir in allowed_directories:
            if normalized.startswith(allowed_dir):   # no trailing separator: weak
                return normalized
        raise ValueError(...)

Called as a project function, ``normalize_path(p)`` was a symbolic call linked later: the check on
``normalized`` then proved nothing about the value returned (the linker put the helper's return,
unchecked, in its place), and the weak prefix test was lost ("reaches open() as is"). Written
inline, ``os.path.normpath(p)`` keeps the caller's value, marks it normalised, and the check (weak
or sound) applies to it.

A module-level function whose body (a docstring aside) is a single ``return`` of a chain of the
catalog's ``resolvers`` (``os.path.normpath``, ``abspath``, ``realpath``, ``expanduser``,
``Path(p).resolve()``, ``.absolute()``, ``.expanduser()``) and path wrappers (``Path(x)``,
``str(x)``, ``os.fspath(x)``) around its first parameter is read at the call site as that chain:
the argument's taint, marked as each resolver marks it (:func:`normalised`). Anything else in the
body (a second statement, another call, a second parameter used) leaves it a project function.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..lazycst import cst

from .taintvalue import Taint, add_step, mark

_WRAPPERS = ("str", "os.fspath", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "Path", "PurePath")
_ARGUMENT = frozenset({"argument"})

#: a chain, innermost first: ("call", dotted name) or ("method", name); wrappers are left out
Chain = Tuple[Tuple[str, str], ...]


def _returned(fn: cst.FunctionDef) -> Optional[cst.BaseExpression]:
    body = fn.body.body if isinstance(fn.body, cst.IndentedBlock) else ()
    stmts = list(body)
    if stmts and isinstance(stmts[0], cst.SimpleStatementLine) and len(stmts[0].body) == 1 and \
            isinstance(stmts[0].body[0], cst.Expr) and isinstance(stmts[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        stmts = stmts[1:]  # the docstring
    if len(stmts) != 1 or not isinstance(stmts[0], cst.SimpleStatementLine) or len(stmts[0].body) != 1:
        return None
    ret = stmts[0].body[0]
    return ret.value if isinstance(ret, cst.Return) else None


def _chain(mod, node, param: str) -> Optional[Chain]:
    """The resolvers ``node`` applies to ``param`` (innermost first), or None when it is anything else."""
    M = mod.M
    steps = []
    while True:
        if isinstance(node, cst.Name):
            return tuple(reversed(steps)) if node.value == param and steps else None
        if not isinstance(node, cst.Call):
            return None
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in M.resolver_methods and \
                all(a.keyword is not None for a in node.args):
            steps.append(("method", func.attr.value))  # Path(p).resolve()
            node = func.value
            continue
        if len(node.args) != 1 or node.args[0].keyword is not None or node.args[0].star:
            return None
        fq = mod.dotted(func) or ""
        if fq in M.resolver_calls:
            steps.append(("call", fq))
        elif fq not in _WRAPPERS:
            return None
        node = node.args[0].value


def collect_normalisers(mod, body) -> None:
    """``mod.normalisers``: the module's top-level normaliser helpers, by name: (first
    parameter's name, chain)."""
    out: Dict[str, Tuple[str, Chain]] = {}
    for stmt in body:
        if not isinstance(stmt, cst.FunctionDef) or stmt.decorators or stmt.asynchronous is not None:
            continue
        params = stmt.params.params
        if len(params) != 1 or stmt.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or stmt.params.kwonly_params:
            continue
        value = _returned(stmt)
        chain = _chain(mod, value, params[0].name.value) if value is not None else None
        if chain:
            out[stmt.name.value] = (params[0].name.value, chain)
    mod.normalisers = out


def normaliser_of(fa, call: cst.Call) -> Optional[Tuple[str, Chain]]:
    """``call`` calls a normaliser helper of this module (not shadowed by a local of the function)."""
    func = call.func
    if not isinstance(func, cst.Name) or func.value in fa.env:
        return None
    return getattr(fa.mod, "normalisers", {}).get(func.value)


def normalised(fa, call: cst.Call, pos_args, kw_args) -> Optional[Taint]:
    """What ``helper(p)`` returns when ``helper`` is a normaliser: ``p``'s taint marked as its
    chain marks it (None: not such a call)."""
    found = normaliser_of(fa, call)
    if found is None:
        return None
    param, chain = found
    t = pos_args[0] if pos_args else kw_args.get(param)
    if not t:
        return {}
    M = fa.M
    for kind, name in chain:
        t = mark(t, resolved=True if name not in M.dotted_resolvers else None,
                 clean=_ARGUMENT if name in M.absolute_resolvers else frozenset())
    return add_step(t, (fa.stmt, call, f"normalised by {call.func.value}()"))


def normaliser_arg(fa, call: cst.Call) -> Optional[Tuple[cst.BaseExpression, bool]]:
    """For a containment check on ``helper(x)``: ``x``, and whether the chain resolves it."""
    found = normaliser_of(fa, call)
    if found is None or len(call.args) != 1 or call.args[0].star:
        return None
    return call.args[0].value, any(name not in fa.M.dotted_resolvers for _k, name in found[1])


__all__ = ["collect_normalisers", "normalised", "normaliser_arg", "normaliser_of"]
