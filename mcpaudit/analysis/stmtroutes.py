"""What else the function of a query-prefix check does with the caller's statement.

A ``startswith("SELECT")`` check is read as a read-only check (weak: see ``narrowing``). Two facts
of the same function change what it means:

- The function also accepts statements by a *write* verb (``startswith("INSERT")``, a tuple of
  such verbs, or ``any(q.startswith(k) for k in ["INSERT", "UPDATE", "DELETE"])``): the prefix
  checks route statements between operations that run reads and writes by design. With no
  read-only claim for the tool or its server, bypassing the SELECT check gains the caller nothing
  (``claims.review_checks``).
- The function refuses a ``;`` in the checked text (``if ";" in q: raise``): a stacked statement
  cannot pass, so the reason offers no ``'SELECT 1; DROP TABLE t'``; the other bypasses remain.
"""

from __future__ import annotations

from typing import Iterator, List, Optional

from ..lazycst import cst

from . import cstnodes as N


def _words(node, loops) -> Optional[List[str]]:
    """The constant strings a ``startswith`` argument stands for: a literal, a tuple or list of
    literals, or a comprehension variable iterating one (``for k in ["INSERT", "UPDATE"]``)."""
    s = N.string_value(node)
    if s is not None:
        return [s]
    if isinstance(node, (cst.Tuple, cst.List)):
        out = [N.string_value(e.value) for e in node.elements]
        return None if any(w is None for w in out) else out  # type: ignore[return-value]
    if isinstance(node, cst.Name) and node.value in loops:
        return _words(loops[node.value], {})
    return None


def _comprehension_loops(fn) -> dict:
    loops = {}
    for comp in N.find_all(fn, cst.CompFor):
        if isinstance(comp.target, cst.Name):
            loops[comp.target.value] = comp.iter
    return loops


def _startswith_words(fn) -> Iterator[List[str]]:
    loops = _comprehension_loops(fn)
    for call in N.find_all(fn, cst.Call):
        f = call.func
        if isinstance(f, cst.Attribute) and f.attr.value == "startswith" and call.args:
            words = _words(call.args[0].value, loops)
            if words:
                yield words


def routes_writes(fn, write_keywords) -> bool:
    """The function accepts a statement by a write verb's prefix (see the module docstring)."""
    if fn is None:
        return False
    return any(all(w.strip().upper().split()[0] in write_keywords for w in words if w.strip())
               and any(w.strip() for w in words) for words in _startswith_words(fn))


def _refuses(body) -> bool:
    stmts = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()
    first = stmts[0] if stmts else None
    if isinstance(first, cst.SimpleStatementLine) and first.body:
        first = first.body[0]
    return isinstance(first, (cst.Raise, cst.Return))


def rejects_semicolon(fn, var: str) -> bool:
    """``if ";" in <var ...>: raise`` (or return) in the function: no stacked statement passes."""
    if fn is None:
        return False
    for node in N.find_all(fn, cst.If):
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            continue
        target = test.comparisons[0]
        if isinstance(target.operator, cst.In) and N.string_value(test.left) == ";" and \
                N.var_of(target.comparator) == var and _refuses(node.body):
            return True
    return False


__all__ = ["rejects_semicolon", "routes_writes"]
