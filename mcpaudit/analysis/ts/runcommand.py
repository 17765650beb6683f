"""The command a TypeScript program-and-argv call runs (``spawn("helm", ["list", ...])`` runs
"helm list", ``spawn("yt-dlp", args)`` runs "yt-dlp"): ``SinkRec.command``, read by the claims
(``analysis/fixedruns.py``) to tell a fixed program that changes nothing from one that does. As
in Python (``argvcommand.argv_command``); a program with no command words in view is named alone.
"""

from __future__ import annotations

from dataclasses import replace

from ..argvcommand import argv_command
from ..taintvalue import EMPTY
from . import nodes as N


def _command(fa, prog: str, elems) -> str:
    """The command ``prog`` run with the argv elements ``elems`` names (argvcommand.argv_command)."""
    return argv_command([(None, EMPTY, prog, False), *elems], fa.M.option_operands, fa.M.flag_options)


def name_command(fa, first: int, prog_node, argv_node) -> None:
    """Give the sinks recorded since ``first`` the command of the call, when its program is a
    constant (not an options object given in the argv's place)."""
    if len(fa.sinks) == first or prog_node is None:
        return
    prog = fa.const_of(prog_node)
    if not prog:
        return
    argv = N.unwrap(argv_node) if argv_node is not None else None
    elems = fa._list_of(argv_node) if argv is not None and argv.type != "object" else []
    command = _command(fa, prog, elems) if elems is not None else ""
    command = command or prog.rsplit("/", 1)[-1]
    fa.sinks[first:] = [s if s.command else replace(s, command=command) for s in fa.sinks[first:]]


def wrapper_command(fa, arg_nodes, consts: dict) -> dict:
    """A call of the project's own runner with a constant program and a literal argument list
    (``run("git", ["clone", url, dir])``): the program's text at the call becomes the command
    those words name ("git clone"), which the runner's sink runs (claims.py ``_given_commands``)."""
    prog = consts.get(0)
    if not prog or " " in prog or len(arg_nodes) < 2 or 1 in consts:
        return consts
    argv = N.unwrap(arg_nodes[1])
    elems = fa._list_of(arg_nodes[1]) if argv is not None and argv.type == "array" else None
    if not elems:
        return consts
    command = _command(fa, prog, elems)
    return {**consts, 0: command} if command and " " in command else consts

