"""An HTTP transport where each request must bring its own credential (issue 14, ts31b).

    function createRemoteServerList(req, res) {
      const apiKey = req.headers[API_KEY_NAME] as string | undefined;   // "x-api-token"
      if (!apiKey) { res.statusCode = 401; res.end("Unauthorized: Missing x-api-token header"); return null; }
      return new ServerList(async () => createMcpServer({ headers: req.headers, apiKey }));
    }

A request without the credential header is refused; the header's value is handed to the factory
that builds the server its tools run in (the vendor client the tools call, keyed per caller). The
server does not check the value: it is the caller's own key for the vendor's service, which checks
it. An unauthenticated caller of such a gateway spends only its own key, as it could by calling the
service directly, so ``http-transport-no-auth`` reports it at low confidence, saying why, when the
tools only send requests (no file, command, code or database effect the server itself would hold).

Only the plain shape, in one function: the header read into a local (a literal name, or a module
constant naming a credential header), a refusal when it is missing (``if (!key)`` with a 401 or
``Unauthorized`` in its branch), and the local passed to a call after that (``createMcpServer({
apiKey })``, ``new Client(key)``).
"""

from __future__ import annotations

import re
from typing import Dict, Optional

_TS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
#: the effects the tools may have: requests to other hosts (a browser's too)
_REQUESTS = frozenset({"request", "network"})
_READ = re.compile(r"""(?:const|let|var)\s+(\w+)\s*=\s*\w+\.headers\s*\[\s*([\w$.]+|["'][\w-]+["'])\s*\]""")
_CONST = re.compile(r"""(?:const|let|var)\s+(\w+)\s*=\s*["']([\w-]+)["']""")
_CREDENTIAL_HEADER = re.compile(r"(?i)^(authorization|x-[\w-]*(?:token|key)|[\w-]*api[-_]?(?:token|key))$")


def byok_words(project) -> Optional[str]:
    """Why the project's HTTP transport is a bring-your-own-key gateway, or None."""
    kinds = getattr(project, "tool_effect_kinds", None)
    if not kinds or not set(kinds) <= _REQUESTS:
        return None
    texts = {p: s.text for p, s in project.files.items() if p.endswith(_TS)}
    consts: Dict[str, str] = {}
    for text in texts.values():
        consts.update((m.group(1), m.group(2)) for m in _CONST.finditer(text))
    for text in texts.values():
        for m in _READ.finditer(text):
            key, header = m.group(1), m.group(2).strip("\"'")
            header = consts.get(header.rsplit(".", 1)[-1], header) if not m.group(2)[0] in "\"'" else header
            if _CREDENTIAL_HEADER.match(header) and _refused_then_passed(text[m.end():], key):
                return (f"; every request must bring its own credential in the {header} header (refused with 401 "
                        "without one), which the server hands to the client its tools call: a caller without "
                        "authentication spends only its own key, and the tools only send requests")
    return None


def _refused_then_passed(rest: str, key: str) -> bool:
    k = re.escape(key)
    refusal = re.search(r"if\s*\(\s*!\s*" + k + r"\s*\)\s*\{([^{}]*)\}", rest[:600])
    if refusal is None or not re.search(r"401|[Uu]nauthori[sz]ed", refusal.group(1)):
        return False
    after = rest[refusal.end():refusal.end() + 800]
    return re.search(r"\w\s*\([^;]*\b" + k + r"\b", after) is not None


__all__ = ["byok_words"]
