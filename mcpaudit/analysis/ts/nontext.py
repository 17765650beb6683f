"""Variables that never hold text: a secret-named variable whose every value is a number or a
boolean carries no credential (secrets by origin, not by name).

``let lastCookieMtime = 0`` set elsewhere in the module to ``(await fs.promises.stat(p)).mtimeMs``
is a time stamp, whatever the word ``Cookie`` in its name suggests. The module is read once for
the values assigned to each name (declarations, ``=``, compound assignments); a name also bound
another way (a parameter, a destructuring pattern, a loop variable, an import) may hold anything.
A value never holds text when it is a number, a boolean, ``null``/``undefined``, arithmetic or a
comparison, a numeric property of a file's stat or of a string or buffer (``mtimeMs``, ``size``,
``length``), a clock or number parser (``Date.now()``, ``Number(x)``, ``Math.max(...)``), or a
name that never holds text itself.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set

from . import nodes as N

#: operators whose result is a number or a boolean whatever their operands are
_NUMBER_OPS = frozenset({"-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", ">>>", "==", "===", "!=", "!==",
                         "<", ">", "<=", ">=", "instanceof", "in"})
#: numeric properties: a string's, array's or buffer's size, fs.Stats times and sizes
_NUMBER_FIELDS = frozenset({"length", "size", "byteLength", "mtimeMs", "atimeMs", "ctimeMs", "birthtimeMs"})
#: calls that return a number or a boolean (and Math.*)
_NUMBER_CALLS = frozenset({"Date.now", "performance.now", "Number", "parseInt", "parseFloat", "Boolean",
                           "Number.parseInt", "Number.parseFloat", "Number.isFinite", "Number.isInteger",
                           "Array.isArray", "isNaN", "isFinite", "process.uptime", "process.hrtime.bigint"})
_LITERALS = frozenset({"number", "true", "false", "null", "undefined", "update_expression"})
_PATTERNS = frozenset({"formal_parameters", "object_pattern", "array_pattern", "for_in_statement",
                       "catch_clause", "import_clause", "import_specifier", "namespace_import"})
_UNKNOWN = None  # a value the name gets some other way


def _assignments(mod) -> Dict[str, List[Optional[object]]]:
    """Name -> the value nodes assigned to it anywhere in the module (None: bound some other way)."""
    out = mod.__dict__.get("_assigned")
    if out is not None:
        return out
    out = mod._assigned = {}
    stack = [mod.tree.root_node]
    while stack:
        node = stack.pop()
        t = node.type
        if t == "variable_declarator":
            name = node.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                value = node.child_by_field_name("value")
                if value is not None:
                    out.setdefault(N.text(mod.data, name), []).append(value)
        elif t in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                op = node.child_by_field_name("operator")
                right = node.child_by_field_name("right")
                arith = t == "augmented_assignment_expression" and op is not None and op.type != "+=" and \
                    op.type not in ("||=", "&&=", "??=")
                out.setdefault(N.text(mod.data, left), []).append(node if arith else right)
        elif t in _PATTERNS:
            for ident in _identifiers(node):
                out.setdefault(N.text(mod.data, ident), []).append(_UNKNOWN)
        stack.extend(node.named_children)
    return out


def _identifiers(node):
    """The names a pattern binds (every identifier in it: over-counting only makes a name unknown)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "shorthand_property_identifier_pattern"):
            yield n
        elif n.type not in ("statement_block", "expression_statement"):
            stack.extend(n.named_children)


def non_text(mod, name: str) -> bool:
    """Whether every value the module assigns to ``name`` is a number or a boolean."""
    memo = mod.__dict__.setdefault("_non_text", {})
    if name not in memo:
        memo[name] = False  # guards a name assigned from itself
        memo[name] = _name_non_text(mod, name, set())
    return memo[name]


def _name_non_text(mod, name: str, seen: Set[str]) -> bool:
    values = _assignments(mod).get(name)
    if not values or name in seen:
        return False
    seen = seen | {name}
    return all(v is not _UNKNOWN and _value_non_text(mod, v, seen) for v in values)


def _value_non_text(mod, node, seen: Set[str]) -> bool:
    u = N.unwrap(node)
    if u is None:
        return False
    t = u.type
    if t in _LITERALS or t == "augmented_assignment_expression":
        return True
    if t == "identifier":
        return N.text(mod.data, u) == "undefined" or _name_non_text(mod, N.text(mod.data, u), seen)
    if t == "unary_expression":
        return True  # -x, !x, ~x, typeof x, void x: a number, a boolean, a type's name
    if t == "await_expression":
        inner = u.named_children
        return bool(inner) and _value_non_text(mod, inner[0], seen)
    if t == "binary_expression":
        op = u.child_by_field_name("operator")
        if op is not None and op.type in _NUMBER_OPS:
            return True
        return all(_value_non_text(mod, u.child_by_field_name(f), seen) for f in ("left", "right"))
    if t == "ternary_expression":
        return all(_value_non_text(mod, u.child_by_field_name(f), seen) for f in ("consequence", "alternative"))
    if t == "member_expression":
        prop = u.child_by_field_name("property")
        return prop is not None and N.text(mod.data, prop) in _NUMBER_FIELDS
    if t == "call_expression":
        fn = u.child_by_field_name("function")
        d = N.text(mod.data, fn) if fn is not None else ""
        return d in _NUMBER_CALLS or d.startswith("Math.")
    return False
