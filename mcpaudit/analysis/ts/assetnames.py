"""Credential-looking names that hold no credential, told by what the code does with them.

* **A table of constants** (``const TOKEN_SORT_LEGACY = { volume_24h: "volume_usd_24h" }`` at
  module level): every value of it is written in the code, so a read of it (``TOKEN_SORT_LEGACY[v]``)
  is one of those strings, never a secret the server holds; a constant string is judged the same
  way already (:meth:`Expressions._runtime_value`).
* **A crypto asset's record** (``processedToken.tokenBalance = decimal``): a value named for a token
  whose own fields are those of an ERC-20/SPL token (its balance, decimals, metadata, symbol,
  contract address: ``asset-records`` of the catalog's ``secret-names``) is a coin the wallet
  holds, not a credential.
"""

from __future__ import annotations

from typing import FrozenSet

from . import nodes as N

_DECLARATIONS = ("lexical_declaration", "variable_declaration")


def const_tables(mod) -> FrozenSet[str]:
    """Module-level ``const`` object literals whose every property is a constant of the code."""
    got = getattr(mod, "_const_tables", None)
    if got is not None:
        return got
    out = set()
    for s in mod.tree.root_node.named_children:
        if s.type == "export_statement":
            s = s.child_by_field_id(mod.F.declaration) or s
        if s.type not in _DECLARATIONS or not N.text(mod.data, s).startswith("const"):
            continue
        for d in (c for c in s.named_children if c.type == "variable_declarator"):
            name, value = d.child_by_field_id(mod.F.name), N.unwrap(d.child_by_field_id(mod.F.value))
            if name is not None and value is not None and value.type == "object" and _constant_object(mod, value):
                out.add(N.text(mod.data, name))
    mod._const_tables = frozenset(out)
    return mod._const_tables


def _constant_object(mod, obj) -> bool:
    props = [c for c in obj.named_children if c.type != "comment"]
    if not props:
        return False  # {} filled at run time
    for c in props:
        if c.type != "pair":
            return False  # a spread, a method, a shorthand name
        v = N.unwrap(c.child_by_field_id(mod.F.value))
        if v is None or (v.type not in ("number", "true", "false", "null") and mod.top.const_of(v) is None):
            return False
    return True


def asset_record(fn, name: str) -> bool:
    """``name`` is a token-named value of the function whose own fields (read or set) are those
    of a crypto asset's record."""
    spec = fn.M.asset_records
    if spec is None or not spec[0].search(name) or fn.node is None:
        return False
    cache = fn.__dict__.setdefault("_asset_records", {})
    hit = cache.get(name)
    if hit is None:
        hit = cache[name] = any(
            (obj := m.child_by_field_id(fn.F.object)) is not None and obj.type == "identifier"
            and N.text(fn.data, obj) == name and spec[1].search(N.text(fn.data, m.child_by_field_id(fn.F.property)) or "")
            for m in N.nodes_under(fn.node, "member_expression") if m.child_by_field_id(fn.F.property) is not None)
    return hit
