"""Whether running a program the author (or the operator's configuration) fixed is destructive,
for a tool's ``destructiveHint=False`` (claims.py). Decided by what runs, both engines:

* a shell command line no constant in view fixes, or code (``node -e``, a fork of a module), is
  destructive: it can do anything;
* a caller's value that can be read as an option at the sink (an argument-injection finding
  there) steers the program into whatever its options do: destructive;
* otherwise the program is the author's (a constant, a wrapper's program given as a constant at
  the call, or a configured program the caller cannot choose): running it is not destructive by
  itself (a media downloader, a linter, a search). It is when the process models know the
  program changes state whatever its operands say: a shell, an interpreter or a launcher of
  other programs (``shell-programs``, ``script-programs``, ``launcher-programs``), a program
  that changes the files its operands name (``file-programs``: rm, mv, chmod, ...), one whose
  command may change what it manages (``writing-commands``: kubectl, helm, git, docker - unless
  the command is listed in ``non-destructive-commands``), or one with another writing use
  (``writing-uses``: sed -i, tee, systemctl, kill, ...). A command of the program in view
  (its first words that are no option: "eslint cache clean") is destructive unless
  ``non-destructive-commands`` lists it, as before.

``command`` is the program and the words of its command as the sink knows them ("helm list",
"yt-dlp"; "" when the program is not a constant in view).
"""

from __future__ import annotations

from ..catalog import catalog
from .argvcommand import non_destructive

#: the detail of a sink at the program position of a program-and-argv call (both engines)
PROGRAM_POSITION = "the program to run comes from the caller"


def changes_state(prog: str, M) -> bool:
    """Whether the models know ``prog`` to change state whatever its operands say."""
    prog = prog.rsplit("/", 1)[-1]
    runs_others = {p.rsplit("/", 1)[-1] for p in (*M.shell_programs, *M.script_programs, *M.launcher_programs)}
    if prog in runs_others or prog in M.code_programs or prog in M.remote_shells:
        return True
    if prog in M.file_programs or prog in M.writing_commands:
        return True  # rm, chmod; kubectl, git with a command not in view
    return any(k.split(" ", 1)[0] == prog for k in M.writing_uses)


def fixed_run(linker, path: str, line: int, family: str, detail: str, command: str, sink: str = "") -> str:
    """"run-read" when running this fixed program destroys nothing, else "run-fixed". ``sink``:
    the sink's label; an import of a module the author names (``importlib.import_module(name)``
    over a constant table of the server's own tool modules) loads code, it runs no program."""
    M = catalog().python
    if family == "code" and sink.endswith("()") and sink[:-2] in M.module_name_calls - M.module_run_calls:
        return "run-read"  # an import of a fixed module loads it; runpy.run_module runs it (a catalog row)
    if non_destructive(command, M.non_destructive):
        return "run-read"  # kubectl get, helm template, python3 --version
    if ("argument", path, line) in linker.findings:
        return "run-fixed"  # the caller's value can be an option of the program
    prog, _, rest = command.partition(" ")
    if family == "code" or (family == "shell" and detail != PROGRAM_POSITION and not prog):
        return "run-fixed"  # code, or a shell command line no constant in view fixes
    if rest:
        return "run-fixed"  # a command the models do not list as reading (eslint cache clean)
    if prog and changes_state(prog, M):
        return "run-fixed"
    return "run-read"
