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

A client made by a factory rather than ``new`` counts the same (issue 14, ts58a): a factory of
the receiver class called as is (``const git = simpleGit(dir)``), or a function of the project
declared to return the class (``function createGitInstance(dir?: string): SimpleGit``, imported
from the library; :func:`client_factories`), handed on to a helper's untyped parameter
(``private async executeConfig(git: any, args)`` called as ``this.executeConfig(git, args)``).
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

#: the bindings entry that names them ("\x1f"-joined "<receiver class>\x1e<name>")
HANDED = "\x00handed-clients"
_ID = rb"[A-Za-z_$][\w$]*"
_DEFAULT = re.compile(rb"import\s+(" + _ID + rb")\s*(?:,\s*\{[^}]*\})?\s+from\s*[\"']([^\"']+)[\"']")
_NAMED = re.compile(rb"import\s*(?:" + _ID + rb"\s*,\s*)?\{([^}]*)\}\s*from\s*[\"']([^\"']+)[\"']")
_REQUIRE = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*=\s*require\s*\(\s*[\"']([^\"']+)[\"']\s*\)")
_INTEROP = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*=\s*\(?\s*(" + _ID +
                      rb")\s*(?:as\s+any\s*)?\)?\s*(?:\.\s*default|\[\s*[\"']default[\"']\s*\])\s*(?:\|\||\?\?)\s*\2\b")
#: ``const x = new Ctor(`` or ``const x = [await] factory(``
_MADE = re.compile(rb"(?:const|let|var)\s+(" + _ID + rb")\s*(?::\s*[\w$.<>]+\s*)?=\s*(?:new\s+|(?:await\s+)?)(" + _ID + rb")\s*\(")
#: a function (or arrow) declared to return a type: ``function name(...): Type`` / ``Promise<Type>``
_RETURNS = re.compile(rb"(?:function\s*\*?\s*(" + _ID + rb")|(?:const|let)\s+(" + _ID + rb")\s*=\s*(?:async\s*)?)"
                      rb"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*:\s*(?:Promise\s*<\s*)?(" + _ID + rb")\s*>?\s*(?:=>|\{)")


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


def _receiver_of(imported: Dict[str, str], name: str, receivers) -> Optional[str]:
    """The receiver class whose constructors name the imported ``name`` (or its default export)."""
    dotted = imported.get(name)
    if not dotted:
        return None
    names = {dotted, f"{dotted}.default"}
    return next((rid for rid, ctors in receivers if names & ctors), None)


def client_factories(read: Iterable[Tuple[str, bytes]], receivers) -> Dict[str, str]:
    """Function name -> receiver class, for the project's functions declared to return a client of
    a receiver class by the library's type (``function createGitInstance(): SimpleGit``,
    ``const makeGit = (dir: string): SimpleGit =>``, also ``Promise<SimpleGit>``)."""
    out: Dict[str, str] = {}
    for _r, data in read:
        if b"function" not in data and b"=>" not in data:
            continue
        imported = None
        for m in _RETURNS.finditer(data):
            imported = imported if imported is not None else _imported(data)
            rc = _receiver_of(imported, m.group(3).decode(), receivers)
            if rc is not None:
                out.setdefault((m.group(1) or m.group(2)).decode(), rc)
    return out


def handed_clients(data: bytes, receivers: Iterable[Tuple[str, FrozenSet[str]]],
                   factories: Optional[Dict[str, str]] = None) -> List[str]:
    """``"<receiver class>\\x1e<name>"`` for each client module text ``data`` builds with a
    receiver class's constructor or factory (or one of the project's ``factories``,
    :func:`client_factories`) and passes as a call's argument."""
    factories = factories or {}
    imported = _imported(data)
    if not imported:
        return []
    out: List[str] = []
    for m in _MADE.finditer(data):
        var, ctor = m.group(1).decode(), m.group(2).decode()
        rc = _receiver_of(imported, ctor, receivers)
        if rc is None and not m.group(0).rstrip(b"( \t").endswith(b"new " + m.group(2)):
            rc = factories.get(ctor)  # the project's own factory, imported or declared here
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


__all__ = ["HANDED", "client_factories", "handed", "handed_clients", "handed_receiver"]
