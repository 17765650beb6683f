"""One-line resolver wrappers exported by one module and imported by another (issue 14).

    // utils/paths.ts
    export function normalizePath(p: string): string {
      return path.normalize(p);
    }
    // guards.ts
    import { normalizePath } from "./utils/paths.js";
    const normalized = normalizePath(absolute);
    if (!roots.some((root) => normalized.startsWith(root))) throw ...;

:mod:`.resolverwrappers` reads such a wrapper as the resolver it calls, but only inside the
module that defines it: a module is analysed alone, so in the importing module ``normalizePath``
is a name of another module, a project function the check's result is not tied to, and the
containment check on its result guards nothing (a sound check reads as an unresolved one, a weak
one loses its diagnosis). Before the modules are analysed, :func:`exported_resolvers` reads every
module for exported functions whose whole body returns a resolver of the models
(``path.normalize/resolve/join``, ``fs.realpath``...) applied to their own parameters, each once
and in their order (the shape :mod:`.resolverwrappers` accepts); the importing module gets the
binding ``<module key>#<name>`` -> the resolver (:func:`~.sharedsinks.bindings`,
:func:`~.sharedsinks.apply_bindings`), so its call is the resolver's call there too.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

_IDENT = r"[A-Za-z_$][\w$]*"
#: ``export [async] function NAME(PARAMS)[: T] { return [await] CALLEE(ARGS)[;] }``
_FUNC = re.compile(
    rb"^export\s+(?:async\s+)?function\s+(" + _IDENT.encode() + rb")\s*\(([^()]*)\)\s*(?::[^{]*)?\{\s*"
    rb"return\s+(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\(([^()]*)\)\s*;?\s*\}", re.M)
#: ``export const NAME[: T] = [async] (PARAMS)[: T] => [{ return] [await] CALLEE(ARGS)``
_ARROW = re.compile(
    rb"^export\s+const\s+(" + _IDENT.encode() + rb")\s*(?::[^=\n]*)?=\s*(?:async\s*)?\(([^()]*)\)\s*"
    rb"(?::[^=\n]*)?=>\s*(\{\s*return\s+)?(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\(([^()]*)\)[ \t]*;?"
    # the body ends right after the call: a block closes, an expression body ends its line
    # (``path.resolve(p).startsWith(ROOT)``, ``path.normalize(p) || ""`` continue: no resolver)
    # nor on the next line (``\n  .startsWith(ROOT)``)
    rb"(?(3)\s*\}|[ \t]*(?://[^\n]*)?$(?!\s*(?:[.?|&+*%<>=[-]|/(?![/*]))))", re.M)


def _names(text: bytes, typed: bool) -> Optional[List[str]]:
    """The parameter (``typed``) or argument names of a list; None when one is not a plain
    identifier (a default value, a rest parameter, a destructuring, an expression)."""
    out = []
    for part in text.decode("utf-8", "replace").split(","):
        part = part.strip()
        if not part:
            continue
        name = part.split(":", 1)[0].strip() if typed else part
        if typed and name.endswith("?"):
            name = name[:-1]
        if not re.fullmatch(_IDENT, name):
            return None
        out.append(name)
    return out or None


def _wrappers(data: bytes) -> Iterable[Tuple[str, List[str], str, List[str]]]:
    """(name, parameters, callee, arguments) of the module's exported one-call functions."""
    for m in _FUNC.finditer(data):
        params, args = _names(m.group(2), True), _names(m.group(4), False)
        if params and args:
            yield m.group(1).decode(), params, m.group(3).decode(), args
    for m in _ARROW.finditer(data):
        params, args = _names(m.group(2), True), _names(m.group(5), False)
        if params and args:
            yield m.group(1).decode(), params, m.group(4).decode(), args


def exported_resolvers(files: Iterable[Tuple[str, bytes]], resolvers: FrozenSet[str]) -> Dict[str, Dict[str, str]]:
    """module key -> {exported function: the resolver it wraps} over ``(relpath, bytes)`` pairs: a
    function whose whole body returns a resolver applied to its own parameters in their order."""
    from .sharedsinks import _library_names, _resolved, module_keys

    out: Dict[str, Dict[str, str]] = {}
    for rel, data in files:
        if not data or b"export" not in data:
            continue
        names = None
        for name, params, callee, args in _wrappers(data):
            if args != params:
                continue  # reordered, a base added, a constant: a project function as before
            names = _library_names(data) if names is None else names
            target = _resolved(names, callee)
            if target in resolvers:
                for key in module_keys(rel):
                    out.setdefault(key, {})[name] = target
    return out


__all__ = ["exported_resolvers"]
