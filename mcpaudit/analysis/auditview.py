"""The audit view of the Python linker: non-constant sinks no tool parameter was traced to,
reported at low confidence for auditors. A wrapper's program sink (``create_subprocess_exec(cmd,
*args)``) is left out when every call site passes a constant program (progwrap.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from ..models import Confidence
from .progwrap import constant_program_sinks

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker, RawFinding


def audit_findings(linker: "Linker") -> List["RawFinding"]:
    """Low-confidence view: non-constant sinks not traced to any handler parameter."""
    from .inter import RawFinding

    out = []
    taken = {(f.family, f.path, f.pos[0]) for f in linker.findings.values()}
    taken |= {(f.family, *f.sink_at) for f in linker.findings.values() if f.sink_at} | {("ssrf", *k) for k in linker.relocated}
    taken |= _capability_sinks(linker)  # a tool's capability is traced: listed, not "not traced"
    fixed = constant_program_sinks(linker)
    for path in sorted(linker.modules):
        for fn in linker.modules[path].functions.values():
            for sink in fn.sinks:
                if sink.family in ("log", "return") or not sink.nonconst or linker.not_a_sink(path, fn, sink):
                    continue
                if sink.family == "path" and not sink.detail:
                    continue  # reading a computed path is everyday code
                if getattr(sink, "program_param", None) and sink.family == "shell" and (path, sink.pos[0]) in fixed:
                    continue  # every caller passes a constant program
                key = (sink.family, path, sink.pos[0])
                if key in taken:
                    continue
                taken.add(key)
                out.append(RawFinding(
                    sink.family, path, sink.pos,
                    f"a non-constant value reaches {sink.sink}"
                    + (f" ({sink.detail})" if sink.detail and sink.detail != "write" else "")
                    + "; not traced to an MCP tool parameter (audit view)",
                    Confidence.LOW, None, None, [], sink.detail, fn.qualname))
    return out


def _capability_sinks(linker: "Linker") -> set:
    """(family, path, line) of every sink a tool's listed capability shows (``sinks``: "path:line")."""
    from ..catalog import catalog

    families = {}
    for fam in catalog().families.values():
        if fam.capability:
            families.setdefault(fam.capability, []).append(fam.id)
    out = set()
    for cap in linker.capabilities.values():
        for at in cap.sinks:
            path, _, line = at.rpartition(":")
            if line.isdigit():
                out |= {(fam, path, int(line)) for fam in families.get(cap.capability, ())}
    return out
