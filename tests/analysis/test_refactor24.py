"""refactor24: shared helpers behind review leftovers (behaviour unchanged)."""

import libcst as cst

from mcpaudit.analysis.quantified import any_root, element_call


def _gen(text: str):
    return cst.parse_expression(text).args[0].value


def test_element_call_reads_one_loop_of_one_method():
    for text in ("any(q.startswith(p) for p in PREFIXES)", "any([q.startswith(p) for p in PREFIXES])"):
        call, items = element_call(_gen(text), "startswith")
        assert cst.Module([]).code_for_node(call) == "q.startswith(p)"
        assert isinstance(items, cst.Name) and items.value == "PREFIXES"


def test_element_call_refuses_other_shapes():
    for text in ("any(q.startswith(p) for p in PREFIXES if p)",       # a filter leaves elements out
                 "any(p.startswith(p) for p in PREFIXES)",            # the loop variable is the receiver
                 "any(q.endswith(p) for p in PREFIXES)",              # another method
                 "any(q.startswith(p) for p in A for x in B)"):       # two loops
        assert element_call(_gen(text), "startswith") is None, text


def test_any_root_is_the_one_root_test_over_the_list():
    call = any_root(_gen("any(p.is_relative_to(Path(r)) for r in ROOTS)"))
    assert cst.Module([]).code_for_node(call) == "p.is_relative_to(ROOTS)"


def _sink(**kw):
    from mcpaudit.analysis.summary import SinkRec

    return SinkRec(family="path", sink="x() ['ffmpeg', …]", pos=(1, 1, 1, 1), taint={}, nonconst=True, **kw)


def test_an_operand_handed_to_a_program_declares_nothing_by_its_parameter():
    from mcpaudit.analysis.capabilities import described
    from mcpaudit.analysis.taintvalue import Info

    # the program a TS argv element goes to is a field now, not read from the sink's name
    assert described(_sink(operand_of="ffmpeg"), "output_file", Info()) is None
    assert described(_sink(), "output_file", Info()) == "output_file"
    assert described(_sink(), "arguments", Info(key="path")) == "path"
