"""Parsing TypeScript and JavaScript with tree-sitter.

The grammars come from the ``tree-sitter-typescript`` and ``tree-sitter-javascript`` wheels,
which carry the compiled parsers: nothing is downloaded at run time. ``.ts`` files use the
TypeScript grammar, ``.tsx`` the TSX grammar, and ``.js``/``.mjs``/``.cjs``/``.jsx`` the
JavaScript grammar (which also parses JSX and Flow-free modern JavaScript).
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Dict, Iterator, List, Optional, Tuple

#: Suffixes the TypeScript engine analyses (``.d.ts`` declarations and ``*.min.js`` bundles are
#: left out by discovery).
TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


def is_ts_source(rel: str) -> bool:
    """A file the TypeScript engine analyses."""
    low = rel.lower()
    return low.endswith(TS_SUFFIXES) and not low.endswith((".d.ts", ".d.mts", ".d.cts", ".min.js"))


@lru_cache(maxsize=None)
def _language(kind: str):
    import tree_sitter as ts

    if kind == "js":
        import tree_sitter_javascript as tsj

        return ts.Language(tsj.language())
    import tree_sitter_typescript as tst

    return ts.Language(tst.language_tsx() if kind == "tsx" else tst.language_typescript())


def grammar_of(path: str) -> str:
    low = path.lower()
    if low.endswith((".tsx",)):
        return "tsx"
    if low.endswith((".ts", ".mts", ".cts")):
        return "ts"
    return "js"


@lru_cache(maxsize=None)
def _parser(kind: str):
    import tree_sitter as ts

    return ts.Parser(_language(kind))


def parse(data: bytes, path: str):
    """The tree-sitter tree of ``data`` (never raises on bad syntax: tree-sitter recovers, and
    the ERROR nodes are reported by :func:`error_lines`); while a scan keeps its trees
    (:func:`keep_trees`), the tree made before of the same bytes at the same path."""
    kept = _KEPT
    if kept is None:
        return _parser(grammar_of(path)).parse(data)
    hit = kept.get(path)
    if hit is not None and (hit[0] is data or hit[0] == data):
        return hit[1]
    tree = _parser(grammar_of(path)).parse(data)
    kept[path] = (data, tree)
    return tree


# Each TypeScript file of a small tree used to be parsed up to three times per scan: by the
# names shared between modules (engines/ts.shared_sinks, before the ts child is forked), by
# its per-file analysis, and by the posture pass's index (pipeline.EarlyIndex.index_sources),
# besides the link's few. A tree-sitter tree is a pure function of the grammar (the path's
# suffix) and the bytes, and nothing edits one, so the same tree serves all of them.
#: path -> (bytes, tree) while a scan keeps its trees; None otherwise (every call parses).
_KEPT: Optional[Dict[str, Tuple[bytes, object]]] = None
#: whether a scan's engine stage is under way (:func:`trees_kept`): only then may an engine
#: ask for the trees to be kept, so a caller of the engine outside a scan never keeps any.
_SCOPE = False


def keep_trees() -> None:
    """Keep every tree :func:`parse` makes from now until the scan's engine stage ends: asked
    by the ts engine when it analyses a small tree in one process (or two: the forked child
    inherits what was kept before the fork), whose trees all fit in memory. No-op outside
    :func:`trees_kept`."""
    global _KEPT
    if _SCOPE and _KEPT is None:
        _KEPT = {}


@contextmanager
def trees_kept() -> Iterator[None]:
    """The scope within which :func:`keep_trees` keeps them (the pipeline's engine stage and
    posture pass); the trees are dropped at its end."""
    global _KEPT, _SCOPE
    outer = _SCOPE
    _SCOPE = True
    try:
        yield
    finally:
        _SCOPE = outer
        if not outer:
            _KEPT = None


def kept_count() -> int:
    """How many trees are kept (tests)."""
    return len(_KEPT) if _KEPT is not None else 0


_FIELDS = ("alias", "alternative", "argument", "arguments", "body", "condition", "consequence", "constructor",
           "declaration", "finalizer", "flags", "function", "handler", "increment", "index", "initializer", "key",
           "left", "name", "object", "operator", "parameter", "parameters", "pattern", "property", "right",
           "source", "type", "value")


class FieldIds:
    """A grammar's numeric ids of the fields the interpreter reads: ``node.child_by_field_id(
    F.object)`` is ``node.child_by_field_name("object")`` without the name lookup (a string
    comparison with each of the grammar's field names, about a twelfth of the interpreter's work).
    A field the grammar lacks is 0, which no child has."""

    __slots__ = _FIELDS


_FIELD_IDS: Dict[object, FieldIds] = {}


def field_ids(language) -> FieldIds:
    """The :class:`FieldIds` of a tree-sitter ``Language`` (a tree's ``language``)."""
    hit = _FIELD_IDS.get(language)
    if hit is None:
        hit = FieldIds()
        for name in _FIELDS:
            setattr(hit, name, language.field_id_for_name(name) or 0)
        _FIELD_IDS[language] = hit
    return hit


def error_lines(root, limit: int = 5) -> List[int]:
    """1-based lines of the first ERROR/MISSING nodes of a tree (empty when it parsed cleanly)."""
    if not root.has_error:
        return []
    out: List[int] = []
    stack = [root]
    while stack and len(out) < limit:
        n = stack.pop()
        if n.is_error or n.is_missing:
            out.append(n.start_point[0] + 1)
            continue
        if n.has_error:
            stack.extend(reversed(n.children))
    return sorted(set(out))


class Source:
    """The bytes of a file and the conversions from tree-sitter byte positions to 1-based lines
    and character columns."""

    __slots__ = ("data", "_ascii")

    def __init__(self, data: bytes):
        self.data = data
        self._ascii = data.isascii()  # then a byte column is the character column

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def _col(self, byte: int, byte_col: int) -> int:
        """The 1-based character column of the byte at offset ``byte``, ``byte_col`` bytes into
        its line (so its line starts at ``byte - byte_col``)."""
        if byte_col == 0 or self._ascii:
            return byte_col + 1
        chunk = self.data[byte - byte_col:byte]
        if chunk.isascii():
            return byte_col + 1
        return len(chunk.decode("utf-8", "replace")) + 1

    def pos(self, node) -> Tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)``, 1-based, columns in characters."""
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        if self._ascii:
            return (r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        return (r0 + 1, self._col(node.start_byte, c0), r1 + 1, self._col(node.end_byte, c1))

    def line_col(self, node) -> Tuple[int, int]:
        r0, c0 = node.start_point
        return r0 + 1, (c0 + 1 if self._ascii else self._col(node.start_byte, c0))
