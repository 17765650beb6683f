"""The TypeScript SDK's HTTP transports built without DNS-rebinding protection (issue 14, ts30b).

``new StreamableHTTPServerTransport({ sessionIdGenerator })`` and ``new SSEServerTransport(
"/messages", res)`` of ``@modelcontextprotocol/sdk`` validate the Host and Origin headers only when
their options say ``enableDnsRebindingProtection: true`` (with ``allowedHosts``/``allowedOrigins``);
the SDK's host-validation middleware comes only with ``createMcpExpressApp()`` (or its
``hostHeaderValidation``/``localhostHostValidation`` middlewares). A transport built without either
checks neither header, so a web page reaches a loopback server through DNS rebinding. Such a
transport is recorded as a ``rebinding-bare`` HTTP entry, the record the Python half of the policy
writes for the ``mcp`` SDK's bare transports (analysis/baretransport.py), which
``http-transport-no-auth`` reads as "nothing checks Host or Origin" for a loopback server.

Not recorded when the module uses the SDK's host validation or checks the Origin itself (a
``rebinding`` record of :mod:`.originguard`, read before the module's functions are).
"""

from __future__ import annotations

import re

from ...regexgate import gated
from . import nodes as N

#: the options argument of each SDK transport constructor (0-based)
_OPTIONS_AT = {"StreamableHTTPServerTransport": 0, "WebStandardStreamableHTTPServerTransport": 0,
               "SSEServerTransport": 2}
_SDK = "@modelcontextprotocol/sdk/"
_FLAG = "enableDnsRebindingProtection"
_VALIDATION = re.compile(rb"\b(?:createMcpExpressApp|hostHeaderValidation|localhostHostValidation)\b")


def note_bare(fa, node, fq: str) -> None:
    """Record ``node`` (a ``new`` of SDK transport ``fq``) when its options leave the flag off."""
    name = fq.replace("()", "").rsplit(".", 1)[-1]
    at = _OPTIONS_AT.get(name)
    if at is None or not fq.startswith(_SDK):
        return
    if _VALIDATION.search(fa.mod.data) or any(h.get("kind") == "rebinding" for h in fa.mod.http):
        return  # the SDK's host validation, or an Origin check of the module's own (read first)
    args = N.args_of(node)
    opts = N.unwrap(args[at]) if len(args) > at else None
    if opts is not None and opts.type != "object":
        return  # options built elsewhere: not known
    props = N.object_props(fa.mod.data, opts) if opts is not None else {}
    flag = props.get(_FLAG)
    if flag is not None and N.unwrap(flag) is not None and N.unwrap(flag).type != "false":
        line = fa.mod.src.pos(node)[0]
        fa.mod.http.append({"kind": "rebinding", "pos": (line, 1, line, 1), "detail": f"{_FLAG}: true",
                            "guard": f"the SDK's {name} at {fa.mod.path}:{line} checks Host and Origin "
                                     f"({_FLAG}: true)"})
        return
    fa.mod.http.append({"kind": "rebinding-bare", "transport": None, "pos": fa.mod.src.pos(node), "host": None,
                        "detail": f"new {name}() with no {_FLAG}: true"})


#: a request handler of the project reading the Origin or Host header and answering 403/421: its
#: own check, which a rebinding page (whose requests carry its Origin) meets
_HEADER_READ = gated(re.compile(r"""(?i)headers\s*(?:\.\s*(?:origin|host)\b|\[\s*["'](?:origin|host)["']\s*\])|\.get\(\s*["'](?:origin|host)["']\s*\)"""))
_REFUSAL = re.compile(r"\b(?:403|421)\b")


def guards_headers(project) -> bool:
    """Some TypeScript module of the project checks the Origin or Host header and refuses (the
    SDK transports' missing protection is then the project's own check, not nothing)."""
    return any(not p.endswith(".py") and _HEADER_READ.search(f.text) and _REFUSAL.search(f.text)
               for p, f in project.files.items())


__all__ = ["guards_headers", "note_bare"]
