"""Issue 12, branch py32a (the thirty-first Python holdout's wrong findings still open, by general
cause): ``fixtures/taint/py32a``.

* a low-level ``@server.call_tool()`` handler's argument that the called tool's listed
  ``inputSchema`` fixes (an ``enum``, a ``const``, an array of such items; a boolean, integer or
  number) is one of its values: from mcp 1.10 the SDK validates the arguments against the schema
  before the handler runs (schemachoices.py, catalog ``lowlevel-declaration``). A key the called
  tool's schema does not declare stays the caller's text, as does a value where a fixed item meets a
  free one (the marks are per item, declared.py's MODEL_FIELD); so does every key when the project pins
  an mcp release before 1.10 or the decorator is given ``validate_input=False``.
* prowler's value options (``-s``, ``-f``, ``--compliance``...: argparse refuses a dash-led value
  there) take the caller's value as theirs (process.yaml ``option-operands``); its provider
  positional stays open.
"""

from __future__ import annotations

import libcst as cst

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

from mcpaudit.analysis.schemachoices import schema_choices, validates_input

groups = FlowGroups("py32a")


def _src(group: str):
    return TAINT_FIXTURES / "py32a" / group / "server.py"


def test_listed_choices_of_the_called_tool_carry_no_injection():
    src = _src("schema_choices")
    assert groups.rows("schema_choices") == [
        ("server.py", line_in(src, '"scanner", arguments["account"]'), "tool-argument-injection", "cloud_scan"),
        ("server.py", line_in(src, 'open(REPORTS / file_name, "wb")'), "tool-path-traversal", "save_shot"),
        ("server.py", line_in(src, '(REPORTS / arguments["provider"])'), "tool-path-traversal", "read_report"),
    ]
    # an enum's item merged with a free one is no choice: the free file name is named
    assert groups.message("schema_choices", "tool-path-traversal", "save_shot") == (
        "tool 'save_shot' passes parameter 'arguments['file_name']' to open(): "
        "path traversal / arbitrary file access (write)")
    # read_report's schema does not declare 'provider': the SDK lets any value of it through
    assert groups.message("schema_choices", "tool-path-traversal", "read_report") == (
        "tool 'read_report' passes parameter 'arguments['provider']' to .read_text(): "
        "path traversal / arbitrary file access")
    assert groups.message("schema_choices", "tool-argument-injection", "cloud_scan").startswith(
        "tool 'cloud_scan' passes parameter 'arguments' to asyncio.create_subprocess_exec(): argument injection")


def _all_four(group: str):
    src = _src(group)
    return [
        ("server.py", line_in(src, '"prowler", provider, "--severity", levels'), "tool-argument-injection", "cloud_scan"),
        ("server.py", line_in(src, '(REPORTS / f"{provider}-latest.json")'), "tool-path-traversal", "cloud_scan"),
        ("server.py", line_in(src, '"scanner", arguments["account"]'), "tool-argument-injection", "cloud_scan"),
        ("server.py", line_in(src, '(REPORTS / arguments["provider"])'), "tool-path-traversal", "read_report"),
    ]


def test_an_sdk_before_validation_or_validation_off_checks_nothing():
    for group in ("schema_choices_old", "schema_choices_off"):
        assert groups.rows(group) == _all_four(group), group
        assert groups.message(group, "tool-path-traversal", "cloud_scan") == (
            "tool 'cloud_scan' passes parameter 'arguments['provider']' to .read_text(): "
            "path traversal / arbitrary file access")


def test_schema_choices_and_the_decorator_keyword():
    schema = cst.parse_expression(
        '{"type": "object", "properties": {"a": {"type": "string", "enum": X}, "b": {"const": "x"},'
        ' "c": {"type": "array", "items": {"enum": ["p", "q"]}}, "d": {"type": "integer"},'
        ' "e": {"type": "string"}, "f": {"type": "array", "items": {"type": "string"}}, "g": S}}')
    assert schema_choices(schema) == ("a", "b", "c", "d")
    deco = lambda text: cst.parse_expression(text)  # noqa: E731
    assert validates_input(deco("app.call_tool()"), "validate_input")
    assert validates_input(deco("app.call_tool(validate_input=True)"), "validate_input")
    assert not validates_input(deco("app.call_tool(validate_input=False)"), "validate_input")
    assert not validates_input(deco("app.call_tool(validate_input=flag)"), "validate_input")
    assert not validates_input(None, "validate_input")


def test_prowler_value_options_take_the_next_element():
    src = TAINT_FIXTURES / "py32a" / "prowler_values" / "server.py"
    # -s and -f take the caller's service and region as their values (process.yaml option-operands)
    assert groups.rows("prowler_values") == [
        ("server.py", line_in(src, '["prowler", provider]'), "tool-argument-injection", "scan_provider")]
    assert groups.message("prowler_values", "tool-argument-injection", "scan_provider") == (
        "tool 'scan_provider' passes parameter 'provider' to subprocess.run(): argument injection "
        "(a value starting with '-' is read as an option (no '--' before it))")
