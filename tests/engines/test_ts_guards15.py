"""Guards that do not guard and receivers the TS engine lost (issue 14, branch tsfix15c):
a receiver typed by a union type alias of browser types (fixtures/typescript/unionreceivers); the
properties of a whole arguments object parsed by another module's schema, each with its own flow
(fixtures/typescript/parsedfields)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

from mcpaudit.models import Confidence


@pytest.mark.parametrize("group", ["unionreceivers", "parsedfields", "shellguards"])
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
    assert f.confidence == Confidence.LOW  # execute_script runs any script there (ts25b, offered.py)
    assert f.message == (f"tool 'set_volume' passes parameter 'level' to child_process.execFile() "
                         f"['osascript', '-e', …]: code injection ({RUN}); tool 'execute_script' already hands its "
                         f"caller's own input to child_process.execFile() ['osascript', '-e', …] as is (its "
                         f"capability): nothing beyond it (audit view)")


# -- shellguards: command-line checks a chained command passes ---------------------------------

G = "shellguards"
STEP = "checked by a command-line guard a chained command passes"


def _shell(tool):
    out, _ = scan(G)
    return only([f for f in out.findings if f.rule_id == "tool-shell-injection"], tool=tool)


def _cap(tool):
    out, _ = scan(G)
    return only([f for f in out.findings if f.rule_id == "capability-command-execution"], tool=tool)


def test_configured_allow_patterns_tested_on_the_command_line_are_a_bypassable_guard():
    f = _shell("run_command")
    assert (f.location.path, f.location.line) == ("runner.ts", line_of("runner.ts", 'throw new Error("command not in', G) + 2)
    assert f.message.startswith("tool 'run_command' passes parameter 'command' to child_process.execSync(): OS "
                                "command injection; only a weak check on the way: bypassable command guard: regular "
                                "expressions from configuration (new RegExp of patterns the code does not fix)")
    assert f.confidence.name == "MEDIUM"
    # the flow shows the test inside the validator whose result run() refuses on
    assert ("runner.ts", line_of("runner.ts", "regex.test(command)", G), STEP) in steps(f)
    # running commands is still the tool's purpose
    assert _cap("run_command").message.startswith(
        "tool 'run_command' runs commands the caller chooses: parameter 'command' reaches child_process.execSync() "
        "as is; only bypassable command guard")


def test_a_configured_operator_list_in_another_modules_validator_is_a_bypassable_guard():
    f = _shell("execute_command")
    assert f.location.line == line_of("runner.ts", "execSync(request.command", G)
    assert ("guards.ts", line_of("guards.ts", "new RegExp(pattern).test(command)", G), STEP) in steps(f)
    assert "regular expressions from configuration" in f.message
    assert _cap("execute_command").location.line == f.location.line


def test_a_character_deny_list_missing_operators_is_a_bypassable_guard():
    f = _shell("exec_filtered")
    assert f.message.endswith("only a weak check on the way: bypassable command guard: the character deny-list "
                              "/[;&|`]/ leaves newline, $(...), <, >, so a second command chained through one of "
                              "them runs past it")
    assert ("guards.ts", line_of("guards.ts", "if (/[;&|`]/.test(command))", G), STEP) in steps(f)


def test_an_anchored_character_class_and_single_quoting_are_no_injection():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool in ("list_folder", "count_lines") and f.confidence.name != "LOW"]


def test_the_single_quote_escape_inside_double_quotes_is_still_injection():
    f = _shell("count_words")
    assert f.confidence.name == "HIGH"
    assert f.message == "tool 'count_words' passes parameter 'file' to child_process.execSync(): OS command injection"


def test_literal_guards():
    from mcpaudit.analysis.ts.cmdguards import literal_guard
    assert literal_guard("[;&|`$<>\\n]", deny=True) is None  # every operator refused
    assert "leaves newline, $(...)" in literal_guard(";|&|\\|", deny=True)
    assert literal_guard("^[a-z0-9 ]+$", deny=False) is None  # anchored at both ends
    assert "anchored only at its start" in literal_guard("^(ls|cat)\\b", deny=False)
    assert literal_guard("[^a-z]", deny=True) is None  # a negated class is no deny-list of operators


def test_an_allow_list_of_the_servers_own_anchored_patterns_is_no_bypassable_guard():
    # the predicate itself is not verified (as before: a medium finding naming it as written, this.), but it is no
    # guard a chained command passes: each listed pattern is anchored at both ends
    f = _shell("run_allowed")
    assert f.message.endswith("only a weak check on the way: checked by this.isAllowedCommand() (not verified by mcpaudit)")
    assert STEP not in [s[2] for s in steps(f)]


def test_a_kept_validator_result_leaves_a_later_weak_check_its_reason():
    out, _ = scan(G)
    f = only(out.findings, tool="read_note")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "notes.ts", line_of("notes.ts", "return readFileSync(full", G))
    assert f.message.endswith("only a weak check on the way: weak containment check: startsWith(root) without a "
                              "trailing separator also accepts sibling directories such as '/allowed-evil' "
                              "(CVE-2025-53110)")


def test_either_weak_prefers_a_check_read_in_place_to_a_guard_reference():
    from mcpaudit.analysis.taintvalue import GUARD_REF, either_weak
    ref = "checked by f() (not verified by mcpaudit)" + GUARD_REF + "m.ts|q|f|0"
    assert either_weak(ref, "weak containment") == "weak containment"
    assert either_weak("weak containment", ref) == "weak containment"
    assert either_weak(ref, None) == ref
