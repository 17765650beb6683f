"""Files named in an argument vector run by a wrapper.

``cmd = ["chmod", mode, path]; run(cmd)``: the value became an operand of a program that
changes the file it names (``argv: file-programs`` in the models; the step is added where the
list was built, see :meth:`Expressions._file_operand`). When the list reaches a subprocess call
in another function (the project's own runner), the flow is a path flow into that program, as
``os.chmod(path)`` would be, reported where the value was placed in the list. An argv run where
it is built is matched by the sink itself (:meth:`SinkMatcher._argv_elems`).

The same for the URL operand of a program that requests it (``argv: url-programs``: curl,
yt-dlp; the step is added where the list is handed to the runner with its program before it,
``ts/argvfiles.py``): a request flow into that program, as ``fetch(url)`` would be
(:func:`report_url_operand`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from ..catalog import catalog
from ..models import Confidence
from .checkref import soft, verified
from .narrowing import shown_weak
from .taintvalue import ARGV_FILE, ARGV_UNKNOWN, ARGV_URL, Info

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker, RawFinding
    from .summary import FuncSummary, SinkRec, Step


def file_operand_step(info: Info) -> Optional["Step"]:
    """The last step where the value became a file operand of an argv, or None."""
    return next((st for st in reversed(info.steps) if st.note.startswith(ARGV_FILE)), None)


def file_operand_finding(linker: "Linker", path: str, fn: "FuncSummary", sink: "SinkRec", info: Info,
                         tool: str, param: str) -> Optional["RawFinding"]:
    """A path finding for a caller value that an argv (run by a wrapper, or run where it is built
    from parts the sink cannot list) hands to a file-changing program with no containment check
    on the way (None when there is no such step or it is confined). A tool that says it works on
    files and runs the argv where it is built, with no check on the way, has that as its
    capability instead (recorded on the linker, and None returned)."""
    from .inter import RawFinding
    from .taintmerge import _flow, through_where

    step = file_operand_step(info)
    if step is None or info.is_clean("path"):
        return None
    weak = info.weak if info.weak and info.weak != ARGV_UNKNOWN and not soft(info.weak) else None
    if weak and verified(linker, weak, "path", linker._verified_checks):
        return None
    if not weak and not sink.uncertain and linker._declares(catalog().families["path"], tool):
        # run where it is built, as a listed argv (["rm", path]) is: the tool's capability. An
        # argv handed to the project's runner stays reported where the value was placed.
        prog = step.note[len(ARGV_FILE):].split(",")[0].strip()
        at = replace(sink, pos=(step.line, step.column, step.line, step.column), sink=f"{prog} in {sink.sink}",
                     writes=True)
        linker._add_capability("file-access", step.path or path, at, info, tool, param, fn)
        return None
    where = through_where(info, fn.name, path, sink.pos[0])
    msg = (f"tool '{tool}' passes parameter '{param}' to {sink.sink}{where}: "
           f"{catalog().families['path'].words} ({step.note}; write)")
    if weak:
        msg += f"; only a weak check on the way: {shown_weak(weak)}"
    return RawFinding("path", step.path or path, (step.line, step.column, step.line, step.column), msg,
                      Confidence.MEDIUM if weak else Confidence.HIGH, tool, param, _flow(info, path, sink),
                      "write", None, sink_at=(path, sink.pos[0]))


def report_url_operand(linker: "Linker", path: str, fn: "FuncSummary", sink: "SinkRec", label, info: Info, env,
                       hint, handler) -> None:
    """A caller's value placed as the URL operand of a program that requests it, in an argv run
    by ``sink`` (an argument sink of the project's runner): reported as a request to that URL
    where the value was placed (the tool's capability when it says it fetches, as for fetch)."""
    step = next((st for st in reversed(info.steps) if st.note.startswith(ARGV_URL)), None)
    if step is None or info.is_clean("ssrf"):
        return
    prog = step.note[len(ARGV_URL):].split(",")[0].strip().strip("'")
    at = replace(sink, family="ssrf", pos=(step.line, step.column, step.line, step.column), sink=f"{prog} in {sink.sink}",
                 detail=f"{prog} requests the URL", uncertain=False, url=True, operands=())
    linker._report(step.path or path, fn, at, {label: info.replace(weak=None if info.weak == ARGV_UNKNOWN else info.weak)},
                   env, hint, handler)
