"""Whether a module's code names a credential the server holds (issue 14, ts33b; read by
barrentools.py).

An open HTTP transport in front of tools that only send requests gains a caller nothing when
the server holds no credential those requests could carry. The evidence of one is a word of the
code that names a credential (the catalog's ``is_secret_name``, whose exceptions already know an
ERC-20 ``tokenAddress`` or a ``max_tokens``): an identifier, a property, or a one-word string
(``"Authorization"``, ``"x-api-key"``). Not evidence:

* comments (``// Format a token amount``) and prose strings: they hold no value;
* a credential that arrives as a tool parameter (``privateKey`` of a signing tool, and names that
  end in it, ``formattedPrivateKey``): the caller's own key, which the caller already has;
* a tool's name (``transfer_starknet_token``), and a coin's record under a token name
  (``token: { symbol, decimals }``, the catalog's ``asset-records`` fields);
* the CORS configuration (``cors({ allowedHeaders: ["Authorization"], credentials: true })``,
  ``Access-Control-Allow-*`` headers): it says which headers a browser may send, not a key.
"""

from __future__ import annotations

from typing import FrozenSet, Iterable

from . import nodes as N
from .parse import parse

_WORDS = ("identifier", "property_identifier", "shorthand_property_identifier",
          "shorthand_property_identifier_pattern", "type_identifier")


def _cors(data: bytes, call) -> bool:
    fn = call.child_by_field_name("function")
    name = N.text(data, fn) if fn is not None else ""
    if name == "cors" or name.endswith(".cors"):
        return True
    args = N.args_of(call)
    first = N.string_value(data, args[0]) if args else None
    return bool(first) and first.lower().startswith("access-control-")


def _asset_record(data: bytes, n, fields) -> bool:
    """``token: { symbol, decimals }`` (a value or a type, ``const token = { ... }``): a coin's
    record under the name."""
    value = n.child_by_field_name("value") if n.type in ("pair", "variable_declarator") else n.child_by_field_name("type")
    if value is not None and value.type == "type_annotation" and value.named_children:
        value = value.named_children[0]
    if value is None or value.type not in ("object", "object_type"):
        return False
    keys = [N.text(data, c.child_by_field_name("key") or c.child_by_field_name("name") or c).split(":")[0].strip()
            for c in value.named_children if c.type in ("pair", "property_signature", "shorthand_property_identifier")]
    return bool(keys) and all(fields.search(k) for k in keys)


def _nodes(root, kind: str):
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == kind:
            yield n
        stack.extend(n.named_children)


def _words(data: bytes, root, fields=None) -> Iterable[str]:
    stack = [root]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "comment" or (t == "call_expression" and _cors(data, n)):
            continue
        if t in ("pair", "property_signature", "variable_declarator") and fields is not None and _asset_record(data, n, fields):
            v = n.child_by_field_name("value") or n.child_by_field_name("type")
            stack.extend([v] if v is not None else [])
            continue
        if t in _WORDS:
            yield N.text(data, n)
        elif t == "string":
            s = N.string_value(data, n)
            if s and " " not in s and "," not in s and len(s) < 40:
                yield s
            continue
        elif t == "string_fragment" and n.parent is not None and n.parent.type == "template_string":
            s = N.text(data, n).strip()
            if s.startswith(("Bearer ", "Basic ", "Token ")) or (s and " " not in s and len(s) < 40):
                yield s.split(" ", 1)[0]  # `Bearer ${key}`: an Authorization value
        stack.extend(n.children if t == "template_string" else n.named_children)


def caller_keys(project) -> FrozenSet[str]:
    """The lower-cased names of the project's tool parameters that name a credential, and the
    tools' own names (``transfer_starknet_token`` is a name, not a token)."""
    from ...catalog import catalog

    M = catalog().typescript
    tools = [t for t in project.tools if t.kind in ("tool", "call_tool")]
    return frozenset(p.name.lower() for t in tools for p in t.parameters if M.is_secret_name(p.name)) | \
        frozenset("=" + t.name.lower() for t in tools)


def names_held_credential(path: str, text: str, given: FrozenSet[str]) -> bool:
    """Whether the module's code names a credential other than the callers' own (``given``)."""
    from ...catalog import catalog

    M = catalog().typescript
    data = text.encode("utf-8")
    fields = M.asset_records[1] if M.asset_records else None
    root = parse(data, path).root_node
    # const token = { symbol, decimals }: the name stands for that record wherever it is used
    coins = {N.text(data, d.child_by_field_name("name")) for d in _nodes(root, "variable_declarator")
             if fields is not None and d.child_by_field_name("name") is not None and _asset_record(data, d, fields)}
    for w in _words(data, root, fields):
        low = w.lower()
        if w in coins or "=" + low in given or any(low.endswith(g) for g in given if not g.startswith("=")):
            continue
        if M.is_secret_name(w):
            return True
    return False


__all__ = ["caller_keys", "names_held_credential"]
