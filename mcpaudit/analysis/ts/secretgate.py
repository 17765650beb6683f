"""A credential check that runs only when a secret is configured (issue 14).

    const apiKey = config.mcp.apiKey;          // process.env.MCP_API_KEY || ''
    const httpServer = createServer(async (req, res) => {
      if (apiKey) {
        const authHeader = req.headers.authorization;
        if (!authHeader || authHeader !== `Bearer ${apiKey}`) { res.writeHead(401); res.end(); return; }
      }
      ... the MCP transport ...
    });

The check is there, but around it stands ``if (<the secret>)`` with no ``else``: while the secret
is unset (the default when nothing gives it a value) no request is checked at all. That is
optional authentication, off unless configured, like a middleware that calls ``next()`` while its
secret is unset (``authoff.py``). Recorded the same way (``unset_passes``): the transport rule
then reports the server naming this test.

Only the plain shape: the ``if`` tests a bare name or member whose last name is a secret's
(``apiKey``, ``config.authToken``; not a switch like ``requireAuth``), has no ``else``, and its
body reads a credential header and turns a request away (``401``, ``throw``, ``Unauthorized``).
Not when the secret is a parameter of an enclosing function (``startRelay({ token })``): the
caller decides, and may refuse to call without one (another module's start-up check). The caller
(``authoff._passes_while_unset``) drops it when the program refuses to start without the secret
(``if (!config.apiKey) throw``: a member is looked for as a whole), or every caller passes one.
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Tuple

from . import nodes as N

#: the last name of a secret: apiKey, authToken, MCP_API_KEY, bearerToken, secret, password
_SECRET = re.compile(r"(?i)(?:token|secret|password|api_?key|auth_?key|access_?key)s?$")
#: a switch about the secret, not the secret: requireToken, hasApiKey, useAuthToken
_SWITCH = re.compile(r"(?i)^(?:require|has|use|enable|allow|is|should|check|validate|verify|need)")
#: the body reads a credential header
_HEADER = re.compile(r"""(?i)headers\s*(?:\.\s*authorization|\[\s*["'](?:authorization|x-api-key|api-key)["']\s*\])"""
                     r"""|\.(?:get|header)\s*\(\s*["'](?:authorization|x-api-key|api-key)["']\s*\)""")
#: ... and turns a request away
_REFUSE = re.compile(r"(?i)\b401\b|\bthrow\b|unauthori[sz]ed|forbidden|\b403\b")


def secret_gated(mod, if_statements: Callable[[], list]) -> Tuple[Optional[int], Optional[str]]:
    """(offset, shown condition) of a credential check inside ``if (<secret>)`` in ``mod`` (a
    TsModule), or (None, None); ``if_statements()``: the module's (``authoff._declarations``)."""
    data = mod.data
    if b"uthorization" not in data and b"api-key" not in data.lower():
        return None, None
    for node in if_statements():
        cond, body = N.unwrap(node.child_by_field_name("condition")), node.child_by_field_name("consequence")
        if cond is None or body is None or node.child_by_field_name("alternative") is not None:
            continue
        if cond.type not in ("identifier", "member_expression"):
            continue
        name = N.text(data, cond)
        last = name.rsplit(".", 1)[-1].lstrip("#")
        if not _SECRET.search(last) or _SWITCH.match(last):
            continue
        if cond.type == "identifier" and _parameter(data, node, name):
            continue  # the secret is the caller's argument: the caller may require it (startRelay({token}))
        text = N.text(data, body)
        if _HEADER.search(text) and _REFUSE.search(text) and name in text[1:]:
            return node.start_byte, (f"if ({name}) {{ ...the credential check... }} (skipped while "
                                     f"!{name}: no secret configured)")
    return None, None


def _parameter(data: bytes, node, name: str) -> bool:
    """``name`` is a parameter (or a name destructured in one) of a function enclosing ``node``."""
    fn = node.parent
    while fn is not None:
        if N.is_function(fn):
            params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
            stack = [params] if params is not None else []
            while stack:
                p = stack.pop()
                if p.type in ("identifier", "shorthand_property_identifier_pattern") and N.text(data, p) == name:
                    return True
                stack.extend(c for c in p.named_children if c.type != "type_annotation")
        fn = fn.parent
    return False


__all__ = ["secret_gated"]
