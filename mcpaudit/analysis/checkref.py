"""Validator helpers verified when modules are linked.

``validate_name(x)`` as a statement, or ``if not is_valid(x): refuse``, where the helper is in
another module or is a method, cannot be read while one module is analysed: the value is marked
weakly checked, with a reference to the call (:data:`narrowing.CHECK_REF`). Once every module's
summary is known, the linker looks the helper up: when its summary proves that it raises on (or
returns false for) every value not clean for the sink's family -- an anchored regex match, an
allow-list, a character-class test -- the check is a sanitiser like a local one.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from .narrowing import CHECK_REF
from .taintvalue import ALL


def verified(linker, weak: Optional[str], family: str, memo: Dict[Tuple[str, str], bool]) -> bool:
    """True when the validator ``weak`` refers to is proven to clean values for ``family``."""
    if not weak or CHECK_REF not in weak:
        return False
    key = (weak, family)
    if key not in memo:
        memo[key] = _verified(linker, weak.split(CHECK_REF, 1)[1], family)
    return memo[key]


def _verified(linker, ref: str, family: str) -> bool:
    try:
        mode, path, qualname, target, argpos = ref.split("|")
    except ValueError:
        return False
    mod = linker.modules.get(path)
    caller = mod.functions.get(qualname) if mod is not None else None
    hit = linker.resolve(path, caller, target)
    if hit is None:
        return False
    _, callee, is_method = hit
    params = list(callee.params)
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    positional = [p.name for p in params if p.kind == "pos"]
    i = int(argpos)
    if i >= len(positional):
        return False
    proven = callee.validates if mode == "raise" else callee.validates_if_true
    fams = proven.get(positional[i], frozenset())
    return ALL in fams or family in fams
