"""An injection into a command or code line of one tool, on a server whose other tool already runs
any command the caller writes.

A tool that pastes its parameters into a shell string (``find "${path}" -name ...``) lets its
caller run commands: an injection in itself. When another tool of the same server hands the
caller's whole command line to a shell as is (its ``command-execution`` capability, no check on
the way; the same server: the project's only one, else a tool registered in the same module),
the injection gives that caller nothing the server does not already offer on purpose: the
finding is kept for the audit view (low confidence) and names the tool that offers the same
power. A capability shown behind a check (an allow-list, a read-only switch) offers less: it
lowers nothing; nor does a false sandbox claim's finding (the claim is its own finding).
"""

from __future__ import annotations

from typing import Dict

from ..models import Confidence
from .capabilities import FALSE_BOUNDARY

#: the pseudo-family of the lines so lowered, in ``Linker.safe_sinks``: a pattern rule's twin of
#: the finding moves to the audit view with it (:mod:`mcpaudit.agreement`)
OFFERED = "-offered"
#: the capabilities that run whatever the caller writes, and the finding families they cover (a
#: code-execution capability is not among them: its interpreter may be confined, or another
#: language than the injection's)
_POWER = ("command-execution",)
_COVERED = frozenset({"shell", "argument", "code"})


def offering_tools(linker) -> Dict[str, str]:
    """Tool -> the capability by which it runs any command its caller writes, unchecked."""
    out: Dict[str, str] = {}
    for (tool, capability, _origin), cap in sorted(linker.capabilities.items()):
        if capability in _POWER and cap.behind is None:
            out.setdefault(tool, capability)
    return out


def lower_offered(linker) -> None:
    """Lower (to the audit view) the command, argument and code injections of tools whose server
    offers the same power through another tool, naming it."""
    offered = offering_tools(linker)
    if not offered:
        return
    # one server known to be built in the project: all its tools; else the tools registered in one module
    single = sum(1 for m in linker.modules.values() if getattr(m, "server_texts", None)) == 1
    where = {}
    for t in linker.tools:
        where.setdefault(t.name, set()).add(t.location.path)

    def same_server(a: str, b: str) -> bool:
        return single or bool(where.get(a, set()) & where.get(b, set()))
    for key, f in linker.findings.items():
        if f.family not in _COVERED or not f.tool or f.confidence < Confidence.MEDIUM or f.detail == FALSE_BOUNDARY:
            continue  # a false sandbox claim is a finding of its own
        tools = linker.reaching.get(key) or {f.tool}
        others = sorted(t for t in set(offered) - tools if all(same_server(t, u) for u in tools))
        if not others or tools & set(offered):
            continue  # the offering tool's own flows are its capability's business
        f.confidence = Confidence.LOW
        linker.__dict__.setdefault("_offered_lines", set()).add((f.path, f.pos[0], OFFERED))
        f.message += f"; the same server's tool '{others[0]}' already runs any command its caller writes"


def offered_lines(linker) -> set:
    """(path, line, OFFERED) of every finding :func:`lower_offered` lowered."""
    return set(linker.__dict__.get("_offered_lines", ()))


__all__ = ["OFFERED", "lower_offered", "offered_lines", "offering_tools"]
