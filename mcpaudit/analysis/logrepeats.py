"""One secret logged along one value's life is one finding.

A credential read once (a request field, an environment variable) often reaches several log
calls: the function that reads it logs the command it builds, a helper logs it again, a cache
logs a hit, a miss and a store of the same command, an executor logs its start. Each log call is
the same leak of the same value; reporting each line buries the finding in repeats. The
``secret-in-log`` findings whose flows start at the same read of the same secret are one
finding: the log line nearest the read (the shortest flow, then the first by file and line) is
reported, its message lists the other lines,
and each other line's flow is kept beside it (``other_flows``, as for a sink several tools
reach), so nothing is lost from the report.
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from .rawresults import RawFinding

_SECRET = re.compile(r"^secret '(.+?)' is written to a log")
_SHOWN = 5


def _key(raw: RawFinding):
    m = _SECRET.match(raw.message)
    if raw.family != "log" or m is None or not raw.flow:
        return None
    first = raw.flow[0].location
    return first.path, first.line, m.group(1)


def collapse_log_repeats(raws: List[RawFinding]) -> List[RawFinding]:
    """``raws`` with the secret-in-log findings of one secret read merged into the first one."""
    groups: Dict[tuple, List[RawFinding]] = {}
    for raw in raws:
        key = _key(raw)
        if key is not None:
            groups.setdefault(key, []).append(raw)
    dropped = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (-int(r.confidence), len(r.flow), r.path, r.pos))
        head, rest = group[0], group[1:]
        rest.sort(key=lambda r: (r.path, r.pos))
        head.other_flows = head.other_flows + [(r.tool, r.flow) for r in rest]
        shown = ", ".join(_where(head, r) for r in rest[:_SHOWN])
        more = f" and {len(rest) - _SHOWN} more" if len(rest) > _SHOWN else ""
        head.message += f" (the same value is also logged at {shown}{more})"
        dropped.update(id(r) for r in rest)
    return [r for r in raws if id(r) not in dropped]


def _where(head: RawFinding, r: RawFinding) -> str:
    line = r.pos[0]
    return f"line {line}" if r.path == head.path else f"{r.path}:{line}"


__all__: Tuple[str, ...] = ("collapse_log_repeats",)
