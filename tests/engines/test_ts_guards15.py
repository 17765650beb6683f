"""Guards that do not guard and receivers the TS engine lost (issue 14, branch tsfix15c):
a receiver typed by a union type alias of browser types (fixtures/typescript/unionreceivers); the
properties of a whole arguments object parsed by another module's schema, each with its own flow
(fixtures/typescript/parsedfields)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps


@pytest.mark.parametrize("group", ["unionreceivers", "parsedfields"])
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- unionreceivers: `type Evaluatable = Page | Frame | WebWorker` ------------------------------

def test_a_receiver_typed_by_a_union_alias_of_page_types_evaluates_in_the_page():
    out, _ = scan("unionreceivers")
    f = only([f for f in out.findings if f.rule_id == "capability-code-execution"], tool="evaluate_script")
    line = line_of("server.ts", "target.evaluateHandle(", "unionreceivers")
    assert (f.location.path, f.location.line) == ("server.ts", line)
    assert f.message.startswith("tool 'evaluate_script' evaluates code the caller writes: parameter "
                                "'function' reaches target.evaluateHandle() as is")
    assert "passed to runIn()" in [s[2] for s in steps(f)]


def test_a_page_function_given_the_callers_value_as_its_argument_is_data():
    out, _ = scan("unionreceivers")
    assert not [f for f in out.findings if f.tool == "element_text"]


def test_an_alias_names_its_first_named_member():
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.parse import parse
    tree = parse(b"type A = null | pp.Page | Frame; type B = { page: Page }; type C = A;", "x.ts")
    decls = [c for c in tree.root_node.named_children if c.type == "type_alias_declaration"]
    assert [N.alias_type(tree.root_node.text, d) for d in decls] == [("A", "pp.Page"), ("B", None), ("C", "A")]


# -- parsedfields: the whole arguments parsed into one value, its properties read by name -------

RUN = "run as AppleScript or JXA by osascript, whose `do shell script` runs any command"


def test_a_property_of_the_parsed_arguments_given_as_is_is_the_tools_capability():
    out, _ = scan("parsedfields")
    f = only(out.findings, tool="execute_script")
    line = line_of("runner.ts", 'execFileAsync("osascript"', "parsedfields")
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-code-execution", "runner.ts", line)
    assert f.message.startswith("tool 'execute_script' evaluates code the caller writes: parameter "
                                "'script_content' reaches child_process.execFile() ['osascript', '-e', …] as is")
    assert steps(f)[0][2] == "parameter 'script_content' of MCP tool 'execute_script' (caller-controlled)"
    assert "returned by parse()" not in [s[2] for s in steps(f)]


def test_properties_escaped_into_the_servers_script_are_no_code():
    out, _ = scan("parsedfields")
    assert not [f for f in out.findings if f.tool == "make_note"]


def test_a_property_spliced_unescaped_is_code_injection():
    out, _ = scan("parsedfields")
    f = only(out.findings, tool="set_volume")
    assert (f.rule_id, f.location.path) == ("tool-code-injection", "runner.ts")
    assert f.message == (f"tool 'set_volume' passes parameter 'level' to child_process.execFile() "
                         f"['osascript', '-e', …]: code injection ({RUN})")
