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

The ``if`` tests a bare name or member whose last name is a secret's (``apiKey``,
``config.authToken``; not a switch like ``requireAuth``), or a local holding the env read of one
(``const key = process.env.MCP_API_KEY``), either alone or in an ``&&`` chain whose every operand
tests it (``config.KEY && config.KEY.length > 0``, ``key !== ''``, ``typeof key === 'string'``).
Its ``else``, if any, does not turn the request away (one that only warns "allowing
unauthenticated" lets it through), and its body reads a credential header (itself or through a
function of the module it calls, ``getAuthToken(req)``) and turns a request away (``401``,
``throw``, ``Unauthorized``).
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
    aliases = None
    for node in sorted(if_statements(), key=lambda n: n.start_byte):  # the first in the source
        cond, body = N.unwrap(node.child_by_field_name("condition")), node.child_by_field_name("consequence")
        if cond is None or body is None or _refuses(data, node.child_by_field_name("alternative")):
            continue  # (an else that turns the request away: the check is required, not optional)
        name = _tested(data, cond)
        if name is None:
            continue
        last = name.rsplit(".", 1)[-1].lstrip("#")
        if _SWITCH.match(last):
            continue
        if not _SECRET.search(last):
            if aliases is None:
                aliases = _env_aliases(data)
            if "." in name or name not in aliases:
                continue  # (const key = process.env.MCP_API_KEY: key is that secret)
        if "." not in name and _parameter(data, node, name):
            continue  # the secret is the caller's argument: the caller may require it (startRelay({token}))
        text = N.text(data, body)
        if _REFUSE.search(text) and name in text[1:] and (_HEADER.search(text) or _helper_reads_header(mod, body)):
            return node.start_byte, (f"if ({name}) {{ ...the credential check... }} (skipped while "
                                     f"!{name}: no secret configured)")
    return None, None


#: an answer with an error status ends the request whatever the status says (``res.status(503)``:
#: "not configured"), Express, Node, Fastify (rev51t)
_ERROR_ANSWER = re.compile(r"\b(?:status|sendStatus|writeHead|code)\s*\(\s*[45]\d\d\b")


def _refuses(data: bytes, alternative) -> bool:
    """An ``else`` that turns the request away (``else { return res.status(401)... }``, or any
    error answer: ``res.status(503).json({ error: "not configured" })``); an else that only warns
    (``console.warn("no key set; allowing ...")``) lets it through."""
    text = N.text(data, alternative) if alternative is not None else ""
    return bool(_REFUSE.search(text) or _ERROR_ANSWER.search(text))


#: what an operand of ``a && b`` may test of the secret besides the bare name: a length that is
#: not zero, an empty string it is not, its type a string
_LENGTH = re.compile(r"^(.+?)\??\.length(?:\s*(?:>|!==?)\s*0|\s*>=\s*1)?$")
_NOT_EMPTY = re.compile(r"""^(.+?)\s*!==?\s*(?:''|""|``|undefined|null)$""")
_TYPEOF = re.compile(r"""^typeof\s+(.+?)\s*===?\s*["']string["']$""")


def _tested(data: bytes, cond) -> Optional[str]:
    """The one name or member a condition tests for a value: ``apiKey``, ``config.apiKey``, or an
    ``&&`` chain whose every operand tests the same one (``config.key && config.key.length >
    0``); None for anything else."""
    if cond.type in ("identifier", "member_expression") and not N.text(data, cond).endswith(".length"):
        return N.text(data, cond)
    if cond.type != "binary_expression":
        return None
    op = cond.child_by_field_name("operator")
    if op is not None and N.text(data, op) == "&&":
        left = _tested(data, N.unwrap(cond.child_by_field_name("left")))
        right = _tested(data, N.unwrap(cond.child_by_field_name("right")))
        return left if left is not None and left == right else None
    text = re.sub(r"\s+", " ", N.text(data, cond))
    m = _LENGTH.match(text) or _NOT_EMPTY.match(text) or _TYPEOF.match(text)
    name = m.group(1) if m is not None else None
    return name if name is not None and re.fullmatch(r"[\w$#]+(?:\.[\w$#]+)*", name) else None


#: const key = process.env.MCP_API_KEY (|| "", ?? ""): a local that holds a secret's env read
_ENV_ALIAS = re.compile(rb"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w\s|]+)?=\s*process\.env"
                        rb"""(?:\.([A-Za-z_]\w*)|\[\s*["']([A-Za-z_]\w*)["']\s*\])""")


def _env_aliases(data: bytes) -> frozenset:
    """The locals of the module that hold the env read of a secret-named variable."""
    return frozenset(m.group(1).decode() for m in _ENV_ALIAS.finditer(data)
                     if _SECRET.search((m.group(2) or m.group(3)).decode()))


def _helper_reads_header(mod, body) -> bool:
    """The body calls a function of the same module (``bearerOf(req)``) that reads the credential
    header."""
    data, root = mod.data, mod.tree.root_node
    for call in N.descendants(body, "call_expression"):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier":
            continue
        helper = N.top_function(data, root, N.text(data, fn))
        if helper is not None and _HEADER.search(N.text(data, helper)):
            return True
    return False


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
