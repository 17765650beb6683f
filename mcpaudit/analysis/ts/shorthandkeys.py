"""Object keys written as shorthand properties (ts54b).

``{ name, authenticate }`` is ``{ name, authenticate: authenticate }``: the option is set, to the
variable or parameter of that name. Evidence read by the key's text (the catalog's
``http.auth-names`` entry ``authenticate\\s*:``) misses the shorthand form, where no colon follows
the name. :func:`key_matches` gives the matches of such a pattern with every shorthand property
whose name a key-form alternative (``NAME\\s*:``) of the pattern names counted as that key; a
shorthand bound in the module only to ``undefined`` or ``null`` (``const authenticate =
undefined``) sets nothing and is left out, as is a destructuring pattern (``const { authenticate }
= options`` reads the option, it configures nothing).

A key (long or shorthand) whose value is optional sets no authentication by default either
(ts55b): ``authenticate: enabled && key ? check : undefined``, ``{ authenticate }`` with ``const
authenticate = cfg.enableAuth ? check : undefined``, ``authenticate: opt && check``. Such a
conditional's ``undefined``/``null`` arm is what runs unless the operator configures something;
only a test that :func:`~mcpaudit.engines.semgrep.envswitch_ts.unset_value` evaluates, with the
variable unset, to the defined arm (``process.env.NO_AUTH !== "true" ? check : undefined``) keeps
the key as evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Tuple

from ...catalog.prefixes import alternatives, finditer

_KEY_FORM = re.compile(r"^([A-Za-z_$][\w$]*)\\s\*:$")


class KeyMatch:
    """A match-like record of a shorthand key (``start()``, ``end()``, ``group(0)``)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: bytes):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _n: int = 0) -> bytes:
        return self._text


@lru_cache(maxsize=16)
def key_names(pattern: str) -> Tuple[str, ...]:
    """The lower-cased names of the key-form alternatives of ``pattern`` (``authenticate\\s*:``)."""
    out = []
    for alt in alternatives(pattern):
        m = _KEY_FORM.match(alt)
        if m:
            out.append(m.group(1).lower())
    return tuple(out)


def key_matches(pattern, prefixes, low: bytes, root) -> Iterator:
    """The matches of ``pattern`` (a compiled bytes regex over the lower-cased text ``low``) and a
    :class:`KeyMatch` for each shorthand property in an object literal of the parse tree ``root``
    whose name is one of the pattern's key-form names, in text order."""
    found = [m for m in finditer(pattern, prefixes, low) if root is None or not _optional_key(root, m.start())]
    names = key_names(pattern.pattern.decode() if isinstance(pattern.pattern, bytes) else pattern.pattern)
    if names and root is not None:
        for name in names:
            unset = None  # (one scan of the module per name, not per occurrence)
            for m in re.finditer(rb"(?<![\w$.])" + re.escape(name.encode()) + rb"(?![\w$])", low):
                if not _shorthand(root, m.start(), m.end()):
                    continue
                unset = _unset(low, name) if unset is None else unset
                if not unset and not _optional(root, root.descendant_for_byte_range(m.start(), m.end())):
                    found.append(KeyMatch(m.start(), m.end(), m.group(0)))
    found.sort(key=lambda m: m.start())
    return iter(found)


def _shorthand(root, start: int, end: int) -> bool:
    node = root.descendant_for_byte_range(start, end)
    return node is not None and node.type == "shorthand_property_identifier" and \
        (node.start_byte, node.end_byte) == (start, end) and node.parent is not None and node.parent.type == "object"


def _unset(low: bytes, name: str) -> bool:
    """Whether the module binds ``name`` only to ``undefined`` or ``null``."""
    decl = re.compile(rb"\b(?:const|let|var)\s+" + re.escape(name.encode()) + rb"\s*(?::[^=;]+)?=\s*([^;\n]+)")
    values = [m.group(1).strip().rstrip(b",").strip() for m in decl.finditer(low)]
    return bool(values) and all(v in (b"undefined", b"null") for v in values)


_NOTHING = frozenset({"undefined", "null"})


def _optional_key(root, start: int) -> bool:
    """Whether the text at byte ``start`` is the key of an object pair whose value is optional."""
    node = root.descendant_for_byte_range(start, start + 1)
    pair = node.parent if node is not None else None
    if pair is None or pair.type != "pair" or pair.child_by_field_name("key") != node:
        return False
    return _optional(root, pair.child_by_field_name("value"))


def _optional(root, node, depth: int = 0) -> bool:
    """Whether expression ``node`` is ``undefined``/``null`` unless something is configured: a
    conditional with such an arm (unless its env test selects the other arm while unset), ``cond &&
    value``, or a name the module binds only to such values."""
    from ...engines.semgrep.envswitch_ts import unset_value

    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    if node is None or depth > 3:
        return False
    if _nothing(node):
        return True
    if node.type == "ternary_expression":
        cons, alt = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
        if not (_nothing(cons) or _nothing(alt)):
            return False
        taken = unset_value(root.text, node.child_by_field_name("condition"))
        return taken is None or _nothing(cons if taken else alt)
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        return op is not None and op.type == "&&"
    if node.type == "identifier" and node.parent is not None and node.parent.type != "variable_declarator":
        values = list(_bindings(root, node.text))
        return bool(values) and all(_optional(root, v, depth + 1) for v in values)
    if node.type == "shorthand_property_identifier":
        values = list(_bindings(root, node.text))
        return bool(values) and all(_optional(root, v, depth + 1) for v in values)
    return False


def _nothing(node) -> bool:
    if node is None:
        return False
    if node.type == "null" or node.type in ("identifier", "undefined") and node.text == b"undefined":
        return True
    return node.type == "unary_expression" and node.text.replace(b" ", b"") == b"void0"


def _bindings(root, name: bytes):
    """The values of the module's variable declarators named ``name``."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            nm, val = n.child_by_field_name("name"), n.child_by_field_name("value")
            if nm is not None and nm.type == "identifier" and nm.text == name and val is not None:
                yield val
        stack.extend(n.named_children)
