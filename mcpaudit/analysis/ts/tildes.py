"""Tilde expansion: ``path.join(os.homedir(), p.slice(1))`` where ``p`` starts with ``~`` is the
caller's own path written out in full, not a name the code places under a root it chose. A
``join`` normally marks the parts after its first as placed under a root (``rooted``: a traversal
there is a vulnerability, while a path that reaches a file sink unchanged is the tool's declared
capability); the home folder (``home-dirs`` in the models) followed by the caller's value with its
leading character cut (``slice(1)``, ``substring(1)``, ``substr(1)``) is the caller's value as is.

Mixed into nothing: a function of the interpreter (``fn``).
"""

from __future__ import annotations

from . import nodes as N

_CUTS = ("slice", "substring", "substr")


def _home(fn, node) -> bool:
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "identifier":  # const home = os.homedir()
        name = N.text(fn.data, u)
        return (fn.types.get(name) or fn.mod.types.get(name) or "").replace("()", "") in fn.M.home_dirs
    if u.type != "call_expression":
        return False
    return (fn.dotted(u.child_by_field_id(fn.F.function)) or "").replace("()", "") in fn.M.home_dirs


def _tilde_cut(fn, node) -> bool:
    """``p.slice(1)`` (``substring(1)``, ``substr(1)``): the value after its first character."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression":
        return False
    callee = N.unwrap(u.child_by_field_id(fn.F.function))
    if callee is None or callee.type != "member_expression":
        return False
    prop = callee.child_by_field_id(fn.F.property)
    args = N.args_of(u)
    return prop is not None and N.text(fn.data, prop) in _CUTS and len(args) == 1 and \
        N.text(fn.data, N.unwrap(args[0])) == "1"


def tilde_expansion(fn, arg_nodes) -> bool:
    """Whether a join's arguments are the home folder and the caller's path after its ``~``."""
    return len(arg_nodes) == 2 and _home(fn, arg_nodes[0]) and _tilde_cut(fn, arg_nodes[1])
