"""A token check that runs only when the request sends a credential (issue 14, ts30b).

``const authHeader = req.headers["authorization"]; if (authHeader) { ...verify the bearer token,
throw on a bad one... }`` and nothing else: a request that sends no Authorization header at all
skips the check and is handed on. Such a middleware (``validateRequestMiddleware``) rejects a
wrong token but lets the anonymous caller through: optional authentication is no authentication.
It is recorded like the checks that pass while no secret is configured (``unset_passes``, read by
``Project.optional_when_unset``): every TypeScript auth name of the project becomes optional, and
the transport rule reports the server, naming this check.

Only the plain shape: the header value bound to a name, an ``if (name)`` with no ``else`` around
the check, and no test of the missing header anywhere in the module (``if (!name)``,
``name === undefined``, ``!req.headers.authorization``) that could turn such a request away.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from . import nodes as N

_HEADER = re.compile(r"""(?i)headers\s*(?:\.\s*authorization|\[\s*["'](?:authorization|x-api-key|api-key)["']\s*\])"""
                     r"""|\.(?:get|header)\s*\(\s*["'](?:authorization|x-api-key|api-key)["']\s*\)""")
#: the body of the ``if`` checks a credential (a verification, a rejection)
_CHECK = re.compile(r"(?i)verif|validat|token|bearer|throw|401|unauthori[sz]ed|invalid")
#: the first statement after a missing credential's test refuses the request
_REFUSE = re.compile(r"(?:return\s+)?(?:throw\b|res(?:ponse)?\s*\.\s*(?:status|writeHead|sendStatus)\s*\(\s*40[13]\b)")


def header_optional(mod) -> Tuple[Optional[int], Optional[str]]:
    """(offset, shown condition) of such a check in ``mod`` (a TsModule), or (None, None)."""
    data = mod.data
    if b"uthorization" not in data and b"api-key" not in data.lower():
        return None, None
    names = {}
    for decl in N.nodes_under(mod.tree.root_node, "variable_declarator"):
        name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        if name is None or value is None or name.type != "identifier":
            continue
        if _HEADER.search(N.text(data, value)):
            names[N.text(data, name)] = decl
    if not names:
        return None, None
    text = data.decode("utf-8", "replace")
    for name in sorted(names):
        missing = re.compile(rf"!\s*{re.escape(name)}\b|\b{re.escape(name)}\s*[!=]==?\s*(?:undefined|null|\"\"|'')")
        if missing.search(text) or re.search(r"!\s*\w+\.headers\s*(?:\.\s*authorization|\[)", text):
            continue
        for node in N.nodes_under(mod.tree.root_node, "if_statement"):
            cond = node.child_by_field_name("condition")
            body = node.child_by_field_name("consequence")
            if cond is None or body is None or node.child_by_field_name("alternative") is not None:
                continue
            shown = N.text(data, cond).strip()
            if shown.strip("() ") != name or not _CHECK.search(N.text(data, body)):
                continue
            if _extractor_refused(data, text, node, name):
                continue
            return node.start_byte, f"if {shown} (the credential is checked only when the request sends one)"
    return None, None


def _extractor_refused(data: bytes, text: str, node, name: str) -> bool:
    """The ``if (name)`` is inside a function that returns the credential (``return
    name.slice(7)``) or null: an extractor, not the gate. Its caller decides, and does refuse a
    request without one when, in this module, the extractor's result is bound to a name that is
    tested for being missing (``const provided = extract_api_key(req); if (!provided) ... 401``).
    (OpenMemory's ``extract_api_key``, read in hold34tb.)"""
    fn = N.enclosing_function(node)
    body = node.child_by_field_name("consequence")
    if fn is None or body is None:
        return False
    returned = [r for r in N.nodes_under(body, "return_statement") if r.named_children and
                re.search(rf"\b{re.escape(name)}\b", N.text(data, r.named_children[0]))]
    fname = fn.child_by_field_name("name")
    if not returned or fname is None:
        return False
    callee = re.escape(N.text(data, fname))
    for m in re.finditer(rf"\b(?:const|let|var)\s+(\w+)\s*=\s*(?:await\s+)?(?:this\.)?{callee}\s*\(", text):
        test = re.search(rf"if\s*\(\s*!\s*{re.escape(m.group(1))}\s*\)\s*\{{?\s*(.{{0,160}})", text[m.end():], re.S)
        if test and _REFUSE.match(test.group(1)):
            return True
    return False


__all__ = ["header_optional"]
