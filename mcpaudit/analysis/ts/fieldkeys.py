"""A secret-named local that holds a field's key, not a credential (issue 14, ts31b).

    for (const [userKey, value] of Object.entries(attributes)) {
      const apiKey = getAttributeSlug(userKey, objectType);
      logger.debug("Mapped attribute name", { from: userKey, to: apiKey });

``apiKey`` is the API's key *for a field* (an attribute slug the user's field name maps to), named
like a credential. A local of the function declared with the result of a call whose name says it
gives such a key (the catalog's ``field-key-calls``: ``getAttributeSlug``, ``toFieldName``,
``columnKey``) holds that key; reading it reads no secret. Only the local's own declaration
counts: a parameter, a module constant or a value assigned later is judged as before.
"""

from __future__ import annotations

from . import nodes as N


def field_key_local(fa, name: str) -> bool:
    """Whether ``name`` is a local of ``fa`` (a TsFunction) declared with a field-key call."""
    return _declared_by(fa, name, fa.M.field_key_calls, "_field_key_locals")


def public_return_local(fa, name: str) -> bool:
    """Whether ``name`` is a local of ``fa`` declared with a call of a function named for a
    public token (the catalog's ``public-returns``: ``const mapToken = await
    resolvePublicToken(...)``): what it returns is no secret (statements.py marks it so inside
    the function; a caller's secret-named local reads it before the call is linked). mend45b."""
    return _declared_by(fa, name, fa.M.public_return_name, "_public_return_locals")


def _declared_by(fa, name: str, pattern, key: str) -> bool:
    if pattern is None or fa.node is None or name not in fa.locals:
        return False
    cache = fa.__dict__.setdefault(key, {})
    if name not in cache:
        v = fa._local_value(name, fa.node)
        v = N.unwrap(v.named_children[0]) if v is not None and v.type == "await_expression" and v.named_children else v
        fn = N.unwrap(v.child_by_field_id(fa.F.function)) if v is not None and v.type == "call_expression" else None
        callee = N.text(fa.data, fn).rsplit(".", 1)[-1] if fn is not None and fn.type in ("identifier", "member_expression") else ""
        cache[name] = bool(callee) and bool(pattern.search(callee))
    return cache[name]


__all__ = ["field_key_local", "public_return_local"]
