"""Causes of the eighteenth Python holdout, reader B (issue 12, py18b)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
_RES: dict = {}


def audit(name: str):
    if name not in _RES:
        _RES[name] = api.audit([FIXTURES / name], Config(engines=("cst",), cache=False))
    return _RES[name]


def line_of(path: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# -- code and command lines sent over a bridge whose receiver is not in the tree (bridgeunseen.py)

def test_code_sent_to_a_plugin_outside_the_tree_is_the_tools_capability():
    res, src = audit("bridge_unseen"), FIXTURES / "bridge_unseen" / "server.py"
    caps = sorted((c.rule_id, c.location.line, c.tool, c.parameter) for c in res.capabilities)
    assert caps == [
        ("capability-code-execution", line_of(src, '"execute_python_code", {"code": code}'), "execute_plugin_python_code", "code"),
        ("capability-command-execution", line_of(src, '"run_command", {"command": command,'), "run_command", "command"),
    ]
    [code] = [c for c in res.capabilities if c.tool == "execute_plugin_python_code"]
    assert code.message.startswith(
        "tool 'execute_plugin_python_code' evaluates code the caller writes: parameter 'code' reaches "
        "send_command('execute_python_code') (sent to another process that runs its 'code') as is")


def test_other_commands_fixed_values_and_undeclared_tools_report_nothing():
    # find_country sends its ISO 'code' under a command that runs nothing; run_named_macro sends a
    # fixed macro; rename_layer's 'command' field goes with a command that runs nothing
    res = audit("bridge_unseen")
    for tool in ("find_country", "run_named_macro", "rename_layer"):
        assert [f for f in [*res.findings, *res.capabilities] if f.tool == tool] == [], tool
    assert not [f for f in res.findings if f.rule_id in ("tool-code-injection", "tool-shell-injection")]


def test_run_command_names():
    from mcpaudit.analysis.bridgeunseen import runs_name

    spec = {"run-verbs": ("execute", "run", "eval"), "run-objects": ("code", "command", "python")}
    assert runs_name("execute_rhinoscript_python_code", spec) and runs_name("run_command", spec)
    assert runs_name("eval", spec) and runs_name("executeCode", spec)
    assert not runs_name("get_country", spec) and not runs_name("run_build", spec) and not runs_name("code", spec)


# -- get_prompt's whole argument mapping when the prompts declare no credential (promptargs.py)

def test_prompt_arguments_logged_whole_are_no_leak_when_no_prompt_declares_any():
    assert [f for f in audit("prompt_args/no_args").findings if f.rule_id == "secret-in-log"] == []


def test_prompt_arguments_logged_whole_leak_when_a_prompt_declares_a_key():
    src = FIXTURES / "prompt_args" / "key_arg" / "server.py"
    [f] = [f for f in audit("prompt_args/key_arg").findings if f.rule_id == "secret-in-log"]
    assert (f.location.line, f.tool, f.parameter) == (line_of(src, "logger.debug("), "get_prompt", "arguments")
    assert f.message == ("the whole argument mapping 'arguments' is written to a log by logging.getLogger.debug(); "
                         "it can carry tokens and credentials")


# -- environment variables selected by a name prefix hold secrets (envprefix.py)

def test_options_selected_from_the_environment_by_prefix_logged_whole_leak():
    src = FIXTURES / "taint" / "env_prefix" / "server.py"
    found = [f for f in audit("taint/env_prefix").findings if f.rule_id.startswith("secret-")]
    assert [(f.rule_id, f.location.line) for f in found] == [("secret-in-log", line_of(src, 'logger.debug(f"options for'))]
    assert found[0].message == "secret 'os.environ['STORE_*']' is written to a log by logging.getLogger.debug()"
    assert [s.note for s in found[0].flow][:3] == [
        "secret variables os.environ['STORE_*'] selected by prefix", "assigned to 'STORE_OPTIONS'", "assigned to 'options'"]


# -- a property that only returns a field reads that field (records.py ClassShape.views)

def test_a_property_returning_one_field_reads_only_what_that_field_holds():
    src = FIXTURES / "taint" / "record_views" / "server.py"
    found = sorted((f.location.line, f.parameter) for f in audit("taint/record_views").findings
                   if f.rule_id == "tool-path-traversal")
    # the walk's top is the layout's root (root_path), not the profile the spec was also built with
    assert found == [(line_of(src, "os.walk(top)"), "root_path"), (line_of(src, 'open(f"profiles/'), "profile")]


# -- a weakly checked flow into a sink the same tool reaches as is (capoverlap.py)

def test_a_checked_way_into_a_sink_the_tool_reaches_as_is_is_its_capability_only():
    src = FIXTURES / "taint" / "capability_overlap" / "server.py"
    res = audit("taint/capability_overlap")
    # run_query's capability is shown behind its prefix check on every way: the check's own
    # finding (its bypass) stays
    assert sorted((f.rule_id, f.location.line, f.tool, f.parameter) for f in res.findings) == [
        ("tool-path-traversal", line_of(src, "with open(note_path)"), "project_notes", "name"),
        ("tool-sql-injection", line_of(src, "cursor.execute(query)"), "run_query", "query")]
    assert sorted((c.rule_id, c.location.line, c.tool) for c in res.capabilities) == [
        ("capability-file-access", line_of(src, "with open(file_path)"), "read_file"),
        ("capability-raw-query", line_of(src, "cursor.execute(query)"), "run_query")]
