"""A value equal to its own slug (issue 12, py56b).

``if slugify(name) != name: refuse`` (or ``return slugify(x, fallback="") == x and ...`` in a
predicate helper) keeps only values that a character-restricting normaliser leaves as they are:
when ``slugify`` keeps only ``[A-Za-z0-9_-]`` (a substitution with a negated character class,
charfilter.py), a value equal to its slug holds no separator and no dot, whatever the
normaliser would have done to another value. The value is then clean for what the normaliser's
result is clean for:

* a library normaliser of the models' sanitizers (``slugify.slugify``, ``os.path.basename``):
  its ``clears`` row;
* a project function of this module: the families its summary's returns are clean for, as its
  parameter's value (:func:`returned_clean`);
* a project function of another module: a soft reference (mode ``slug``, :data:`SLUG`) that the
  linker reads from the same summary (checkref.py): no check at all until it is read.

The other arguments of the call must be constants (``fallback=""``): a caller's fallback could be
what the normaliser returns for an empty slug.
"""

from __future__ import annotations

from typing import FrozenSet, List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import ALL, all_families

#: the mode of a reference to another module's normaliser an equality tested (checkref.py)
SLUG = "slug"
#: narrowing.CHECK_REF (not imported: narrowing imports this module)
_REF = "\x1f"
_WHY = "equal to its normalised form"


def returned_clean(callee, param: str) -> FrozenSet[str]:
    """The families every value ``callee`` returns is clean for as parameter ``param``'s value
    (nothing when a return holds it unmarked, or none holds it)."""
    fams = None
    for _, taint in getattr(callee, "returns", ()) or ():
        info = (taint or {}).get(("p", param))
        if info is None:
            continue
        clean = frozenset(all_families()) if ALL in info.clean else frozenset(info.clean) & frozenset(all_families())
        if info.weak:
            clean = frozenset()
        fams = clean if fams is None else fams & clean
    return fams or frozenset()


def slug_equality(fa, left, right) -> List[tuple]:
    """``v == f(v)`` (either side), the rest of ``f``'s arguments constants: ``v`` narrowed to
    what ``f``'s result is clean for (see the module's docstring)."""
    out: List[tuple] = []
    for a, b in ((left, right), (right, left)):
        var = N.var_of(a)
        if not var or not isinstance(b, cst.Call) or not fa.env.get(var):
            continue
        args = list(b.args)
        if not args or args[0].keyword is not None or args[0].star or N.var_of(args[0].value) != var or any(
                x.star or not N.is_literal(x.value) for x in args[1:]):
            continue
        fq = fa.mod.dotted(b.func) or ""
        clears = fa.M.clears.get(fq)
        local = fa.mod.functions.get(b.func.value) if isinstance(b.func, cst.Name) else None
        if clears:
            out.append((var, clears, None, _WHY))
        elif local is not None:
            positional = [p.name for p in local.params if p.kind == "pos"]
            fams = returned_clean(local, positional[0]) if positional else frozenset()
            if fams:
                out.append((var, fams, None, _WHY))
        elif fq and isinstance(b.func, (cst.Name, cst.Attribute)):
            name = b.func.value if isinstance(b.func, cst.Name) else b.func.attr.value
            out.append((var, frozenset(), fa.unverified(b, name, 0, SLUG), _WHY))
    return out


def slug_ref(weak: Optional[str]) -> bool:
    """A weak reason that is a reference to another module's normaliser (:data:`SLUG`)."""
    return bool(weak) and _REF in weak and weak.split(_REF, 1)[1].startswith(SLUG + "|")


def behind_slug(cur, weak: str):
    """(value, weak reason) to mark ``cur`` with for a check whose reason is ``weak``, when one of
    the two is a normaliser reference and the other a check read in place (``slugify(x) == x and
    ".." not in x``): the reference first, the other kept behind it (checkref.chained), so that the
    reference, once verified, makes the value clean, and the other is what is shown when it is
    not (a soft reference alone shows nothing)."""
    from .checkref import chained

    if slug_ref(weak):
        return {k: i.replace(weak=chained(weak, i.weak)) if i.weak and not slug_ref(i.weak) else i
                for k, i in cur.items()}, weak
    return {k: i.replace(weak=chained(i.weak, weak)) if slug_ref(i.weak) else i for k, i in cur.items()}, weak


__all__ = ["SLUG", "behind_slug", "returned_clean", "slug_equality", "slug_ref"]
