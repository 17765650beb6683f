"""The cst engine's parse builds libcst's nodes through a cheaper ``__init__`` (engines/cstbuild.py):
the same trees, every field the same, and the classes' own ``__init__`` back afterwards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from mcpaudit.engines import cst as engine
from mcpaudit.engines import cstbuild

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _fields_equal(a, b) -> bool:
    """Every field of every node equal, node types and tuple/list kinds included (``deep_equals``
    with the container types checked too)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, CSTNode):
        return all(_fields_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_fields_equal(x, y) for x, y in zip(a, b))
    return a == b


def test_every_concrete_node_class_gets_the_cheaper_init_and_its_own_back():
    plan = cstbuild._plan()
    classes = {cls for cls, _own, _made in plan}
    assert {cst.Name, cst.Call, cst.FunctionDef, cst.SimpleWhitespace, cst.Module} <= classes
    own = {cls: cls.__dict__["__init__"] for cls in classes}
    with cstbuild.building():
        assert all(cls.__dict__["__init__"] is not own[cls] for cls in classes)
    assert all(cls.__dict__["__init__"] is own[cls] for cls in classes)


def test_the_cheaper_init_keeps_defaults_factories_and_keywords():
    with cstbuild.building():
        made = cst.FunctionDef(name=cst.Name("f"), params=cst.Parameters(), body=cst.SimpleStatementSuite((cst.Pass(),)))
        other = cst.FunctionDef(cst.Name("g"), cst.Parameters(), cst.SimpleStatementSuite((cst.Pass(),)))
    stock = cst.FunctionDef(name=cst.Name("f"), params=cst.Parameters(), body=cst.SimpleStatementSuite((cst.Pass(),)))
    assert _fields_equal(made, stock)
    assert made.whitespace_after_def is not other.whitespace_after_def  # a fresh default per node


def test_validation_is_skipped_only_while_building():
    with cstbuild.building():
        cst.Name("not an identifier")  # the parser's nodes are valid by construction: no check
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")


def test_a_class_of_another_shape_keeps_its_own_init():
    @dataclasses.dataclass(frozen=True)
    class Custom(cst.Name):
        def __post_init__(self) -> None:  # not CSTNode's: it may do more than validate
            pass

    assert cstbuild.cheaper_init(Custom) is None


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.rglob("*.py"))[::7], ids=lambda p: p.name)
def test_the_engine_parse_gives_the_same_tree_as_libcst(path):
    text = path.read_text(encoding="utf-8")
    try:
        stock = cst.parse_module(text)
    except cst.ParserSyntaxError:
        with pytest.raises(cst.ParserSyntaxError):
            engine.parse_module(text)
        return
    fast = engine.parse_module(text)
    assert fast.code == text
    assert fast.deep_equals(stock)
    assert _fields_equal(fast, stock)
