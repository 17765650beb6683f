"""Each tool's own flow into a sink several tools reach.

A sink is one finding (its fix is at the sink), showing the strongest flow; the other tools that
reach it are named in its message. Another tool may reach it through another route (another HTTP
method of the same request helper, another wrapper, another header), so the finding also lists
each other tool's own flow (``other_flows``; reported in the finding's ``properties``): a reader,
and the precision ledger, see where every tool's value enters, not only the one shown.

A tool may reach the sink with several of its values, or by several routes (a screen tool whose
``action`` picks ``tap``, ``press_key`` or ``input_text``, each building its own command line for
one shared runner; an API path with an encoded project id and a raw key): each distinct value
and route keeps its own flow (:func:`route`), the headline's other routes too, so a fix of the
one shown does not hide the others.
"""

from __future__ import annotations

from ..models import Confidence
from .rawresults import RawFinding


#: routes kept per tool at one sink (besides its strongest one)
_MAX_ROUTES = 6


def route(f: RawFinding) -> tuple:
    """Which of its tool's ways into the sink ``f`` is: the tool, the parameter, and the last
    call its value is passed to on the way (the wrapper call that differs between routes)."""
    hand = next((s.location for s in reversed(f.flow) if s.note.startswith("passed to ")), None)
    return (f.tool, f.parameter, (hand.path, hand.line) if hand is not None else None)


def record(linker, key: tuple, f: RawFinding) -> None:
    """Note that ``f``'s tool reaches the finding ``key``, with its strongest flow there by each
    of its routes."""
    if not f.tool:
        return
    linker.reaching.setdefault(key, set()).add(f.tool)
    flows = linker.tool_flows.setdefault(key, {})
    r = route(f)
    if not f.flow or (r not in flows and sum(1 for k in flows if k[0] == f.tool) > _MAX_ROUTES):
        return
    if r not in flows or f.confidence > flows[r].confidence:
        flows[r] = f


def reaching_tools(linker, key: tuple, f: RawFinding) -> set:
    """Every tool :func:`record` noted reaching the finding ``key``, else ``f``'s own tool (if any)."""
    return linker.reaching.get(key) or ({f.tool} if f.tool else set())


def record_value(linker, head: tuple, fam: str, sink, label, info, flow) -> bool:
    """Another of the caller's values at a sink whose finding is made (``head``: its family, path,
    line and tool; a raw key beside an encoded id in one API path): its own flow, unless the value
    is clean for the family there. Only the finding's own tool's values: another tool's label here
    came through object state some other call stored (``ComposeProject(name)`` built by a tool that
    never calls the method that reads it), and each tool's own route is recorded when its own
    analysis reaches the sink. True: the value is handled (nothing else is reported for it)."""
    if label[0] == "src" and label[1] == head[3] and not info.is_clean(fam) and flow:
        conf = Confidence.MEDIUM if info.weak else Confidence.HIGH
        record(linker, head[:3], RawFinding(fam, head[1], sink.pos, "", conf, label[1], label[2], flow))
    return True


def name_reaching_tools(linker) -> None:
    """The message of a finding several tools reach names the others; it lists each one's flow
    that is at least as sure as the finding's (or of default confidence)."""
    hidden = dispatchers(linker)
    for key, tools in linker.reaching.items():
        f = linker.findings.get(key)
        if f is None:
            continue
        others = sorted(tools - {f.tool} - hidden)
        flows = linker.tool_flows.get(key, {})
        floor = min(f.confidence, Confidence.MEDIUM)
        head = route(f) if f.flow else None
        f.other_flows = [(r[0], flows[r].flow) for r in sorted(flows, key=lambda r: (r[0] != f.tool, r[0], str(r[1:])))
                         if r != head and flows[r].confidence >= floor and flows[r].flow != f.flow
                         and (r[0] == f.tool or r[0] not in hidden)]
        if others:
            shown = ", ".join(f"'{t}'" for t in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            f.message += f" (also reached from tool{'s' if len(others) > 1 else ''} {shown})"


def dispatchers(linker) -> set:
    """The names of the project's call-tool dispatchers (the low-level handler that runs every
    tool by name) when the tools they serve are known: a flow that keeps a dispatcher's name
    (state one of its tools stored, read by another) belongs to those tools, each named with its
    own flow, so the dispatcher is never listed as a tool reaching a sink."""
    names = {tool.name for _path, _fn, tool, kind in linker.handlers if kind == "call_tool"}
    return names if names and any(t.kind == "tool" and t.name not in names for t in linker.tools) else set()
