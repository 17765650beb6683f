"""Review items of stop 44 (issues 12, 14 and 15, branch mend44b), each with a twin under
``fixtures/taint/flows44n``.

An AST allow-list validator (astsandbox.py) guards ``exec`` only where its verdict decides: a
verdict bound to one name (``ok = validate(code)``; the tuple element was read, the plain name was
not), a raise on the ``if``'s own line, the validator called in the test itself; the branch that
leaves the function must be the failing one, and "raises" means a raise statement of the
validator's own body.
"""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows44n"
groups = FlowGroups("flows44n")
_CAP = "tool 'transform' evaluates code the caller writes: parameter 'python_transform' reaches exec() as is"
_INJ = ("tool 'transform' passes parameter 'python_transform' to exec(): code injection (restricted __builtins__ "
        "do not sandbox it")


def _only(name: str, rule: str):
    server = FLOWS / name / "server.py"
    assert groups.rows(name) == [("server.py", line_in(server, "# expect: " + rule), rule, "transform")]
    return groups.message(name, rule, "transform")


def test_a_verdict_bound_to_one_name_guards_the_exec():
    assert _only("astsingle", "capability-code-execution") == _CAP


def test_a_validator_in_the_if_test_with_a_raise_on_the_same_line_guards_the_exec():
    # no "checked by validate_expression() (not verified by mcpaudit)": the validator is read
    assert _only("astinline", "capability-code-execution") == _CAP


def test_a_leaving_branch_on_the_passing_verdict_guards_nothing():
    assert _only("astpolarity", "tool-code-injection").startswith(_INJ)


def test_a_validator_that_only_says_raise_guards_nothing_when_called_as_a_statement():
    assert _only("astraiseword", "tool-code-injection").startswith(_INJ)


def test_a_validator_with_a_raise_statement_called_as_a_statement_guards_the_exec():
    # its twin above (astraiseword) has the word in a message only
    assert _only("astraises", "capability-code-execution") == _CAP


def test_a_scan_root_named_as_a_library_names_no_local_modules(tmp_path):
    # …/mcp/ scanned at its folder (no __init__.py): ``from mcp.server import x`` is the SDK, not
    # its local server.py (modnames.root_dotted); another folder keeps its name
    from mcpaudit.analysis.modnames import root_dotted

    for name in ("mcp", "json", "notes"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "server.py").write_text("from mcp.server.fastmcp import FastMCP\n")
    assert [root_dotted(tmp_path / n) for n in ("mcp", "json", "notes")] == ["", "", "notes"]
    (tmp_path / "mcp" / "__init__.py").write_text("")  # a package named mcp: the SDK's own tree
    assert root_dotted(tmp_path / "mcp") == "mcp"
