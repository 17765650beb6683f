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
"""

from __future__ import annotations

from ..catalog import catalog
from ..models import Confidence
from .toolflows import reaching_tools

#: what a finding's message says of a check on the way mcpaudit could not verify (reportmsg.py)
_WEAK = "; only a weak check on the way: "


class CapabilityOverlap:
    """Mixed into the Python linker (``findings``, ``reaching``, ``capabilities``)."""

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
            if fam is None or not fam.capability or not f.parameter or f.sink_at \
                    or f.confidence != Confidence.MEDIUM or _WEAK not in f.message:
                continue  # only a weakly checked flow: another kind of finding says more
            tools = reaching_tools(self, key, f)
            where = f"{f.path}:{f.pos[0]}"
            if tools and all(f.parameter in listed.get((t, fam.capability, where), ()) for t in tools):
                del self.findings[key]


__all__ = ["CapabilityOverlap"]
