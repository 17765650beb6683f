"""Validator helpers verified when modules are linked.

``validate_name(x)`` as a statement, or ``if not is_valid(x): refuse``, where the helper is in
another module or is a method, cannot be read while one module is analysed: the value is marked
weakly checked, with a reference to the call (:data:`narrowing.CHECK_REF`). Once every module's
summary is known, the linker looks the helper up: when its summary proves that it raises on (or
returns a false verdict for, see :mod:`.verdicts`) every value not clean for the sink's family --
an anchored regex match, an allow-list, a character-class test, a containment check -- the check
is a sanitiser like a local one. A helper whose own check is a call of another module's helper is
followed to that one.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from .narrowing import CHECK_REF, NO_REALPATH
from .taintvalue import ALL


#: references of checks mcpaudit takes as no check at all unless they are verified: the verdict of
#: another module's ``ok, why = check(p)`` and a root found by another module's function
SOFT_MODES = ("verdict", "ancestor")


def soft(weak: Optional[str]) -> bool:
    """A weak reason that is no check at all when its reference is not verified."""
    return bool(weak) and CHECK_REF in weak and weak.split(CHECK_REF, 1)[1].split("|", 1)[0] in SOFT_MODES


def verified(linker, weak: Optional[str], family: str, memo: Dict[Tuple[str, str], bool]) -> bool:
    """True when the validator ``weak`` refers to is proven to clean values for ``family``."""
    if not weak or CHECK_REF not in weak:
        return False
    key = (weak, family)
    if key not in memo:
        memo[key] = False  # a helper that asks itself proves nothing
        memo[key] = _verified(linker, weak.split(CHECK_REF, 1)[1], family, memo)
    return memo[key]


def _verified(linker, ref: str, family: str, memo) -> bool:
    try:
        mode, path, qualname, target, argpos = ref.split("|")
    except ValueError:
        return False
    mod = linker.modules.get(path)
    caller = mod.functions.get(qualname) if mod is not None else None
    hit = linker.resolve(path, caller, target)
    if hit is None:
        return False
    callee, is_method = hit[1], hit[2]
    params = list(callee.params)
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    positional = [p.name for p in params if p.kind == "pos"]
    i = int(argpos)
    if i >= len(positional):
        return False
    if mode == "ancestor":  # it returns a folder above its (normalised) argument
        how = callee.ancestor_of.get(positional[i])
        if how is None or family != "path":
            return False
        return not how or verified(linker, how, family, memo)
    if mode in ("raise", "real"):
        fams = callee.validates.get(positional[i], frozenset())
        if ALL in fams or family in fams:
            return True
        # "real": the argument was realpath'd, so a containment check that is weak only for want
        # of realpath (a lexical resolve) is whole
        return mode == "real" and family == "path" and \
            (callee.weak_checks.get(positional[i]) or "").startswith(NO_REALPATH)
    # a true verdict of the helper (its summary's verdicts); a helper whose check is itself a
    # call of another module's helper is as good as that one
    fams, weak = callee.verdicts.get(positional[i], (frozenset(), None))
    if weak:
        return verified(linker, weak, family, memo)
    return ALL in fams or family in fams
