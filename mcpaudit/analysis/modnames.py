"""The dotted names a project file may be imported as, and the package its relative imports start from."""

from __future__ import annotations

import keyword
import os
from functools import lru_cache
from typing import List, Tuple

from .selfname import self_name


def module_names(path: str) -> List[str]:
    """Dotted module names a file may be imported as (every suffix of its package path)."""
    p = path[:-3] if path.endswith(".py") else path
    parts = [x for x in p.split("/") if x]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


@lru_cache(maxsize=1 << 16)
def _package_of(path: str) -> str:
    """The package a file's relative imports start from (memoised: every import and call of a
    module asks)."""
    names = module_names(path)
    full = names[0] if names else ""
    if path.endswith("__init__.py"):
        return full
    return full.rsplit(".", 1)[0] if "." in full else ""


def absolute_from(package: str, dotted: str) -> str:
    """An import target ``dotted`` (``..x.y``) made absolute from the module whose package
    (:func:`_package_of`) is ``package``; an absolute one as it is."""
    if not dotted.startswith("."):
        return dotted
    level = len(dotted) - len(dotted.lstrip("."))
    rest = dotted[level:]
    pkg = package.split(".") if package else []
    if level > 1:
        pkg = pkg[: len(pkg) - (level - 1)] if level - 1 <= len(pkg) else []
    return ".".join([*pkg, rest] if rest else pkg)


def root_package(root: str) -> Tuple[str, ...]:
    """The dotted package a scan root is, when the root is itself a package (it holds
    ``__init__.py``): its name and those of the package folders above it, up to the first ancestor
    that is not a package (``src/basic_memory`` -> ``("basic_memory",)``; ``src/pkg/mcp`` ->
    ``("pkg", "mcp")``). Its modules are imported by these names (``from basic_memory.services
    import x``), not by their paths under the root. Only the ``__init__.py`` files' existence is
    looked at above the root, never code. A root whose own modules import it by another name
    (a repository whose top is the package, :func:`mcpaudit.analysis.selfname.self_name`) is
    that name. ``()`` for a root that is no package. Not memoised: a
    scan asks once (:func:`mcpaudit.engines.cst.analyze_files`), and the folders may change
    between two scans of one process."""
    here = os.path.abspath(root)
    own = self_name(here)
    if own:  # the root is the package, checked out under another folder name (selfname.py)
        return (own,)
    out: List[str] = []
    while os.path.isfile(os.path.join(here, "__init__.py")):
        name = os.path.basename(here)
        if not name.isidentifier():
            break
        out.append(name)
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    return tuple(reversed(out))


def root_of(abspath: str, relpath: str) -> str:
    """The scan root a file was found under (its absolute path without its root-relative one)."""
    a, r = abspath.replace(os.sep, "/"), relpath.replace(os.sep, "/").lstrip("/")
    if r and a.endswith("/" + r):  # at a folder boundary: /a/bc/x.py under /a/b is no c/x.py
        return a[: len(a) - len(r)].rstrip("/") or "/"
    return os.path.dirname(abspath)


def root_dotted(root) -> str:
    """The name a scan root's modules are imported under: its package (:func:`root_package`,
    dotted) or, for a root that is no package, its folder name (``src/pkg`` scanned alone with a
    namespace package); ``""`` for a file, a folder no import can name (``my-server``,
    ``class``), or one named as a library the models know (``mcp``, ``json``)."""
    pkg = root_package(str(root))
    if pkg:
        return ".".join(pkg)
    here = os.path.abspath(str(root))
    name = os.path.basename(here)
    if not (os.path.isdir(here) and name.isidentifier() and not keyword.iskeyword(name)):
        return ""
    from ..catalog import catalog
    from .receivertypes import library_heads

    # a folder named as a library (``…/mcp/``): ``from mcp.server import x`` imports the library
    return "" if name in library_heads(catalog().python) else name
