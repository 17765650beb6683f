"""The text of a parsed URL object: no option (argument injection).

``const u = new URL(x)`` throws unless ``x`` is an absolute URL (checks._parsed_url marks ``x``);
``u.href``, ``u.toString()``, ``u.toJSON()`` and ``String(u)`` are the URL's serialisation, which
always begins with its scheme (a letter), never ``-``: a value assigned from one of them is clean
for argument injection (``execFile("xdg-open", [u.toString()])``). The object's other parts are
not: ``u.hostname`` may begin with ``-`` and ``u.searchParams.get(k)`` is anything.
"""

from __future__ import annotations

from ..taintvalue import mark
from . import nodes as N

_SERIALISERS = frozenset({"toString", "toJSON"})


def url_object(fa, name: str) -> None:
    """``name`` holds a parsed URL object (``name = new URL(x)``)."""
    fa.__dict__.setdefault("url_objects", set()).add(name)


def serialised_url(fa, name: str, node) -> None:
    """``name = u.href`` / ``u.toString()`` / ``String(u)``, ``u`` a parsed URL object: ``name``
    is clean for argument injection. Called at every assignment to ``name``: whatever it is
    given, ``name`` no longer holds the URL object it may have held (``parsed = params.raw``);
    a new ``new URL(x)`` makes it one again (checks.parsed_url_object, read after this)."""
    objs = fa.__dict__.get("url_objects")
    if not objs:
        return
    target = _serialised(fa, N.unwrap(node))
    if target is not None and target.type == "identifier" and N.text(fa.data, target) in objs and fa.env.get(name):
        fa.env[name] = mark(fa.env[name], clean=frozenset({"argument"}))
    objs.discard(name)


def _serialised(fa, u):
    """The object ``u`` serialises (``x`` of ``x.href``, ``x.toString()``, ``String(x)``), or None."""
    if u is None:
        return None
    target = None
    if u.type == "member_expression" and N.text(fa.data, u.child_by_field_name("property")) == "href":
        target = u.child_by_field_name("object")
    elif u.type == "call_expression":
        fn, args = u.child_by_field_name("function"), N.args_of(u)
        if fn is not None and fn.type == "member_expression" and not args and \
                N.text(fa.data, fn.child_by_field_name("property")) in _SERIALISERS:
            target = fn.child_by_field_name("object")
        elif fn is not None and fn.type == "identifier" and N.text(fa.data, fn) == "String" and len(args) == 1:
            target = args[0]
    return N.unwrap(target) if target is not None else None
