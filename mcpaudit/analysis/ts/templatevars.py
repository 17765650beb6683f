"""The variables of a TypeScript SDK resource template: one path segment each.

``server.resource(name, new ResourceTemplate("gcp://{projectId}/errors", ...), async (uri, {
projectId }) => ...)``: the SDK's ``UriTemplate.match`` (typescript-sdk ``src/shared/
uriTemplate.ts``, 1.x and 2.x) captures a simple ``{name}``, ``{/name}`` or ``{.name}`` (exploded
or not) with ``[^/,]+`` from the URI as ``new URL()`` gave it back (dot segments already
removed), and never percent-decodes the capture. So the value holds no ``/`` (a ``%2F`` stays
``%2F``): pasted into the path of a URL whose host the code fixes it stays one segment there, as
``encodeURIComponent`` keeps it; a file path gets it as one component (placement.py, shared with
Python's FastMCP templates). ``{+name}``, ``{#name}``, ``{?name}`` and ``{&name}`` can hold ``/``
and stay free strings, as does every tool argument. Which frameworks match this way is catalog
data (``resource-templates`` in ``rules/models/typescript/mcp.yaml``).
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from ...catalog import catalog
from ..placement import TEMPLATE_SEGMENT
from ..taintvalue import DECODED

#: an expression whose capture is [^/,]+: no operator, "/" or "." (exploded or not)
_SEGMENT_EXPR = re.compile(r"\{([./]?)(\w+)\*?\}")
SEGMENT_MARKS = frozenset({TEMPLATE_SEGMENT})
#: what a decoder's result carries: a template value may hold "/" again (``%2F`` decoded)
DECODED_MARK = frozenset({DECODED})


def segment_variables(reg, index: int) -> FrozenSet[str]:
    """The variables of ``reg``'s resource template that hold one segment, when handler
    parameter ``index`` is the template's variables object (the SDK's second argument)."""
    if reg is None or not reg.template or index != 1 or not reg.uri:
        return frozenset()
    if reg.framework not in catalog().typescript.one_segment_frameworks:
        return frozenset()
    return frozenset(m.group(2) for m in _SEGMENT_EXPR.finditer(reg.uri))


def field_marks(segments: FrozenSet[str], field: str, fams: Optional[FrozenSet[str]]) -> FrozenSet[str]:
    """The clean marks property ``field`` of the variables object starts with."""
    fams = fams or frozenset()
    return fams | SEGMENT_MARKS if field in segments else fams


__all__ = ["DECODED_MARK", "SEGMENT_MARKS", "field_marks", "segment_variables"]
