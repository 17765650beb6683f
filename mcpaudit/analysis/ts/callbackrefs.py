"""A function passed by name to an array method: ``params.paths.map(fetchDocText)``,
``ids.forEach(removeOne)``, ``columns.map(quoteIdent)``. The method calls it with each element of
the receiver, as it calls an inline arrow (``paths.map((p) => fetchDocText(p))``): a function of
the project named by reference gets a call record with the receiver's elements as its first
argument (the second for ``reduce``: the accumulator comes first), and a function declared in the
enclosing function (``async function fetchDocText(path) { ... }`` inside the tool's handler) is
run inline with them. What the method returns follows the catalog's ``callback-methods``
(builtins.yaml): the callback's results (``map``), the receiver (``filter``) or nothing
(``forEach``). A promise's ``catch``/``finally`` are not listed: their callback gets no element
(issue 14, ts34)."""

from __future__ import annotations

from typing import Optional

from ..summary import CallRec
from ..taintvalue import EMPTY, Info, Taint, add_step, union
from . import nodes as N

#: the element methods whose callback, given by name, is called with the receiver's elements
ELEMENT_METHODS = frozenset({"map", "flatMap", "forEach", "filter", "some", "every", "find", "findLast",
                             "reduce", "reduceRight", "then"})


def _args(method: str, recv: Taint) -> list:
    return [EMPTY, recv] if method in ("reduce", "reduceRight") else [recv]


def callback_ref(fa, node, recv: Taint, arg, method: str) -> Optional[Taint]:
    """``arr.<method>(fn)`` with ``fn`` a function named by reference: what the call returns
    (see the module's docstring), or None when ``fn`` names no function of the project."""
    a = N.unwrap(arg)
    if a is None or a.type != "identifier":
        return None
    how = fa.M.callbacks.get(method)
    name = N.text(fa.data, a)
    local = fa.local_fns.get(name)
    if local is not None:
        r = fa.inline(local, _args(method, recv), site=node)
        out = add_step(r, fa.step(node, f"returned by {name}()")) if r else r
    else:
        targets = fa.call_targets(a, fa.dotted(a) or "", None, None, [])
        if not targets:
            return None
        out = {}
        for target, hint in targets:
            idx = len(fa.calls)
            fa.calls[idx] = CallRec(target=target, pos=fa.mod.src.pos(node), args=_args(method, recv), kwargs={},
                                    star=EMPTY, dstar=EMPTY, fallback=recv, tool_hint=hint or fa.tool_hint)
            out[("c", idx)] = Info((fa.step(node, f"returned by {target.rsplit('#', 1)[-1].split('.')[-1]}()"),))
    if how == "receiver":
        return recv
    if how == "nothing":
        return EMPTY
    return union(recv, out) if how == "both" else out
