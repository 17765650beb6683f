"""Which field of an object literal brought which taint, so that an object-rest pattern that
leaves a field out also leaves out what only that field held (issue 14, ts49b).

    config.params = { ...config.params, key: apiKey };          // apiKey: the vendor's key
    const { key: _key, ...safeParams } = (config.params ?? {}) as Record<string, unknown>;
    logger.debug({ url: config.url, params: safeParams });      // no key in safeParams

When a variable or a property path is assigned an object literal, each property's labels are
noted (``fields``) beside what its spreads, computed keys and later stores may hold (``other``).
The rest binding of a pattern over that path then drops the labels that only the fields bound
before the rest brought: the secret placed under ``key`` does not reach the rest, whatever the
field is called (restsplit.py drops a secret-*named* field's secrets on its own). A spread of a
path noted so copies its fields (``{ ...base, page: 1 }``). A label another field or a spread
also holds stays; a store into the path later (``o.extra = token``) is noted too.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Tuple

from . import nodes as N

#: path -> ({field: labels}, labels of the spreads, computed keys and stores not by field)
Fields = Tuple[Dict[str, FrozenSet], FrozenSet]


def _table(fa) -> Dict[str, Fields]:
    t = getattr(fa, "field_labels", None)
    if t is None:
        t = fa.field_labels = {}
    return t


def note_value(fa, name: str, value_node) -> None:
    """``name`` (a variable or a property path) is assigned ``value_node``: note its fields
    when it is an object literal, forget them otherwise."""
    table = _table(fa)
    for k in [k for k in table if k == name or k.startswith(name + ".")]:
        del table[k]
    node = N.unwrap(value_node) if value_node is not None else None
    if node is None or node.type != "object":
        return
    fields: Dict[str, FrozenSet] = {}
    other: FrozenSet = frozenset()
    for c in node.named_children:
        if c.type == "spread_element":
            inner = N.unwrap(c.named_children[0]) if c.named_children else None
            d = N.var_of(fa.data, inner) if inner is not None else None
            if d is not None and d in table:
                fields.update(table[d][0])
                other |= table[d][1]
            else:
                other |= frozenset(fa.ev_quiet(c))
        elif c.type == "shorthand_property_identifier":
            fields[N.text(fa.data, c)] = frozenset(fa.ev_quiet(c))
        elif c.type == "pair":
            k = N.prop_key(fa.data, c.child_by_field_name("key"))
            val = frozenset(fa.ev_quiet(c.child_by_field_name("value")))
            if k is None:
                other |= val
            else:
                fields[k] = val
        elif c.type != "comment":
            other |= frozenset(fa.ev_quiet(c))
    table[name] = (fields, other)


def note_store(fa, path: str, v) -> None:
    """``path`` (``o.k`` or deeper) is assigned a value of taint ``v``: a field of a noted object
    takes it, a deeper store counts for the object as a whole."""
    table = _table(fa)
    for base, (fields, other) in list(table.items()):
        if not path.startswith(base + "."):
            continue
        rest = path[len(base) + 1:]
        if "." not in rest:
            table[base] = ({**fields, rest: frozenset(v or ())}, other)
        else:
            table[base] = (fields, other | frozenset(v or ()))


def source_path(fa, value_node) -> Optional[str]:
    """The path a rest pattern's value reads: through ``as T``, parentheses and a default after
    ``??`` or ``||`` (``(config.params ?? {}) as Record<...>``)."""
    node = N.unwrap(value_node) if value_node is not None else None
    while node is not None and node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        right = N.unwrap(node.child_by_field_name("right"))
        if op is None or N.text(fa.data, op) not in ("??", "||") or right is None or right.type != "object" \
                or right.named_children:
            return None
        node = N.unwrap(node.child_by_field_name("left"))
    return N.var_of(fa.data, node) if node is not None else None


def left_out(fa, path: Optional[str], removed) -> FrozenSet:
    """The labels only the fields ``removed`` of the object noted at ``path`` brought."""
    if not path or not removed:
        return frozenset()
    entry = _table(fa).get(path)
    if entry is None:
        return frozenset()
    fields, other = entry
    gone = frozenset().union(*[fields[k] for k in removed if k in fields])
    kept = other.union(*[l for k, l in fields.items() if k not in removed])
    return gone - kept


__all__ = ["note_value", "note_store", "source_path", "left_out"]
