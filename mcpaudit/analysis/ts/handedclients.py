"""A library client built in one function and handed on, by the same name, to handlers that take
it as an untyped parameter (issue 14, ts52b).

A low-level server builds the store's client per request and passes it to the tool object it
picked: ``const api = new WooCommerceRestApi({ url, consumerKey, consumerSecret });
return tool.handler(api, args)``, each tool defined elsewhere as ``handler: async (api: any,
args: any) => api.get(`orders/${args.orderId}`)``. The handler's module sees only a parameter
``api`` typed ``any``: no construction to know the receiver class by.

The engine reads every module's text before the per-module pass (``engines/ts.py``) and hands each
module, through its bindings (as :data:`~.interceptors.INTERCEPTED`), the pairs (receiver class,
variable name) of the clients some module of the project builds with a constructor of a receiver
class the models name (``receivers: constructors``, imported from its package, also through the
CommonJS interop alias ``(pkg as any).default || pkg``) and passes as an argument of a call.
A parameter of that same name whose declared type is missing or ``any`` is then such a client
(:func:`handed_receiver`). A parameter typed otherwise, or named differently, is not.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Tuple

#: the bindings entry that names them ("\x1f"-joined "<receiver class>\x1e<name>")
HANDED = "\x00handed-clients"
_ID = rb"[A-Za-z_$][\w$]*"
_DEFAULT = re.compile(rb"import\s+(" + _ID + rb")\s*(?:,\s*\{[^}]*\})?\s+from\s*[\"']([^\"']+)[\"']")
_NAMED = re.compile(rb"import\s*(?:" + _ID + rb"\s*,\s*)?\{([^}]*)\}\s*from\s*[\"']([^\"']+)[\"']")
_REQUIRE = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*=\s*require\s*\(\s*[\"']([^\"']+)[\"']\s*\)")
_INTEROP = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*=\s*\(?\s*(" + _ID +
                      rb")\s*(?:as\s+any\s*)?\)?\s*(?:\.\s*default|\[\s*[\"']default[\"']\s*\])\s*(?:\|\||\?\?)\s*\2\b")
_NEW = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*(?::\s*[\w$.<>]+\s*)?=\s*new\s+(" + _ID + rb")\s*\(")


def _imported(data: bytes) -> Dict[str, str]:
    """Local name -> the dotted import (``pkg`` for a default import, ``pkg.Name`` for a named one)."""
    out: Dict[str, str] = {}
    for m in _DEFAULT.finditer(data):
        out[m.group(1).decode()] = m.group(2).decode()
    for m in _REQUIRE.finditer(data):
        out[m.group(1).decode()] = m.group(2).decode()
    for m in _NAMED.finditer(data):
        pkg = m.group(2).decode()
        for part in m.group(1).decode().split(","):
            name, _, local = part.strip().partition(" as ")
            if name.strip():
                out[(local or name).strip()] = f"{pkg}.{name.strip()}"
    for m in _INTEROP.finditer(data):
        base = m.group(2).decode()
        if base in out:
            out[m.group(1).decode()] = out[base]
    return out


def handed_clients(data: bytes, receivers: Iterable[Tuple[str, FrozenSet[str]]]) -> List[str]:
    """``"<receiver class>\\x1e<name>"`` for each client module text ``data`` builds with a
    receiver class's constructor and passes as a call's argument."""
    if b"new " not in data:
        return []
    imported = _imported(data)
    out: List[str] = []
    for m in _NEW.finditer(data):
        var, ctor = m.group(1).decode(), m.group(2).decode()
        dotted = imported.get(ctor)
        if not dotted:
            continue
        names = {dotted, f"{dotted}.default"}
        rc = next((rid for rid, ctors in receivers if names & ctors), None)
        if rc is None:
            continue
        if re.search(rb"\w\s*\([^()]*?(?<![\w$.])" + re.escape(var.encode()) + rb"\s*[,)]", data[m.end():]):
            out.append(f"{rc}\x1e{var}")
    return out


def handed(mod) -> FrozenSet[Tuple[str, str]]:
    """(receiver class, name) pairs some module of the project hands on (empty without bindings)."""
    extra = getattr(mod, "extra_imports", None) or {}
    return frozenset(tuple(p.split("\x1e", 1)) for p in extra.get(HANDED, "").split("\x1f") if "\x1e" in p)


def handed_receiver(fa, rc, r) -> bool:
    """Whether the receiver node ``r`` is an untyped parameter named like a client of class ``rc``
    that the project builds and hands on."""
    if r is None or r.type != "identifier":
        return False
    pairs = handed(fa.mod)
    if not pairs:
        return False
    name = fa.data[r.start_byte:r.end_byte].decode("utf-8", "replace")
    if (rc.id, name) not in pairs:
        return False
    param = next((p for p in fa.params if p.name == name and p.kind in ("pos", "vararg")), None)
    return param is not None and (param.annotation in (None, "", "any", "unknown"))


__all__ = ["HANDED", "handed", "handed_clients", "handed_receiver"]
