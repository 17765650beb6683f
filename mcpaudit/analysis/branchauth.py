"""A server built in each branch of an ``if``, with authentication in only one (issue 12, py49c).

    if mode == AuthMode.LOGIN_FLOW:
        mcp = FastMCP("cloud", token_verifier=verifier, auth=settings)
    else:                                   # the BasicAuth modes
        mcp = FastMCP("cloud")

Whatever the condition tests (a mode setting, a flag, a comparison), one branch starts the server
with no authentication: the ``auth=`` of the other is optional, turned on by configuration. A
constructor given ``auth=`` is judged optional when another branch of the same ``if``/``elif``/
``else`` chain assigns the same name from the same constructor with none of the catalog's
``auth-keywords`` (``servers`` in ``rules/models/python/mcp.yaml``).
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import CODEGEN, find_all


def _branches(node: cst.If) -> Iterator[Tuple[str, cst.BaseSuite]]:
    """Each branch of an ``if``/``elif``/``else`` chain: (how it is named, its body)."""
    yield "if", node.body
    orelse = node.orelse
    while orelse is not None:
        if isinstance(orelse, cst.If):
            yield "elif", orelse.body
            orelse = orelse.orelse
        else:
            yield "else", orelse.body
            orelse = None


def _assigned(body: cst.BaseSuite) -> List[Tuple[str, cst.Call]]:
    """(name, constructor call) of the ``name = Ctor(...)`` statements directly in a branch."""
    out = []
    for stmt in getattr(body, "body", ()):
        for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                out += [(t.value, small.value) for t in targets if isinstance(t, cst.Name)]
    return out


def unauthed_branch(mod, fn, call: cst.Call) -> Optional[dict]:
    """``optional`` for a server constructor ``call`` given authentication when a sibling branch
    of its ``if`` builds the same server without any; else None."""
    if fn is None:
        return None
    keywords = mod.M.surface.auth_keywords
    ctor = CODEGEN.code_for_node(call.func)
    for node in find_all(fn.body, cst.If):
        chain = list(_branches(node))
        mine = [(name, how) for how, body in chain for name, c in _assigned(body) if c is call]
        if not mine:
            continue
        name, how = mine[0]
        for other_how, body in chain:
            for other, c in _assigned(body):
                if other == name and c is not call and CODEGEN.code_for_node(c.func) == ctor and not any(
                        a.keyword is not None and a.keyword.value in keywords for a in c.args):
                    line = mod.pos(c)[0]
                    test = CODEGEN.code_for_node(node.test).strip()
                    return {"optional": f"{test}; the {other_how} branch at line {line} builds {ctor}() without it"}
        return None
    return None


__all__ = ("unauthed_branch",)
