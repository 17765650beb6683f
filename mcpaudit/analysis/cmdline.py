"""Command lines a project writes to a program that reads them (a REPL on its standard input):
which option a caller's value was placed after, and whether that option takes a file.

The interpreter marks a value placed right after an option in a string it builds
(```ai:agents:call m --output=${path}```: the option ``--output`` of the command ``ai:agents:call``)
with :func:`option_mark`, a marker in ``Info.clean`` (no family's name: it cleans nothing). A
sink that writes the line to such a program lists the options of that program that name a file
(``stdin-programs`` in the process models) as its ``operands``; :func:`file_option` tells which
one a flow's value is the file of. A value placed anywhere else in the line is no file there.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Tuple

from .taintvalue import CMDLINE_OPTION  # the mark's text (merges keep it: taintvalue.merge_info)

#: an option right before a value in a command line: ``--output=`` or ``-o `` (a quote may open)
OPTION_BEFORE = re.compile(r"(?:^|\s)(--?[A-Za-z][\w-]*)(?:=|\s+)[\"']?$")


def option_mark(command: str, option: str) -> str:
    """The marker of a value placed as ``option``'s value in a line that starts with ``command``."""
    return f"{CMDLINE_OPTION}{command}\x1f{option}"


def file_operands(file_options) -> Tuple[str, ...]:
    """A sink's ``operands`` for a program's file options ({command: {"read"|"write": [opts]}})."""
    return tuple(sorted(f"{access}\x1f{command}\x1f{opt}" for command, by in file_options.items()
                        for access, opts in by.items() for opt in opts))


def file_option(info, operands) -> Optional[Tuple[str, str, str]]:
    """(access, command, option) when ``info``'s value was placed as the value of an option that
    names a file the program reads or writes; None otherwise."""
    for c in info.clean:
        if not c.startswith(CMDLINE_OPTION):
            continue
        command, _, opt = c[len(CMDLINE_OPTION):].partition("\x1f")
        for op in operands:
            access, cmd, o = op.split("\x1f")
            if o == opt and cmd in (command, "*"):
                return access, command, opt
    return None


def option_file_sink(sink, info):
    """A command-line sink (``operands``: its program's file options) as it reads for this flow:
    the file option the value is the value of, or None when it is placed elsewhere in the line."""
    found = file_option(info, sink.operands)
    if found is None:
        return None
    access, command, opt = found
    what = "writes" if access == "write" else "reads"
    return replace(sink, detail=f"the value of {opt} of '{command}', a file the command {what}; {sink.detail}".rstrip("; "))
