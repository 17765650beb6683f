"""The lowest version of a Python dependency a project can run with, from what it declares.

A behaviour that a library only has from some version on (the mcp SDK's own DNS-rebinding
protection, for one) is credited only when the project cannot be installed with an older one: a
locked version (``uv.lock``, ``poetry.lock``, ``pdm.lock``), a ``==`` pin, or the lower bound of
``>=``, ``~=``, ``^`` or ``>`` in ``pyproject.toml`` or ``requirements*.txt``. The folders from
the given one (the folder of the file that needs the behaviour) up to the repository's top (a
``.git``), at most eight, are read; the nearest declaration wins.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional, Tuple

Version = Tuple[int, ...]

_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock")
_BOUND = re.compile(r"(==|>=|~=|\^|>|===)\s*v?(\d+(?:\.\d+)*)")


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


def _folders(root: Path) -> Iterable[Path]:
    here = root if root.is_dir() else root.parent
    for _ in range(8):
        yield here
        if (here / ".git").exists() or here.parent == here:
            return
        here = here.parent


def minimum_version(start: Path, package: str) -> Optional[Version]:
    """The lowest version of ``package`` the project holding folder ``start`` can be installed
    with, or None when nothing bounds it."""
    for folder in _folders(Path(start)):
        for lock in _LOCKS:
            f = folder / lock
            if f.is_file():
                found = _locked(_read(f), package)
                if found:
                    return found
        floors = []
        for f in [folder / "pyproject.toml", folder / "setup.py", *sorted(folder.glob("requirements*.txt"))]:
            if f.is_file():
                floors += [v for v in map(_requirement_floor, _requirement_lines(_read(f), package)) if v]
        if floors:
            return min(floors)
    return None


def _read(f: Path) -> str:
    try:
        return f.read_text(encoding="utf-8", errors="replace")[:400_000]
    except OSError:
        return ""
