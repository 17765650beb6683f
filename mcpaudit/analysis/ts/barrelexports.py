"""Libraries a project module hands on under its own name: a shared module of a JavaScript server
(``handlers/common.js``) imports ``path``, ``fs-extra``, ``simple-git`` and ``child_process`` once
and re-exports them (``export { path, fs, simpleGit, exec };``, or ``export { join } from
"path"``), and every handler module imports them from it (``import { path, fs } from
"./common.js"``) and calls ``fs.readFile(path.join(repoPath, file))``.

A module is analysed alone, so the handler module would see ``fs`` only as a name of the shared
module, and its calls would match no library row (the linker resolves project functions, not
library names). Before the modules are analysed, :func:`exported_libraries` reads every file with
an ``export { ... }`` clause and keeps, per module key, each exported name that is a library's
(imported in that file from a package, or re-exported from one); each module then resolves an
import of such a name to the library (sharedsinks.apply_bindings), as if it imported the package
itself (ts53c).
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Tuple

from .sharedsinks import _library_names, _package, module_keys

#: ``export { a, b as c }`` and ``export { a as b } from "pkg"`` (not ``export type { ... }``)
_CLAUSE = re.compile(rb"^[ \t]*export\s*\{([^}]*)\}\s*(?:from\s*['\"]([^'\"]+)['\"])?", re.M)
_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")


def _pairs(body: bytes):
    """(exported, local) name pairs of an export clause's body."""
    for part in body.decode("utf-8", "replace").split(","):
        part = part.strip()
        if not part or part.startswith("type "):
            continue
        local, _, exported = part.partition(" as ")
        local, exported = local.strip(), (exported.strip() or local.strip())
        if _NAME.match(local) and _NAME.match(exported):
            yield exported, local


def _package_of(name: str) -> str:
    """``fs-extra.readFile`` -> ``fs-extra``; ``@aws-sdk/client-s3.S3Client`` -> ``@aws-sdk/client-s3``."""
    return name.replace("()", "").split(".")[0]


def modelled_packages(M) -> FrozenSet[str]:
    """The packages the models name in a sink, a receiver's constructor, a call whose result they
    decide or a path derivation: only a re-export of one of these changes what a call matches (a
    path alias such as ``@src/config`` reads like a scoped package and must stay the project's)."""
    names = set(M.sink_calls) | set(M.receiver_constructors) | set(M.model_calls) | set(M.path_derivations)
    return frozenset(_package_of(n) for n in names)


def exported_libraries(files: Iterable[Tuple[str, bytes]], packages: FrozenSet[str]) -> Dict[str, Dict[str, str]]:
    """module key -> {exported name: the library name it is} over ``(relpath, bytes)`` pairs, for
    the libraries of ``packages`` (:func:`modelled_packages`)."""
    out: Dict[str, Dict[str, str]] = {}
    for rel, data in files:
        if not data or b"export" not in data:
            continue
        found: Dict[str, str] = {}
        names = None
        for m in _CLAUSE.finditer(data):
            if m.group(2) is not None:
                pkg = _package(m.group(2).decode("utf-8", "replace"))
                if pkg is not None:
                    found.update({e: pkg if local == "default" else f"{pkg}.{local}" for e, local in _pairs(m.group(1))})
                continue
            names = _library_names(data) if names is None else names
            found.update({e: names[local] for e, local in _pairs(m.group(1)) if local in names})
        found = {e: lib for e, lib in found.items() if _package_of(lib) in packages}
        for key in module_keys(rel) if found else ():
            out.setdefault(key, {}).update(found)
    return out


__all__ = ["exported_libraries", "modelled_packages"]
