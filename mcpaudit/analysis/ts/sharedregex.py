"""Regular expressions and string enums exported by one module and used in another's schemas
(issue 14, ts28b).

``export const ORDER_ID_REGEX = /^[A-Z0-9]{17,32}$/;`` in ``regex.ts``, imported by the module of
the tool schemas: ``order_id: z.string().regex(ORDER_ID_REGEX)``. A module is analysed alone, so
the importing module does not know the pattern and reads the field as unchecked. Before the
modules are analysed, :func:`exported_regexes` reads every file's one-line exported regex
constants and keeps them per module key (with the sink constants of :mod:`.sharedsinks`, as
``<module key>#<name>`` -> ``/pattern/flags``); :func:`.sharedsinks.apply_bindings` gives an
import of one to the module as a regex of its own (``mod.regexes``). An exported enum of string
members (``export enum keys { subscriptionId = "subscription_id" }``, used as a schema's computed
key ``[keys.subscriptionId]``) is kept the same way; its members become the importing module's
constants (``keys.subscriptionId``).
"""

from __future__ import annotations

import json
import re
from typing import Dict, Optional, Tuple

_EXPORTED = re.compile(rb"^export\s+const\s+([A-Za-z_$][\w$]*)\s*(?::\s*RegExp\s*)?=\s*(/.+/[a-z]*)\s*;?[ \t]*$", re.M)
_ENUM = re.compile(rb"^export\s+(?:const\s+)?enum\s+([A-Za-z_$][\w$]*)\s*\{([^}]*)\}", re.M)
_MEMBER = re.compile(r"([A-Za-z_$][\w$]*)\s*=\s*['\"]([^'\"\n]*)['\"]")
#: a binding value that is a regex literal (a sink name never starts with a slash)
REGEX_VALUE = "/"
#: a binding value that is an exported enum's string members (JSON)
ENUM_VALUE = "{enum}"


def exported_regexes(rel: str, data: bytes) -> Dict[str, str]:
    """``<module key>#<name>`` -> ``/pattern/flags`` of the module's exported regex constants, and
    -> :data:`ENUM_VALUE` + members of its exported string enums."""
    if not data or b"export" not in data:
        return {}
    from .sharedsinks import module_keys  # imported late: that module imports this one

    keys = module_keys(rel)
    out: Dict[str, str] = {}
    for m in _ENUM.finditer(data):
        members = dict(_MEMBER.findall(m.group(2).decode("utf-8", "replace")))
        if members:
            out.update({f"{k}#{m.group(1).decode('utf-8', 'replace')}": ENUM_VALUE + json.dumps(members, sort_keys=True)
                        for k in keys})
    for m in _EXPORTED.finditer(data):
        out.update({f"{k}#{m.group(1).decode('utf-8', 'replace')}": m.group(2).decode("utf-8", "replace") for k in keys})
    return out


def regex_binding(mod, local: str, hit: str) -> bool:
    """An import bound to another module's regex constant (kept as the module's regex ``local``:
    pattern, flags) or string enum (its members kept as constants ``local.member``); True when
    ``hit`` was one."""
    if hit.startswith(ENUM_VALUE):
        for member, value in json.loads(hit[len(ENUM_VALUE):]).items():
            mod.consts[f"{local}.{member}"] = value
        return True
    if not hit.startswith(REGEX_VALUE):
        return False
    parts = _split(hit)
    if parts is not None:
        mod.regexes[local] = parts
    return True


def _split(lit: str) -> Optional[Tuple[str, str]]:
    body, sep, flags = lit[1:].rpartition("/")
    return (body, flags) if sep and body else None
