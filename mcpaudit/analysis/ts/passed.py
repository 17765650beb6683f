"""Functions passed as arguments and called through the parameter that receives them.

``this.setupAuditEndpoint("/perf", runPerformanceAudit)`` hands a project function to a method
whose route handler (a closure) calls it: ``auditFunction(url)``. The interpreter records a call
of a parameter (its own, or an enclosing function's) as ``<PASSED><owner>:<index>``, the owner
being the function that declares the parameter, and each call's arguments that name a project
function (:attr:`CallRec.fn_refs`). The linker resolves such a call to every function some call of
the owner passes at that position, whoever the caller is (flow-insensitive, as for a tool table
filled at run time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Tuple

from ..summary import CallRec, FuncSummary
from ..taintvalue import Info
from .storedfns import field_functions, is_inline_callback

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: a call target naming a parameter: PASSED + "<qualname of its function>:<position>"
PASSED = "^param:"
#: the callee environment's entry holding the functions the followed call passed
CONTEXT = "^passed"
_MAX = 16


class PassedFunctions:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def passed_context(self: "TsLinker", path: str, fn: FuncSummary, rec: CallRec) -> dict:
        """The functions a followed call passes (its callee's environment carries them, so a
        callee called twice with different functions is instantiated twice)."""
        refs = getattr(rec, "fn_refs", ())
        if not refs:
            return {}
        return {CONTEXT: {("fn", i, path, fn.qualname, ref): Info(()) for i, ref in refs}}

    def resolve_in(self: "TsLinker", path: str, fn: FuncSummary, rec: CallRec, env) -> list:
        """A call of the function's own parameter lands in what the call being followed passed
        there (nothing, when it passed no function of the project); of an enclosing function's
        parameter (a closure: a route handler set up by a method), in what any call passes."""
        if not rec.target.startswith(PASSED):
            return self.resolve_all(path, fn, rec.target)
        owner, _, index = rec.target[len(PASSED):].rpartition(":")
        if owner != fn.qualname:
            return self.passed_functions(path, rec.target[len(PASSED):])
        out, seen = [], set()
        for _, i, cpath, cqual, ref in (env.get(CONTEXT) or {}):
            caller = self.modules[cpath].functions.get(cqual) if cpath in self.modules else None
            for hit in self.resolve_all(cpath, caller, ref) if i == int(index) and caller is not None else ():
                if (hit[0], hit[1].qualname) not in seen:
                    seen.add((hit[0], hit[1].qualname))
                    out.append(hit)
        return out

    def passed_targets(self: "TsLinker", path: str, caller, ref: str) -> list:
        """A call of a parameter resolved without the call being followed (the effects of a
        tool): a closure's call of its enclosing function's parameter lands in whatever any call
        passes; a function's call of its own parameter in the named functions passed, not in the
        callbacks written inline at each call (``this.safeExecute(ctx, async (page) => ...)``),
        whose sinks are their caller's already, each tool's own."""
        hits = self.passed_functions(path, ref)
        if caller is not None and ref.rpartition(":")[0] == caller.qualname:
            hits = [h for h in hits if not is_inline_callback(h[1].qualname)]
        return hits

    def passed_functions(self: "TsLinker", path: str, ref: str, fields: frozenset = frozenset()) -> list:
        """The project functions passed at position ``index`` to the function ``owner`` of
        module ``path`` (``ref`` is ``owner:index``); a field of the caller's object passed
        there stands for the functions its setters were given (:mod:`.storedfns`)."""
        owner, _, index = ref.rpartition(":")
        out, seen = [], set()
        for cpath, caller, fnref in self._passed_index().get((path, owner, int(index)), ()):
            hits = self.resolve_all(cpath, caller, fnref)
            if not hits and fnref.startswith("this."):
                hits = field_functions(self, cpath, caller, fnref, fields)
            for hit in hits:
                key = (hit[0], hit[1].qualname)
                if key not in seen and not fnref.startswith(PASSED):
                    seen.add(key)
                    out.append(hit)
        return out[:_MAX]

    def _passed_index(self: "TsLinker") -> Dict[Tuple[str, str, int], List[Tuple[str, FuncSummary, str]]]:
        """(callee's module, callee's qualname, position) -> (caller's module, caller, the
        function reference it passes there), over every call that passes one."""
        got = self.__dict__.get("_passed")
        if got is not None:
            return got
        got = self.__dict__["_passed"] = {}
        for path in sorted(self.modules):
            for fn in self.modules[path].functions.values():
                for rec in fn.calls.values():
                    refs = getattr(rec, "fn_refs", ())
                    if not refs or rec.target.startswith(PASSED):
                        continue
                    for tpath, callee, *_ in self.resolve_all(path, fn, rec.target):
                        for i, fnref in refs:
                            got.setdefault((tpath, callee.qualname, i), []).append((path, fn, fnref))
        return got


__all__ = ["PASSED", "PassedFunctions"]
