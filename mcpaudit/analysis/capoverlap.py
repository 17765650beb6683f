"""A weakly checked flow into a sink the same tool already reaches as is: its capability says it.

A tool that hands its parameter to a sink unchanged on one way (its capability: "reads any file
the caller names") may reach the same sink on another way past a check mcpaudit cannot verify
(an existence test, a helper it does not read). The second way's finding ("only a weak check on
the way") adds nothing: whatever the check stops, the first way lets through, and the tool's
capability already lists that sink. Such a finding (medium, a weak check named) is dropped when
every tool that reaches it has the family's capability with the same parameter listing that very
sink with no check on the way (``RawCapability.behind`` unset: a capability shown behind a check
is that check's own finding, a bypass); a finding any other tool reaches, of another parameter, or
of another kind (an escapable sandbox of the exec that runs what compile() took as is) stays.

A linker with ``yields_unchecked`` (TypeScript's) applies the same to any other flow of that
parameter into that sink reported at high confidence with no detail of its own (a credential
sent, a claim broken: those stay): whatever the as-is way reads, the other reads no more. The
shape it meets is the caller's folder joined with an entry listed from that very folder
(``join(dir, entry.name)`` after ``readdirSync(dir)``, in a recursion that also reads the file
the caller names): the entry's name carries the folder's taint, so the join reads as placed
under a root. Python reads a listing's names as the library's (an opaque call), so its linker
never has such a flow.
"""

from __future__ import annotations

from ..catalog import catalog
from ..models import Confidence
from .toolflows import reaching_tools

#: what a finding's message says of a check on the way mcpaudit could not verify (reportmsg.py)
_WEAK = "; only a weak check on the way: "


class CapabilityOverlap:
    """Mixed into the linkers (``findings``, ``reaching``, ``capabilities``)."""

    yields_unchecked = False  # an unchecked flow's finding yields too (module docstring)

    def run(self) -> None:
        super().run()
        families = catalog().families
        listed = {}
        for (tool, capability, _origin), cap in self.capabilities.items():
            if cap.behind is not None:
                continue  # every way is behind a check: the finding is that check's bypass
            for where in cap.sinks:
                listed.setdefault((tool, capability, where), set()).add(cap.parameter)
        for key, f in list(self.findings.items()):
            fam = families.get(f.family)
            if fam is None or not fam.capability or not f.parameter or f.sink_at or not self._yields(f):
                continue  # only a weakly checked flow: another kind of finding says more
            tools = reaching_tools(self, key, f)
            where = f"{f.path}:{f.pos[0]}"
            if tools and all(f.parameter in listed.get((t, fam.capability, where), ()) for t in tools):
                del self.findings[key]

    def _yields(self, f) -> bool:
        if f.confidence == Confidence.MEDIUM and _WEAK in f.message:
            return True
        return self.yields_unchecked and f.confidence == Confidence.HIGH and not f.detail


__all__ = ["CapabilityOverlap"]
