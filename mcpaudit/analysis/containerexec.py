"""A command string a container SDK splits into an argv: docker-py's ``exec_run(cmd)`` (issue 12).

docker-py's ``Container.exec_run(cmd)`` hands ``cmd`` to ``APIClient.exec_create``, which splits a
string with ``shlex.split`` (``utils.split_command``) and has the daemon run the resulting argv:
no shell reads it. A caller's value written into the string (``f"ls -la {path}"``) therefore adds
words to the argv of the program the string names (options among them: argument injection); it
runs other programs only where the string's program is one that runs its argument (``sh -c
'...{x}...'``, ``python -c``) or where it is the program itself (``f"{tool} --version"``, or the
caller's whole command line: the program row's reading, as before). A list is the argv as given,
and a string built elsewhere (a parameter, a helper's result) is read as the program row always
read it: the command line run in the container.

The string is split as shlex would split it, with each formatted value as one placeholder word
(a value holding blanks or quotes may split further, or end a quoted word the code wrote: it is
still never read by a shell). A value after a literal ``--`` word is an operand.
"""

from __future__ import annotations

import shlex
from typing import List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .argvruns import interpreted
from .taintvalue import Taint, union
from .tuplelists import assigned, augmented

#: the detail of a value written into a string command that no shell reads
ARGV_WORDS = ("docker-py splits a string command with shlex.split and the container runs that argv "
              "with no shell: the caller's text adds words to the argv of {prog}, options among them")
PROGRAM_WORD = ("docker-py splits a string command with shlex.split (no shell): the caller's text names "
                "the program run in the container")
_MARK = "\x00v{}\x00"


def _pieces(node) -> Optional[List[object]]:
    """The string's literal text and its formatted values in order (text as str, values as nodes)."""
    text = N.string_value(node)
    if text is not None:
        return [text]
    if isinstance(node, cst.FormattedString):
        return [p.value if isinstance(p, cst.FormattedStringText) else p.expression for p in node.parts]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        if left is None and right is None:
            return None  # no text of the code's: a list, or values only
        return (left if left is not None else [node.left]) + (right if right is not None else [node.right])
    return None


def split_command(node) -> Optional[List[Tuple[str, List[cst.BaseExpression]]]]:
    """The words of a string command as shlex splits it: (literal text with ``\\0`` where values
    stand, the value nodes in the word); None when the string is not written here or does not split
    (an unclosed quote)."""
    pieces = _pieces(node)
    if pieces is None or not any(not isinstance(p, str) for p in pieces):
        return None
    values = [p for p in pieces if not isinstance(p, str)]
    skeleton, k = "", 0
    for p in pieces:
        if isinstance(p, str):
            skeleton += p
        else:
            skeleton += _MARK.format(k)
            k += 1
    try:
        words = shlex.split(skeleton)
    except ValueError:
        return None
    out = []
    for w in words:
        held = [values[i] for i in range(len(values)) if _MARK.format(i) in w]
        text = w
        for i in range(len(values)):
            text = text.replace(_MARK.format(i), "\0")
        out.append((text, held))
    return out


class ContainerExec:
    """The ``command-argv`` sink kind, mixed into :class:`~.sinkmatch.SinkMatching`."""

    def _kind_command_argv(self, model, c) -> None:
        node, t = c.arg(model.arg)
        words = split_command(node) if node is not None else None
        if isinstance(node, cst.Name) and self.fn is not None:
            values = assigned(self, node.value)  # cmd = f"ls {path}"; exec_run(cmd): its one value
            # ... unless the function extends it in place (cmd += f" {extra}": not all it holds, rev52p)
            words = split_command(values[0]) if len(values) == 1 and node.value not in augmented(self.fn) else None
            node = values[0] if words else node
        if not words:
            self._sink(model.family, c.label(model), c.node, t, node, detail=model.detail)
            return
        label, taints = c.label(model), [self._word_taint(held) for _, held in words]
        consts = [None if held else text for text, held in words]
        if taints[0]:
            self._sink(model.family, label, c.node, taints[0], node, detail=PROGRAM_WORD)
            return
        prog = (consts[0] or "").rsplit("/", 1)[-1]
        shells = {p.rsplit("/", 1)[-1] for p in self.M.shell_programs}
        for i in range(1, len(words)):
            if not taints[i]:
                continue
            ran = interpreted(self.M, prog, consts, i, shells)  # sh -c '<script with the value>'
            if ran:
                self._sink(ran[0], label, c.node, taints[i], node, detail=f"{ran[1]} in the container")
                continue
            if "--" in consts[:i]:
                continue  # an operand: the words after '--' are never options
            self._sink("argument", label, c.node, taints[i], node, detail=ARGV_WORDS.format(prog=prog or "the program"))

    def _word_taint(self, held) -> Taint:
        out: Taint = {}
        for v in held:
            out = union(out, self.ev_quiet(v))
        return out


__all__ = ["ARGV_WORDS", "ContainerExec", "PROGRAM_WORD", "split_command"]
