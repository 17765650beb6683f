"""Which tool classes a server loads, for tool discovery by class (issue 14, ts51b).

With no list of tool definitions, :meth:`.toolmaps.PickedTools.constructed_definitions` takes the
project classes with a constant name and the dispatched method that another module imports. Two
idioms defeat a test of plain imports alone:

- The live classes reach the loader through index files of re-exports (``export { GitAddCommand }
  from './GitAddCommand.js'``, ``export * from './x.js'``) that the loader loads at run time
  (``const m = await import('../implementations/git/index.js'); const { GitAddCommand } = m``).
  A re-export and a literal dynamic import are imports too.
- An older command tree nothing loads any more (its own index imports its classes the plain way,
  and no module imports that index) is still in the source. Its classes pass the test and fill
  the discovery's cap while the live ones are dropped.

So the classes that count are those imported, re-exported or dynamically loaded, and where the
package has an entry point (its ``package.json`` ``main``/``module``/``bin``/``exports``, else
the conventional ``index``/``main`` module at its top or in ``src``), those whose importer is
reached from that entry by a chain of static imports, re-exports and literal dynamic imports are
preferred: when any qualifies, the others are left out. The walk is lenient (an alias it cannot
resolve is only an edge it does not follow); as it only prefers, it never drops every class. A
load by a computed name is followed where its argument names the module or folder by literal parts
(``await import(path.join(here, "commands", "index.js"))``: that module; ``path.join(__dirname,
"tools", file)``: the modules of that folder), rev52t: the classes it loads were dropped whenever the
entry imported one tool class of its own. A name with no literal part (``import(filePath)`` of a
folder listed at run time) is not followed.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Tuple

from .entrygraph import _COMMENT, _COMPUTED, _LITERAL_CALL as _DYNAMIC, _SOURCE_EXT as _EXT, _STATIC, _file
from .module import module_key
from .instanceimports import instance_classes

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

# (the import forms and the file a specifier names: entrygraph's, which walks the same edges)
#: the conventional entry modules of a package with no declared one
_CONVENTIONAL = ("src/index", "index", "src/main", "main", "src/server", "server")


def imported_classes(linker: "TsLinker", shipped: List[str]) -> Tuple[Optional[Set[str]], Set[str]]:
    """(the ``<module key>#<class>`` names the modules an entry point reaches import, re-export or
    load by a literal dynamic import - None with no entry point -, the same for every shipped
    module). The caller prefers the first when it yields any tool class."""
    cache = linker.__dict__.get("_live_classes")
    if cache is not None:
        return cache
    edges = _edges(linker, shipped)
    reached = _reached(linker, shipped, edges)
    live = _named(linker, [p for p in shipped if p in reached], edges) if reached else None
    out = (live, _named(linker, shipped, edges))
    linker.__dict__["_live_classes"] = out
    return out


def _named(linker: "TsLinker", importers: Iterable[str], edges: Dict[str, Dict[str, Set[str]]]) -> Set[str]:
    """The ``key#name`` values the importers bind or re-export, and every class of a module they
    load dynamically or re-export whole (``export * from``)."""
    out: Set[str] = set()
    for p in importers:
        m = linker.modules[p]
        out |= {_unaliased(linker, v) for v in m.imports.values() if "#" in v}
        out |= {_unaliased(linker, v) for v in (getattr(m, "exports", None) or {}).values() if isinstance(v, str) and "#" in v}
        for t in edges.get(p, {}).get("whole", ()):
            tm = linker.modules.get(t)
            if tm is not None:
                out |= {f"{module_key(t)}#{c}" for c in tm.classes}
    return out | instance_classes(linker, out)  # export const navigateTool = new NavigateTool() (instanceimports.py)


def _unaliased(linker: "TsLinker", ref: str) -> str:
    """``*tools/navigate#NavigateTool`` (an import through a path alias, ``@/tools/navigate.js``)
    as the key of the module it names, ``src/tools/navigate#NavigateTool`` (ts56a: the classes a
    server imports by an alias were none of its imported classes); any other reference as is."""
    if not ref.startswith("*"):
        return ref
    key, _, name = ref.partition("#")
    path = linker.module_of(key)
    return f"{module_key(path)}#{name}" if path else ref


def _edges(linker: "TsLinker", shipped: List[str]) -> Dict[str, Dict[str, Set[str]]]:
    """Per module, the project modules it loads (``all``) and those it loads whole (a literal
    dynamic import or ``export * from``: ``whole``), read from its text."""
    root = Path(getattr(linker, "scan_root", None) or ".")
    scanned = set(linker.modules)
    out: Dict[str, Dict[str, Set[str]]] = {}
    for p in shipped:
        try:
            text = _COMMENT.sub(" ", (root / p).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        every: Set[str] = set()
        whole: Set[str] = set()
        for spec in _STATIC.findall(text):
            every |= _resolve(p, spec, scanned)
        for spec in _DYNAMIC.findall(text):
            hit = _resolve(p, spec, scanned)
            every |= hit
            whole |= hit
        for spec in re.findall(r"""\bexport\s*\*\s*from\s*['"]([^'"\n]+)['"]""", text):
            whole |= _resolve(p, spec, scanned)
        for m in _COMPUTED.finditer(text):  # import(path.join(here, "commands", "index.js")) (rev52t)
            hit = _named_parts(p, text, m.end() - 1, scanned)
            every |= hit
            whole |= hit
        out[p] = {"all": every, "whole": whole}
    return out


#: a string literal of a path part (no blank, no template text)
_PART = re.compile(r"""["']([\w@.\-/]+)["']""")


def _named_parts(importer: str, text: str, start: int, scanned: Set[str]) -> Set[str]:
    """The modules a load by a computed name names by the literal parts of its argument
    (``import(path.join(here, "commands", "index.js"))``: that module; ``require(path.join(__dirname,
    "tools", file))``: the modules of that folder), beside the importer; empty when the argument
    holds no literal part (``import(filePath)``: a folder read at run time, not followed)."""
    depth, end = 1, start
    while end < len(text) and depth and end - start < 300:
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
    parts = _PART.findall(text[start:end])
    if not parts:
        return set()
    stem = posixpath.normpath(posixpath.join(posixpath.dirname(importer), *parts))
    hit = _file(stem, scanned)
    if hit:
        return hit
    folder = stem.rstrip("/") + "/"
    return {s for s in scanned if s.startswith(folder) and "/" not in s[len(folder):]}


def _resolve(importer: str, spec: str, scanned: Set[str]) -> Set[str]:
    """The scanned module a relative specifier names (with or without its extension, a folder's
    ``index``); empty for a package or anything else."""
    if not spec.startswith("."):
        return set()
    return _file(posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)), scanned)


def _entries(linker: "TsLinker", shipped: List[str]) -> Set[str]:
    """The package's declared entry modules, else its conventional ``index``/``main`` one."""
    from .orphans import _json, _packages, _specs, package_entries

    root = Path(getattr(linker, "scan_root", None) or ".")
    within = set(shipped)
    out: Set[str] = set()
    try:
        for folder in _packages(root, shipped):
            out |= package_entries(root, folder, _specs(_json(root / folder / "package.json")), within)
    except (OSError, ValueError):
        return set()
    if out:
        return out
    for stem in _CONVENTIONAL:
        hit = next((stem + e for e in _EXT if stem + e in within), None)
        if hit:
            return {hit}
    return set()


def _reached(linker: "TsLinker", shipped: List[str], edges: Dict[str, Dict[str, Set[str]]]) -> Optional[Set[str]]:
    """The shipped modules an entry point reaches by its loads; None with no entry point."""
    entries = _entries(linker, shipped)
    if not entries:
        return None
    seen, todo = set(entries), sorted(entries)
    while todo:
        for t in edges.get(todo.pop(), {}).get("all", ()):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


__all__ = ["imported_classes"]
