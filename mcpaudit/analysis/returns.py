"""What a function's summary says about its parameters on return: which it proved clean
(validators), which it proved clean when it returns a true value (``if not valid(x): refuse``),
which passed only a read-only check that can be bypassed, and each element of a tuple it
returns. A mixin of :class:`~mcpaudit.analysis.interp.FunctionAnalyzer`."""

from __future__ import annotations

from typing import Dict

import libcst as cst

from .astguard import call_free_params
from .cstnodes import string_value
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
        out = validated_params(self.params, self.final_env)
        if self.fn is not None:
            for name in call_free_params(self.mod, self.fn):
                out[name] = out.get(name, frozenset()) | _CALL_FREE
        return out

    def _true_return(self, value) -> None:
        """A ``return`` that may be truthy: what holds of the parameters when it is taken and
        its value is true (``return bool(PATTERN.fullmatch(name))``, ``return True`` after the
        checks); a validator's summary for ``if not valid(x): refuse``."""
        if self.fn is None or (isinstance(value, cst.Name) and value.value in ("False", "None")):
            return
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "bool" and value.args:
            value = value.args[0].value
        if isinstance(value, cst.Comparison) and len(value.comparisons) == 1 and isinstance(
                value.comparisons[0].operator, cst.IsNot) and string_value(value.comparisons[0].comparator) is None:
            value = value.left  # PATTERN.match(name) is not None
        saved = self.env
        if not (isinstance(value, cst.Name) and value.value == "True"):
            self.env = dict(saved)
            self._apply(self.narrowings(value, True))
        self.true_returns.append(validated_params(self.params, self.env))
        self.env = saved

    def _tuple_return(self, stmt) -> None:
        """``return a, b``: each element's taint, so that ``x, y = f()`` gives each its own."""
        value = stmt.value
        if isinstance(value, cst.Tuple) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
            self.tuple_returns.append([add_step(self.ev(e.value), (stmt, None, "returned")) for e in value.elements])
        else:
            self.tuple_returns.append(None)

    def _return_elements(self):
        shapes = self.tuple_returns
        if not shapes or any(s is None or len(s) != len(shapes[0]) for s in shapes):
            return None
        return [self.mod.resolve_taint(union(*(s[k] for s in shapes))) for k in range(len(shapes[0]))]

    def _validates_if_true(self) -> Dict[str, frozenset]:
        if not self.true_returns:
            return {}
        out = dict(self.true_returns[0])
        for snap in self.true_returns[1:]:
            out = {k: v & snap[k] for k, v in out.items() if k in snap and v & snap[k]}
        return out
