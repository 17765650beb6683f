"""The lowest version of a Python dependency a project can run with, from what it declares.

A behaviour that a library only has from some version on (the mcp SDK's own DNS-rebinding
protection, for one) is credited only when the project cannot be installed with an older one,
and a project that declares an older one gives evidence that it runs without it. Read, nearest
first: the inline script metadata of the file itself (PEP 723 ``# /// script`` block), then in
each folder from the file's up to the repository's top: a locked version (``uv.lock``,
``poetry.lock``, ``pdm.lock``), else the lowest of the ``==`` pins and the lower bounds of ``>=``,
``~=``, ``^`` or ``>`` in ``pyproject.toml``, ``setup.py`` and ``requirements*.txt``. The nearest
declaration wins.

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
    """Where the lowest version came from: ``how`` is ``locked``, ``pinned`` (``==``) or
    ``lower bound``; ``spec`` the specifier as written (``==1.5.0``, ``>=1.2.0,<2``); ``script``
    when it is the inline script metadata of ``path``."""

    version: Version
    path: Path
    how: str
    spec: str
    script: bool = False

    @property
    def shown(self) -> str:
        return ".".join(map(str, self.version))


def parse_version(text: str) -> Optional[Version]:
    m = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(x) for x in m.group(0).split(".")) if m else None


def _requirement_floor(spec: str) -> Optional[Version]:
    """The lowest version a requirement's specifier allows (None when unbounded below)."""
    floors = [parse_version(m.group(2)) for m in _BOUND.finditer(spec)]
    floors = [f for f in floors if f]
    return max(floors) if floors else None


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


def _lowest(text: str, package: str, path: Path, script: bool = False) -> Optional[Declared]:
    """The lowest version the requirement strings of ``text`` allow for ``package``."""
    found: List[Declared] = []
    for spec in _requirement_lines(text, package):
        floor = _requirement_floor(spec)
        if floor:
            how = "pinned" if re.match(r"\s*===?\s*v?\d", spec) else "lower bound"
            found.append(Declared(floor, path, how, re.sub(r"\s+", "", spec).rstrip(","), script))
    return min(found, key=lambda d: d.version) if found else None


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


def declared_version(start: Path, package: str, stop: Optional[Path] = None) -> Optional[Declared]:
    """The nearest declaration of ``package`` for the file or folder ``start`` and the lowest
    version it allows, or None when nothing bounds it. ``stop``: the scan's root (see the
    module's note)."""
    start = Path(start).resolve()
    stop = Path(stop).resolve() if stop is not None else None
    if start.is_file():
        body = script_metadata(_read(start))
        found = _lowest(body, package, start, script=True) if body is not None else None
        if found:
            return found
    for folder in _folders(start, stop):
        for lock in _LOCKS:
            f = folder / lock
            if f.is_file():
                version = _locked(_read(f), package)
                if version:
                    return Declared(version, f, "locked", "==" + ".".join(map(str, version)))
        found = [d for f in [folder / "pyproject.toml", folder / "setup.py", *sorted(folder.glob("requirements*.txt"))]
                 if f.is_file() for d in [_lowest(_read(f), package, f)] if d]
        if found:
            return min(found, key=lambda d: d.version)
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
