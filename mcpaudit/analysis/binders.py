"""A callable with arguments bound in advance, handed to a runner.

``anyio.to_thread.run_sync(partial(abs_path.read_text, encoding=enc))``,
``loop.run_in_executor(None, functools.partial(subprocess.run, cmd, shell=True))``: the runner
calls the bound function with the bound arguments first (then its own). The library calls that
bind are the models' ``binds-arguments`` summaries (``functools.partial``).
"""

from __future__ import annotations

from typing import List, Tuple

import libcst as cst


def unbind(fa, fnode) -> Tuple[object, List[cst.Arg]]:
    """(the function, the arguments bound to it) of ``partial(f, *bound)``; ``fnode`` itself and
    no arguments for anything else."""
    if not (isinstance(fnode, cst.Call) and fnode.args and fnode.args[0].keyword is None
            and not fnode.args[0].star and (fa.mod.dotted(fnode.func) or "") in fa.M.bind_calls):
        return fnode, []
    bound = list(fnode.args[1:])
    if any(a.star for a in bound):
        return fnode, []
    return fnode.args[0].value, bound
