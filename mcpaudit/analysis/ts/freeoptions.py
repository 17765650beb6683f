"""Programs an argv names only through variables: the program a computed path's name says it
is, and a caller's free list of a program's options.

``spawn(gowitnessPath, ["scan", "file", "-f", file])``: the program comes from the command line
or settings, but its variable is named for it (``gowitnessPath``, ``NMAP_BIN``); when the models
describe that program's options (``option-operands``), the value after one of them is its
operand, as for a program the code names (the options the table does not list are still read as
for an unknown program: a long one takes the next element).

``spawn(args[0], ["-u", url, ...ffuf_args])``: the tool spreads the caller's list into the argv,
so the caller chooses the program's options. The list is named for the program (``ffuf_args``,
``sqlmapOptions``) or the program is known; when that program has an option that runs a command
or code (``code-options``: ffuf's ``-input-cmd``, sqlmap's ``--eval``, nmap's ``--script``), the
list runs what the caller writes: the tool's command execution (its capability when the list
reaches the program as is), not a guess about which element may start with a dash.
"""

from __future__ import annotations

import re

from . import nodes as N

#: a computed program named for it, with a suffix or without (gowitnessPath, NMAP_BIN, sqlmap_exe,
#: ``const ffmpeg = process.env.FFMPEG_PATH || "ffmpeg"``)
_NAMED = re.compile(r"(?i)^(?P<prog>[a-z][a-z0-9]*?)([_-]?(bin|binary|path|exe|executable|program|prog))?$")
#: a list of options named for their program (ffuf_args, nmapArgs, sqlmap_options)
_LIST = re.compile(r"(?i)^(?P<prog>[a-z][a-z0-9]*?)[_-]?(args|arguments|options|opts|flags|params)$")


def _last_name(fa, node) -> str:
    u = N.unwrap(node) if node is not None else None
    if u is not None and u.type == "spread_element" and u.named_children:
        u = N.unwrap(u.named_children[0])
    if u is None or u.type not in ("identifier", "member_expression"):
        return ""
    return N.text(fa.data, u).rsplit(".", 1)[-1]


def named_program(fa, prog_node) -> str:
    """The program a computed program's name says it is, when the models describe its options
    (``option-operands`` or ``code-options``), or ""."""
    m = _NAMED.match(_last_name(fa, prog_node))
    prog = m.group("prog").lower() if m else ""
    return prog if prog in fa.M.option_operands or prog in fa.M.code_options or prog in fa.M.command_programs else ""


def free_options(fa, call, label: str, prog: str, node, t) -> bool:
    """``[..., ...<caller list>]`` given to ``prog`` (or to the program the list's name says):
    when that program has options that run a command or code, record the list as a command the
    tool runs (shell family) and return True."""
    m = _LIST.match(_last_name(fa, node))
    named = m.group("prog").lower() if m else ""
    prog = prog if prog in fa.M.code_options else named
    if prog not in fa.M.code_options:
        return False
    options, runs = fa.M.code_options[prog]
    fa.record("shell", f"{label} ['{prog}', …]", call, t, node if node is not None else call,
              detail=f"the caller's list chooses {prog}'s options: {runs} ({', '.join(sorted(options))})", operand_of=prog)
    return True


__all__ = ["free_options", "named_program"]
