"""Records about a credential, read under a credential's name: ``report.token`` where ``report``
is declared ``Report`` and ``interface Report { token: TokenStatus }`` holds the token's status
(created and expiry dates, time remaining, an expiring-soon flag), never the token. A
secret-named property whose declared type is a record named for a status, an info or a
metadata record (``TokenStatus``, ``KeyInfo``, ``CredentialMetadata``) or a date holds no secret
(the TypeScript declared type, issue 14, ts34). The local's declared type is the one its
declaration wrote (``const report: Report = { ... }``), which TypeScript keeps for every later
assignment."""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

_RECORD = re.compile(r"[a-z](Status|Statuses|Info|Metadata|Stats)$")
_PLAIN = frozenset({"Date"})


def declared_type(fa, name: str, ann) -> None:
    """``const name: T = ...``: the type its declaration wrote, as written."""
    tp = N.type_name(fa.data, ann) if ann is not None else None
    if tp:
        fa.__dict__.setdefault("_declared_types", {})[name] = tp


def _fields(mod, tp: str) -> Optional[dict]:
    short = tp.rsplit("#", 1)[-1].rsplit(".", 1)[-1]
    return (getattr(mod, "interface_fields", None) or {}).get(short)


def status_record(fa, parts) -> bool:
    """Whether ``a.b`` (parts) reads a property the declared interface of the local or
    parameter ``a`` types as a record about a credential (see the module's docstring)."""
    if not parts or len(parts) != 2:
        return False
    tp = fa.__dict__.get("_declared_types", {}).get(parts[0])
    if tp is None and parts[0] in fa.param_names:
        tp = fa.types.get(parts[0])
    fields = _fields(fa.mod, tp) if tp else None
    ftp = fields.get(parts[1]) if fields else None
    return bool(ftp) and (ftp in _PLAIN or _RECORD.search(ftp.rsplit(".", 1)[-1]) is not None)
