"""A Python containment predicate whose root is one of its parameters (issue 12; the TypeScript
side is ``ts/rootargs.py``, whose marks and settling this module shares).

    def _is_within(root: Path, target: Path) -> bool:
        try:
            target.resolve().relative_to(root.resolve())
            return True
        except Exception:
            return False

    if not _is_within(FS_ROOT, p): raise PermissionError(...)

Read on its own, the root is the caller's, so the containment leaves in ``target`` the root's own
value (a value confined to a root is as much the caller's as the root is: ``root_labels``), and the
true verdict proved nothing: every caller got "checked by _is_within() (not verified)". Now the
true verdict's families for ``target`` leave out the root parameter's label and carry the mark
``ROOT_ARG + "root"`` instead; a call proves them only when the argument it passes for ``root``
carries no caller input (:func:`free_positions`: a constant, a module setting), in this module
(:func:`settled`) and, for another module's predicate, through the reference's argument
positions (``"1@0"``: checkref.py settles with ``ts.rootargs.settle``). A caller passing its own
input as the root (``_is_within(params.root, p)``) gets nothing, as before.
"""

from __future__ import annotations

from typing import FrozenSet, List, Optional, Tuple

from ..lazycst import cst

from .ts.rootargs import FREE, ROOT_ARG, settle

#: labels of values that carry no caller input: a secret the server reads (its own)
_OWN_KINDS = frozenset({"s"})


def root_skip(label, name: str, positional: List[str]) -> Optional[str]:
    """The roots parameter ``label`` is (``("p", "root")``, another positional parameter than
    ``name``), else None."""
    if isinstance(label, tuple) and len(label) == 2 and label[0] == "p" and label[1] != name and label[1] in positional:
        return label[1]
    return None


def free_positions(fa, call: cst.Call) -> FrozenSet[int]:
    """Positions of ``call``'s positional arguments whose value carries no caller input."""
    out = set()
    for i, a in enumerate(a for a in call.args if a.keyword is None and not a.star):
        if all(_own(fa.ev_quiet(n)) for n in _reads(a.value)):
            out.add(i)
    return frozenset(out)


def _own(t) -> bool:
    return all(isinstance(k, tuple) and k and k[0] in _OWN_KINDS for k in (t or {}))


def _reads(node) -> List[cst.BaseExpression]:
    """Every name and attribute read in ``node``, calls' arguments included (``Path(root)``: ``root``)."""
    out: List[cst.BaseExpression] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (cst.Name, cst.Attribute)):
            out.append(n)
            continue
        if isinstance(n, cst.Call):
            stack.extend(a.value for a in n.args)
            if isinstance(n.func, cst.Attribute):
                stack.append(n.func.value)  # p.resolve(): p
            continue
        stack.extend(c for c in n.children if isinstance(c, cst.BaseExpression))
    return out


def settled(fa, call: cst.Call, positional: List[str], fams: FrozenSet[str],
            weak: Optional[str]) -> Tuple[FrozenSet[str], Optional[str]]:
    """A verdict's ``(fams, weak)`` at ``call`` in this module (:func:`ts.rootargs.settle`)."""
    if not any(f.startswith(ROOT_ARG) for f in fams):
        return fams, weak
    return settle(fams, weak, positional, free_positions(fa, call))


def with_free(fa, call: cst.Call, argpos: int) -> str:
    """A reference's argument position with the positions of the other arguments free of caller
    input (``"1@0"``), for the linker to settle a roots parameter of another module's predicate."""
    free = sorted(free_positions(fa, call) - {argpos})
    return f"{argpos}{FREE}{','.join(str(i) for i in free)}" if free else str(argpos)


__all__ = ["ROOT_ARG", "free_positions", "root_skip", "settled", "with_free"]
