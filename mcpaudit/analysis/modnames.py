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
