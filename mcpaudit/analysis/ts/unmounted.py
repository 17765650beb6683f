"""An HTTP handler factory the project exports and never mounts (issue 14, ts28b).

``export function createMcpHttpHandler(options) { const handler = createMcpHandler(() =>
createServer()); return (request) => handler.fetch(request); }`` in a package whose binary
serves stdio: the factory is a library surface for embedders (a Worker, a Hono or Vercel route),
and nothing in the project calls it, mounts it or listens with it. Where it is exposed and what
authenticates it is the host application's, which mcpaudit does not see; unlike a Worker's own
``fetch`` (owntransport.worker_fetch), no address of the project's serves it. The transport
finding stays, at low confidence, saying so (:func:`unmounted_factory`).

Only a handler factory's call counts (``createMcpHandler()``, Smithery's ``createStatefulServer()``:
what it returns is mounted elsewhere); a transport the function constructs (``new
StreamableHTTPServerTransport()``) is wired there to a listener the function starts. The test is
textual over the project's shipped TypeScript/JavaScript sources (test code not counted): the
function is exported where it is defined, and its name occurs nowhere else (no call, no
reference passed on, no re-export under another module).
"""

from __future__ import annotations

import re
from typing import List, Optional

from .parse import TS_SUFFIXES


def _exported(text: str, name: str) -> List[re.Match]:
    n = re.escape(name)
    return list(re.finditer(rf"\bexport\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+){n}\b", text))


def _references(text: str, name: str) -> int:
    """Occurrences of ``name`` as a word, outside ``export { ... }`` lists."""
    n = re.escape(name)
    listed = sum(len(re.findall(rf"\b{n}\b", m.group(0))) for m in re.finditer(r"\bexport\s*\{[^}]*\}", text))
    return len(re.findall(rf"(?<![\w$]){n}\b", text)) - listed


def unmounted_factory(project, sites: List[dict]) -> Optional[str]:
    """Words for a server every site of which is built in one exported, uncalled function of
    its module; None otherwise."""
    from ...sources import is_test_path

    if any(str(s.get("detail", "")).startswith("new ") or "host" in s for s in sites):
        return None  # a transport the function builds is served by the listener it starts there
    names = {s.get("function") for s in sites}
    path = sites[0].get("path") if sites else None
    if len(names) != 1 or not path or any(s.get("path") != path for s in sites):
        return None
    name = next(iter(names))
    if not name or not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
        return None
    own = project.files.get(path)
    if own is None or len(_exported(own.text, name)) != 1 or _references(own.text, name) != 1:
        return None
    for other, src in project.files.items():
        if other != path and other.endswith(TS_SUFFIXES) and not is_test_path(other) and name in src.text \
                and _references(src.text, name) > 0:
            return None
    return (f"; built only inside {name}(), an exported factory nothing in the project calls or mounts: "
            "the application that embeds it adds the listener and its authentication (audit view)")
