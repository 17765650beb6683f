"""A project's own JSON-RPC loop serving MCP without an SDK (issue 12).

::

    elif method == "tools/call":
        name = params.get("name")
        args = params.get("arguments", {})
        result = await self.handle_tool_call(name, args)

A module that answers ``tools/list`` and, in the branch of a comparison with the method name
``"tools/call"``, hands the request's ``arguments`` to a function of its own (``fn`` or
``self.fn``) serves that function as the low-level SDK's ``@server.call_tool()`` handler would
be: called with the tool's name and its caller-controlled arguments. It is recorded as such a
handler (``call_tool``), so the dispatch inside it is followed as for the SDK's. Only a call
that is given the ``arguments`` member (directly, or through a local assigned from it in that
branch) counts; a loop that dispatches inline, with no function of its own, is left as it is
(the inventory says no tool was discovered).
"""

from __future__ import annotations

from typing import Dict, Optional, Set

from ..lazycst import cst

from .cstnodes import find_all, string_value

_CALL, _LIST = "tools/call", "tools/list"


def _is_call_test(test) -> bool:
    return isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
        and isinstance(test.comparisons[0].operator, cst.Equal) \
        and _CALL in (string_value(test.left), string_value(test.comparisons[0].comparator))


def _reads_arguments(node, names: Set[str]) -> bool:
    """``params.get("arguments")`` / ``params["arguments"]`` in ``node``, or a name in ``names``."""
    for n in find_all(node, (cst.SimpleString, cst.Name)):
        if isinstance(n, cst.Name) and n.value in names or string_value(n) == "arguments":
            return True
    return False


def _callee(call: cst.Call) -> Optional[str]:
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def rpc_handlers(mod) -> Dict[str, str]:
    """Function name -> ``call_tool`` for the function each ``tools/call`` branch of the module's
    own JSON-RPC loop hands the request's arguments to (see the module)."""
    text = mod.text
    if _CALL not in text or _LIST not in text:
        return {}
    out: Dict[str, str] = {}
    for branch in find_all(mod.module, cst.If):
        if not _is_call_test(branch.test):
            continue
        names: Set[str] = set()
        for assign in find_all(branch.body, cst.Assign):
            if _reads_arguments(assign.value, set()):
                names.update(t.target.value for t in assign.targets if isinstance(t.target, cst.Name))
        for call in find_all(branch.body, cst.Call):
            name = _callee(call)
            if name and any(_reads_arguments(a.value, names) for a in call.args):
                out[name] = "call_tool"
    return out


__all__ = ["rpc_handlers"]
