"""Documents whose cells are code, loaded from the path a caller names: ``nb =
nbformat.read(open(path))`` (or ``nbformat.read(path, as_version=4)``), then a notebook runner
executes its cells (``NotebookClient(nb).execute_cell(cell, i)``, ``nbclient.execute(nb)``,
``ExecutePreprocessor().preprocess(nb)``). The file holds whatever code was saved there, the
caller's own included (a server whose tools add or edit cells writes them to the same caller-named
path), so the caller chooses the code the kernel runs.

The loaded document carries the path's taint for the code family only, with a step that says so:
its content is no caller text for any other sink (a notebook's cell text is not a file path or a
URL the caller wrote). The loaders are the ``code-documents`` of the models (``kernels.yaml``).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import EMPTY, Taint, add_step, all_families

_OPENERS = frozenset({"open", "io.open", "builtins.open", "codecs.open"})


def code_document(fa, call: cst.Call) -> Taint:
    """The taint of a code document ``call`` loads: its path's, for the code family only."""
    arg = next((a.value for a in call.args if a.keyword is None or a.keyword.value in ("fp", "path")), None)
    path = _read_from(fa, arg) if arg is not None else None
    t = fa.ev_quiet(path) if path is not None else EMPTY
    if not t:
        return EMPTY
    others = all_families() - {"code"}
    t = {k: i.replace(clean=i.clean | others) for k, i in t.items()}
    return add_step(t, (fa.stmt, call, "notebook read from that path (its cells run as code)"))


def _read_from(fa, node) -> Optional[cst.CSTNode]:
    """The path a loader argument reads: a handle ``open(p)`` bound in this function, an
    ``open(p)`` call in place, or the path itself."""
    call = node if isinstance(node, cst.Call) else None
    if call is not None and (fa.mod.dotted(call.func) or "") in _OPENERS and call.args:
        return call.args[0].value
    if isinstance(node, cst.Name) and fa.fn is not None:
        for n in N.find_all(fa.fn, (cst.With, cst.Assign)):
            opened = _opened(fa, n, node.value)
            if opened is not None:
                return opened
    return node


def _opened(fa, n, name: str) -> Optional[cst.CSTNode]:
    pairs = [(i.item, i.asname.name) for i in n.items if i.asname is not None] if isinstance(n, cst.With) \
        else [(n.value, t.target) for t in n.targets]
    for value, target in pairs:
        if isinstance(target, cst.Name) and target.value == name and isinstance(value, cst.Call) \
                and (fa.mod.dotted(value.func) or "") in _OPENERS and value.args:
            return value.args[0].value
    return None
