"""Sinks made in one module and called in another: ``export const execAsync = promisify(exec)`` in
a utility module, imported by name and called as ``await execAsync(command)`` in a tool's module.

A module is analysed alone, so the importing module sees ``execAsync`` only as a name of the
other module, and the linker finds no project function there (it is a constant). Before the
modules are analysed, :func:`exported_sinks` reads every file that calls a "same function"
wrapper of the models (``util.promisify``: the result is the function it is given) at its top
level and keeps, per module key, the constants made so from a library function; each module then
gets these (:func:`bindings`) and resolves an import of one to that library function
(:func:`apply_bindings`), so its calls are the sink calls they are in the module that made them.
A module's summary is cached under its bytes and these bindings (``mcpaudit.engines.cst``).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Tuple

from .sharedregex import regex_binding
from .sharedschemas import schema_binding
from .sharedwrappers import wrapper_binding
from .seplists import sepend_binding

#: ``const NAME = FN(ARG)`` at the start of a line (module level), exported or not
_CONST = re.compile(rb"^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*"
                    rb"([A-Za-z_$][\w$.]*)\s*\(\s*([A-Za-z_$][\w$.]*)\s*\)", re.M)
#: ``import { a, b as c } from "pkg"`` / ``import * as ns from "pkg"`` / ``import d from "pkg"``
_NAMED = re.compile(rb"import\s*\{([^}]*)\}\s*from\s*['\"]([^'\"]+)['\"]")
_NS = re.compile(rb"import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s*['\"]([^'\"]+)['\"]")
#: ``const { a, b: c } = require("pkg")`` / ``const ns = require("pkg")``
_REQ_NAMED = re.compile(rb"(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['\"]([^'\"]+)['\"]\s*\)")
_REQ_NS = re.compile(rb"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['\"]([^'\"]+)['\"]\s*\)")


def _key(path: str) -> str:
    from .module import module_key  # imported late: that module imports this one
    return module_key(path)


def module_keys(rel: str) -> List[str]:
    """The keys that name the module at ``rel``: its own, and for an ``index`` file its folder's."""
    key = _key(rel)
    return [key, key[: -len("/index")]] if key.endswith("/index") else [key]


def _package(spec: str) -> Optional[str]:
    """A library specifier as the models name it (``node:child_process`` -> ``child_process``);
    None for the project's own modules."""
    if spec.startswith((".", "/", "@/", "~/", "#")):
        return None
    return spec[5:] if spec.startswith("node:") else spec


def _library_names(data: bytes) -> Dict[str, str]:
    """Local name -> the library name it stands for (``exec`` -> ``child_process.exec``,
    ``cp`` -> ``child_process``)."""
    out: Dict[str, str] = {}
    for rx in (_NAMED, _REQ_NAMED):
        for m in rx.finditer(data):
            pkg = _package(m.group(2).decode("utf-8", "replace"))
            if pkg is None:
                continue
            sep = b" as " if rx is _NAMED else b":"
            for part in m.group(1).split(b","):
                name, _, local = part.strip().partition(sep)
                name, local = name.strip().decode("utf-8", "replace"), (local.strip() or name.strip()).decode("utf-8", "replace")
                if name and re.match(r"^[A-Za-z_$][\w$]*$", local) and not name.startswith("type "):
                    out[local] = f"{pkg}.{name}"
    for rx in (_NS, _REQ_NS):
        for m in rx.finditer(data):
            pkg = _package(m.group(2).decode("utf-8", "replace"))
            if pkg is not None:
                out.setdefault(m.group(1).decode("utf-8", "replace"), pkg)
    return out


def _resolved(names: Dict[str, str], dotted: str) -> Optional[str]:
    head, _, rest = dotted.partition(".")
    base = names.get(head)
    if base is None:
        return None
    return f"{base}.{rest}" if rest else base


def exported_sinks(files: Iterable[Tuple[str, bytes]], same_function: Iterable[str],
                   sinks: Iterable[str]) -> Dict[str, Dict[str, str]]:
    """module key -> {constant: the library sink it is} over ``(relpath, bytes)`` pairs: module
    level constants made by a same-function wrapper (``promisify(exec)``) of a library sink."""
    same, sink_names = frozenset(same_function), frozenset(sinks)
    out: Dict[str, Dict[str, str]] = {}
    for rel, data in files:
        if not data or b"promisify" not in data:
            continue
        names = None
        for m in _CONST.finditer(data):
            names = _library_names(data) if names is None else names
            wrapper = _resolved(names, m.group(2).decode("utf-8", "replace"))
            target = _resolved(names, m.group(3).decode("utf-8", "replace"))
            if wrapper in same and target in sink_names:
                for key in module_keys(rel):
                    out.setdefault(key, {})[m.group(1).decode("utf-8", "replace")] = target
    return out


def bindings(exported: Dict[str, Dict[str, str]]) -> Dict[str, str]:
    """The bindings every module gets: ``<module key>#<name>`` -> the library sink."""
    return {f"{k}#{n}": t for k, names in exported.items() for n, t in names.items()}


def apply_bindings(mod, extra: Optional[Dict[str, str]]) -> None:
    """Resolve the module's imports of another module's sink constants to the sink (a path alias
    import ``*suffix#name`` matches the one module key ending with that suffix)."""
    if not extra:
        return
    for local, ref in list(mod.imports.items()):
        key, sep, name = ref.partition("#")
        if not sep or not name:
            continue
        hit = extra.get(ref)
        if hit is None and key.startswith("*"):
            hits = sorted(r for r in extra if r.endswith(f"/{key[1:]}#{name}") or r == f"{key[1:]}#{name}")
            hit = extra[hits[0]] if len(hits) == 1 else None
        if hit is not None and not (wrapper_binding(mod, local, hit) or regex_binding(mod, local, hit) or
                                    sepend_binding(mod, local, hit) or  # a regex constant: sharedregex.py
                                    schema_binding(mod, local, hit)):  # a zod enum: sharedschemas.py
            mod.imports[local] = hit
