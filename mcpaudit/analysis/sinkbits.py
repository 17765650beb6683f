"""Small judgements the sink matcher makes about a call's text: a switch the code turns on itself,
the words of a split argv, and ``eval`` globals that take the builtins away."""

from __future__ import annotations

import libcst as cst

from . import cstnodes as N


def truthy_constant(node) -> bool:
    """``True``, ``1``, ``2``: a switch turned on by the code itself (not by a variable)."""
    if isinstance(node, cst.Name):
        return node.value == "True"
    return isinstance(node, cst.Integer) and node.evaluated_value > 0


def split_words(split_of: str) -> str:
    return f"the caller's text is split into the argv ({split_of}): it chooses the program and its arguments"


def restricted_globals(call: cst.Call) -> bool:
    """``eval(x, {"__builtins__": {}})``: globals that take the builtins away - an attempt at a
    sandbox, which makes the call a vulnerability rather than a tool's purpose."""
    args = [a for a in call.args if a.keyword is None and not a.star]
    g = args[1].value if len(args) > 1 else next(
        (a.value for a in call.args if a.keyword is not None and a.keyword.value == "globals"), None)
    return isinstance(g, cst.Dict) and any(
        isinstance(e, cst.DictElement) and N.string_value(e.key) == "__builtins__" for e in g.elements)
