"""One secret flowing into the project's own logging helper is one leak, reported once.

A logging helper (``log.debug(msg, fields)`` that builds a record and writes it with
``console.error``, ``console.warn`` or ``console.log`` by level) sits one or more calls away from
where the secret is logged. The taint analysis reports the secret at every log call it reaches:
at the helper's call site when that call is itself a log sink (a receiver named ``log``), and
again at each console write inside the helper, along the same flow. The fix is at the call site,
so the repeats inside the helper are dropped:

* a log finding whose flow passes, into a helper, through a call already reported as writing a
  secret to a log repeats that finding;
* writes in different branches of one ``if``/``else`` chain or ``switch`` (a level switch:
  ``console.error`` / ``console.warn`` / ``console.log``) reached along the same flow (the same
  steps up to the write, which came through a call) are one leak, since one call takes one
  branch: the first is kept and names the others. Two log lines one after the other are two
  leaks, each reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Tuple

from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from ..inter import Linker, RawFinding
    from ..summary import FuncSummary

_PASSED = "passed to "


def _through_call(f: "RawFinding") -> bool:
    return any(s.note.startswith(_PASSED) for s in f.flow[:-1])


def drop_repeated_logs(linker: "Linker") -> None:
    logs = {key: f for key, f in linker.findings.items() if f.family == "log" and f.flow}
    at = {(f.path, f.pos[0]) for f in logs.values()}
    for key, f in logs.items():
        if any(s.note.startswith(_PASSED) and (s.location.path, s.location.line) in at
               and (s.location.path, s.location.line) != (f.path, f.pos[0]) for s in f.flow[:-1]):
            del linker.findings[key]
    groups: Dict[Tuple, List[Tuple[tuple, "RawFinding"]]] = {}
    for key, f in logs.items():
        arm = getattr(linker.modules.get(f.path), "log_arms", {}).get(f.pos[0])
        if key in linker.findings and arm is not None and _through_call(f):
            prefix = tuple((s.location.path, s.location.line, s.location.column, s.note) for s in f.flow[:-1])
            groups.setdefault((f.path, f.context, arm[0], prefix), []).append((key, f))
    for members in groups.values():
        arms = {linker.modules[f.path].log_arms[f.pos[0]][1] for _, f in members}
        if len(members) < 2 or len(arms) < len(members):
            continue
        members.sort(key=lambda kf: kf[1].pos)
        first = members[0][1]
        others = [f.pos[0] for _, f in members[1:]]
        for key, _ in members[1:]:
            del linker.findings[key]
        # each other line's flow is kept beside it, as analysis/logrepeats.py does (other_flows)
        first.other_flows = first.other_flows + [(f.tool, f.flow) for _, f in members[1:]]
        first.message += (f" (the same flow is also written at line{'s' if len(others) > 1 else ''} "
                          + ", ".join(map(str, others)) + ")")


def log_arms(root, functions: Iterable["FuncSummary"]) -> Dict[int, Tuple[int, int]]:
    """Line of each log sink of a module -> (start of the ``if``/``else`` chain or ``switch`` whose
    branch holds it, start of that branch), for the sinks that sit in one."""
    out: Dict[int, Tuple[int, int]] = {}
    for fn in functions:
        for sink in fn.sinks:
            if sink.family != "log":
                continue
            line, col = sink.pos[0], sink.pos[1]
            node = root.descendant_for_point_range((line - 1, max(col - 1, 0)), (line - 1, max(col - 1, 0)))
            arm = _arm(node)
            if arm is not None:
                out[line] = arm
    return out


def _arm(node) -> Optional[Tuple[int, int]]:
    n = node
    while n is not None and n.parent is not None:
        p = n.parent
        if p.type in N.FUNCTIONS or p.type in ("function_declaration", "method_definition"):
            return None
        if p.type == "if_statement" and _same(p.child_by_field_name("consequence"), n):
            top = p
        elif p.type == "else_clause" and n.type != "if_statement":
            top = p.parent
        elif p.type in ("switch_case", "switch_default") and p.parent is not None:
            n, top = p, p.parent.parent
        else:
            n = p
            continue
        while top is not None and top.parent is not None and top.parent.type == "else_clause" and \
                top.parent.parent is not None and top.parent.parent.type == "if_statement":
            top = top.parent.parent  # else if: the chain's first if
        return (top.start_byte, n.start_byte) if top is not None else None
    return None


def _same(a, b) -> bool:
    return a is not None and b is not None and (a.start_byte, a.end_byte, a.type) == (b.start_byte, b.end_byte, b.type)
