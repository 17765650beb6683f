"""Programs that run a command line on another host: ``ssh [options] [--] host command...``.

ssh joins the words after its host operand into one command line that the remote user's shell
runs, so a caller value there is a command the tool runs (the shell family: its capability when
the tool says it runs commands, injection when the caller's text is spliced into a fixed
command). A ``"--"`` before the host only keeps the host from being read as an option. Which
programs do this, and which of their options take the next element as their value (so that the
host is found), is the ``remote-shells`` and ``option-operands`` data of the process models.
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

#: a program the code computes, named for the program with a suffix (SSH_BIN, sshPath, sshExe)
_NAMED = re.compile(r"(?i)^(?P<prog>[a-z][a-z0-9]*?)[_-]?(bin|binary|path|exe|executable|cmd|command|program|prog)?$")


def named_remote_shell(fa, prog_node) -> str:
    """The remote-shell program (``ssh``) a computed program's name says it is, or ""."""
    u = N.unwrap(prog_node) if prog_node is not None else None
    if u is None or u.type not in ("identifier", "member_expression"):
        return ""
    name = N.text(fa.data, u).rsplit(".", 1)[-1]
    m = _NAMED.match(name)
    prog = m.group("prog").lower() if m else ""
    return prog if prog in fa.M.remote_shells else ""


def remote_start(M, prog_name: str, elems) -> Optional[int]:
    """The index of the first argv element (``elems``: node, taint, constant, unknown spread)
    that ``prog_name`` runs as a remote command line (the element after its host), or None when
    the program runs none or the host's position is not known."""
    prog = prog_name.lower().removesuffix(".exe")
    if prog not in M.remote_shells:
        return None
    opts = M.option_operands.get(prog, frozenset())
    consts = [e[2] for e in elems]
    if "--" in consts:
        host = consts.index("--") + 1
        return host + 1 if host < len(elems) and not elems[host][3] else None
    i = 0
    while i < len(elems):
        c, spread = elems[i][2], elems[i][3]
        if spread:
            return None
        if c is not None and c.startswith("-"):
            i += 2 if c in opts else 1
            continue
        return i + 1
    return None


def remote_detail(prog_name: str) -> str:
    return f"{prog_name} runs the words after the host as a command line of that host's shell"
