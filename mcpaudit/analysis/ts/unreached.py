"""Code no MCP handler reaches: where a pattern rule's hit is not a tool caller's hazard.

The linker instantiates every handler (tools, resources, prompts, the HTTP routes it treats as
entry points) and follows the calls they make (``Linker.handler_reached``); it then runs every
other function once, binding the callees of project code (``Linker.bound_functions``). A
function that project code calls but no handler reaches runs only from another entry point of
the project: a command-line command (``program.command("register").action(...)``), an install
or build script. A semgrep hit for an injection hazard there (a shell line built from a
template string) has no tool caller behind it; the engine agreement moves it to the audit view
with this reason (:mod:`mcpaudit.agreement`, family :data:`UNREACHED`).

Only where the verdict is positive: the project has handlers, the function is called from
project code the analysis read, and no function a handler reaches encloses the line (a callback
inside a handler is the handler's). Module top-level code and functions nothing calls (an
export another package calls, a registration the analysis did not see) are left alone.
"""

from __future__ import annotations

from typing import Set, Tuple

from ...sources import is_test_path
from .instancetools import reached_name

#: the pseudo-family of the lines so found, in ``Linker.safe_sinks``
UNREACHED = "-unreached"


def unreached_lines(linker) -> Set[Tuple[str, int, str]]:
    """(path, line, UNREACHED) for each line of a function project code calls and no handler
    reaches, outside every function a handler reaches."""
    reached = {(p, reached_name(q)) for p, q in getattr(linker, "handler_reached", None) or ()}
    bound = getattr(linker, "bound_functions", None)
    if not reached or not bound or not linker.handlers:
        return set()
    out: Set[Tuple[str, int, str]] = set()
    for path, mod in linker.modules.items():
        if is_test_path(path):
            continue
        spans = [(fn.pos[0], fn.pos[2] or fn.pos[0]) for fn in mod.functions.values()
                 if (path, fn.qualname) in reached]
        for fn in mod.functions.values():
            key = (path, fn.qualname)
            if key in reached or key not in bound:
                continue
            first, last = fn.pos[0], fn.pos[2] or fn.pos[0]
            out.update((path, ln, UNREACHED) for ln in range(first, last + 1)
                       if not any(a <= ln <= b for a, b in spans))
    return out


__all__ = ["UNREACHED", "unreached_lines"]
