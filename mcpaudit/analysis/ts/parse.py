"""Parsing TypeScript and JavaScript with tree-sitter.

The grammars come from the ``tree-sitter-typescript`` and ``tree-sitter-javascript`` wheels,
which carry the compiled parsers: nothing is downloaded at run time. ``.ts`` files use the
TypeScript grammar, ``.tsx`` the TSX grammar, and ``.js``/``.mjs``/``.cjs``/``.jsx`` the
JavaScript grammar (which also parses JSX and Flow-free modern JavaScript).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Tuple

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
    the ERROR nodes are reported by :func:`error_lines`)."""
    return _parser(grammar_of(path)).parse(data)


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
