"""A sound containment survives an unrelated soft check in the same helper (issue 12, py57b).

A helper's verdict for a parameter is the families clean at every true verdict (or passing
refusal) and the first weak reason met on the way. Both can hold at once::

    def is_safe_path(root, target):
        sanitized = PathValidator.sanitize_path(target)   # a check-named call mcpaudit cannot see into
        if not sanitized:
            return False                                  # target: "checked by sanitize_path() (not verified)"
        (root / target).resolve().relative_to(root.resolve())   # target: contained (path, ssrf)
        return True

The weak reason is no doubt about the containment: a weak check never marks a family clean
(a lexical or prefix containment, a '..' deny-list, an unverified validator all narrow with no
family), and the families are a meet over every true verdict, so each of them was proved by a
sound check on every way to a true verdict. Callers used to drop the families whenever the
verdict carried any weak reason (``frozenset() if weak else fams``), so the soft check hid the
containment. Now the containment's own families (:data:`~.narrowing.LOCAL_PATH`) are kept beside
the weak reason; other families still need a verdict with no weak reason (a form test or an
exists test on the way marks families that are no check of their own).
"""

from __future__ import annotations

from typing import FrozenSet, Optional


def kept_families(fams: FrozenSet[str], weak: Optional[str]) -> FrozenSet[str]:
    """The families a caller may take from a helper verdict ``(fams, weak)``: all of them with no
    weak reason, only a sound containment's beside one."""
    if not weak:
        return fams
    from .narrowing import LOCAL_PATH  # (narrowing imports verdicts, which imports this module)

    return frozenset(fams) & LOCAL_PATH


def shown_in(weak: Optional[str], name: str) -> Optional[str]:
    """A helper verdict's weak reason as its caller records it: each reason said to be in
    ``name()``, except a reference the linker reads (``checked by x() (not verified)`` of another
    module keeps its link-time reference last, where the linker splits it off)."""
    from .narrowing import CHECK_REF

    if not weak:
        return weak
    return "\x1e".join(w if CHECK_REF in w else f"{w} (in {name}())" for w in weak.split("\x1e"))
