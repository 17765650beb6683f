"""Recording the tool each dispatch-table entry serves, shared by module tables (module.py) and
a function's local tables (resolution.py)."""

from __future__ import annotations

from typing import Dict


def note_dispatch_keys(mod, keys: Dict[str, str]) -> None:
    """Record the tool each dispatch entry serves (``keys``: function -> tool name) in
    ``mod.dispatch_keys``, an entry already named keeping its first tool."""
    for fn, tool in keys.items():
        mod.dispatch_keys.setdefault(fn, tool)


__all__ = ["note_dispatch_keys"]
