"""A command-line tool's whole command line from the caller: a caller's text split into words
(``shlex.split(command)``, ``command.split()``) and placed in the argv of one fixed program with
no command word of the author's before it (``["oci", "--profile", p, *shlex.split(command)]``,
``["kubectl", *command.split()]``). The caller chooses the program's subcommand and every option:
any command of that CLI runs (cloud CLI wrappers - aws, gcloud, az, kubectl, oci). For a tool
that says it runs commands that is its purpose, listed as the command-execution capability,
besides the argument-injection finding each split word is; a tool that does not say so keeps the
argument-injection finding alone (a fixed subcommand, ``["git", "log", *split]``, is no such
line either: the caller only adds its options).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..catalog import catalog
from .capabilities import as_is
from .taintvalue import SPLIT

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker


def report_cli_line(linker: "Linker", path: str, fn, sink, label, info, env, hint, handler) -> None:
    """The tool's capability when ``info`` (a caller's source ``label``) is its split command
    line after a fixed program and nothing else the author wrote but options (``sink.command``
    is the program alone)."""
    prog = sink.command or ""
    if sink.family != "argument" or SPLIT not in info.clean or not prog or " " in prog or sink.uncertain \
            or info.is_clean("shell"):
        return
    family = catalog().families["shell"]
    shell = replace(sink, family="shell", detail=f"the caller's words are the whole {prog} command line")
    mine = info.replace(rooted=False)
    if not as_is("shell", shell, mine) or not linker._declares(family, hint or label[1]):
        return  # checked, built, or a tool that does not say it runs commands: the argument finding alone
    linker._report(path, fn, shell, {label: mine}, env, hint, handler)


__all__ = ["report_cli_line"]
