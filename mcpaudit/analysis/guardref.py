"""Command-line guards that do not guard, found when modules are linked.

A validator called on a command line (``validateCommand(command)`` as a statement, or ``const r =
this.validateCommand(command)`` whose result is tested) marks the argument with a reference to
the call (:data:`narrowing.CHECK_REF`; mode ``raise`` or the soft ``guard``). Where the helper's
summary records a bypassable guard on that parameter (``guards``: a regular expression built from
configured patterns, an allow pattern anchored only at its start, a character deny-list missing a
shell operator; see :mod:`.ts.cmdguards`), or hands the parameter to a helper that does, the
value reaching a shell is weakly checked for that reason, and the flow shows where the check is.
For every other family such a guard restricts nothing: a soft reference is dropped as before.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from .checkref import _resolve
from .narrowing import CHECK_REF
from .summary import Step
from .taintvalue import Info
from .ts.rootargs import split_argpos

#: the start of every reason a command-line guard is bypassable for
GUARD = "bypassable command guard"
_DEPTH = 4


def guard_of(linker, ref: str, depth: int = 0) -> Optional[Tuple[str, List[Step]]]:
    """(why, the steps to the check) of the guard the validator ``ref`` names keeps on its
    argument, following validators it hands the argument to; None when it keeps none."""
    try:
        _mode, path, qualname, target, argpos = ref.split("|")
    except ValueError:
        return None
    mod = linker.modules.get(path)
    caller = mod.functions.get(qualname) if mod is not None else None
    argpos = split_argpos(argpos)[0]  # (ts/rootargs.py: the arguments free of caller input)
    hit = _resolve(linker, path, caller, target) if target and caller is not None else None
    if hit is None or not argpos.isdigit():
        return None
    positional = [p.name for p in hit[1].params if p.kind == "pos" and p.name not in ("self", "cls")]
    i = int(argpos)
    entry = getattr(hit[1], "guards", {}).get(positional[i]) if i < len(positional) else None
    if not entry:
        return None
    why, step = entry
    steps = [Step(step.line, step.column, step.note, hit[0])] if step is not None else []
    if CHECK_REF in why:
        inner = guard_of(linker, why.split(CHECK_REF, 1)[1], depth + 1) if depth < _DEPTH else None
        return (inner[0], steps + inner[1]) if inner else None
    return (why, steps) if why.startswith(GUARD) else None


def guarded(linker, info: Info, fam: str) -> Info:
    """``info`` with the bypassable command guard its validator reference names, for a shell
    sink; unchanged otherwise."""
    weak = info.weak
    if fam != "shell" or not weak or CHECK_REF not in weak:
        return info
    ref = weak.split(CHECK_REF, 1)[1]
    if ref.split("|", 1)[0] not in ("raise", "guard"):
        return info
    hit = guard_of(linker, ref)
    if hit is None:
        return info
    why, steps = hit
    # the check's place, before the sink's own step
    return info.replace(weak=why, steps=info.steps[:-1] + tuple(steps) + info.steps[-1:], checked=True)


__all__ = ["GUARD", "guard_of", "guarded"]
