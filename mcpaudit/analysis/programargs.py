"""The argument list a library hands to the program it runs (``program-args`` rows of the
models): pypandoc's ``extra_args=[...]``, Playwright's ``chromium.launch(args=[...])``, and one
switch of it at a time (``element: true``), as Selenium's and pydoll's ``options.add_argument(
switch)`` add one to Chrome's command line. A list display is checked element by element as an
argv after the program; a value that is one switch is checked as that one element (a constant
``--proxy-server=`` before the caller's text keeps it an option's value, while a switch that names
a program Chrome runs, ``--renderer-cmd-prefix=``, runs the caller's program: argvruns.py); any
other value is the whole list, from caller input."""

from __future__ import annotations

from . import cstnodes as N
from .taintvalue import EMPTY


def program_args(sm, model, c) -> None:
    """The sinks of a ``program-args`` row's call ``c`` (``sm``: the SinkMatcher)."""
    node, t = c.arg(model.arg)
    head = [(None, EMPTY, model.program, False)]
    if model.element and node is not None:
        if t:
            sm._argv_elems(c.node, c.label(model), head + [(node, t, N.string_value(node), False)], fixed_program=True)
        return
    elems = sm._list_of(node) if node is not None else None
    if elems is not None:
        sm._argv_elems(c.node, c.label(model), head + [(n, tt, k, False) for (n, tt, k) in elems], fixed_program=True)
    elif t:
        sm._sink("argument", c.label(model), c.node, t, node,
                 detail=f"the arguments {model.program} is run with come from caller input")
