"""What a string method call leaves a TypeScript/JavaScript value clean for: a character class stripped
(``x.replace(/[^a-z0-9]/g, "")``), quotes doubled or backslash-escaped, a split-and-join, single quotes
escaped for a shell word. Shared by the checks, the calls and the shell-word marks."""

from __future__ import annotations

import re
from typing import Optional, Tuple

from ..shellquote import QUOTE_IDIOMS
from ..narrowing import regex_families
from ..taintvalue import mark
from . import nodes as N
from .b64names import base64_segment
from .onename import segments_joined, separators_removed


def _regex_parts(data: bytes, node) -> Optional[Tuple[str, str]]:
    """(pattern, flags) of a regex literal."""
    node = N.unwrap(node)
    if node is None or node.type != "regex":
        return None
    pat = node.child_by_field_name("pattern")
    flags = node.child_by_field_name("flags")
    return (N.text(data, pat) if pat is not None else "", N.text(data, flags) if flags is not None else "")


#: SQL's quote characters: a string literal's, an identifier's (standard and MySQL's); SQL
#: escapes one inside its quotes by doubling it
_SQL_QUOTES = ("'", '"', "`")


def _doubled(quote: Optional[str], by: Optional[str]) -> bool:
    return quote in _SQL_QUOTES and by == quote * 2


def stripped_families(data: bytes, args, method: str = "replace") -> frozenset:
    """``x.replace(/[^a-z0-9]/g, "")``: every character outside a class removed (or replaced by
    word characters: ``"_"``), so the result only holds that class and those; the families a value of those characters cannot carry. Every quote
    doubled (``x.replace(/'/g, "''")``, ``name.replaceAll('"', '""')``) escapes a value for an
    SQL string literal or quoted identifier (``quoteIdent``), the quotes' own escape."""
    if len(args) < 2:
        return frozenset()
    by = N.string_value(data, args[1])
    rx = _regex_parts(data, args[0])
    if rx is not None and "g" in rx[1] and _doubled(rx[0].replace("\\", ""), by):
        return frozenset({"sql"})
    if rx is None and method == "replaceAll" and _doubled(N.string_value(data, args[0]), by):
        return frozenset({"sql"})  # a string pattern: replace() would change the first one only
    if (seps := separators_removed(data, args, method)):
        return seps  # x.replace(/[/\\]/g, ""): one path segment at most (onename.py)
    if rx is None or "g" not in rx[1] or by is None or not re.fullmatch(r"[A-Za-z0-9_]*", by):
        return frozenset()
    m = re.fullmatch(r"\[\^([^\]]*)\][+*]?", rx[0])
    if not m:
        return frozenset()
    # x.replace(/[^a-zA-Z0-9]/g, "_"): the class, and the word characters put in place of the rest
    return regex_families(f"^[{m.group(1)}{by}]*$", full=True)


def replaced_families(data: bytes, recv_node, args, method: str) -> frozenset:
    """What ``recv.replace(pattern, by)`` leaves the result clean for: a class stripped or quotes
    doubled (:func:`stripped_families`), backslashes escaped (:func:`backslash_escaped`), or
    base64 text with its '/' replaced (b64names.py)."""
    return stripped_families(data, args, method) or backslash_escaped(data, recv_node, args, method) or \
        base64_segment(data, recv_node, args, method)


def split_joined(data: bytes, recv_node, args) -> frozenset:
    """``x.split('"').join('""')``: every quote doubled, as :func:`stripped_families`."""
    r = N.unwrap(recv_node)
    if r is None or r.type != "call_expression" or len(args) != 1:
        return frozenset()
    fn = r.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    parts = N.args_of(r)
    if prop is None or N.text(data, prop) != "split" or len(parts) != 1:
        return frozenset()
    return frozenset({"sql"}) if _doubled(N.string_value(data, parts[0]), N.string_value(data, args[0])) else frozenset()


def list_joined(data: bytes, recv_node, args, recv, all_args):
    """``x.join(sep)``: quotes doubled (:func:`split_joined`), or separator-free names joined
    with a separator (``onename.segments_joined``); None for any other join."""
    fams = split_joined(data, recv_node, args)
    return mark(recv, clean=fams, checked=True) if fams else segments_joined(data, args, recv, all_args)


def backslash_escaped(data: bytes, recv_node, args, method: str) -> frozenset:
    """``x.replace(/\\/g, "\\\\").replace(/"/g, '\\"')``: backslashes doubled first, then every
    quote escaped with one: the complete escape of a string literal in a language with backslash
    escapes (AppleScript, JavaScript), so the value stays inside the quoted literal it is put in:
    no code. Quotes escaped alone are not (a backslash before the quote undoes the escape)."""
    if _class_escaped(data, args, method):
        return frozenset({"code"})  # x.replace(/[\\'"]/g, "\\$&"): both at once
    quote = _replaced(data, args, method)
    r = N.unwrap(recv_node)
    if quote is None or quote[0] not in ('"', "'") or quote[1] != "\\" + quote[0] or r is None \
            or r.type != "call_expression":
        return frozenset()
    fn = r.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    inner = _replaced(data, N.args_of(r), N.text(data, prop)) if prop is not None else None
    return frozenset({"code"}) if inner == ("\\", "\\\\") else frozenset()


def _class_escaped(data: bytes, args, method: str) -> bool:
    """``x.replace(/[\\"']/g, "\\$&")``: one global replace of a character class holding the
    backslash and the double quote, each match given a backslash before it (``$&``)."""
    if method not in ("replace", "replaceAll") or len(args) != 2:
        return False
    rx = _regex_parts(data, args[0])
    if rx is None or "g" not in rx[1] or not (rx[0].startswith("[") and rx[0].endswith("]")) or rx[0][1:2] == "^":
        return False
    chars, body, i = set(), rx[0][1:-1], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            chars.add(body[i + 1])
            i += 2
        else:
            chars.add(body[i])
            i += 1
    return {"\\", '"'} <= chars and N.string_value(data, args[1]) == "\\$&"


def single_quote_escaped(data: bytes, node) -> bool:
    """``x.replace(/'/g, "'\\''")`` (or ``"'\"'\"'"``): every single quote closed, escaped (or
    double-quoted) and reopened, the POSIX
    shell's own escape inside single quotes; placed between two single quotes (``'${...}'``) the
    value is one shell word, whatever it holds (no operator, substitution or expansion)."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression":
        return False
    fn = u.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    return prop is not None and _replaced(data, N.args_of(u), N.text(data, prop)) in {("'", i) for i in QUOTE_IDIOMS}


def _replaced(data: bytes, args, method: str) -> Optional[Tuple[str, str]]:
    """(the character every occurrence of which is replaced, its replacement) of a replace call."""
    if method not in ("replace", "replaceAll") or len(args) != 2:
        return None
    by = N.string_value(data, args[1])
    rx = _regex_parts(data, args[0])
    if rx is not None and "g" in rx[1]:
        ch = rx[0][1:] if rx[0].startswith("\\") and len(rx[0]) == 2 else rx[0]
        return (ch, by) if len(ch) == 1 and by is not None else None
    ch = N.string_value(data, args[0]) if method == "replaceAll" else None
    return (ch, by) if ch is not None and len(ch) == 1 and by is not None else None
