"""rev52p: the review of stop 51's Python modules (issue 12, issue 15)."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis import tuplelists
from mcpaudit.analysis.cstnodes import own_stmts, walk_stmts
from mcpaudit.analysis.positions import flat_body


def _elif_chain(n: int) -> cst.FunctionDef:
    """``def f(cmd): if cmd == '0': x = 0 / elif cmd == '1': x = 1 ...`` with ``n`` branches,
    built without the parser."""
    branch = None
    for i in reversed(range(n)):
        body = cst.IndentedBlock([cst.SimpleStatementLine([cst.Assign(
            [cst.AssignTarget(cst.Name("x"))], cst.Integer(str(i)))])])
        branch = cst.If(test=cst.Comparison(cst.Name("cmd"), [cst.ComparisonTarget(
            cst.Equal(), cst.SimpleString(f"'{i}'"))]), body=body, orelse=branch)
    return cst.FunctionDef(cst.Name("f"), cst.Parameters([cst.Param(cst.Name("cmd"))]),
                           cst.IndentedBlock([branch]))


def test_walk_stmts_and_own_stmts_walk_a_long_elif_chain_without_recursion():
    fn = _elif_chain(3000)  # a generator per level passed each statement up 3000 levels (RecursionError)
    walked = list(walk_stmts(flat_body(fn.body)))
    assert sum(type(s) is cst.If for s in walked) == 3000
    assert sum(type(s) is cst.Assign for s in walked) == 3000
    assert len(list(own_stmts(flat_body(fn.body)))) == 6000


def test_walk_stmts_keeps_source_order_statement_before_its_blocks():
    mod = cst.parse_module("def f():\n    try:\n        a = 1\n    except E:\n        b = 2\n    else:\n        c = 3\n"
                           "    finally:\n        d = 4\n    e = 5\n")
    names = [s.targets[0].target.value for s in walk_stmts(flat_body(mod.body[0].body)) if type(s) is cst.Assign]
    assert names == ["a", "c", "d", "b", "e"]  # body, orelse, finalbody, then the handlers


def test_assigned_reads_the_binding_index_built_in_one_walk(monkeypatch):
    fn = _elif_chain(600)
    walks = []
    real = tuplelists.walk_stmts
    monkeypatch.setattr(tuplelists, "walk_stmts", lambda stmts: walks.append(1) or real(stmts))

    class FA:
        pass

    fa = FA()
    fa.fn = fn
    values = tuplelists.assigned(fa, "x")
    assert [v.value for v in values] == [str(i) for i in range(600)]
    assert tuplelists.assigned(fa, "y") == [] and tuplelists.assigned(fa, "cmd") == []
    assert len(tuplelists.assigned(fa, "x")) == 600
    assert walks == [1]  # one walk for every name asked
