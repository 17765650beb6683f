"""A tool's capability lists every sink of its kind the same parameter reaches, built or not.

A tool reported once as a capability ("reads and writes any file the caller names": the caller's
folder handed to ``mkdir`` as is) may hand the same parameter, built into a longer value, to other
sinks of the same kind: the file it then writes in that folder (``join(outputDir, name)``), the
env file it rewrites in the caller's project directory. Each such sink is a default finding of its
own, and it is also a place where the tool does what its capability says, so the capability lists
it among its sinks (``properties.sinks``): a reader looking for the tool's write finds it there. Only
a default finding (not the audit view) of the capability's family, reached by the capability's own
tool with the same parameter, is listed; a capability shown behind a check (``behind``: the check is
a finding) lists nothing more, and no capability is made where none was.
"""

from __future__ import annotations

from ..catalog import catalog
from ..models import Confidence
from .fetchcheck import unread_fetch_check
from .toolflows import reaching_tools


class ListedSinks:
    """Mixed into the TypeScript linker, outermost (``findings``, ``reaching``, ``capabilities``)."""

    def guarded_fetches(self, path: str, info, fn=None) -> bool:
        """A declared fetch past one check known by its name only keeps its capability (fetchcheck.py)."""
        return unread_fetch_check(self, path, info, fn)

    def run(self) -> None:
        super().run()
        families = catalog().families
        caps = {}
        for (tool, capability, _origin), cap in sorted(self.capabilities.items()):
            if cap.behind is None:
                caps.setdefault((tool, capability, cap.parameter), cap)
        if not caps:
            return
        for key, f in sorted(self.findings.items(), key=lambda kv: (kv[1].path, kv[1].pos)):
            fam = families.get(f.family)
            if fam is None or not fam.capability or not f.parameter or f.confidence <= Confidence.LOW:
                continue
            where = f"{f.path}:{f.pos[0]}"
            for tool in sorted(reaching_tools(self, key, f)):
                cap = caps.get((tool, fam.capability, f.parameter))
                if cap is not None and where not in cap.sinks:
                    cap.sinks.append(where)
                    cap.write = cap.write or f.detail == "write"


__all__ = ["ListedSinks"]
