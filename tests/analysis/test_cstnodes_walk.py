"""``find_all`` (a type visitor, source order) and ``nodes_of`` (a field walk, any order) find
the same nodes: the analysis uses them instead of ``libcst.matchers.findall``."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from mcpaudit.analysis.cstnodes import find_all, nodes_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KINDS = (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.WithItem, cst.AsName,
         cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.If, cst.Assign, cst.FunctionDef)


def test_find_all_is_in_source_order_and_includes_the_root():
    mod = cst.parse_module("a = 1\nif a:\n    b = f(a)\n")
    assert [n.value for n in find_all(mod, cst.Name)] == ["a", "a", "b", "f", "a"]
    name = cst.parse_expression("x")
    assert find_all(name, cst.Name) == [name] == nodes_of(name, cst.Name)


def test_nodes_of_finds_what_find_all_finds_on_every_fixture():
    files = sorted(FIXTURES.rglob("*.py"))
    assert len(files) > 50
    for path in files:
        try:
            mod = cst.parse_module(path.read_text(encoding="utf-8"))
        except cst.ParserSyntaxError:
            continue
        for kind in (KINDS, cst.Name, (cst.For, cst.WithItem)):
            assert {id(n) for n in nodes_of(mod, kind)} == {id(n) for n in find_all(mod, kind)}, path
