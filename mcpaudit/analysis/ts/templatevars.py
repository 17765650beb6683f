r"""The variables of a TypeScript SDK resource template that hold one name: its host part.

``server.resource(name, new ResourceTemplate("gcp://{projectId}/errors", ...), async (uri, {
projectId }) => ...)``: the SDK's ``UriTemplate.match`` (typescript-sdk ``src/shared/
uriTemplate.ts``, 1.x and 2.x) captures a simple ``{name}`` with ``[^/,]+`` from the URI as ``new
URL()`` gave it back, and never percent-decodes the capture. That alone does not keep a ``\``
out: in the path of a non-special URI (``ledger://x/{id}``) ``..\..\x`` survives the parse, and
``fetch``/``new URL`` read ``\`` as ``/`` in an https path. In the host part (``scheme://{name}/
...``) the WHATWG parser refuses ``/``, ``\``, ``?``, ``#``, ``@``, ``:`` and blanks, and a special
scheme's host (``file://{name}``) is a domain. So only a simple ``{name}`` that is the whole
host part of the template holds one name: pasted into the path of a URL whose host the code fixes
it stays one segment there, as ``encodeURIComponent`` keeps it; a file path gets it as one
component (placement.py, shared with Python's FastMCP templates). Exploded (``{name*}``, joined
back with ``/`` by the code), operator forms and path-part variables stay free strings, as does
every tool argument. Which frameworks match this way is catalog data (``resource-templates`` in
``rules/models/typescript/mcp.yaml``).
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from ...catalog import catalog
from ..placement import TEMPLATE_SEGMENT
from ..taintvalue import DECODED

#: a template whose host part is one simple expression: scheme://{name}[/...]
_HOST_EXPR = re.compile(r"^[A-Za-z][\w+.-]*://\{(\w+)\}(?:/|$)")
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
    m = _HOST_EXPR.match(reg.uri)
    return frozenset({m.group(1)}) if m else frozenset()


def field_marks(segments: FrozenSet[str], field: str, fams: Optional[FrozenSet[str]]) -> FrozenSet[str]:
    """The clean marks property ``field`` of the variables object starts with."""
    fams = fams or frozenset()
    return fams | SEGMENT_MARKS if field in segments else fams


__all__ = ["DECODED_MARK", "SEGMENT_MARKS", "field_marks", "segment_variables"]
