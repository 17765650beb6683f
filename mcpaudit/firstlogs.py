"""The first pass's log seeds: which modules can add a secret-reaching-a-log finding when the
linker runs their functions with untainted parameters (split from :mod:`mcpaudit.firstpass`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Set, Tuple

if TYPE_CHECKING:
    from .firstpass import Digest, Unit


def log_seeds(cands: Dict[str, Digest], edges: Dict[str, Set[str]]) -> Set[str]:
    """Modules with a unit whose run with untainted parameters may report a secret reaching a
    log call, or that logs a ``headers`` mapping (reported whenever it is logged).

    The linker runs every function (and every module's own code) once with untainted
    parameters; only log findings can come of that. A secret in such a run is read by a function
    of the run itself, or is returned by a function it calls (a module global holding a secret
    is a unit of its own, which "returns" its value to the functions that read it); a secret read
    further down the calls is that function's own finding (its module is a seed then). So a unit
    can add a finding only if

    * it logs itself, and holds a secret (its own, or returned by a callee);
    * it holds a secret of its own, and calls a unit that can log (itself or further down);
    * a callee returns a secret to it and it hands the value on to a callee that can log: a
      different name, or the same name called twice (``b(a())``). A callee called once, that
      both returns a secret and logs, logs what it is given, and it is given nothing secret.

    Calls are followed by name into the unit's own module and the modules its module may
    resolve into: a unit may call every unit whose name it spells."""
    ids: List[Tuple[str, Unit]] = []
    by_module: Dict[str, Dict[str, List[int]]] = {}
    for path, d in cands.items():
        names: Dict[str, List[int]] = {}
        for u in d.units:
            for name in (u.name, *u.aliases):
                if name:
                    names.setdefault(name, []).append(len(ids))
            ids.append((path, u))
        by_module[path] = names
    callees: List[List[int]] = []
    avail_of: Dict[str, Dict[str, List[int]]] = {}
    for path, u in ids:
        avail = avail_of.get(path)
        if avail is None:
            avail = {}
            for m in (path, *sorted(edges.get(path, ()))):
                for name, us in by_module.get(m, {}).items():
                    avail.setdefault(name, []).extend(us)
            avail_of[path] = avail
        out: List[int] = []
        for w in u.words:
            hit = avail.get(w)
            if hit:
                out.extend(hit)
        callees.append(out)
    n = len(ids)
    callers: List[List[int]] = [[] for _ in range(n)]
    for i, cs in enumerate(callees):
        for c in cs:
            callers[c].append(i)
    # least fixpoints: "can log" and "may return a secret" flow from callees to callers (a
    # global's initialiser ran with the module's own code: reading it logs nothing)
    can_log = [u.logs and not u.value for _, u in ids]
    _propagate(can_log, callers, lambda i: not ids[i][1].value)
    own = [u.secrets for _, u in ids]
    returns_secret = [own[i] and ids[i][1].returns for i in range(n)]
    _propagate(returns_secret, callers, lambda i: ids[i][1].returns)
    out_paths: Set[str] = set()
    for i, (path, u) in enumerate(ids):
        if path in out_paths or u.value or not can_log[i]:
            continue
        if u.headers or (u.logs and (own[i] or any(returns_secret[c] for c in callees[i]))):
            out_paths.add(path)
            continue
        loggers = {n for c in callees[i] if can_log[c] for n in (ids[c][1].name, *ids[c][1].aliases)}
        if own[i] and loggers:
            out_paths.add(path)
            continue
        sources = {n for c in callees[i] if returns_secret[c] for n in (ids[c][1].name, *ids[c][1].aliases)}
        if sources and loggers and (loggers - sources or any(n in u.twice for n in loggers & sources)):
            out_paths.add(path)
    return out_paths


def _propagate(flag: List[bool], callers: List[List[int]], may) -> None:
    """Set ``flag`` on every caller (transitively) of a flagged node, where ``may`` allows."""
    stack = [i for i, f in enumerate(flag) if f]
    while stack:
        i = stack.pop()
        for c in callers[i]:
            if not flag[c] and may(c):
                flag[c] = True
                stack.append(c)

__all__ = ["log_seeds"]
