"""The argument list a library hands to the program it runs, for the TypeScript interpreter
(``program-args`` rows of the models, as :mod:`mcpaudit.analysis.programargs` on Python).

simple-git's methods run ``git <command>`` with the list they are given as the rest of the argv:
``simpleGit(repo).diff(args)`` is ``git diff ...args``, ``show(args)`` is ``git show ...args``,
``raw(args)`` (or ``raw("log", x)``) is ``git ...args``. The row's ``program`` is that command
line, its first word the program and the others the elements the library puts in front; the list
is then checked as an argv (:meth:`~.sinks.Sinks.argv_elems`): an element that can start with
``-`` before any ``--`` is an option of the command, and the process models' ``option-hazards``
name the ones that write a file (``git diff --output=<file>``). An options object is mapped to
options by the library (its keys are names the code chose), so it is no argv of the caller's; a
value that is neither is the whole list, from caller input (reported as uncertain).
"""

from __future__ import annotations

from ..taintvalue import ARGV_UNKNOWN, EMPTY, mark
from . import nodes as N

_TEXT = ("string", "template_string")


class ProgramArgs:
    """Mixed into :class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

    def _kind_program_args(self, model, c) -> None:
        words = model.program.split()
        label = c.label(model, self.data)
        head = [(None, EMPTY, w, False) for w in words[1:]]
        node, t = self._arg(c, model.arg)
        u = N.unwrap(node) if node is not None else None
        if u is None or u.type == "object":
            return
        elems = self._list_of(node)
        if elems is None and (model.element or u.type in _TEXT):
            # raw("log", x), show("HEAD"): each argument is one element
            i = model.arg.index or 0
            elems = [(a, c.taints[j] if j < len(c.taints) else EMPTY, self.const_of(a), False)
                     for j, a in enumerate(c.args[i:], i) if not N.is_function(N.unwrap(a))]
        if elems is not None:
            self.argv_elems(c.node, label, words[0], head + list(elems))
        elif t:
            self.record("argument", label, c.node, mark(t, weak=ARGV_UNKNOWN), node, uncertain=True,
                        detail=f"the arguments {model.program} is run with come from caller input")


__all__ = ["ProgramArgs"]
