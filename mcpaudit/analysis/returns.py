"""What a function's summary says about its parameters on return: which it proved clean
(validators), which passed only a read-only check that can be bypassed, and each element of a tuple it
returns. A mixin of :class:`~mcpaudit.analysis.interp.FunctionAnalyzer`."""

from __future__ import annotations

from typing import Dict

from ..lazycst import cst

from .astguard import call_free_params
from .dictflags import note_return
from .tupleverdicts import note_tuple_return
from .egressguard import egress_guard
from .narrowing import READ_ONLY_CHECK
from .taintvalue import add_step, union, validated_params

#: what a parse tree with no call in it cannot be: code that runs something
_CALL_FREE = frozenset({"code"})


class ReturnFacts:
    """Summary facts about the parameters, gathered at the function's returns."""

    def _weak_checks(self) -> Dict[str, str]:
        """Parameters this function checks with a read-only check that can be bypassed (a
        keyword deny-list, a query prefix): callers that run the value after it inherit it."""
        out: Dict[str, str] = {}
        for p in self.params:
            t = self.final_env.get(p.name) if self.final_env is not None else None
            weak = next((i.weak for i in (t or {}).values() if i.weak and i.weak.startswith(READ_ONLY_CHECK)), None)
            if weak:
                out[p.name] = weak
        return out

    def _validates(self) -> Dict[str, frozenset]:
        # a helper that answers False (or the error to send back, refusals.py) for a bad value
        # does not stop a caller that ignores it
        out = {} if self.says_no or self.refusals() else validated_params(self.params, self.final_env)
        if self.fn is not None:
            for name in call_free_params(self.mod, self.fn):
                out[name] = out.get(name, frozenset()) | _CALL_FREE
        return out

    def _egress_guard(self) -> Dict[str, tuple]:
        """The parameters this function guards against non-public destinations (egressguard.py)."""
        return egress_guard(self.mod, self.fn)

    def _tuple_return(self, stmt) -> None:
        """``return a, b``: each element's taint, so that ``x, y = f()`` gives each its own."""
        note_return(self, stmt)  # a dict display's constant keys (dictflags.py)
        value = stmt.value
        if isinstance(value, cst.Tuple) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
            elems = [add_step(self.ev(e.value), (stmt, None, "returned")) for e in value.elements]
            self.tuple_returns.append(elems)
            note_tuple_return(self, stmt, elems)  # (False, why) / (True, path): tupleverdicts.py
        else:
            self.tuple_returns.append(None)

    def _return_elements(self):
        shapes = self.tuple_returns
        if not shapes or any(s is None or len(s) != len(shapes[0]) for s in shapes):
            return None
        return [self.mod.resolve_taint(union(*(s[k] for s in shapes))) for k in range(len(shapes[0]))]
