"""An Origin check that keeps web pages out of a loopback HTTP server (DNS rebinding), read from
a TypeScript/JavaScript module.

A request handler (``http.createServer((req, res) => ...)``, an express middleware) that
answers 403 and returns when the request's Origin is not a loopback one, before the transport
sees the request: ``if (origin && !isLocalhostOrigin(origin)) { res.writeHead(403); return; }``
where the test (in the condition, or a function of the same module it calls) compares the
origin's host name with ``localhost`` / ``127.0.0.1`` / ``::1`` exactly. A browser always sends
Origin on the cross-origin requests a rebinding page makes, so such a server is reachable from
this machine only, like the SDK's own DNS-rebinding protection (a ``rebinding`` HTTP record the
transport rule reads). An allow-list from configuration, a pattern, or a check that admits
``null`` (see :mod:`.authoff`) is not recognised here; a module function that admits an Origin only
when it is in a list of allowed origins (the operator's configuration, empty by default), or
when there is none or it is ``null``, is (``_operator_listed``): the ``null`` admission is judged
on its own (an ``origin-null`` record, :mod:`.nullorigin`).
"""

from __future__ import annotations

import re

from ...regexgate import gated
from . import nodes as N

_ORIGIN = re.compile(rb"(?i)origin")
_FORBIDDEN = gated(re.compile(rb"\b403\b"))  # over whole modules: only where "403" occurs (regexgate)
#: an exact comparison of a host name with a loopback name
_LOOPBACK_EQ = re.compile(
    rb"""\b\w*host\w*\s*={2,3}\s*["'](?:localhost|127\.0\.0\.1|\[?::1\]?)["']"""
    rb"""|["'](?:localhost|127\.0\.0\.1|\[?::1\]?)["']\s*={2,3}\s*\w*host\w*\b""", re.I)
_CALLEE = re.compile(rb"([A-Za-z_$][\w$]*)\s*\(")


def origin_guard(mod) -> None:
    """Record an Origin check that answers 403 to every non-loopback origin (``mod``: a
    :class:`~mcpaudit.analysis.ts.module.TsModule` before its summary is made)."""
    data = mod.data
    if not _FORBIDDEN.search(data) or not _ORIGIN.search(data) or not (
            _LOOPBACK_EQ.search(data) or _LOOPBACK_LIST.search(data) or _LISTED.search(data)):
        return
    stack = [mod.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "if_statement" and _guards(mod, node):
            line = node.start_point[0] + 1
            ctext = N.text(data, node.child_by_field_name("condition"))
            listed = not _LOOPBACK_EQ.search(ctext.encode()) and any(
                _operator_listed(mod, m.group(1).decode()) for m in _CALLEE.finditer(ctext.encode()))
            unless = ("the Origin is one the operator allow-lists (none by default; no Origin, or 'null', passes)"
                      if listed else "the Origin's host is localhost")
            mod.http.append({"kind": "rebinding", "pos": (line, 1, line, 1), "detail": ctext,
                             "guard": f"the request handler answers 403 at {mod.path}:{line} unless {unless} (a DNS-rebinding guard)"})
            return
        stack.extend(reversed(node.named_children))


def _guards(mod, node) -> bool:
    data = mod.data
    cond = node.child_by_field_name("condition")
    body = node.child_by_field_name("consequence")
    if cond is None or body is None:
        return False
    ctext, btext = N.text(data, cond).encode(), N.text(data, body).encode()
    if not _FORBIDDEN.search(btext) or b"return" not in btext:
        return False
    if not _ORIGIN.search(ctext):
        return _allow_listed(mod, node, ctext)
    if _LOOPBACK_EQ.search(ctext):
        return True
    return any(_compares_loopback(mod, m.group(1).decode()) or _operator_listed(mod, m.group(1).decode())
               for m in _CALLEE.finditer(ctext))


def _allow_listed(mod, node, ctext: bytes) -> bool:
    """``if (!isAllowed) { res.status(403)...; return; }`` where ``isAllowed`` was computed just
    before from the request's Origin and a literal list of loopback origins only, each compared
    exactly or as a prefix followed by ``:`` or ``/`` (``origin.startsWith(`${allowed}:`)``, so
    ``http://localhost.evil.example`` does not pass)."""
    flag = _NEGATED.fullmatch(ctext.strip().strip(b"()").strip())
    block = node.parent
    if flag is None or block is None:
        return False
    before = mod.data[block.start_byte:node.start_byte]
    decl = re.search(rb"\b(?:const|let|var)\s+" + re.escape(flag.group(1)) + rb"\s*=", before)
    if decl is None or not _ORIGIN.search(before[decl.start():]) or not _LOOPBACK_LIST.search(before):
        return False
    lists = b"".join(m.group(0) for m in _LIST.finditer(before))
    if _REMOTE_ORIGIN.search(re.sub(_LOOPBACK_ORIGIN, b"", lists)):
        return False  # another origin in the list
    tests = before[decl.start():]
    prefixes = [m.group(0) for m in _PREFIX_TEST.finditer(tests)]
    return bool(_EXACT.search(tests) or prefixes) and all(_SAFE_PREFIX.fullmatch(p) for p in prefixes) \
        and not _LOOSE_TEST.search(tests)


#: ``!name`` (the condition of the guard)
_NEGATED = re.compile(rb"!\s*([A-Za-z_$][\w$]*)")
#: a loopback origin literal, and a literal array of them (at least one)
_LOOPBACK_ORIGIN = rb"""["'`]https?://(?:localhost|127\.0\.0\.1|\[::1\])["'`]"""
_LOOPBACK_LIST = re.compile(rb"\[\s*(?:" + _LOOPBACK_ORIGIN + rb"\s*,\s*)*" + _LOOPBACK_ORIGIN + rb"\s*,?\s*\]")
_LIST = re.compile(rb"\[[^\[\]]*\]")
_REMOTE_ORIGIN = re.compile(rb"""["'`]https?://""")
#: an exact comparison, a prefix test, a prefix test that ends the host (``:port`` or a path)
_EXACT = re.compile(rb"={3}")
_PREFIX_TEST = re.compile(rb"\.startsWith\([^()]*\)")
_SAFE_PREFIX = re.compile(rb"\.startsWith\(\s*`\$\{[\w$.]+\}[:/]`\s*\)")
_LOOSE_TEST = re.compile(rb"\.(?:includes|indexOf|match|test|endsWith)\(")


def _compares_loopback(mod, name: str) -> bool:
    fn = N.top_function(mod.data, mod.tree.root_node, name)
    return fn is not None and bool(_LOOPBACK_EQ.search(N.text(mod.data, fn).encode()))


#: ``allowedOrigins.includes(origin)``: the request's Origin looked up in a list (by its name, the
#: operator's allowed origins)
_LISTED = re.compile(rb"\b[\w$.]*(?:allow|origins)[\w$]*\s*\.\s*includes\(\s*(?:req\.headers\.)?origin\s*\)", re.I)
#: what admits more than listed origins: a partial test of the Origin, a wildcard, a pattern
_ORIGIN_LOOSE = re.compile(rb"\borigin\w*\??\.(?:startsWith|endsWith|includes|indexOf|match|test|search)\("
                           rb"|\.test\(\s*origin|[\"'`]\*[\"'`]|\bhttps?:|\btrue\s*;", re.I)
#: an admission of the Origin other than the list: only a missing one or the opaque ``null``
_ADMITTED = re.compile(rb"!\s*origin\b|\borigin\s*={2,3}\s*[\"']null[\"']|\borigin\s*&&|\(\s*origin\s*\)", re.I)


def _operator_listed(mod, name: str) -> bool:
    """A module function (``isOriginAllowed(req, res)``) that admits an Origin only when it is in a
    list of allowed origins (``allowedOrigins.includes(origin)``, the operator's configuration),
    or when there is none or it is the opaque ``null`` (judged on its own: :mod:`.nullorigin`):
    no partial test of the Origin, no wildcard, no origin literal of its own."""
    fn = N.top_function(mod.data, mod.tree.root_node, name)
    if fn is None:
        return False
    text = N.text(mod.data, fn).encode()
    if not _LISTED.search(text) or _ORIGIN_LOOSE.search(_LISTED.sub(b"", text)):
        return False
    rest = _ADMITTED.sub(b"", _LISTED.sub(b"", text))
    return not re.search(rb"\borigin\s*(?:={2,3}|!==?)\s*(?![\"']null)", rest, re.I)
