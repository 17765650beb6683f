"""Keyword deny-lists written as a loop over keywords, searched in a cleaned copy of the query.

``for kw in FORBIDDEN: if re.search(r"\\b" + kw + r"\\b", q, re.I): refuse`` builds each
pattern from a loop variable (the keywords of a list of strings) between constant pieces, and
``stripped = re.sub(STRING_LITERAL, "", q)`` then searching ``stripped`` checks a copy of the
query with its quoted strings removed: both are the keyword deny-list ``narrowing.py`` reads in
``re.search(r"\\b(DROP|DELETE)\\b", q)`` (weak: comments, other statements and write functions
pass it). :func:`pattern_text` gives the text of such a pattern for its words,
:func:`copy_sources` the queries a cleaned copy was made from.
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N

#: string methods whose result is the same text with pieces removed or replaced
_CLEANING = frozenset({"replace", "strip", "lower", "upper", "casefold", "rstrip", "lstrip"})


def pattern_text(nar, node, depth: int = 0) -> Optional[str]:
    """The text of a regex built by ``+`` or an f-string from string constants and names (a
    constant, or a loop variable over a list of strings: its strings joined by ``|``); None when a
    piece is unknown."""
    if depth > 6:
        return None
    text = N.string_value(node)
    if text is not None:
        return text
    if isinstance(node, cst.Name):
        return nar._constant_text(node.value) or nar._loop_patterns(node.value)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = pattern_text(nar, node.left, depth + 1), pattern_text(nar, node.right, depth + 1)
        return left + right if left is not None and right is not None else None
    if isinstance(node, cst.FormattedString):
        out = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append(part.value)
                continue
            piece = pattern_text(nar, part.expression, depth + 1) if isinstance(part, cst.FormattedStringExpression) else None
            if piece is None:
                return None
            out.append(piece)
        return "".join(out)
    return None


def copy_sources(nar, var: str) -> List[str]:
    """The variables ``var`` is a cleaned copy of, nearest first: ``re.sub(p, r, q)``,
    ``q.replace(a, b)``, ``q.upper()`` (and chains of them: ``stripped = q.strip(); upper =
    stripped.upper()`` gives ``stripped`` then ``q``), or what :func:`cstnodes.var_of` reads
    through. Every one of them holds the query the check reads."""
    out: List[str] = []
    while len(out) < 5:
        src = _copied_from(nar, var)
        if src is None or src in out or src == var:
            break
        out.append(src)
        var = src
    return out


def _copied_from(nar, var: str) -> Optional[str]:
    """The one variable ``var`` was copied from (see :func:`copy_sources`), or None."""
    value = nar.local_values.get(var)
    if not isinstance(value, cst.Call):
        return None
    func = value.func
    if isinstance(func, cst.Attribute) and func.attr.value == "sub" and len(value.args) >= 3 \
            and (nar.mod.dotted(func.value) or "") in nar.M.regex_modules:
        return _root_var(nar, value.args[2].value)
    if isinstance(func, cst.Attribute) and func.attr.value in _CLEANING:
        return _root_var(nar, func.value)
    return N.var_of(value)


def _root_var(nar, node) -> Optional[str]:
    """The variable a chain of cleaning calls starts from (``q.strip().replace(...)``: q)."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _CLEANING:
        node = node.func.value
    return N.var_of(node)
