"""A package manager run in a folder the caller chooses runs that folder's scripts.

``spawn("npm", ["install"], { cwd: dir })`` installs the project in ``dir``: npm runs the
``preinstall``/``install``/``postinstall``/``prepare`` scripts its ``package.json`` names (and
those of every dependency), ``npm run``/``npm test`` the script named, ``pnpm install``/``yarn
install``/``bun install`` the same lifecycle scripts. The command line holds only constants, yet
whoever picks the working folder picks the commands that run: the folder is a command sink as a
``sh -c`` script would be. The commands are the process models' ``folder-scripts`` (program and
subcommand, ``rules/models/typescript/process.yaml``); the folder is the ``cwd`` option of the
program-and-argv call (spawn, execFile, execa, spawn-rx's spawnPromise, ...) or of a shell
command line that is a constant (``execSync("npm install", { cwd })``). A tool whose name
or description says it installs, builds or tests (``folder-scripts-declared-by``) declares that
purpose: its capability, not an injection.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def _command(M, prog: str, consts) -> Optional[str]:
    """The ``folder-scripts`` entry the program and its first operand make (``npm install``;
    options before the subcommand skipped: ``npm --prefix x install`` is not read), or None."""
    name = (prog or "").rsplit("/", 1)[-1]
    if name.endswith(".cmd") or name.endswith(".exe"):
        name = name[:-4]  # npm.cmd on Windows
    sub = next((c for c in consts if not (isinstance(c, str) and c.startswith("-"))), None)
    if not isinstance(sub, str):
        return None
    entry = f"{name} {sub}"
    return entry if entry in M.folder_scripts else None


def _cwd_option(fa, args):
    """The ``cwd`` value node of the options object (an object literal after the program), or None."""
    for a in args[1:]:
        u = N.unwrap(a)
        if u is not None and u.type == "object":
            v = N.object_props(fa.data, u).get("cwd")
            if v is not None:
                return v
    return None


def _words(fa, model, c):
    """(program, the constant words after it) of the call: a program-and-argv call's constant
    program and argv list, or a shell sink's constant command line (``exec("npm ci", {cwd})``)."""
    if not c.args:
        return None
    if model.kind == "program-argv" and len(c.args) > 1:
        prog = fa.const_of(c.args[0])
        elems = fa._list_of(c.args[1])
        return (prog, [e[2] for e in elems]) if prog and elems is not None else None
    if model.kind == "value" and model.family == "shell" and model.arg.index == 0:
        line = fa.const_of(c.args[0])
        words = line.split() if isinstance(line, str) else []
        return (words[0], words[1:]) if words else None
    return None


def folder_scripts(fa, model, c) -> None:
    """Record a shell sink at the ``cwd`` of a ``folder-scripts`` command whose folder is not a
    constant (``model``, ``c``: the sink row and the call, sinks.py)."""
    if not fa.M.folder_scripts:
        return
    words = _words(fa, model, c)
    command = _command(fa.M, words[0], words[1]) if words else None
    node = _cwd_option(fa, c.args) if command else None
    if node is None:
        return
    t = fa.ev_quiet(node)
    if not t:
        return
    first = len(fa.sinks)
    fa.record("shell", f"{c.label(model, fa.data)} ['{command}', …] {{cwd}}", c.node, t, node,
              detail=f"{command} runs the scripts the package.json in its working folder names "
                     "(install and lifecycle scripts): the caller's folder chooses the commands",
              operand_of=command.split(" ", 1)[0])
    for s in fa.sinks[first:]:  # a tool that says it installs or builds declares it (capabilities.py)
        s.declared_by = tuple(fa.M.folder_scripts_declared_by)


__all__ = ["folder_scripts"]
