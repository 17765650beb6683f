"""The first pass's selection: from every file's digest, which modules the deep analysis needs (the handlers'
modules and the modules their calls may reach, through imports and bridges), and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set
from .firstlogs import log_seeds

if TYPE_CHECKING:  # (annotations only: firstpass.py imports this module)
    from .firstpass import Digest


@dataclass
class Selection:
    """Which modules the deep analysis needs, and why."""

    selected: FrozenSet[str]
    seeds: Dict[str, str] = field(default_factory=dict)  # path -> why it is a seed
    candidates: int = 0
    lines_selected: int = 0
    lines_total: int = 0


def _expansions(d: Digest, absolute, chains: Optional[Iterable[str]] = None) -> Set[str]:
    """Every dotted name a chain of ``d`` (or of ``chains``: no import targets then) may stand
    for: as written, and with its first name replaced by each import binding of that name."""
    binds: Dict[str, List[str]] = {}
    for local, target in d.imports:
        binds.setdefault(local, []).append(absolute(d.path, target) if target.startswith(".") else target)
    out: Set[str] = set()
    for chain in (d.chains if chains is None else chains):
        head, _, rest = chain.partition(".")
        out.add(chain)
        for target in binds.get(head, ()):
            out.add(f"{target}.{rest}" if rest else target)
    for targets in binds.values() if chains is None else ():
        out.update(targets)
    return out


def _bridge_edges(cands: Dict[str, Digest], edges: Dict[str, Set[str]]) -> None:
    """A module that gives a call a name another module may dispatch on may reach that module
    over a message bridge (analysis/bridges.py): an edge to it."""
    dispatching: Dict[str, Set[str]] = {}
    for path, d in cands.items():
        for name in d.commands:
            dispatching.setdefault(name, set()).add(path)
    for path, d in cands.items():
        for name in d.sent & dispatching.keys():
            edges[path] |= dispatching[name] - {path}


def _package_members(cands: Dict[str, "Digest"], index: Dict[str, str]) -> Dict[str, Dict[str, Set[str]]]:
    """package -> capitalised top-level name -> the modules directly in that package that bind it,
    for every name the module index gives a module (the analysis resolves ``pkg.sub.Class`` through
    an ``__init__`` that only re-exports it to the one module of ``pkg.sub`` defining the class,
    ``hierarchy.package_member``; such an ``__init__`` is often no candidate, so the first pass
    follows the same names here)."""
    out: Dict[str, Dict[str, Set[str]]] = {}
    for key, p in index.items():
        pkg = key.rpartition(".")[0]
        d = cands.get(p)
        if pkg and d is not None:
            for name in d.top:
                if name[:1].isupper():
                    out.setdefault(pkg, {}).setdefault(name, set()).add(p)
    return out


def _reexported(name: str, members: Dict[str, Dict[str, Set[str]]]) -> List[str]:
    """The modules ``name`` may reach through a package that re-exports a class (see above)."""
    parts, out = name.split("."), []  # type: List[str]
    for k in range(1, len(parts)):
        hits = members.get(".".join(parts[:k]), {}).get(parts[k])
        if hits:
            out.extend(sorted(hits))
    return out


def select(digests: Sequence[Digest], *, low_confidence: bool = False,
           failed: Iterable[str] = (), package: str = "") -> Selection:
    """The modules the deep analysis needs among ``digests`` (see the module docstring).
    ``failed``: selected modules the analysis could not summarise in an earlier round; the
    index is rebuilt without them."""
    from .analysis.inter import Linker

    failed = set(failed)
    cands = {d.path: d for d in digests if d.candidate and d.path not in failed}
    linker = Linker({p: None for p in cands})  # type: ignore[dict-item]
    linker.index_package(package)  # src/pkg scanned alone: ``from pkg.mod import f``
    index, absolute = linker.index, linker.absolute
    edges: Dict[str, Set[str]] = {}
    base_of: Dict[str, Set[str]] = {}  # module -> the modules its classes' bases are in
    named: Dict[str, List[str]] = {}  # dotted name -> the modules its prefixes name (memo)
    members = _package_members(cands, index)
    for path, d in cands.items():
        out: Set[str] = set()
        bnames = _expansions(d, absolute, d.bases) if d.bases else set()
        for name in _expansions(d, absolute) | bnames:
            if name not in named:
                named[name] = [t for t in map(index.get, accumulate(name.split("."), lambda a, b: f"{a}.{b}")) if t]
                named[name] += _reexported(name, members)
            for target in named[name]:
                if target != path:
                    out.add(target)
                    if name in bnames:
                        base_of.setdefault(path, set()).add(target)
        edges[path] = out
    _bridge_edges(cands, edges)
    for path, d in cands.items():
        for prefix in d.prefix_picks:
            edges[path] |= {q for q, e in cands.items() if q != path and any(n.startswith(prefix) for n in e.top)}
    seeds: Dict[str, str] = {}
    bulky = {p for p, d in cands.items() if d.bulky}
    if bulky:
        # a module whose calls may reach a bulky one (whose units are not known) may log what
        # it returns: the module, and every module that may call into it, is analysed
        callers: Dict[str, Set[str]] = {}
        for path, out in edges.items():
            for target in out:
                callers.setdefault(target, set()).add(path)
        stack, reach = sorted(bulky), set(bulky)
        while stack:
            for c in callers.get(stack.pop(), ()):
                if c not in reach:
                    reach.add(c)
                    stack.append(c)
        for path in sorted(reach):
            seeds[path] = "too big for the first pass" if path in bulky else "may call into a module too big for it"
    for path, d in cands.items():
        if path in seeds:
            continue
        if not d.parsed:
            seeds[path] = "not parsed by ast"
        elif d.surface:
            seeds[path] = "MCP surface"
        elif d.role:
            seeds[path] = "may define a read-only role (a server-wide promise)"
        elif low_confidence and d.sinks:
            seeds[path] = "may call a sink (audit view)"
        elif d.sql_text:
            seeds[path] = "may build SQL text a pattern rule reports (engine agreement)"
    for path in log_seeds(cands, edges):
        seeds.setdefault(path, "a secret may reach a log call")
    selected: Set[str] = set()
    stack = sorted(seeds)
    while stack:
        while stack:
            p = stack.pop()
            if p not in selected:
                selected.add(p)
                stack.extend(edges.get(p, ()))
        # a subclass of a selected module's class: dispatch through the base may land in it
        stack = sorted(p for p, bs in base_of.items() if p not in selected and bs & selected)
    return Selection(frozenset(selected), seeds, len(cands), sum(cands[p].lines for p in selected),
                     sum(d.lines for d in digests))
