"""The dotted names a project file may be imported as, and the package its relative imports start from."""

from __future__ import annotations

from functools import lru_cache
from typing import List


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
