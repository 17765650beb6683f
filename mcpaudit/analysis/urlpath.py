"""Values placed in the *path* of a URL whose scheme and host something else decides.

A request forgery needs the caller to choose where the request goes: the scheme and the host.
A value the code places after a path ``/`` cannot: ``f"{settings.base_url}/users/{name}"``,
``"/api/models/{model}/access".format(model=m)`` (a path, later appended to the configured base
URL), ``"https://api.example.com/v1/" + item``. The host is the one the text before it fixes (a
literal, or a value of the code's or the operator's: configuration, settings); a value that sets
the host itself is reported through its own flow. What such a value still chooses is the path on
that host: not a request forgery when the value is percent-encoded as one segment
(``quote(v, safe="")``; a bare ``..`` segment still climbs one level, accepted), but where ``/`` stays as it is, ``../`` segments (which HTTP clients
resolve before sending) reach the host's other endpoints with the server's credentials: still
reported, at medium confidence, with that reason.

The test reads the text before the value, with every earlier value as a placeholder:

- ``/x...`` — an absolute path (not ``//host``, a scheme-relative URL);
- ``x/...`` — a relative path whose first segment the code wrote (no ``:``, so no scheme): on
  its own it names no host, resolved against a base URL (``new URL(path, base)``, a client's
  ``baseURL``) it keeps the base's;
- ``{base}/x...`` — one value, then a path: the value is the base URL (or host) of the request;
- ``scheme://host/...`` — a scheme, a host (literal or a value) and a path ``/``, as
  :func:`narrowing.fixed_host_prefix` reads it.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..lazycst import cst

from .cstnodes import string_value
from .narrowing import fixed_host_prefix
from .reqcreds import host_mark, path_reason

#: where an earlier value stands in the text before the one tested
HOLE = "\0"
_PATH = re.compile(r"^(\0?/(?![/\\])|[^\0/\\:?#]+/)")
#: the mark of a value in a URL path, read at a URL sink only (a request's URL, a client's base
#: URL): a connection string ignores it (``postgresql://h/db?host=evil`` moves libpq)
URL_PATH = "url-path"
IN_PATH = frozenset({URL_PATH})
#: the mark of a value percent-encoded with its "/" (quote(v, safe=""), quote_plus(v)): one segment
URL_SEGMENT = "url-segment"
SEGMENT = frozenset({URL_SEGMENT})
#: (encoder, its default safe characters)
_ENCODERS = {"urllib.parse.quote": "/", "urllib.parse.quote_plus": ""}
_FIELD = re.compile(r"\{([^{}!:]*)[^{}]*\}")


def in_url_path(before: str) -> bool:
    """True when a value following ``before`` (the text before it, earlier values as
    :data:`HOLE`) lands in the path of a URL whose host that text decides; after a ``?`` or
    ``#`` the code wrote it is in the query or the fragment, where it changes no path."""
    if "?" in before or "#" in before:
        return False
    return bool(_PATH.match(before)) or fixed_host_prefix(before)


def fstring_before(node: cst.FormattedString, index: int) -> str:
    """The text of an f-string before its part ``index``."""
    return "".join(p.value if isinstance(p, cst.FormattedStringText) else HOLE for p in node.parts[:index])


def concat_text(node) -> Optional[str]:
    """The text of the left side of ``+`` (literals, and values as :data:`HOLE`), or None when
    it is not a string concatenation."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = concat_text(node.left), concat_text(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(node)
    if isinstance(node, cst.FormattedString):
        return fstring_before(node, len(node.parts))
    return HOLE


def path_marks(before: str) -> frozenset:
    """The marks of a value placed after ``before`` in a URL path: :data:`URL_PATH`, and the
    literal host that text names (reqcreds.py)."""
    return IN_PATH | host_mark(before)


def format_fields(template: str) -> List[tuple]:
    """``(field name, text before it)`` of each replacement field of a ``str.format`` template;
    automatic numbering (``{}``) is given as the field's index."""
    out, auto = [], 0
    text = template.replace("{{", "\1\1").replace("}}", "\1\1")
    for m in _FIELD.finditer(text):
        name = m.group(1)
        if name == "":
            name, auto = str(auto), auto + 1
        out.append((name, _FIELD.sub(HOLE, text[:m.start()])))
    return out


def class_constant(mod, cls: Optional[str], node) -> Optional[str]:
    """The string a template expression names: a literal, a module constant, or ``self.NAME`` /
    ``Class.NAME`` assigned a literal in the class body."""
    text = string_value(node)
    if text is not None or node is None:
        return text
    if isinstance(node, cst.Name):
        return getattr(mod, "string_constants", {}).get(node.value)
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        owner = cls if node.value.value in ("self", "cls") else node.value.value
        if not owner or "." in owner:
            return None  # a nested class: its body is not read here
        consts = mod.__dict__.setdefault("_class_string_constants", {})
        if owner not in consts:
            consts[owner] = _class_strings(mod, owner)
        return consts[owner].get(node.attr.value)
    return None


def _class_strings(mod, owner: str) -> dict:
    out = {}
    for stmt in mod.module.body:
        if isinstance(stmt, cst.ClassDef) and stmt.name.value == owner and isinstance(stmt.body, cst.IndentedBlock):
            for s in stmt.body.body:
                if isinstance(s, cst.SimpleStatementLine):
                    for small in s.body:
                        if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                                isinstance(small.targets[0].target, cst.Name) and string_value(small.value) is not None:
                            out[small.targets[0].target.value] = string_value(small.value)
    return out


#: the mark of a value placed in a URL's query (after the code's ``?``): it sets no host, no path
IN_QUERY = frozenset({"ssrf"})


def format_in_path(mod, cls, call: cst.Call) -> Optional[dict]:
    """For ``template.format(...)``: field name (or positional index) -> the marks of that
    field: :data:`IN_PATH` in the URL path, :data:`IN_QUERY` after a ``?`` (``"/items?id={id}"``),
    empty elsewhere; None when the template is not known."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value != "format":
        return None
    template = class_constant(mod, cls, call.func.value)
    if template is None:
        return None
    out: dict = {}
    for name, before in format_fields(template):
        here = IN_PATH if in_url_path(before) else IN_QUERY if "?" in before else frozenset()
        out[name] = here if out.get(name, here) == here else frozenset()
    return out


def segment_after_base(before: str, taint, prev: Optional[str] = None) -> bool:
    """A value encoded as one path segment (:data:`URL_SEGMENT` on every flow of ``taint``)
    written right after one other value and nothing else (``f"{base_url}{quote(key, safe='')}.zip"``,
    ``base + quote_plus(key)``): that value is the base URL the code joins it to, and the segment
    (no '/', '?', '#', '@' or ':') chooses neither the host nor another folder of that base. A
    base of the caller's is its own flow. ``prev``: the text of that value when it is a constant
    (:func:`base_text`); a scheme alone (``SCHEME = "https://"``) or any text ending in ``:`` or
    ``/`` that fixes no host leaves the host to the segment."""
    if before != HOLE or not taint or not all(URL_SEGMENT in i.clean for i in taint.values()):
        return False
    return prev is None or fixed_host_prefix(prev) or not prev.endswith((":", "/"))


def base_text(ev, node) -> Optional[str]:
    """The text of ``node`` when it names a constant: a local assigned a literal, a module
    constant, ``self.NAME``/``Class.NAME`` of a class body; None otherwise."""
    if isinstance(node, cst.Name) and node.value in getattr(ev, "string_constants", {}):
        return ev.string_constants[node.value]
    if isinstance(node, cst.Name) and node.value in getattr(ev, "local_values", {}):
        return None  # a local rebinding of the module name
    return class_constant(ev.mod, getattr(ev, "cls", None), node)


def encodes_slash(fq: str, call: cst.Call) -> bool:
    """``quote(v, safe="")``, ``quote_plus(v)``: the result is one path segment ("/" encoded)."""
    if fq not in _ENCODERS:
        return False
    safe = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "safe"), None)
    if safe is None and len(call.args) > 1 and call.args[1].keyword is None:
        safe = call.args[1].value
    text = _ENCODERS[fq] if safe is None else string_value(safe)
    return text is not None and "/" not in text


def prefix_pins(prefixes) -> frozenset:
    """What a passed test that a URL starts with one of ``prefixes`` (each fixing scheme and
    host: ``url.startswith("https://api.example.com/")``) tells: the host is pinned, but the
    value still fills that host's path (``../`` and a trailing ``#``/``?`` move it to other
    endpoints), so it is the same path fill a template with that prefix gives, not a sanitised
    URL (issue 14; the TypeScript checks: ts/checks.py)."""
    out = IN_PATH
    for p in prefixes:
        out = out | host_mark(p)
    return out


def path_only(sink, info) -> bool:
    """A URL sink reached by a value that only fills one encoded segment of its URL's path."""
    return sink.family == "ssrf" and sink.url and URL_PATH in info.clean and URL_SEGMENT in info.clean


def path_weak(sink, info) -> Optional[str]:
    """Why a value in the path (not encoded as a segment) of a URL sink is reported weakly
    (reqcreds.py: with the host, and the credential the request carries)."""
    return path_reason(sink, info)[0] if sink.family == "ssrf" and sink.url and URL_PATH in info.clean else None


def path_low(sink, info) -> bool:
    """A value in the path of a URL sink that cannot climb it, or that climbs it with no
    credential of the server's: an audit result (reqcreds.py)."""
    return sink.family == "ssrf" and sink.url and URL_PATH in info.clean and not path_reason(sink, info)[1]


__all__ = ["HOLE", "IN_PATH", "IN_QUERY", "SEGMENT", "URL_PATH", "URL_SEGMENT", "class_constant", "concat_text", "prefix_pins",
           "encodes_slash", "format_fields", "segment_after_base", "format_in_path", "fstring_before", "in_url_path", "path_low", "path_marks",
           "path_only", "path_weak"]
