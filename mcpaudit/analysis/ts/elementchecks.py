"""A loop that refuses every element of a list: ``for (const seg of paths) { if (bad(seg)) throw
...; }``. After it, each element of ``paths`` passed the test, so what the failed test proves
about ``seg`` (a '..' refusal, no separator) holds for every element, and for the list that is
spread into a call later (``join(base, ...paths)``).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def _throws(node) -> bool:
    """The branch always ends in ``throw`` (a lone throw, or a block whose last statement is one)."""
    if node is None:
        return False
    if node.type == "throw_statement":
        return True
    if node.type == "statement_block":
        stmts = [c for c in node.named_children if c.type != "comment"]
        return bool(stmts) and stmts[-1].type == "throw_statement"
    return False


def _guards(body):
    """The conditions of the ``if (cond) throw`` statements at the top of a loop body."""
    stmts = [c for c in body.named_children if c.type != "comment"] if body.type == "statement_block" else [body]
    for st in stmts:
        if st.type == "if_statement" and st.child_by_field_name("alternative") is None and \
                _throws(st.child_by_field_name("consequence")):
            cond = st.child_by_field_name("condition")
            if cond is not None:
                yield cond


def checked_elements(fa, loop, elem: Optional[str], listed: Optional[str]) -> None:
    """Apply to the list variable ``listed`` what the loop's refusals prove about each element
    ``elem`` (an ``of`` loop over a variable)."""
    body = loop.child_by_field_name("body")
    if not elem or not listed or body is None or not fa.env.get(listed):
        return
    saved = fa.env.get(elem)
    found = []
    for cond in _guards(body):
        fa.env[elem] = fa.env[listed]
        found += [(listed, clean, weak, why) for var, clean, weak, why in fa.narrowings(cond, False) if var == elem]
    if saved is None:
        fa.env.pop(elem, None)
    else:
        fa.env[elem] = saved
    if found:
        fa.apply(found)


def loop_names(fa, loop):
    """(element variable, list variable) of ``for (const x of xs)``, else (None, None)."""
    if not any(c.type == "of" for c in loop.children):
        return None, None
    left, right = loop.child_by_field_name("left"), N.unwrap(loop.child_by_field_name("right"))
    if left is not None and left.type in ("lexical_declaration", "variable_declaration"):
        decl = [c for c in left.named_children if c.type == "variable_declarator"]
        left = decl[0].child_by_field_name("name") if decl else None
    if left is None or left.type != "identifier" or right is None or right.type != "identifier":
        return None, None
    return N.text(fa.data, left), N.text(fa.data, right)
