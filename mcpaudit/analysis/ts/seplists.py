"""Roots that end with a separator: a helper that appends one, and a list of such roots (issue 14).

    export function withTrailingSeparator(p: string): string {
      return p.endsWith(sep) ? p : p + sep;
    }
    ...
    private roots: string[] | null = null;
    if (!this.roots) {
      const list: string[] = [];
      for (const raw of this.rawRoots) list.push(withTrailingSeparator(await realpath(raw)));
      this.roots = list;
    }
    if (!this.roots.some((root) => real.startsWith(root))) throw ...;

``startsWith(root)`` is the containment check ``startsWith(dir + sep)`` when every element of the
list the callback walks ends with a separator. Two constructs make that known:

* a **separator helper**: a function whose one ``return`` is ``p.endsWith(SEP) ? p : p + SEP``
  (or ``p + SEP`` alone), with ``SEP`` ``path.sep``, ``sep``, ``"/"`` or ``"\\\\"``; its call ends
  with a separator (:func:`sep_call`). One of the same module is read from the module's text;
  one another module exports is bound before the modules are analysed
  (:func:`exported_sep_enders`, the binding ``<module key>#<name>`` -> :data:`SEP_ENDER`, kept by
  :func:`sepend_binding` in the importing module's ``sep_enders``);
* a **separator list** (:func:`sep_elements`): a local declared ``[]`` (or an array of such
  values) whose every ``push`` adds such a value and that is not assigned again (nor an element
  of it, ``list[i] = raw``, nor handed to a call, ``Array.prototype.push.apply(list, raws)``), or a
  private field of the class (``private roots``, ``#roots``: no code outside sets it) whose every assignment and initialiser in the class is ``null``,
  ``undefined``, ``[]``, an array of such values or such a local of the assigning method, and
  whose every ``push`` adds such a value.

The callback's element parameter then joins the interpreter's ``sep_vars`` for the callback
(pathshape.py).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Optional, Set, Tuple

from . import nodes as N
from .sepvalues import sep_ended

#: the binding of an imported separator helper
SEP_ENDER = "\x1dsep-ender"

_IDENT = r"[A-Za-z_$][\w$]*"
_SEP = r"(?:path\.(?:posix\.|win32\.)?sep|sep|'/'|\"/\"|'\\\\'|\"\\\\\")"
#: ``[export] function NAME(P[: T])[: T] { return P.endsWith(SEP) ? P : P + SEP[;] }`` (or ``P + SEP``)
_FUNC = (r"(?:export\s+)?function\s+(" + _IDENT + r")\s*\(\s*(" + _IDENT + r")\s*(?::\s*string\s*)?\)\s*"
         r"(?::\s*string\s*)?\{\s*return\s+(?:\(?\s*\2\.endsWith\(\s*" + _SEP + r"\s*\)\s*\)?\s*\?\s*\2\s*:\s*)?"
         r"\2\s*\+\s*" + _SEP + r"\s*;?\s*\}")
_EXPORTED = re.compile(r"^export\s+" + _FUNC[len(r"(?:export\s+)?"):], re.M)
_ANY = re.compile(r"^[ \t]*" + _FUNC, re.M)
#: methods that change a list in place (``push`` of separator-ended values is the one allowed)
_MUTATORS = frozenset({"push", "unshift", "splice", "concat", "fill", "copyWithin"})


def exported_sep_enders(files: Iterable[Tuple[str, bytes]]) -> Dict[str, Dict[str, str]]:
    """module key -> {exported separator helper: :data:`SEP_ENDER`} over ``(relpath, bytes)``."""
    from .sharedsinks import module_keys

    out: Dict[str, Dict[str, str]] = {}
    for rel, data in files:
        if not data or b"endsWith" not in data and b"sep" not in data:
            continue
        names = {m.group(1): SEP_ENDER for m in _EXPORTED.finditer(data.decode("utf-8", "replace"))}
        if names:
            for key in module_keys(rel):
                out.setdefault(key, {}).update(names)
    return out


def sepend_binding(mod, local: str, hit: str) -> bool:
    """An import bound to another module's separator helper; True when ``hit`` was one."""
    if hit != SEP_ENDER:
        return False
    mod.__dict__.setdefault("sep_enders", set()).add(local)
    return True


def _local_enders(fa) -> Set[str]:
    mod = fa.mod
    got = mod.__dict__.get("own_sep_enders")
    if got is None:
        got = {m.group(1) for m in _ANY.finditer(fa.data.decode("utf-8", "replace"))} \
            if b"sep" in fa.data or b"/" in fa.data else set()
        mod.__dict__["own_sep_enders"] = got
    return got | mod.__dict__.get("sep_enders", set())


def sep_call(fa, node) -> bool:
    """``node`` is a call of a separator helper (``withTrailingSeparator(x)``, awaited or not)."""
    u = N.unwrap(node)
    if u is not None and u.type == "await_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    if u is None or u.type != "call_expression" or len(N.args_of(u)) != 1:
        return False
    fn = N.unwrap(u.child_by_field_name("function"))
    return fn is not None and fn.type == "identifier" and N.text(fa.data, fn) in _local_enders(fa)


def _ender_target(fa, target: str) -> bool:
    """A recorded call's target is a separator helper (``withSep``, or an imported one whose
    import names ``target``)."""
    if "#" not in target:
        return target in _local_enders(fa)
    return any(fa.mod.imports.get(local) == target for local in fa.mod.__dict__.get("sep_enders", ()))


def state_only(fa, taint, depth: int = 0) -> bool:
    """``taint`` holds only what the object's fields held (``("f", attr)``: kept by the operator's
    code or an earlier call), also through a separator helper's call (its argument, a separator
    after it)."""
    for k in taint:
        if not isinstance(k, tuple) or not k:
            return False
        if k[0] == "f" and len(k) == 2:
            continue
        rec = fa.calls.get(k[1]) if k[0] == "c" and len(k) == 2 else None
        if rec is None or depth > 3 or not _ender_target(fa, rec.target) or \
                not all(state_only(fa, a, depth + 1) for a in rec.args):
            return False
    return True


def _ended(fa, node) -> bool:
    return sep_call(fa, node) or sep_ended(fa, node, N.unwrap(node).type if N.unwrap(node) is not None else "")


def _sep_array(fa, node) -> bool:
    """``[]``, ``null``, ``undefined`` or an array of separator-ended values."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type in ("null", "undefined") or (u.type == "identifier" and N.text(fa.data, u) == "undefined"):
        return True
    return u.type == "array" and all(_ended(fa, e) for e in u.named_children if e.type != "comment")


def _pushes_ok(fa, scope, target: str) -> bool:
    """Every write to the list ``target`` under ``scope`` adds separator-ended values only: its
    ``push(...)`` calls; no other in-place method, no element assignment (``target[i] = raw``), and
    no call given the list itself (``Array.prototype.push.apply(target, raws)``), mend46b."""
    for call in N.nodes_under(scope, "call_expression"):
        if any(N.text(fa.data, a) == target for a in N.args_of(call)):
            return False  # handed to a call that may fill it
        fn = N.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            continue
        prop = N.text(fa.data, fn.child_by_field_name("property"))
        if prop not in _MUTATORS or N.text(fa.data, fn.child_by_field_name("object")) != target:
            continue
        if prop != "push" or not all(_ended(fa, a) for a in N.args_of(call)):
            return False
    for a in N.nodes_under(scope, "assignment_expression") + N.nodes_under(scope, "augmented_assignment_expression"):
        left = N.unwrap(a.child_by_field_name("left"))
        if left is not None and left.type == "subscript_expression" and \
                N.text(fa.data, left.child_by_field_name("object")) == target:
            return False  # an element set in place
    return True


def _enclosing(node, kinds) -> Optional[object]:
    p = node.parent if node is not None else None
    while p is not None and p.type not in kinds:
        p = p.parent
    return p


def _local_list(fa, scope, name: str) -> bool:
    """The local ``name`` of ``scope`` (a function) is declared a separator list and only pushed to."""
    decls = [d for d in N.nodes_under(scope, "variable_declarator")
             if (d.child_by_field_name("name") is not None and N.text(fa.data, d.child_by_field_name("name")) == name)]
    if len(decls) != 1 or not _sep_array(fa, decls[0].child_by_field_name("value")):
        return False
    for a in N.nodes_under(scope, "assignment_expression"):
        if N.text(fa.data, a.child_by_field_name("left")) == name:
            return False
    return _pushes_ok(fa, scope, name)


def _field_list(fa, field: str, anchor) -> bool:
    """``this.<field>``, a private field (``private``, ``#``), holds separator lists wherever the
    class sets it."""
    body = _enclosing(anchor, ("class_body",))
    if body is None:
        return False
    target = f"this.{field}"
    private = field.startswith("#")
    for d in body.named_children:
        if d.type in ("public_field_definition", "field_definition"):
            nm = d.child_by_field_name("name") or d.child_by_field_name("property")
            v = d.child_by_field_name("value")
            if nm is None or N.text(fa.data, nm) != field:
                continue
            private = private or any(c.type == "accessibility_modifier" and N.text(fa.data, c) == "private"
                                     for c in d.children)
            if v is not None and not _sep_array(fa, v):
                return False
    if not private:
        return False  # a public field: code outside the class may set it to anything
    for a in N.nodes_under(body, "assignment_expression") + N.nodes_under(body, "augmented_assignment_expression"):
        if N.text(fa.data, a.child_by_field_name("left")) != target:
            continue
        rhs = N.unwrap(a.child_by_field_name("right"))
        if a.type != "assignment_expression" or rhs is None:
            return False
        if _sep_array(fa, rhs):
            continue
        scope = _enclosing(a, N.FUNCTIONS)
        if rhs.type != "identifier" or scope is None or not _local_list(fa, scope, N.text(fa.data, rhs)):
            return False
    return _pushes_ok(fa, body, target)


def sep_elements(fa, recv) -> bool:
    """Every element of the list ``recv`` ends with a separator (see the module docstring)."""
    u = N.unwrap(recv)
    if u is None:
        return False
    if u.type == "member_expression" and N.text(fa.data, u.child_by_field_name("object")) == "this":
        return _field_list(fa, N.text(fa.data, u.child_by_field_name("property")), u)
    if u.type == "identifier":
        scope = _enclosing(u, N.FUNCTIONS)
        return scope is not None and _local_list(fa, scope, N.text(fa.data, u))
    return False


__all__ = ["SEP_ENDER", "exported_sep_enders", "sep_call", "sep_elements", "sepend_binding", "state_only"]
