"""One index of the project's call sites by the function they land in, shared by the linker's
readings of what callers pass (paramrecv.py: the objects a plain parameter receives;
passedfns.py: the functions a parameter is handed)."""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple


def call_site_index(linker, key: str, keep: Callable, every: bool = False) -> Dict[Tuple[str, str], List[tuple]]:
    """(path, qualname) of a project function -> ``(path, caller, call record, is_method)`` of
    each call ``keep(rec)`` accepts that lands in it, built once per link (cached on the linker
    under ``key``). ``every``: a call lands in every function :meth:`resolve_all` gives (a
    dispatch through another module's table: ``HANDLERS.get(name)(client, args)``), not only
    the one :meth:`resolve` names."""
    found = linker.__dict__.get(key)
    if found is not None:
        return found
    found = {}
    for path in sorted(linker.modules):
        for fn in linker.modules[path].functions.values():
            for rec in fn.calls.values():
                if not keep(rec):
                    continue
                if every:
                    hits = linker.resolve_all(path, fn, rec.target)
                else:
                    hit = linker.resolve(path, fn, rec.target)
                    hits = [hit] if hit is not None else []
                for hit in hits:
                    found.setdefault((hit[0], hit[1].qualname), []).append((path, fn, rec, hit[2]))
    linker.__dict__[key] = found
    return found


__all__ = ["call_site_index"]
