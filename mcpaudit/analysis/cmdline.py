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


def placed_option(M, command: str, line: str, found) -> Optional[str]:
    """The option a value placed after the text ``line`` of a command line (whose first word is
    ``command``) is the value of, from
    ``found`` (an :data:`OPTION_BEFORE` match of ``line``), or None (ts55b). ``--opt=`` always
    takes the value; ``-o <value>`` only when the models say the option takes one (the command's
    ``option-operands``, ``input-options``, ``reference-options``, a stdin program's file
    options, ``key-file-options``): after a flag that takes none (``git grep -n <pattern>``) the
    value is an operand. After a bare ``--`` word nothing is an option. A line whose program is
    not a word of it (``${bin} -x ${v}``) keeps the option as found."""
    words = line.split()
    if "--" in words[1:]:
        return None
    opt = found.group(1)
    if found.group(0).rstrip("\"'").endswith("="):
        return opt
    if not re.fullmatch(r"[\w.:@/+-]+", command or ""):
        return opt  # a program the line does not name (`${bin} -x ${v}`): as before
    return opt if opt in value_options(M, command) else None


def value_options(M, command: str) -> frozenset:
    """The options of ``command`` (a program's first word) that the models say take a value."""
    out = set(getattr(M, "key_file_options", ()) or ())
    out.update(getattr(M, "input_options", {}).get(command, ()))
    for table in (getattr(M, "option_operands", {}), getattr(M, "reference_options", {})):
        for key, opts in table.items():
            if key.split()[0] == command:
                out.update(opts)
    for _prog, _word, files in getattr(M, "stdin_programs", ()) or ():
        if command in files:
            for opts in files[command].values():
                out.update(opts)
    return frozenset(out)


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
