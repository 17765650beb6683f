"""A browser the server connects to rather than launches (a remote browser service).

``page.goto(url)`` is a request sink that also opens ``file://`` URLs (kind ``file-url``): in a
browser the server launched, those are the server's own files. A project that never launches a
browser and only connects to one over the DevTools protocol (``chromium.connectOverCDP(wss)``,
``puppeteer.connect({ browserWSEndpoint })``, a scraping-browser service such as Bright Data's)
hands the URL to a browser whose ``file:`` URLs are that service's files: the navigation is a
plain request, the tool's fetch when it declares one.
"""

from __future__ import annotations

import re
from typing import Dict

from ...regexgate import gated

_CONNECTS = gated(re.compile(rb"\.connectOverCDP\s*\(|\bbrowserWSEndpoint\b|\bchromium\.connect\s*\("))
_LAUNCHES = gated(re.compile(rb"\.launch(?:PersistentContext|Server)?\s*\(|\bexecutablePath\b|\bremote-debugging-port\b"))


def browser_kind(data: bytes) -> Dict[str, str]:
    """How this module gets a browser: ``launch`` (it starts one here), ``connect`` (it only
    connects to one), or nothing (the summary field ``browser``)."""
    if _LAUNCHES.search(data):
        return {"browser": "launch"}
    return {"browser": "connect"} if _CONNECTS.search(data) else {}


def remote_browser(linker) -> bool:
    """Whether the linked project only connects to a browser and never launches one."""
    cached = getattr(linker, "_remote_browser", None)
    if cached is None:
        kinds = {getattr(m, "browser", "") for m in getattr(linker, "modules", {}).values()}
        cached = linker._remote_browser = "connect" in kinds and "launch" not in kinds
    return cached
