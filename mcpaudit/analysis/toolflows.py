"""Each tool's own flow into a sink several tools reach.

A sink is one finding (its fix is at the sink), showing the strongest flow; the other tools that
reach it are named in its message. Another tool may reach it through another route (another HTTP
method of the same request helper, another wrapper, another header), so the finding also lists
each other tool's own flow (``other_flows``; reported in the finding's ``properties``): a reader,
and the precision ledger, see where every tool's value enters, not only the one shown.
"""

from __future__ import annotations

from ..models import Confidence
from .rawresults import RawFinding


def record(linker, key: tuple, f: RawFinding) -> None:
    """Note that ``f``'s tool reaches the finding ``key``, with its strongest flow there."""
    if not f.tool:
        return
    linker.reaching.setdefault(key, set()).add(f.tool)
    flows = linker.tool_flows.setdefault(key, {})
    if f.flow and (f.tool not in flows or f.confidence > flows[f.tool].confidence):
        flows[f.tool] = f


def name_reaching_tools(linker) -> None:
    """The message of a finding several tools reach names the others; it lists each one's flow
    that is at least as sure as the finding's (or of default confidence)."""
    for key, tools in linker.reaching.items():
        f = linker.findings.get(key)
        if f is None:
            continue
        others = sorted(tools - {f.tool})
        flows = linker.tool_flows.get(key, {})
        floor = min(f.confidence, Confidence.MEDIUM)
        f.other_flows = [(t, flows[t].flow) for t in others if t in flows and flows[t].confidence >= floor]
        if others:
            shown = ", ".join(f"'{t}'" for t in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            f.message += f" (also reached from tool{'s' if len(others) > 1 else ''} {shown})"
