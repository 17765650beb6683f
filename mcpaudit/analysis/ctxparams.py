"""A parameter the server framework fills with the request context, whatever the annotation's spelling.

FastMCP (the SDK's and fastmcp's) injects a parameter annotated ``Context``; servers also write it
as ``Optional[Context]``, ``Context | None``, ``Union[Context, None]`` or as a string annotation
(``"Context"``, ``Optional["Context"]``). Every spelling is the request context, never a value the
caller sends; which names count is catalog data (``context-annotations`` in the mcp model).
"""

from __future__ import annotations

from .cstnodes import ann_parts

#: wrappers that only say "or None" around the annotated type
_NONE_WRAPPERS = frozenset({"Optional", "typing.Optional", "Union", "typing.Union", "None"})


def context_annotation(surface, ann: str) -> bool:
    """True when ``ann`` names the request context type (optionally wrapped in an or-None)."""
    parts = [p.strip("'\"") for p in ann_parts(ann)]
    parts = [p for p in parts if p and p not in _NONE_WRAPPERS]
    if not parts:
        return False
    head = parts[0]
    return head.split(".")[-1] in surface.context_last_names or head in surface.context_names


def annotated_inner(ann: str) -> str:
    """The type inside ``Annotated[T, ...]`` (its first argument, brackets balanced)."""
    inner = ann[ann.index("[") + 1:] if "[" in ann else ""
    depth, cut = 0, len(inner)
    for i, ch in enumerate(inner):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "," and depth == 0:
            cut = i
            break
    return inner[:cut].strip()
