"""Modules nothing loads: a leftover copy of a server (``src/index-original.ts``, ``server-old.ts``,
``tools_backup.ts``) whose tool registrations no MCP client can reach.

A package's entry points are what its ``package.json`` names (``main``, ``module``, ``bin``,
``exports``), mapped back from the build output to the source (``dist/index.js`` ->
``src/index.ts``, through the tsconfig's ``outDir``/``rootDir`` or the usual ``dist``/``build``/
``lib``/``out`` -> ``src``). Any module of the package is loaded when some other file names it: an
import or require (by its file name, or its folder's for an ``index`` module), a package script
(``tsx src/http.ts``), a Dockerfile, a deployment config, a document. A module no other file
names, that is no entry point, is an orphan: the linker reads no tool registration there.

Only where the verdict is sure: a package whose entry does not resolve to a scanned module keeps
every registration (as before); a module in a folder other than its entry's, whose folder another
file names (a loader that imports every file of ``tools/``), is kept; so are the serverless
functions of a Vercel or Netlify project (``api/``, ``netlify/functions/``) and Next.js routes
(``pages/api/``, ``app/**/route.ts``), which the platform loads by their place.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Sequence, Set, Tuple

from ...sources import is_test_path

_TOKEN = re.compile(r"[A-Za-z0-9_$][A-Za-z0-9_$-]*")
_SOURCE_EXT = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_BUILT = ("dist", "build", "lib", "out")
#: files beside the sources that can name a module to run (scripts, containers, platforms, docs)
_CONFIG = re.compile(r"(?i)(^|/)(package\.json|[^/]*\.(json|ya?ml|toml|md|sh|txt)|Dockerfile[^/]*|Procfile|Makefile)$")
#: files a framework loads by their place: Next.js routes (``pages/api/x.ts``, ``app/api/mcp/route.ts``)
_ROUTED = re.compile(r"(^|/)(pages|app)/api/|(^|/)app/(.+/)?(route|page)\.[cm]?[jt]sx?$|(^|/)middleware\.[cm]?[jt]s$")
_PLATFORM_DIRS = {"vercel.json": ("api/",), "netlify.toml": ("netlify/functions/", "functions/")}


def _json(path: Path) -> dict:
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1_000_000:
            data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
            return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        pass
    return {}


def _tsc_dir(value) -> str:
    """A tsconfig ``outDir``/``rootDir`` relative to its package: a leading ``./`` and a trailing
    ``/`` dropped, nothing else (``.build`` stays ``.build``; ``strip("./")`` made it ``build``)."""
    v = str(value or "").strip()
    while v.startswith("./"):
        v = v[2:]
    v = v.rstrip("/")
    return "" if v in ("", ".") else posixpath.normpath(v)


def tsc_dirs(root: Path, folder: str) -> Tuple[str, str]:
    """(outDir, rootDir) of the package in ``folder`` (its tsconfig.json), mend46b."""
    tsc = _json(root / folder / "tsconfig.json").get("compilerOptions") or {}
    return _tsc_dir(tsc.get("outDir")), _tsc_dir(tsc.get("rootDir"))


def package_entries(root: Path, folder: str, specs: Iterable[str], within: Set[str]) -> Set[str]:
    """The files of ``within`` that the package in ``folder`` names as entries through ``specs``
    (its ``main``/``bin``/... specifiers, or others), built or not (its tsconfig's outDir/rootDir)."""
    out_dir, root_dir = tsc_dirs(root, folder)
    out: Set[str] = set()
    for spec in specs:
        out |= _candidates(folder, spec, out_dir, root_dir) & within
    return out


def _specs(pkg: dict) -> List[str]:
    """The file specifiers ``main``, ``module``, ``bin`` and ``exports`` name."""
    out: List[str] = []

    def walk(v, depth=0):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict) and depth < 5:
            for x in v.values():
                walk(x, depth + 1)
        elif isinstance(v, list) and depth < 5:
            for x in v:
                walk(x, depth + 1)

    for key in ("main", "module", "bin", "exports"):
        walk(pkg.get(key))
    return [s for s in out if s and "*" not in s]


def _candidates(folder: str, spec: str, out_dir: str, root_dir: str) -> Set[str]:
    """Root-relative source paths the built file ``spec`` of the package in ``folder`` comes from."""
    spec = posixpath.normpath(spec[2:] if spec.startswith("./") else spec)
    stem, ext = posixpath.splitext(spec)
    stems = {stem} if ext in _SOURCE_EXT else {spec, spec + "/index"}
    heads = {(out_dir, root_dir)} if out_dir else set()
    heads |= {(b, "src") for b in _BUILT} | {(b, "") for b in _BUILT}
    for s in list(stems):
        for built, src in heads:
            if s == built or s.startswith(built + "/"):
                rest = s[len(built):].lstrip("/")
                stems.add(posixpath.join(src, rest) if src else rest)
    return {posixpath.normpath(posixpath.join(folder, s)) + e for s in stems for e in _SOURCE_EXT}


def _tokens(text: str) -> Set[str]:
    return set(_TOKEN.findall(text))


def orphan_modules(root: Path, files: Sequence[Tuple[str, str]], read) -> FrozenSet[str]:
    """The root-relative paths of the scanned modules no entry point is and no other file names
    (see the module docstring). ``read(abs_path)``: the file's text."""
    rels = [r for _a, r in files if not is_test_path(r) and not r.endswith(".d.ts")]
    if len(rels) < 2:
        return frozenset()
    texts: Dict[str, Set[str]] = {r: _tokens(read(a)) for a, r in files if r in set(rels)}
    others = _config_tokens(root)
    scanned = set(rels)
    out: Set[str] = set()
    for folder, members in _packages(root, rels).items():
        pkg = _json(root / folder / "package.json")
        entries = package_entries(root, folder, _specs(pkg), scanned)
        if not entries:
            continue  # no entry resolves: every registration is kept, as before
        entry_dirs = {posixpath.dirname(e) for e in entries}
        platform = tuple(posixpath.join(folder, d) if folder else d
                         for name, dirs in _PLATFORM_DIRS.items() if (root / folder / name).is_file() for d in dirs)
        for m in members:
            if m in entries or (platform and m.startswith(platform)) or _ROUTED.search(m):
                continue
            if not _named_elsewhere(m, texts, others, entry_dirs):
                out.add(m)
    return frozenset(out)


def _named_elsewhere(m: str, texts: Dict[str, Set[str]], others: Set[str], entry_dirs: Set[str]) -> bool:
    base = posixpath.basename(m)
    stem = base.split(".", 1)[0]
    names = {stem}
    folder = posixpath.dirname(m)
    if stem == "index" or folder not in entry_dirs:
        names.add(posixpath.basename(folder))  # `import "./tools"`, a loader of a folder's files
    names.discard("")
    if any(n in others for n in names):
        return True
    return any(p != m and names & toks for p, toks in texts.items())


def _packages(root: Path, rels: Iterable[str]) -> Dict[str, List[str]]:
    """The modules of each folder with a package.json, by the nearest one above each module."""
    out: Dict[str, List[str]] = {}
    known: Dict[str, bool] = {}
    for r in rels:
        parts = r.split("/")[:-1]
        for i in range(len(parts), -1, -1):
            folder = "/".join(parts[:i])
            if folder not in known:
                known[folder] = (root / folder / "package.json").is_file()
            if known[folder]:
                out.setdefault(folder, []).append(r)
                break
    return out


def _config_tokens(root: Path, limit: int = 400) -> Set[str]:
    """The words of the files beside the sources that can name a module (package.json scripts,
    Dockerfiles, deployment configs, documents), outside dependency folders."""
    out: Set[str] = set()
    for _rel, text in config_texts(root, limit):
        out |= _tokens(text)
    return out


def config_texts(root: Path, limit: int = 400):
    """(root-relative path, text) of the files beside the sources that can name a module to run
    (package scripts, Dockerfiles, deployment configs, documents; lock files left out), outside
    dependency folders, at most ``limit`` of them."""
    seen = 0
    for p in sorted(_walk(root)):
        if seen >= limit:
            break
        rel = p.relative_to(root).as_posix()
        if not _CONFIG.search(rel) or rel.endswith(("package-lock.json", "pnpm-lock.yaml", "tsconfig.json")):
            continue
        try:
            if p.stat().st_size > 2_000_000:
                continue
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        seen += 1
        yield rel, text


def _walk(root: Path, depth: int = 0):
    if depth > 6:
        return
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for p in entries:
        if p.is_symlink():
            continue
        if p.is_dir():
            if p.name in ("node_modules", ".git", "dist", "build", "coverage", ".next", "vendor"):
                continue
            yield from _walk(p, depth + 1)
        elif p.is_file():
            yield p


__all__ = ["config_texts", "orphan_modules"]
