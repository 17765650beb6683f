"""Properties of a library's options object that the library reads as a file or fetches as a
URL, wherever the object is built (models: ``object-sinks``): nodemailer reads an attachment's
``path`` from disk, or fetches it when it is an http(s) URL, and fetches its ``href``. Code builds
these objects far from the call that sends them (a helper maps the tool's attachments to
``{ filename, content, path }``, another hands the list to ``sendMail``), so the object literal is
the sink: one with the property and one of the row's marks (the other properties that say what
the object is, ``filename``, ``contentType``), that is an element of a list (an array literal's,
or what a ``map`` callback returns: attachments come in lists; a result object that reports a
saved file's ``{ path, filename }`` does not) held under a name the row's ``within`` matches
(``attachments: [...]``, ``const buildAttachments = (atts) => atts.map(...)``), in a project some module of which imports the
library (``SinkRec.needs_import``, checked when modules are linked).
"""

from __future__ import annotations

from typing import Optional, Set

from ..narrowing import fixed_host_prefix, network_scheme
from . import nodes as N


def _beside(family: str, prefix: Optional[str]) -> bool:
    """Whether a constant prefix rules the sink out: a network scheme for a file read, a fixed
    host (or text no URL starts with, a folder) for a request."""
    if not prefix:
        return False
    if family != "ssrf":
        return bool(network_scheme(prefix))
    low = prefix.lower()
    return bool(fixed_host_prefix(prefix)) or not (low.startswith("http") or "http".startswith(low))


_WRAPS = ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression")


def _up(node):
    p = node.parent
    while p is not None and p.type in _WRAPS:
        p = p.parent
    return p


def _list_of(fn, node):
    """The list an object literal is an element of: the array literal it is in, or the
    ``map``/``flatMap`` call whose callback returns it (``atts.map(a => ({ filename, path }))``);
    None otherwise."""
    p = _up(node)
    if p is not None and p.type == "array":
        return p
    if p is not None and p.type == "return_statement":
        p = p.parent
        while p is not None and p.type == "statement_block":
            p = p.parent
    if p is None or p.type not in ("arrow_function", "function_expression", "function"):
        return None
    call = p.parent.parent if p.parent is not None and p.parent.type == "arguments" else None
    callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
    return call if prop is not None and N.text(fn.data, prop) in ("map", "flatMap") else None


def _holder_name(fn, lst) -> str:
    """The name that holds or returns a list: a property's key (``attachments: [...]``), a
    variable's, an assignment's target, or the function that returns it (``const
    buildAttachments = (atts) => atts.map(...)``)."""
    p = _up(lst)
    if p is not None and p.type == "return_statement":
        p = p.parent
        while p is not None and p.type == "statement_block":
            p = p.parent
    if p is not None and p.type in ("arrow_function", "function_expression", "function", "function_declaration",
                                    "method_definition"):
        named = p.child_by_field_name("name")
        if named is not None:
            return N.text(fn.data, named)
        p = _up(p)
    if p is None:
        return ""
    if p.type == "pair":
        return N.prop_key(fn.data, p.child_by_field_name("key")) or ""
    if p.type in ("variable_declarator", "public_field_definition"):
        named = p.child_by_field_name("name")
        return N.text(fn.data, named) if named is not None else ""
    if p.type == "assignment_expression":
        left = p.child_by_field_name("left")
        return N.text(fn.data, left).rsplit(".", 1)[-1] if left is not None else ""
    return ""


def object_sinks(fn, node) -> None:
    """Record the sinks of the object literal ``node`` (see above)."""
    rows = fn.M.object_sinks
    if not rows:
        return
    props = N.object_props(fn.data, node)
    if not props:
        return
    keys: Set[str] = set(props)
    if not any(row.prop in keys and keys & row.marks for row in rows):
        return
    lst = _list_of(fn, node)
    holder = _holder_name(fn, lst) if lst is not None else ""
    for row in rows:
        value = props.get(row.prop)
        if value is None or not (keys & row.marks) or not row.within.search(holder) or N.is_function(N.unwrap(value)):
            continue
        if _beside(row.family, fn.const_prefix(value)):
            continue
        t = fn.ev_quiet(value)
        before = len(fn.sinks)
        fn.record(row.family, row.label, value, t, value, detail=row.detail)
        if len(fn.sinks) > before:
            sink = fn.sinks[-1]
            sink.needs_import, sink.file_url = row.library, row.file_url
            sink.url = row.family == "ssrf"
