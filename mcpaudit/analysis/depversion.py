"""The lowest version of a Python dependency a project can run with, from what it declares.

A behaviour that a library only has from some version on (the mcp SDK's own DNS-rebinding
protection, for one) is credited only when the project cannot be installed with an older one
(:func:`declared_version`), and it is known absent only when the project cannot be installed with
a newer one (:func:`predating`): a lock, an ``==`` pin, or a range bounded above below that
version. A lower bound alone shows neither: an install resolves the newest version it allows.
Read, nearest first: the inline script metadata of the file itself (PEP 723 ``# /// script``
block), then in each folder from the file's up to the repository's top: a locked version
(``uv.lock``, ``poetry.lock``, ``pdm.lock``) and the requirement specifiers of
``pyproject.toml``, ``setup.py`` and ``requirements*.txt``. The nearest folder that declares the
package decides.

How far up: to the folder holding ``.git`` (at most eight folders), and no further than
``stop``, the scan's root. The scan's root is the repository's top when the scanned folder lies in
a git checkout (``discovery.scan_root``), so a server in ``repo/src/pkg`` scanned alone still has
its ``repo/uv.lock`` (a declaration is read; no code outside the given paths is scanned); outside a
checkout it is the scanned folder, and files in the folders around it are not the project's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

Version = Tuple[int, ...]

_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock")
_BOUND = re.compile(r"(==|>=|~=|\^|>|===)\s*v?(\d+(?:\.\d+)*)")
_SCRIPT = re.compile(r"(?m)^# /// script\s*$\n((?:^#(?: .*)?$\n)+?)^# ///\s*$")
_DEPTH = 8


@dataclass(frozen=True)
class Declared:
    """One declaration of a package: the lowest version it allows (``version``) and, when it
    has one, the version every allowed one is below (``below``, exclusive; a lock or a pin is
    below the next patch). ``how`` is ``locked``, ``pinned`` (``==``) or ``bounded`` (a
    range); ``spec`` the specifier as written (``==1.5.0``, ``>=1.2.0,<2``); ``script`` when it
    is the inline script metadata of ``path``."""

    version: Version
    path: Path
    how: str
    spec: str
    script: bool = False
    below: Optional[Version] = None

    @property
    def shown(self) -> str:
        return ".".join(map(str, self.version))

    def predates(self, release: Version) -> bool:
        """Every version this declaration allows is older than ``release``."""
        return self.below is not None and _norm(self.below) <= _norm(release)


def parse_version(text: str) -> Optional[Version]:
    m = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(x) for x in m.group(0).split(".")) if m else None


def _norm(v: Version) -> Version:
    """Comparable versions: 1.23 is 1.23.0."""
    return tuple(v) + (0,) * max(0, 4 - len(v))


def at_least(found: Version, release: Version) -> bool:
    return _norm(found) >= _norm(release)


def _requirement_floor(spec: str) -> Optional[Version]:
    """The lowest version a requirement's specifier allows (None when unbounded below)."""
    floors = [parse_version(m.group(2)) for m in _BOUND.finditer(spec)]
    floors = [f for f in floors if f]
    return max(floors) if floors else None


def _bump(v: Version, at: int) -> Version:
    at = max(0, min(at, len(v) - 1))
    return v[:at] + (v[at] + 1,)


def _requirement_ceiling(spec: str) -> Optional[Version]:
    """The version every version a specifier allows is below (exclusive), or None (unbounded):
    ``==1.5.0`` and ``<=1.5.0`` -> just above 1.5.0, ``==1.9.*`` -> 1.10, ``<1.10`` -> 1.10,
    ``~=1.9`` -> 2, ``~=1.9.2`` -> 1.10, ``^1.2`` -> 2, ``^0.3`` -> 0.4."""
    out = []
    for op, text, star in _CEIL.findall(spec):
        v = parse_version(text)
        if not v:
            continue
        if op in ("==", "===") and star:
            out.append(_bump(v, len(v) - 1))
        elif op in ("==", "===", "<="):
            out.append(_norm(v) + (1,))  # just above v: 1.5 -> below 1.5.0.0.1
        elif op == "<":
            out.append(v)
        elif op == "~=":
            out.append(_bump(v, len(v) - 2))
        elif op == "^":
            out.append(_bump(v, next((i for i, x in enumerate(v) if x), len(v) - 1)))
    return min(out, key=_norm) if out else None


_CEIL = re.compile(r"(===|==|<=|<(?!=)|~=|\^)\s*v?(\d+(?:\.\d+)*)(\.\*)?")


def _requirement_lines(text: str, package: str) -> Iterable[str]:
    """Specifiers of ``package`` in requirement strings of a file (any quoting)."""
    name = re.escape(package)
    pat = re.compile(rf"""(?im)(?:^|["'\s])({name})(?:\[[^\]]*\])?\s*((?:[=<>~!^]=?|===)[^"'\n;#,]*(?:,[^"'\n;#]*)?)""")
    for m in pat.finditer(text):
        yield m.group(2)
    # poetry: mcp = "^1.2" / mcp = { version = ">=1.2" }
    for m in re.finditer(rf"""(?im)^\s*{name}\s*=\s*(?:\{{[^}}\n]*version\s*=\s*)?["']([^"']+)["']""", text):
        yield m.group(1) if m.group(1)[:1] in "=<>~^!" else "==" + m.group(1)


def _locked(text: str, package: str) -> Optional[Version]:
    m = re.search(rf'(?m)^name\s*=\s*"{re.escape(package)}"\s*\nversion\s*=\s*"([^"]+)"', text)
    return parse_version(m.group(1)) if m else None


def _lowest(text: str, package: str, path: Path, script: bool = False) -> List[Declared]:
    """The declarations of ``package`` in the requirement strings of ``text``, lowest first."""
    found: List[Declared] = []
    for spec in _requirement_lines(text, package):
        floor, ceiling = _requirement_floor(spec), _requirement_ceiling(spec)
        if floor or ceiling:
            how = "pinned" if re.match(r"\s*===?\s*v?\d[\d.]*\s*$", spec) else "bounded"
            found.append(Declared(floor or (0,), path, how, re.sub(r"\s+", "", spec).rstrip(","), script, ceiling))
    return sorted(found, key=lambda d: _norm(d.version))


def script_metadata(text: str) -> Optional[str]:
    """The body of a file's PEP 723 ``# /// script`` block, comment markers removed."""
    m = _SCRIPT.search(text)
    if not m:
        return None
    return "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in m.group(1).splitlines())


def _folders(start: Path, stop: Optional[Path] = None) -> Iterable[Path]:
    here = start if start.is_dir() else start.parent
    for _ in range(_DEPTH):
        yield here
        if (here / ".git").exists() or here.parent == here or here == stop:
            return
        here = here.parent


def _levels(start: Path, package: str, stop: Optional[Path]) -> Iterable[List[Declared]]:
    """The declarations of ``package``, one list per folder from ``start``'s, nearest first (the
    file's own inline script metadata first in its folder's list; a lock before the others)."""
    start = Path(start).resolve()
    stop = Path(stop).resolve() if stop is not None else None
    script: List[Declared] = []
    if start.is_file():
        body = script_metadata(_read(start))
        script = _lowest(body, package, start, script=True) if body is not None else []
    for folder in _folders(start, stop):
        level, script = script, []
        for lock in _LOCKS:
            f = folder / lock
            version = _locked(_read(f), package) if f.is_file() else None
            if version:
                shown = ".".join(map(str, version))
                level.append(Declared(version, f, "locked", "==" + shown, below=_requirement_ceiling("==" + shown)))
        for f in [folder / "pyproject.toml", folder / "setup.py", *sorted(folder.glob("requirements*.txt"))]:
            if f.is_file():
                level += _lowest(_read(f), package, f)
        if level:
            yield level


def declared_version(start: Path, package: str, stop: Optional[Path] = None) -> Optional[Declared]:
    """The nearest declaration of ``package`` for the file or folder ``start`` and the lowest
    version it allows, or None when nothing bounds it: the file's inline script metadata, else
    the nearest folder's lock, else the lowest its other files allow. ``stop``: the scan's root
    (see the module's note)."""
    for level in _levels(start, package, stop):
        if level[0].script:
            return min((d for d in level if d.script), key=lambda d: _norm(d.version))
        locked = [d for d in level if d.how == "locked"]
        return locked[0] if locked else min(level, key=lambda d: _norm(d.version))
    return None


def predating(start: Path, package: str, release: str, stop: Optional[Path] = None) -> Optional[Declared]:
    """A declaration in the nearest folder that declares ``package`` (the file's own script
    metadata with it) that allows only versions older than ``release``: a lock, a pin, or a
    range bounded below it (``<1.10``); None when there is none. A lower bound alone is not one:
    an install resolves the newest version it allows."""
    before = parse_version(release)
    for level in _levels(start, package, stop):
        return next((d for d in level if before and d.predates(before)), None)
    return None


def minimum_version(start: Path, package: str, stop: Optional[Path] = None) -> Optional[Version]:
    """The lowest version of ``package`` the project holding ``start`` (a file or folder) can be
    installed with, or None when nothing bounds it."""
    found = declared_version(start, package, stop)
    return found.version if found else None


def _read(f: Path) -> str:
    try:
        return f.read_text(encoding="utf-8", errors="replace")[:400_000]
    except OSError:
        return ""
