"""Programs that run a command line on another host: ``ssh [options] [--] host command...``.

ssh joins the words after its host operand into one command line that the remote user's shell
runs, so a caller value there is a command the tool runs (the shell family: its capability when
the tool says it runs commands, injection when the caller's text is spliced into a fixed
command). A ``"--"`` before the host only keeps the host from being read as an option. Which
programs do this, and which of their options take the next element as their value (so that the
host is found), is the ``remote-shells`` and ``option-operands`` data of the process models.

Commands that run a command in a container or pod (``remote-commands``: ``docker exec [options]
CONTAINER COMMAND...``, ``kubectl exec POD -- COMMAND...``) start it after their first operand or
after a ``"--"``, as the models say; the words from there on are an argv of its own, read as one
(``/bin/sh -c <script>`` runs the script; a caller's first word is the program the tool runs):
:func:`container_argv`.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from . import nodes as N

#: a program the code computes, named for the program with a suffix (SSH_BIN, sshPath, sshExe)
PROGRAM_NAMED = re.compile(r"(?i)^(?P<prog>[a-z][a-z0-9]*?)[_-]?(bin|binary|path|exe|executable|cmd|command|program|prog)?$")


def named_remote_shell(fa, prog_node) -> str:
    """The remote-shell program (``ssh``) a computed program's name says it is, or the
    interpreter a value names (``process.execPath``: node, ``runtime-programs``), or ""."""
    u = N.unwrap(prog_node) if prog_node is not None else None
    if u is not None and N.text(fa.data, u) in fa.M.runtime_programs:
        return fa.M.runtime_programs[N.text(fa.data, u)]
    if u is None or u.type not in ("identifier", "member_expression"):
        return ""
    name = N.text(fa.data, u).rsplit(".", 1)[-1]
    m = PROGRAM_NAMED.match(name)
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


def remote_command_start(M, prog_name: str, elems) -> Optional[Tuple[str, int]]:
    """(the remote command, e.g. ``docker exec``; the index of the first element of the command
    it runs) for an argv of ``prog_name`` (``elems``: node, taint, constant, unknown spread), or
    None when it runs none there or where it starts is not known."""
    prog = prog_name.lower().removesuffix(".exe")
    consts = [e[2] for e in elems]
    for cmd, start in M.remote_command_starts.items():
        name, _, sub = cmd.partition(" ")
        if name != prog or sub not in consts:
            continue
        j = consts.index(sub)
        if any(e[3] or e[2] is None for e in elems[:j]):
            return None  # a caller's word or an unknown spread before the subcommand
        if start == "--":
            at = consts.index("--", j + 1) + 1 if "--" in consts[j + 1:] else None
            return (cmd, at) if at is not None and at < len(elems) else None
        opts = M.option_operands.get(cmd, frozenset())
        i = j + 1
        while i < len(elems):
            c, spread = consts[i], elems[i][3]
            if spread:
                return None
            if c is not None and c.startswith("-") and c != "-":
                i += 2 if c in opts else 1
                continue
            return (cmd, i + 1) if i + 1 < len(elems) else None  # after the container (pod) operand
        return None
    return None


def container_argv(fa, call, label: str, prog_name: str, elems) -> bool:
    """An argv running a command in a container (:func:`remote_command_start`): its own part is
    read as usual, the command's part as an argv of the command's program; True when so read."""
    hit = remote_command_start(fa.M, prog_name, elems)
    if hit is None:
        return False
    cmd, start = hit
    fa.argv_elems(call, label, prog_name, elems[:start], inside=True)
    where = "pod" if cmd.split(" ")[0] in ("kubectl", "oc") else "container"
    there = f"{label} ['{cmd}', {where}, …]"
    n, t, first, spread = elems[start]
    if t and not spread:
        fa.record("shell", there, call, fa._element_step(call, n, t, f"the program {cmd} runs"), n,
                  detail=f"{cmd} runs the caller's program in the {where}", operand_of=cmd)
        t = {}
    if first is not None or not spread:
        rest = [(n, t, first, spread)] + list(elems[start + 1:]) if first is None else elems[start + 1:]
        fa.argv_elems(call, there, first or "", rest, inside=True)
    return True


def command_argv(fa, model, c, node, t) -> None:
    """One argv array whose first element is the program, run in a container (dockerode's
    ``container.exec({Cmd: ["/bin/bash", "-c", command]})``, ``docker.run(image, cmd)``): a
    caller's first element is the program the tool runs, a shell's ``-c`` element its script, a
    later value that program's argument, read against the container's files (``inside``)."""
    if node is None:
        return
    label = c.label(model, fa.data)
    detail = model.detail or "the command runs in a container"
    elems = fa._list_of(node)
    if elems is None:
        if t:  # Cmd: command.split(" ") or a list the caller gives: the caller picks the program
            split = fa._split_of(node)
            fa.record("shell", label, c.node, t, node,
                      detail=f"{detail}; the caller's text is split into its argv ({split})" if split
                      else f"{detail}; its argv comes from caller input")
        return
    if not elems:
        return
    n, pt, first, spread = elems[0]
    if pt and not spread:
        fa.record("shell", label, c.node, fa._element_step(c.node, n, pt, "the program the container runs"), n,
                  detail=f"{detail}: the program comes from the caller")
        pt = {}
    if first is not None or not spread:
        rest = [(n, pt, first, spread)] + list(elems[1:]) if first is None else elems[1:]
        fa.argv_elems(c.node, label, first or "", rest, inside=True)
