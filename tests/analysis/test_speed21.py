"""Work the cst analysis now skips or does once (branch speed21): each text test is a superset of
what its walk looks for, each memo gives what the computation gives. Timings are never asserted."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from mcpaudit.analysis import declared, recordfns

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class _Mod:
    """What :func:`recordfns.record_functions` reads of a module analyzer, every class name
    capitalised (so the walk keeps every ``Call(keyword=function)`` it meets)."""

    def __init__(self, text: str):
        self.text = text
        self.module = cst.parse_module(text)

    def dotted(self, node) -> str:
        return "Record"


def _walk_ungated(text: str, monkeypatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(recordfns, "_may_pass_a_function", lambda _text: True)
        return recordfns.record_functions(_Mod(text))


def test_a_function_passed_as_a_keyword_value_passes_the_text_test():
    for text in ("def show(sql): ...\nD = ToolDefinition(fn=show, name='show')\n",
                 "def outer():\n    def show(): ...\n    return [Rec(\n        fn=(show)  # the handler\n    )]\n",
                 "def show(): ...\nx = R(fn=  # first\n   show\n   , name='a')\n",
                 "async def show(): ...\nx = R(fn=\\\n show)\n"):
        assert recordfns._may_pass_a_function(text), text


def test_calls_without_a_defined_function_as_a_keyword_value_fail_the_text_test():
    for text in ("def show(): ...\nx = R(fn=show())\n",  # a call's result, not the function
                 "def show(): ...\nx = R(fn=other)\n",  # not a function of the module
                 "x = R(fn=show)\n",  # no function defined here
                 "def show(): ...\nx = R(fn=show.__name__)\n"):
        assert not recordfns._may_pass_a_function(text), text


def test_the_text_test_passes_every_fixture_whose_walk_finds_a_record(monkeypatch):
    seen = 0
    for path in sorted(FIXTURES.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            found = _walk_ungated(text, monkeypatch)
        except cst.ParserSyntaxError:
            continue
        if found:
            seen += 1
            assert recordfns._may_pass_a_function(text), path
            assert recordfns.record_functions(_Mod(text)) == found, path
    assert seen >= 3  # the fixtures hold records of functions (registration/, tool lists)


@pytest.mark.parametrize("text", ["str", "None", "int | None", "Optional[str]", '"."', "Literal['a', 'b']",
                                  'Annotated[str, Field(pattern=r"^[a-z]+$", description="x")]',
                                  "Path", "list[str]", "Annotated[int, Field(ge=0, le=10)]"])
def test_an_annotation_read_once_gives_what_its_parse_gives(text):
    M = declared.catalog_python()
    want = declared.constraint(M, cst.parse_expression(text), {})
    assert declared._text_constraint(M, text) == want
    assert declared._text_constraint(M, text) == want  # from the memo


def test_an_annotation_that_is_no_expression_is_no_constraint():
    assert declared._text_constraint(declared.catalog_python(), "def (") is None


def test_the_read_names_are_those_of_the_regex_without_the_lookbehind():
    import re

    from mcpaudit.analysis import bridges

    old = re.compile(bridges._READ.pattern.replace("(?<![A-Za-z_])", "", 1))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*.py"))]
    texts.append('éab.get("k"); 9cd["k"]; a9b.get( "k"); x_y ["k"]; m.params.get("x"); zz\n.get("q")')
    for text in texts:
        assert bridges._READ.findall(text) == old.findall(text)
    assert bridges._READ.findall(texts[-1]) == ["ab", "cd", "a9b", "x_y", "params", "zz"]
