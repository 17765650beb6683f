"""Assignments that give each target its own element: ``a, b = x, y`` and ``a, b = f(...)`` (the
callee's tuple returns, read by the linker). Mixed into the function analyser."""

from __future__ import annotations

from ..lazycst import cst

from .modeltables import unpack_dispatch


class ElementAssign:
    """``_assign_elementwise``; uses the analyser's ``ev`` and ``assign``."""

    def _assign_elementwise(self, stmt: cst.Assign) -> bool:
        """``a, b = x, y``: each target gets its own element's value."""
        if len(stmt.targets) != 1:
            return False
        target, value = stmt.targets[0].target, stmt.value
        if self._assign_call_elements(target, value):
            return True
        if not (isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List))
                and len(target.elements) == len(value.elements)
                and not any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements))):
            return False
        vals = [self.ev(e.value) for e in value.elements]
        for el, v, src in zip(target.elements, vals, value.elements):
            self.assign(el.value, v, src.value)
        return True

    def _assign_call_elements(self, target, value) -> bool:
        """``a, b = project_call(...)``: element ``k`` of the call's result is the label
        ``("c", index, k)``, which the linker reads from the callee's tuple returns."""
        call = value.expression if isinstance(value, cst.Await) else value
        if not (isinstance(target, (cst.Tuple, cst.List)) and isinstance(call, cst.Call)
                and not any(isinstance(e, cst.StarredElement) for e in target.elements)):
            return False
        v = self.ev(value)
        if not any(label[0] == "c" and len(label) == 2 for label in v):
            return False
        for k, el in enumerate(target.elements):
            part = {((label[0], label[1], k) if label[0] == "c" and len(label) == 2 else label): info
                    for label, info in v.items()}
            self.assign(el.value, part, None)
        unpack_dispatch(self, target, value)  # impl, model = registry.lookup(name) (modeltables.py)
        return True
