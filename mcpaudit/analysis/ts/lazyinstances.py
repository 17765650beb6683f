"""A client reached through a lazy-singleton getter: the object a call of a function of the
module returns when that function only ever returns one variable, created on first use.

    let _client: HubSpotClient | null = null;
    const getClient = () => {
      if (!_client) _client = new HubSpotClient();
      return _client;
    };
    ... getClient().getContactById(id)

(also ``return _client ??= new C()``, and a ``function`` declaration). Every ``return`` of the
function yields the same variable (or assigns it with ``??=``/``||=`` and yields that), and every
value the enclosing scope gives that variable is ``new C(...)`` or ``null``/``undefined``: the
call's result is an object of ``C``, typed as ``new C()`` is (names.py ``type_of``), so a method
called on it reaches ``C``'s method (a project class) or a library row of ``C`` (a library's).
A getter that may return something else (a parameter, another value, two classes) types nothing.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from . import nodes as N
from .hookwrites import _param_names

_FUNCS = ("arrow_function", "function_expression", "function", "function_declaration")
_LAZY_OPS = ("??=", "||=")
_EMPTY = ("null", "undefined")


def _declared(root, data: bytes) -> Dict[str, List[Tuple[object, object]]]:
    """Every function the module declares by name: name -> [(the function node, the node of the
    scope that declares it)], in one walk of the module (a walk per called name was quadratic:
    a 14k-line module with 244 called names passed the per-file CPU limit)."""
    found: Dict[str, List[Tuple[object, object]]] = {}
    stack = [(root, root)]
    while stack:
        n, scope = stack.pop()
        nm = fn = None
        if n.type == "function_declaration":
            nm, fn = n.child_by_field_name("name"), n
        elif n.type == "variable_declarator":
            nm, val = n.child_by_field_name("name"), N.unwrap(n.child_by_field_name("value"))
            fn = val if val is not None and val.type in _FUNCS else None
        if fn is not None and nm is not None:
            found.setdefault(N.text(data, nm), []).append((fn, scope))
        inner = n if n.type in _FUNCS or n.type == "statement_block" else scope
        stack.extend((c, inner) for c in n.named_children)
    return found


def _getter(fa, name: str):
    """(the function node named ``name``, the node of the scope that declares it), when exactly
    one is declared in the module."""
    decls = fa.mod.__dict__.get("_lazy_declared")
    if decls is None:
        decls = fa.mod.__dict__["_lazy_declared"] = _declared(fa.mod.tree.root_node, fa.data)
    found = decls.get(name, ())
    return found[0] if len(found) == 1 else (None, None)


def _returned(fn) -> list:
    """The expressions a function returns (an arrow's expression body, or each ``return``'s)."""
    body = fn.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        return [N.unwrap(body)]
    out, stack = [], [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.type == "return_statement":
            vals = [c for c in n.named_children if c.type != "comment"]
            out.append(N.unwrap(vals[0]) if vals else None)
            continue
        stack.extend(c for c in n.named_children if c.type not in _FUNCS)
    return out


def _held_var(data: bytes, expr) -> Optional[str]:
    """The variable ``expr`` yields: ``x``, or ``x ??= new C()``."""
    if expr is None:
        return None
    if expr.type == "identifier":
        return N.text(data, expr)
    if expr.type == "augmented_assignment_expression":
        op = expr.child_by_field_name("operator")
        left = expr.child_by_field_name("left")
        if op is not None and N.text(data, op) in _LAZY_OPS and left is not None and left.type == "identifier":
            return N.text(data, left)
    return None


def _values(scope, data: bytes, var: str) -> Optional[list]:
    """Every value the scope gives ``var`` (declarations and assignments, ``??=`` too), None
    when it is changed any other way (``+=``, a destructuring)."""
    out, stack = [], [scope]
    while stack:
        n = stack.pop()
        left = val = None
        if n.type == "variable_declarator":
            left, val = n.child_by_field_name("name"), n.child_by_field_name("value")
            if left is not None and left.type == "identifier" and N.text(data, left) == var and val is None:
                out.append(None)  # let x; (undefined)
                left = None
        elif n.type in ("assignment_expression", "augmented_assignment_expression"):
            left, val = n.child_by_field_name("left"), n.child_by_field_name("right")
            op = n.child_by_field_name("operator")
            if n.type == "augmented_assignment_expression" and left is not None and N.text(data, left) == var \
                    and (op is None or N.text(data, op) not in _LAZY_OPS):
                return None
        if left is not None and left.type == "identifier" and N.text(data, left) == var:
            out.append(N.unwrap(val))
        stack.extend(n.named_children)
    return out


def lazy_instance_type(fa, fn_node) -> Optional[str]:
    """The class (dotted, as ``type_of`` gives ``new C()``'s) of what a call of the module's
    function ``fn_node`` (an identifier) returns, when it is a lazy singleton; else None."""
    u = N.unwrap(fn_node)
    if u is None or u.type != "identifier":
        return None
    name = N.text(fa.data, u)
    memo = fa.mod.__dict__.setdefault("_lazy_instances", {})
    if name not in memo:
        memo[name] = _lazy_type(fa, name)
    return memo[name]


def _lazy_type(fa, name: str) -> Optional[str]:
    fn, scope = _getter(fa, name)
    if fn is None:
        return None
    held = {_held_var(fa.data, e) for e in _returned(fn)}
    if len(held) != 1 or None in held or next(iter(held)) in _param_names(fa.data, fn):
        return None  # (a parameter is what the caller gives, whatever another scope's variable of its name holds)
    values = _values(scope, fa.data, held.pop())
    if not values:
        return None
    ctors = set()
    for v in values:
        if v is None or v.type in _EMPTY:
            continue
        if v.type != "new_expression":
            return None
        ctor = v.child_by_field_name("constructor")
        ctors.add(fa.dotted(ctor) if ctor is not None else None)
    return ctors.pop() if len(ctors) == 1 and None not in ctors else None


__all__ = ["lazy_instance_type"]
