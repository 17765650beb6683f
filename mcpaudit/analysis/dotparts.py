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

import libcst as cst

from . import cstnodes as N

DOT_TEST = "dot-dot test"
_CONFINED = "relative, no '..' part"
_RELATIVE_WHY = "relative"  # narrowing._relative's reason


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
        return [(var, frozenset({"path"}), None, _CONFINED)]
    why = "a '..' substring check" if substring else "a '..' part check"
    return [(var, frozenset(), f"{why} is a deny-list, not a containment check", DOT_TEST)]


def relative_parts(narrowings: List[tuple]) -> List[tuple]:
    """``if isabs(v) or ".." in Path(v).parts: refuse``: the two narrowings of one variable
    become one containment."""
    rel = {n[0] for n in narrowings if n[3] == _RELATIVE_WHY}
    both = rel & {n[0] for n in narrowings if n[3] == DOT_TEST}
    if not both:
        return narrowings
    return [n for n in narrowings if not (n[0] in both and n[3] in (_RELATIVE_WHY, DOT_TEST))] + \
        [(v, frozenset({"path"}), None, _CONFINED) for v in sorted(both)]


__all__ = ["DOT_TEST", "dot_part_test", "relative_parts"]
