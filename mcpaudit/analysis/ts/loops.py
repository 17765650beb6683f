"""Loop bodies in the TypeScript/JavaScript interpreter: the body is evaluated a second time only
when the first pass changed something the second could see.

A loop body is evaluated twice so that a value assigned late in one iteration reaches a use
earlier in the next (``prev = x; ... use(prev)``). The second pass repeats the first exactly
(same sinks, calls and assignments, recorded again) unless the state it starts from differs
from the state the first pass started from. So the state is compared before and after the first
pass, leaving out what the second pass cannot see: names the body declares with ``let``/
``const`` (a fresh binding every iteration: the language forbids reading one before its
declaration) and, for the type, constant and alias tables, the parameters and declarations of
functions written in the body (set again each time such a function is evaluated). Any other
difference (an enclosing variable, a ``var``, a ``this.x`` field, a table entry of such a name,
a new nested function summary) and the body is evaluated again, as before.

Nested loops made this matter: each level doubled the work of the levels inside it, and about a
fifth of all expression evaluations were such exact repeats.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from . import nodes as N

#: the per-function tables (attributes of the interpreter) keyed by variable name
_DICTS = ("fields", "types", "consts", "url_prefixes", "choices", "list_choices", "lists", "derived", "row_keys", "relchecks", "fn_alias", "local_fns", "loop_vars", "loop_keys", "loop_fields",
          "schema_vars", "dispatch_vars", "dispatch_fields")
_SETS = ("constant_vars", "host_vars", "locals", "name_vars", "param_names", "sep_vars", "literal_objects")
_MISSING = object()


def snapshot(fa) -> tuple:
    """Start a loop body's first pass: what the interpreter's state is now, and an entry for
    the names the body declares (filled by :func:`declared`)."""
    fa.loop_decls.append((set(), set(), len(fa._scopes)))
    return (dict(fa.env), [dict(getattr(fa, n)) for n in _DICTS], [set(getattr(fa, n)) for n in _SETS],
            fa.tool_hint, len(fa.mod.functions))


def declared(fa, names: Iterable[str], fresh: bool) -> None:
    """The body of every loop being evaluated declares ``names``; ``fresh`` when each
    evaluation binds them anew (``let``/``const``, a ``catch`` parameter). In a function
    evaluated in place within the body, every declaration is the function's own."""
    depth = len(fa._scopes)
    for env_names, table_names, at in fa.loop_decls:
        for n in names:
            table_names.add(n)
            if fresh and depth == at:
                env_names.add(n)


def needs_second_pass(fa, snap: tuple) -> bool:
    """Whether the body's second pass could differ from its first (see the module docstring)."""
    fresh, fresh_tables, _depth = fa.loop_decls.pop()
    env0, dicts0, sets0, hint0, nfun0 = snap
    if fa.tool_hint != hint0 or len(fa.mod.functions) != nfun0:
        return True
    env1 = fa.env
    for k, v in env1.items():
        old = env0.get(k, _MISSING)
        if old is v or _base(k) in fresh:
            continue
        if old is _MISSING or not same_taint(old, v):
            return True
    if len(env1) < len(env0) or any(k not in env1 and _base(k) not in fresh for k in env0):
        return True
    for name, old in zip(_DICTS, dicts0):
        new = getattr(fa, name)
        if new != old and any(_base(k) not in fresh_tables for k in _changed_keys(old, new)):
            return True
    for name, old in zip(_SETS, sets0):
        new = getattr(fa, name)
        if new != old and any(_base(k) not in fresh_tables for k in old ^ new):
            return True
    return False


def _base(key: str) -> str:
    i = key.find(".")
    return key if i < 0 else key[:i]


def _changed_keys(old: Dict, new: Dict):
    for k, v in new.items():
        if old.get(k, _MISSING) is not v:
            yield k
    for k in old:
        if k not in new:
            yield k


def same_taint(a, b) -> bool:
    """Two taints with the same labels and, label by label, the same information."""
    if a is b:
        return True
    if len(a) != len(b):
        return False
    for label, ia in a.items():
        ib = b.get(label)
        if ib is None:
            return False
        if ia is not ib and ia.__getstate__() != ib.__getstate__():
            return False
    return True


def bound_names(data: bytes, pat, out: Optional[List[str]] = None) -> List[str]:
    """The names a binding pattern binds (not the names its default values read)."""
    if out is None:
        out = []
    if pat is None:
        return out
    t = pat.type
    if t in ("identifier", "shorthand_property_identifier_pattern"):
        out.append(N.text(data, pat))
    elif t in ("object_pattern", "array_pattern", "rest_pattern"):
        for c in pat.named_children:
            bound_names(data, c, out)
    elif t == "pair_pattern":
        bound_names(data, pat.child_by_field_name("value"), out)
    elif t in ("assignment_pattern", "object_assignment_pattern"):
        bound_names(data, pat.child_by_field_name("left"), out)
    return out
