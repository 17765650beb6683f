"""What an argument list built here and run by a wrapper elsewhere does with the files it names
(issue 12, py53b): the Python side of the checks the sink makes on a literal argv
(sinkmatch._argv_elems_checked), for a list the project's own runner (``_run_tool(cmd)`` ->
``subprocess.run(cmd)``) is handed.

* an operand that names a file the program changes (``file-programs``: ``chmod MODE FILE``) or
  the value of an option whose file the program writes (``output-options``: ``wget -O FILE``,
  ``msfvenom -o FILE``): :func:`written_operand`, marked where it is placed (the linker reports
  the path flow there, argvfiles.py);
* a file this function wrote with the caller's text in it, named where an interpreter runs it
  (``script-programs``: ``bash FILE``) or as the value of an option whose script the program
  runs (``script-options``: ``msfconsole -r FILE``): :func:`written_script` adds the caller's
  text, marked as code the program runs (``RUNS_CODE``), which the linker reports at the
  wrapper's argv sink as a code sink where the list was built (argvruns.report_runs), as
  scriptfiles.py reports it at an argv run in place.
"""

from __future__ import annotations

import posixpath
from typing import Optional

from .cstnodes import file_operand, option_operand
from .taintvalue import Taint, add_step, all_families, mark, union


def written_operand(M, consts, i: int) -> Optional[str]:
    """The program (``chmod``), or program and option (``wget -O``), when argv element ``i`` is a
    file the program changes or writes; None otherwise."""
    prog = file_operand(consts, i, M.file_programs, M.option_operands)
    if prog is None and i >= 1 and consts and consts[0] and option_operand(consts, i, M.output_options):
        prog = f"{consts[0].rsplit('/', 1)[-1]} {consts[i - 1]}"
    return prog


def script_runner(M, consts, i: int) -> Optional[str]:
    """The program that runs the file argv element ``i`` names: an interpreter given it as an
    operand (``bash FILE``), or a program given it as the value of a script option
    (``msfconsole -r FILE``); None otherwise."""
    prog = posixpath.basename(consts[0] or "") if consts else ""
    if not prog or i < 1:
        return None
    if option_operand(consts, i, M.script_options):
        return f"{prog} {consts[i - 1]}"
    return prog if prog in M.script_programs else None


def written_script(fa, consts, i: int, t: Taint, node) -> Taint:
    """``t`` (of argv element ``i``, ``node``) and, when the element names a file this function
    wrote with the caller's text and the argv's program runs that file, that text marked as
    code the program runs (reported at the wrapper that runs the list: argvruns.report_runs)."""
    from .argvruns import RUNS_CODE, RUNS_NOTE
    from .scriptfiles import _operand_keys, _text_of

    files = fa.__dict__.get("script_files")
    runner = script_runner(fa.M, consts, i) if files else None
    if runner is None:
        return t
    w = next((files[k] for k in _operand_keys(fa, _text_of(fa, node), node) if k in files), None)
    if w is None or w.prog is not None or not w.taint:
        return t
    detail = f"the file '{w.shown}' is run by {runner}, with the caller's text written in it"
    # only the wrapper's argv sink reads it (as code): at a sink of this list itself (a container's
    # exec_run(cmd=[...])) scriptfiles.py reports the file, and the list's other families do not see it
    ran = mark(w.taint, clean=(all_families() - {"code"}) | {RUNS_CODE + detail})
    return union(t, add_step(ran, (fa.stmt, node, f"{RUNS_NOTE}{detail}")))


__all__ = ["script_runner", "written_operand", "written_script"]
