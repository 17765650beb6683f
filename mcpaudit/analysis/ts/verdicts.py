"""Predicate helpers in TypeScript/JavaScript: what a true verdict of a function proves about
its parameters (the model of :mod:`mcpaudit.analysis.verdicts`, read the same way by the
linker's :mod:`~mcpaudit.analysis.checkref`).

``function isAllowedHost(hostname) { const h = hostname.toLowerCase(); return h === D ||
h.endsWith("." + D); }``: at every return that is not a false verdict (``false``, ``null``,
``undefined``, ``0``, ``""``), the returned expression is read as a condition that held, and the
families each parameter is then clean for are met over those returns. A caller's
``if (!isAllowedHost(u.hostname)) throw ...`` then checks ``u`` as the helper does (a host
allow-list). A return of any other value proves nothing of a parameter it does not narrow.

Mixed into the function interpreter.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Tuple

from ..taintvalue import ALL, guard_ref, meet
from . import nodes as N

_FALSE = frozenset({"false", "null", "undefined"})


class Verdicts:
    """Records the parameters' values at each true verdict (mixed into the interpreter)."""

    def verdict_return(self, expr) -> None:
        if self._ret_stack or self.node is None:
            return
        states: List[Dict[str, object]] = self.__dict__.setdefault("verdict_states", [])
        u = N.unwrap(expr)
        if u is None or u.type in _FALSE or (u.type == "number" and N.text(self.data, u) == "0") or \
                N.string_value(self.data, u) == "":
            return  # a false verdict: proves nothing for the caller's true branch
        saved = self.env
        self.env = dict(saved)
        try:
            self.apply(self.narrowings(u, True))
            states.append({**self.field_states(), **{p.name: self.env.get(p.name) for p in self.params}})
        finally:
            self.env = saved

    def verdicts(self) -> Dict[str, Tuple[FrozenSet[str], Optional[str]]]:
        """Parameter -> (families every true verdict proves clean, None)."""
        states = self.__dict__.get("verdict_states") or []
        out: Dict[str, Tuple[FrozenSet[str], Optional[str]]] = {}
        keys = [p.name for p in self.params]
        keys += sorted({k for st in states for k in st if "." in k and k.split(".")[0] in keys} - set(keys))
        for key in keys if states else ():
            fams: Optional[FrozenSet[str]] = None
            for st in states:
                t = st.get(key)
                if not t or any(i.weak and not guard_ref(i.weak) for i in t.values()):
                    fams = frozenset()
                    break
                for info in t.values():
                    fams = info.clean if fams is None else meet(fams, info.clean)
            if fams:
                out[key] = (frozenset(fams), None)
        return out

    def verdict_narrowings(self, fn, args, why: str) -> list:
        """What a true verdict of ``fn`` (a helper of this module) proves about the arguments."""
        out: list = []
        positional = [p.name for p in fn.params if p.kind == "pos"]
        for i, a in enumerate(args):
            fams = fn.verdicts.get(positional[i], (frozenset(), None))[0] if i < len(positional) else frozenset()
            var = self._var(a) if fams else None
            if var and self.env.get(var):
                out.append((var, fams, None, why))
                if ALL in fams or "ssrf" in fams:
                    out.extend(self._host_source(var, why))
        return out
