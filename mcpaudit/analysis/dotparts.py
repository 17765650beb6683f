"""A refusal of absolute paths and of ``..`` parts confines a later join (issue 12).

    if Path(v).is_absolute() or ".." in Path(v).parts:
        raise ValueError("must be relative, without '..'")
    open(output_dir / v)

Either test alone is a deny-list: a ``..`` check lets ``/etc/passwd`` through (``base / v`` and
``os.path.join(base, v)`` then drop ``base``), and an is-absolute check lets ``../../x`` through.
Together they leave a relative path none of whose parts climbs, which stays under whatever base
it is joined to: the value is clean for ``path`` past them (a later prefix comparison of the
joined path is then moot). The ``..`` test may be written on the value (``".." in v``: no
substring ``..`` at all), on its parts (``Path(v).parts``, ``rel.parts`` of ``rel =
Path(os.path.normpath(v))``) or on its split (``v.split("/")``). Read in a refusing ``if A or B``
(:func:`relative_parts`, either order) and when the ``..`` test follows an is-absolute test that
already refused (:func:`dot_part_test`).
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N

DOT_TEST = "dot-dot test"
_CONFINED = "relative, no '..' part"
_RELATIVE_WHY = "relative"  # narrowing._relative's reason
RELATIVE_MARK = "relative"  # narrowing.RELATIVE (the clean mark an is-absolute refusal leaves)


def _parts_var(node) -> Optional[str]:
    """``Path(v).parts`` / ``rel.parts`` / ``v.split("/")``: v."""
    if isinstance(node, cst.Attribute) and node.attr.value == "parts":
        return N.var_of(node.value)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "split" \
            and node.args:
        return N.var_of(node.func.value)
    return None


def dot_part_test(interp, lval: str, right) -> list:
    """``".." in X`` refused: past an is-absolute refusal the value is confined; alone, a weak
    deny-list (the ``..`` substring or part test)."""
    from .narrowing import RELATIVE

    var = _parts_var(right) if lval == ".." else None
    substring = var is None
    var = var or N.var_of(right)
    if not var:
        return []
    cur = interp.env.get(var)
    if cur and all(RELATIVE in i.clean for i in cur.values()):
        return with_source(interp, [(var, frozenset({"path"}), None, _CONFINED)])
    why = "a '..' substring check" if substring else "a '..' part check"
    return [(var, frozenset(), f"{why} is a deny-list, not a containment check", DOT_TEST)]


_NORMPATHS = ("os.path.normpath", "posixpath.normpath")


def normpath_source(interp, var: str) -> Optional[str]:
    """The variable ``var`` is the normalised form of (``norm = os.path.normpath(v)``): v."""
    value = interp.local_values.get(var)
    if not isinstance(value, cst.Call) or len(value.args) != 1 or value.args[0].keyword is not None \
            or (interp.mod.dotted(value.func) or "") not in _NORMPATHS:
        return None
    src = N.var_of(value.args[0].value)
    return src if src and src != var else None


def _relative(interp, var: Optional[str]) -> bool:
    cur = interp.env.get(var) if var else None
    return bool(cur) and all(RELATIVE_MARK in i.clean for i in cur.values())


def with_source(interp, found: List[tuple]) -> List[tuple]:
    """A confined normalised copy confines what it was made from: ``os.path.normpath`` only folds
    ``.``/``..`` segments and separators, so ``base / v`` and ``base / normpath(v)`` name the same
    place (symlinks aside, as for any lexical check)."""
    more = []
    for n in found:
        src = normpath_source(interp, n[0]) if n[3] == _CONFINED else None
        if src and interp.env.get(src):
            more.append((src, *n[1:]))
    return found + more


def leading_climb(interp, cond: cst.Call) -> List[tuple]:
    """``if norm.startswith(".."): refuse`` with ``norm = os.path.normpath(v)`` (or the call
    itself) of a value already refused when absolute: a normalised relative path climbs only
    through leading ``..`` segments, so past the refusal it stays under any folder it is joined to
    (the copy and its source both)."""
    arg = cond.args[0].value if len(cond.args) == 1 else None
    if arg is None or not (N.string_value(arg) == ".." or (interp.mod.dotted(arg) or "") in ("os.pardir", "os.path.pardir")):
        return []
    target = cond.func.value
    if isinstance(target, cst.Call) and len(target.args) == 1 and (interp.mod.dotted(target.func) or "") in _NORMPATHS:
        norm, src = None, N.var_of(target.args[0].value)
    else:
        norm = N.var_of(target)
        src = normpath_source(interp, norm) if norm else None
    if not src or not (_relative(interp, src) or _relative(interp, norm)):
        return []
    return [(v, frozenset({"path"}), None, _CONFINED) for v in (norm, src) if v and interp.env.get(v)]


def relative_parts(narrowings: List[tuple]) -> List[tuple]:
    """``if isabs(v) or ".." in Path(v).parts: refuse``: the two narrowings of one variable
    become one containment."""
    rel = {n[0] for n in narrowings if n[3] == _RELATIVE_WHY}
    both = rel & {n[0] for n in narrowings if n[3] == DOT_TEST}
    if not both:
        return narrowings
    return [n for n in narrowings if not (n[0] in both and n[3] in (_RELATIVE_WHY, DOT_TEST))] + \
        [(v, frozenset({"path"}), None, _CONFINED) for v in sorted(both)]


__all__ = ["DOT_TEST", "dot_part_test", "leading_climb", "relative_parts", "with_source"]
