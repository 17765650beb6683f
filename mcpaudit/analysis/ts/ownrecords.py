"""A secrets manager's record that a tool just wrote, returned to the caller who wrote it.

``const { secret } = await sdk.secrets().createSecret(args.name, { secretValue: args.value })``
then ``return ... JSON.stringify(secret)``: the variable is named like a credential, but what it
holds is the record the call created, whose value is the one the caller passed in the same call
(the catalog's ``own-records.calls``: a call that creates, updates or deletes a secret, a
variable or a key). Returned to that caller, it discloses nothing the caller did not give. A
record's identifier fields (``secret.secretKey``, ``secret.secretName``: the record's own word and
an ``own-records.id-fields`` suffix) are its name, not its value, whatever the call.

A variable declared from such a call is ``"own"`` when the call was given caller input under a
secret-named property or argument (``secretValue: data.secretValue``), else ``"record"`` (a
delete, a fetch by name: the service's stored value may come back, so the record stays a secret
and only its identifier fields do not).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N

_KEY = "own_records"


def _names(fa, pattern) -> list:
    """The variables a declarator binds: ``x``, or the shorthand names of ``{ a, b: c }``."""
    if pattern.type == "identifier":
        return [N.text(fa.data, pattern)]
    if pattern.type != "object_pattern":
        return []
    out = []
    for c in pattern.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            out.append(N.text(fa.data, c))
        elif c.type == "pair_pattern" and (v := c.child_by_field_name("value")) is not None and v.type == "identifier":
            out.append(N.text(fa.data, v))
    return out


def _caller(t) -> bool:
    return any(str(label[0]).startswith("p") for label in t)


def _written(fa, value) -> Optional[str]:
    """"own" / "record" for a call writing a record (see the module docstring), else None."""
    v = N.unwrap(value)
    if v is not None and v.type == "await_expression" and v.named_children:
        v = N.unwrap(v.named_children[0])
    calls = fa.M.own_record_calls
    if v is None or v.type != "call_expression" or calls is None:
        return None
    callee = v.child_by_field_name("function")
    last = N.last_name(fa.data, callee) if callee is not None else None
    args = v.child_by_field_name("arguments")
    if not last or not calls.search(last) or args is None:
        return None
    args = [a for a in args.named_children if a.type != "comment"]
    if not any(_caller(fa.ev_quiet(a)) for a in args):
        return None  # nothing of the caller's: the server's own record
    for a in args:
        u = N.unwrap(a)
        named = N.last_name(fa.data, u) if u is not None and u.type in ("identifier", "member_expression") else None
        if named and fa.M.is_secret_name(named) and _caller(fa.ev_quiet(u)):
            return "own"
        props = N.object_props(fa.data, u) if u is not None and u.type == "object" else {}
        if any(fa.M.is_secret_name(k) and _caller(fa.ev_quiet(p)) for k, p in props.items()):
            return "own"
    return "record"


def note_declared(fa, pattern, value) -> None:
    """Remember (or forget) the variables ``pattern`` binds as holding a written record."""
    held = fa.__dict__.setdefault(_KEY, {})
    kind = _written(fa, value) if value is not None else None
    for name in _names(fa, pattern):
        if kind:
            held[name] = kind
        else:
            held.pop(name, None)


def own_secret(fa, name: str) -> bool:
    """``name`` holds a record whose secret is the caller's own value of this call."""
    return fa.__dict__.get(_KEY, {}).get(name) == "own"


def record_field(fa, parts, key: Optional[str]) -> Optional[str]:
    """For ``rec.<key>`` of a written record: "id" for one of its identifier fields (the
    record's word and an id suffix: ``secret.secretKey``), "own" for any field of a record
    holding the caller's own value, else None."""
    held = fa.__dict__.get(_KEY)
    if not held or not parts or len(parts) != 2 or not key or parts[0] not in held:
        return None
    word, ids = parts[0].lower(), fa.M.own_record_ids
    if ids is not None and key.lower().startswith(word) and ids.search(key[len(word):].lstrip("_")):
        return "id"
    return "own" if held[parts[0]] == "own" else None


__all__ = ["note_declared", "own_secret", "record_field"]
