"""Tools whose caller chooses the host of a request (issue 14, ts55a).

``http-transport-no-auth`` lowers an open transport in front of tools that "only send requests"
to services the code names, all public (ts/barrentools.py, and the bring-your-own-key gateway of
ts/byokgateway.py): a caller gains nothing the public services would not give anyone. That holds
only while the code chooses where the requests go. A tool that sends a request to a URL its
caller chooses (a ``tool-ssrf`` finding at high confidence: ``page.goto(url)``, ``fetch(url)``)
lends every caller the server's network position (loopback, the LAN, a cloud metadata address,
``file://`` for a browser), whatever public literal another module names (a search service's
``this.baseUrl = "https://duckduckgo.com/"`` silenced the SSE transport of a page reader,
hold41tb cause B). Such a project gets the effect kind ``request-any``, which neither of those
readers counts as harmless.
"""

from __future__ import annotations

from typing import FrozenSet

from ..models import Confidence

#: the effect kind of a request whose host the tool's caller chooses
REQUEST_ANY = "request-any"


def caller_hosts(linker) -> FrozenSet[str]:
    """``{"request-any"}`` when a tool's caller chooses the host of one of its requests."""
    for f in getattr(linker, "findings", {}).values():
        if f.family == "ssrf" and f.confidence >= Confidence.HIGH and f.tool:
            return frozenset({REQUEST_ANY})
    return frozenset()


__all__ = ["REQUEST_ANY", "caller_hosts"]
