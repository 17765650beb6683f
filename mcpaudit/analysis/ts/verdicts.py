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

from ..narrowing import CHECK_REF, NO_REALPATH
from ..reqcreds import NO_DOT_SEGMENT as NO_DOTDOT
from ..taintvalue import ALL, guard_ref, meet
from . import nodes as N
from .formchecks import unchecked_proof
from .rootargs import MARKS, free_args, root_marks, settle

_FALSE = frozenset({"false", "null", "undefined"})
SYMLINK = (f"{NO_REALPATH} (path.resolve/join/normalize), not fs.realpath: a symlink "
           "inside the allowed root can point outside it (CVE-2025-53109)")
#: the weak reason of ``p.startsWith(root + sep)`` on a path not resolved first; in a predicate
#: helper, a containment check of the resolved path a caller passes (:func:`contained_only`)
UNRESOLVED = "startsWith() on a path that was not resolved first: '..' is not normalised"
#: the weak reason of ``x.includes("..")`` refused: a deny-list, whose shape (no ``..`` segment,
#: NO_DOTDOT among the families) a later join under a root makes a containment (workspace.py)
DOTDOT_DENY = "a '..' substring check is a deny-list, not a containment check"


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
        self.reading_verdict, self.verdict_marks = True, set()  # a containment in a roots parameter (rootargs.py)
        try:
            self.apply(self.narrowings(u, True))
            states.append({**self.field_states(), **{p.name: self.env.get(p.name) for p in self.params},
                           MARKS: frozenset(self.verdict_marks)})
        finally:
            self.env = saved
            self.reading_verdict = False

    def verdicts(self) -> Dict[str, Tuple[FrozenSet[str], Optional[str]]]:
        """Parameter -> (families every true verdict proves clean, None); or, for a containment
        check every true verdict makes on a lexically resolved path (``path.resolve(p)`` then
        ``=== root || startsWith(root + sep)``), (the families, that check's weak reason): a
        check a caller's value passes, weak only for want of realpath (:func:`lexical_only`)."""
        states = self.__dict__.get("verdict_states") or []
        out: Dict[str, Tuple[FrozenSet[str], Optional[str]]] = {}
        keys = [p.name for p in self.params]
        keys += sorted({k for st in states for k in st if "." in k and k.split(".")[0] in keys} - set(keys))
        for key in keys if states else ():
            fams: Optional[FrozenSet[str]] = None
            lexical: Optional[str] = None
            contained = True  # every true verdict contains the value, wholly or lexically
            marks = frozenset(m for st in states for m in st.get(MARKS, ()))
            for st in states:
                t = st.get(key)
                weak = [i.weak for i in (t or {}).values() if i.weak and not guard_ref(i.weak) and not _shape_kept(i)]
                if not t or (weak and not all(contained_only(w) for w in weak)):
                    fams, lexical = frozenset(), None
                    break
                lexical = lexical or (weak[0] if weak else None)
                contained = contained and all("path" in i.clean or contained_only(i.weak) for i in t.values())
                for info in t.values():
                    fams = info.clean if fams is None else meet(fams, info.clean)
            fams = fams | marks if fams is not None and (fams or lexical) else fams  # any roots parameter
            if lexical and contained:
                out[key] = (frozenset(fams or ()), lexical)  # contained in every true verdict, lexically
            elif fams and not lexical:  # a form test only (a URL's scheme): a mark, no check (formchecks.py)
                out[key] = (fams if marks else unchecked_proof(self, frozenset(fams), [i for st in states for i in (st.get(key) or {}).values()]), None)
        return out

    def verdict_narrowings(self, fn, args, why: str) -> list:
        """What a true verdict of ``fn`` (a helper of this module) proves about the arguments
        (with the weak reason of a containment check made on a lexically resolved path)."""
        out: list = []
        positional = [p.name for p in fn.params if p.kind == "pos"]
        free = free_args(self, args) if any(root_marks(f) for f, _w in fn.verdicts.values()) else frozenset()
        for i, a in enumerate(args):
            fams, weak = fn.verdicts.get(positional[i], (frozenset(), None)) if i < len(positional) else (frozenset(), None)
            fams, weak = settle(fams, weak, positional, free)  # roots the caller passes (rootargs.py)
            weak = weak if contained_only(weak) else None
            var = self._var(a) if fams or weak else None
            if var and weak and self.realpath_of_itself(var):
                fams, weak = fams | {"path"}, None  # the lexical containment check of a realpath: whole
            elif weak == UNRESOLVED:  # the caller resolved it lexically: weak for want of realpath
                weak = SYMLINK if var and self.env.get(var) and all(i.resolved for i in self.env[var].values()) else None
                fams = fams if weak else frozenset()
            if var and self.env.get(var):
                out.append((var, fams, weak, why))
                if ALL in fams or "ssrf" in fams:
                    out.extend(self._host_source(var, why))
        return out


def _shape_kept(info) -> bool:
    """A '..' deny-list a true verdict passed, its shape kept (no '..' segment): handed to the
    caller's true branch as the families, as the same test inline leaves them (ts33a)."""
    return info.weak == DOTDOT_DENY and NO_DOTDOT in info.clean


def contained_only(weak: Optional[str]) -> bool:
    """A containment check's weak reason that a caller's argument may make good: the want of
    realpath (:func:`lexical_only`), or of any resolving (:data:`UNRESOLVED`: whole for a realpath,
    lexical for a path the caller resolved)."""
    return lexical_only(weak) or weak == UNRESOLVED


def lexical_only(weak: Optional[str]) -> bool:
    """A weak reason that is only the want of realpath: a containment check made whole on a
    path resolved lexically (a symlink inside the root can lead out, CVE-2025-53109)."""
    return bool(weak) and weak.startswith(NO_REALPATH) and CHECK_REF not in weak
