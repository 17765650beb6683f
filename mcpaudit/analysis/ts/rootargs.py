"""A containment predicate whose roots are one of its parameters.

``function within(p, dirs) { const n = path.resolve(p); return dirs.some((d) => n === d ||
n.startsWith(d + path.sep)); }``: read on its own, the list ``dirs`` is the caller's, so the check
proves nothing (a list with caller input contains nothing, pathshape.some_predicate). Read at a
true verdict (verdicts.py), the check is recorded as a containment *in that parameter*: the
families it proves carry the mark ``ROOT_ARG + "dirs"``. A caller's ``if (!within(abs, ROOTS))
throw`` then gets the containment when the argument it passes for ``dirs`` carries no caller
input (a module list set from argv or the configuration; a module variable only when no store
of it, linked, carries any: a tool calling ``setAllowedDirectories(args.dirs)`` hands the roots
to the caller), and nothing otherwise. Another module's predicate is verified by the linker (checkref.py) from the same
mark and the argument positions the call site recorded as free of caller input
(:func:`ref_argpos`).

Inside the predicate's own body nothing is proven: the mark is made only while a true verdict's
returned expression is read.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, Optional, Tuple

from . import nodes as N

#: in a verdict's families: the containment holds only for roots passed as this parameter
ROOT_ARG = "~root-arg:"
#: the key of a true verdict's state that holds the roots parameters it depends on
MARKS = "~root-args"
#: in a reference's argument position: the positions of arguments with no caller input
FREE = "@"
#: in a reference's argument position: the checked argument was realpath'd
REAL = "r"


def root_param(fa, recv) -> Optional[str]:
    """The parameter ``recv`` names, while a true verdict is read (the roots of a predicate)."""
    u = N.unwrap(recv)
    if not getattr(fa, "reading_verdict", False) or u is None or u.type != "identifier":
        return None
    name = N.text(fa.data, u)
    return name if any(p.name == name and p.kind == "pos" for p in fa.params) else None


def marked(fa, found: list, name: str) -> list:
    """The narrowings of a containment in the roots parameter ``name``: the true verdict being
    read records that what it proves holds for the roots that parameter is given."""
    if found:
        fa.verdict_marks.add(ROOT_ARG + name)
    return found


def root_marks(fams: Iterable[str]) -> FrozenSet[str]:
    return frozenset(f for f in fams if f.startswith(ROOT_ARG))


def settle(fams: FrozenSet[str], weak: Optional[str], positional, free) -> Tuple[FrozenSet[str], Optional[str]]:
    """``(fams, weak)`` of a verdict at a call whose arguments at the positions ``free`` carry no
    caller input: unmarked when every roots parameter it depends on is free, nothing otherwise."""
    marks = root_marks(fams)
    if not marks:
        return fams, weak
    for m in marks:
        name = m[len(ROOT_ARG):]
        if name not in positional or positional.index(name) not in free:
            return frozenset(), None
    return fams - marks, weak


def free_args(fa, args) -> FrozenSet[int]:
    """Positions of the call's arguments that carry no caller input (pathshape.caller_list). A
    module variable's value (``let allowedDirectories`` set by ``setAllowedDirectories(argv)``, a
    ``("g", name)`` label) is not among them: what was stored there is known to the linker only
    (:func:`ref_argpos`), and a tool may store its caller's folders there (``set_roots``)."""
    return _arg_kinds(fa, args)[0]


def _arg_kinds(fa, args) -> Tuple[FrozenSet[int], Dict[int, Tuple[str, ...]]]:
    """(the arguments free of caller input, those whose only input is module variables - the
    ``("g", name)`` labels - with the variables' names), each argument evaluated once: a
    variable is free when no store of it carries caller input, which the linker reads
    (checkref.state_free)."""
    from .pathshape import caller_list
    free, state = set(), {}
    for i, a in enumerate(args):
        if not caller_list(fa, a):
            free.add(i)
        elif _module_state(taint := fa.ev_quiet(a)):
            state[i] = tuple(sorted(k[1] for k in taint))
    return frozenset(free), state


def _module_state(taint) -> bool:
    return bool(taint) and all(isinstance(k, tuple) and len(k) == 2 and k[0] == "g" for k in taint)


def ref_argpos(fa, argpos: int, args, real: bool = False) -> str:
    """A reference's argument position, with the positions of the other arguments that carry no
    caller input (``"0@1"``), those that hold module variables (``"0@1:allowed"``, free when no
    store of ``allowed`` carries caller input) and ``r`` when the checked argument was realpath'd
    (``"0@r"``: a lexical containment of it is whole, checkref._real_contained)."""
    free, state = _arg_kinds(fa, args)
    tokens = [str(i) for i in sorted(free - {argpos})]
    tokens += [f"{i}:{'+'.join(names)}" for i, names in sorted(state.items()) if i != argpos]
    tokens += [REAL] if real else []
    return f"{argpos}{FREE}{','.join(tokens)}" if tokens else str(argpos)


def split_argpos(argpos: str) -> Tuple[str, FrozenSet[int]]:
    """``("0", {1})`` for ``"0@1"`` (:func:`ref_argpos`)."""
    head, sep, rest = argpos.partition(FREE)
    return head, frozenset(int(x) for x in rest.split(",") if x.isdigit()) if sep else frozenset()


def ref_state(argpos: str) -> Dict[int, Tuple[str, ...]]:
    """``{1: ("allowed",)}`` for ``"0@1:allowed"``: arguments holding module variables."""
    out: Dict[int, Tuple[str, ...]] = {}
    for x in argpos.partition(FREE)[2].split(","):
        i, sep, names = x.partition(":")
        if sep and i.isdigit():
            out[int(i)] = tuple(names.split("+"))
    return out


def ref_real(argpos: str) -> bool:
    """The checked argument was realpath'd (``"0@r"``)."""
    return REAL in argpos.partition(FREE)[2].split(",")
