"""A callable with arguments bound in advance, handed to a runner.

``anyio.to_thread.run_sync(partial(abs_path.read_text, encoding=enc))``,
``loop.run_in_executor(None, functools.partial(subprocess.run, cmd, shell=True))``: the runner
calls the bound function with the bound arguments first (then its own). The library calls that
bind are the models' ``binds-arguments`` summaries (``functools.partial``). Spread arguments
(``partial(handler, **arguments)``, ``to_thread(handler, **arguments)``) are passed on spread.
"""

from __future__ import annotations

from typing import List, Tuple

from ..lazycst import cst


def unbind(fa, fnode) -> Tuple[object, List[cst.Arg]]:
    """(the function, the arguments bound to it) of ``partial(f, *bound)``; ``fnode`` itself and
    no arguments for anything else."""
    if not (isinstance(fnode, cst.Call) and fnode.args and fnode.args[0].keyword is None
            and not fnode.args[0].star and (fa.mod.dotted(fnode.func) or "") in fa.M.bind_calls):
        return fnode, []
    return fnode.args[0].value, list(fnode.args[1:])


def spread_args(call: cst.Call, given, bound: List[cst.Arg]) -> Tuple[List[cst.Arg], List[cst.Arg]]:
    """(the arguments bound in advance that are no ``*``/``**`` spread, the spreads the function
    gets): ``partial(h, **a)``'s and the runner's own after the function it is ``given``
    (``asyncio.to_thread(handler, **arguments)``, ``handler`` looked up by the tool's name)."""
    after = [a for a in call.args[next((i for i, a in enumerate(call.args) if a.value is given), len(call.args)):]
             if a.star]
    return [a for a in bound if not a.star], [a for a in bound if a.star] + after
