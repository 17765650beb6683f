"""Modules no entry point loads, by the import graph (issue 14, ts30b).

:mod:`.orphans` keeps a module when any other file names it (a word match, lenient on purpose:
it decides which tool registrations are read). Authentication is different: a route file with a
bearer check, a middleware folder with ``validateToken``, an error logger writing the request URL
may all sit in modules that nothing the server runs imports (an older express API left beside a
newer FastMCP entry). Counted as evidence, such a module hides the served transport's missing
authentication ("auth: true" from code that never runs) and reports a log line no request reaches.

The entry points are what a package runs: its ``package.json`` ``main``/``module``/``bin``/
``exports``, and the source files its scripts, Dockerfiles, compose/Smithery/Procfile/Makefile and
shell scripts name (``esbuild ./src/http-server.ts``, ``CMD ["bun", "run", "dist/http-server.mjs"]``,
mapped from the build output to the source as :mod:`.orphans` does), plus every module that
serves MCP itself (``keep``: a transport or listener record, a server built there). From them the
static imports are followed: ``import``/``export ... from``, side-effect ``import "x"``, literal
``import("x")`` and ``require("x")``, relative specifiers with or without their extension and
folder ``index`` files, and the ``baseUrl``/``paths`` of the package's tsconfig.

Only where the verdict is sure: a package whose entry does not resolve, or whose code loads a
module by a computed name (``import(name)``, ``require(path.join(...))``: a plugin folder) or by a
path alias the graph cannot resolve, keeps every module reached. Test code is neither a source of
edges nor judged. Next.js routes and platform function folders (:mod:`.orphans`) are entries.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from ...sources import is_test_path
from .orphans import _PLATFORM_DIRS, _ROUTED, _json, _packages, _specs, config_texts, package_entries

_SOURCE_EXT = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_COMMENT = re.compile(r"/\*.*?\*/|^[ \t]*//[^\n]*", re.S | re.M)
_STATIC = re.compile(r"""(?:\bfrom|\bimport)\s*['"]([^'"\n]+)['"]""")
_LITERAL_CALL = re.compile(r"""\b(?:import|require)\s*\(\s*['"]([^'"\n]+)['"]\s*\)""")
#: a module loaded by a name computed at run time: its target is unknown
_COMPUTED = re.compile(r"""(?<![\w.$])(?:import|require)\s*\(\s*(?!['"])[^)\s]""")
#: files that say what to run (not documents, which name files to explain them)
_RUNNERS = re.compile(r"(?i)(^|/)(package\.json|Dockerfile[^/]*|[^/]*\.(ya?ml|toml|sh)|Procfile|Makefile)$")
_PATHLIKE = re.compile(r"(?<![\w@])((?:\.{0,2}/)?[\w@.-]+(?:/[\w@.-]+)*\.(?:[cm]?[jt]sx?))\b")


def unreached_modules(root: Path, rels: Sequence[str], read, keep: Iterable[str] = ()) -> FrozenSet[str]:
    """Root-relative paths of shipped source modules no entry point loads (empty when unsure).
    ``read(rel)``: the module's text; ``keep``: modules that are entry points by what they do."""
    rels = [r for r in rels if r.endswith(_SOURCE_EXT) and not is_test_path(r) and not r.endswith(".d.ts")]
    if len(rels) < 2:
        return frozenset()
    scanned = set(rels)
    texts = {r: _COMMENT.sub(" ", read(r) or "") for r in rels}
    named = _run_named(root)
    out: Set[str] = set()
    for folder, members in _packages(root, rels).items():
        pkg = _json(root / folder / "package.json")
        tsc = (_json(root / folder / "tsconfig.json").get("compilerOptions") or {})
        entries = package_entries(root, folder, [*_specs(pkg), *named], scanned)
        if not any(s for s in _specs(pkg)) and not entries:
            continue
        platform = tuple(posixpath.join(folder, d) if folder else d
                         for name, dirs in _PLATFORM_DIRS.items() if (root / folder / name).is_file() for d in dirs)
        entries |= {m for m in members if m in set(keep) or _ROUTED.search(m) or (platform and m.startswith(platform))}
        if not entries:
            continue
        reached = _walk(entries, texts, scanned, folder, tsc)
        if reached is None:
            continue
        out |= {m for m in members if m not in reached}
    return frozenset(out)


def _run_named(root: Path) -> List[str]:
    """Source-file specifiers the project's run configuration names (scripts, containers)."""
    out: List[str] = []
    for rel, text in config_texts(root):
        if not _RUNNERS.search(rel):
            continue
        if rel.endswith("package.json"):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            scripts = data.get("scripts") if isinstance(data, dict) else None
            text = " ".join(str(v) for v in scripts.values()) if isinstance(scripts, dict) else ""
        base = posixpath.dirname(rel)
        for m in _PATHLIKE.finditer(text):
            spec = m.group(1)
            out.append(spec)
            if base and not spec.startswith("/"):
                out.append(posixpath.normpath(posixpath.join(base, spec)))
    return out


def _walk(entries: Set[str], texts: Dict[str, str], scanned: Set[str], folder: str,
          tsc: dict) -> Optional[Set[str]]:
    """Every module reached from ``entries``; None when some module loads one by a computed name
    or a specifier that looks like the project's own but does not resolve."""
    base_url = str(tsc.get("baseUrl") or "")
    paths = tsc.get("paths") if isinstance(tsc.get("paths"), dict) else {}
    seen, todo = set(entries), sorted(entries)
    while todo:
        m = todo.pop()
        text = texts.get(m, "")
        if _COMPUTED.search(text):
            return None
        for spec in {*_STATIC.findall(text), *_LITERAL_CALL.findall(text)}:
            targets = _resolve(m, spec, scanned, folder, base_url, paths)
            if targets is None:
                return None
            for t in targets - seen:
                seen.add(t)
                todo.append(t)
    return seen


def _resolve(importer: str, spec: str, scanned: Set[str], folder: str, base_url: str,
             paths: dict) -> Optional[Set[str]]:
    """The scanned modules ``spec`` names (empty for a package); None when unresolvable but local."""
    if spec.startswith("."):
        hit = _file(posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)), scanned)
        return hit  # (a relative file not scanned: a generated or JSON module, nothing to follow)
    for alias, targets in paths.items():
        head = alias.rstrip("*")
        if spec == alias or (alias.endswith("*") and spec.startswith(head)):
            rest = spec[len(head):] if alias.endswith("*") else ""
            for t in targets if isinstance(targets, list) else []:
                cand = posixpath.normpath(posixpath.join(folder, base_url or ".", str(t).replace("*", rest)))
                hit = _file(cand, scanned)
                if hit:
                    return hit
            return None
    if spec.startswith(("@/", "~/", "#")):
        return None
    if base_url:
        hit = _file(posixpath.normpath(posixpath.join(folder, base_url, spec)), scanned)
        if hit:
            return hit
    return set()


def _file(stem: str, scanned: Set[str]) -> Set[str]:
    stem = stem.lstrip("/") if stem != "." else ""
    bare, ext = posixpath.splitext(stem)
    stems = [stem, bare] if ext in _SOURCE_EXT else [stem]
    for s in stems:
        for e in ("", *_SOURCE_EXT):
            if s + e in scanned:
                return {s + e}
    for e in _SOURCE_EXT:
        idx = posixpath.join(stem, "index" + e)
        if idx in scanned:
            return {idx}
    return set()


def entry_keep(modules: Dict[str, object], not_serving: Iterable[str]) -> Tuple[str, ...]:
    """Modules that serve over HTTP themselves (a standalone script is its own entry point)."""
    skip = set(not_serving)
    return tuple(sorted(p for p, m in modules.items()
                        if any(h.get("kind") not in skip for h in getattr(m, "http", ()) or ())))


def settle(project, root: Path, modules) -> None:
    """TypeScript modules no entry point loads (``project.unreached``): their auth records go."""
    from ..project import NOT_SERVING
    from .parse import is_ts_source

    rels = [p for p in project.files if is_ts_source(p)]
    if not rels or not Path(root).is_dir():
        return
    try:
        dead = unreached_modules(Path(root), rels, lambda r: project.files[r].text,
                                 entry_keep({p: modules[p] for p in rels if p in modules}, NOT_SERVING))
    except (OSError, ValueError):
        return
    if dead:
        project.unreached = dead
        project.auth_evidence[:] = [a for a in project.auth_evidence if a.get("path") not in dead]


def lower(findings, dead) -> None:
    """Findings that are no tool's, located in a module no entry point loads: to the audit view,
    as the Python reach pass does (the catalog's ``reach.kept-rules`` stay)."""
    from ...catalog import catalog
    from ...models import Confidence

    kept = frozenset(catalog().python.surface.reach.get("kept-rules", ()))
    for f in findings:
        if f.tool or f.confidence <= Confidence.LOW or f.rule_id in kept or f.location.path not in dead:
            continue
        f.confidence = Confidence.LOW
        f.message += ("; not reachable from any entry point of the server: no entry point (package.json main/bin, "
                      "a script, a Dockerfile, a serving module) imports this module (audit view)")


__all__ = ["entry_keep", "lower", "settle", "unreached_modules"]
