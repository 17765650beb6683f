"""pyprec23: general causes of the Python ledger's remaining wrong `secret-in-log` rows.

* a whole argument mapping logged is a leak only when the tools it comes from can put a credential
  in it: a specific tool's mapping holds that tool's parameters; a dispatcher's holds any tool's,
  read from the schemas the project declares, its own tool records' ``input_schema={...}`` too
  (``analysis/mappinglogs.py``, ``analysis/schemas.py``);
* a tool that guesses credentials (a brute-force login tester, hydra and its kin, by its name,
  docstring or route path) takes the password to try from the caller: no secret of the server's
  (``attack-tools`` in ``rules/models/python/secrets.yaml``, ``analysis/credparams.py``).
"""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog

from pyflowgroups import FlowGroups, line_in

groups = FlowGroups("flows23")
# a dispatcher's mapping is judged by every schema of the project: each group is a project of its
# own, outside fixtures/taint (scanned as one project by tests/test_fixtures.py)
schemas = FlowGroups("mapping_schemas")
schemas.root = Path(__file__).resolve().parents[2] / "fixtures" / "mapping_schemas"


def _logs(name, where=groups):
    return sorted((f.location.path, f.location.line, f.tool, f.message)
                  for f in where.found(name) if f.rule_id == "secret-in-log")


def test_a_tools_own_keyword_mapping_without_a_credential_parameter_is_not_logged_as_a_secret():
    # another tool of the server takes an api_key: that does not put one in this tool's mapping
    assert _logs("toolkwargs") == []


def test_the_twin_tool_that_takes_a_password_logs_its_mapping():
    server = groups.root / "toolkwargs_twin" / "server.py"
    assert _logs("toolkwargs_twin") == [(
        "server.py", line_in(server, "# expect: secret-in-log"), "open_session",
        "the whole argument mapping 'kwargs' is written to a log by logging.getLogger.debug(); "
        "it can carry tokens and credentials")]


def test_a_dispatchers_mapping_is_judged_by_the_schemas_of_the_projects_own_tool_records():
    # ToolRecord(name=..., input_schema={...}) in a registry: the schemas are known, none names a
    # credential (before, no mcp Tool(...) declaration meant the parameters were unknown)
    assert _logs("registry", schemas) == []
    server = schemas.root / "registry_twin" / "server.py"
    assert _logs("registry_twin", schemas) == [(
        "server.py", line_in(server, "# expect: secret-in-log"), "call_tool",
        "the whole argument mapping 'arguments' is written to a log by logging.getLogger.debug(); "
        "it can carry tokens and credentials")]


def test_a_record_given_a_schema_built_elsewhere_leaves_the_parameters_unknown(tmp_path):
    from mcpaudit.engines.cst import analyze_file

    src = tmp_path / "tools.py"
    src.write_text("from x import Rec, SCHEMA\n\n\ndef records():\n"
                   "    return [Rec(name='a', input_schema=SCHEMA), Rec(name='b', input_schema={'properties': {'q': {}}})]\n",
                   encoding="utf-8")
    res = analyze_file(str(src), "tools.py", 1 << 20, 8.0)
    schemas = res.summary.method_tool_schemas
    assert len(schemas) == 2 and None in schemas and ["q"] in schemas


def test_attack_tool_words_name_a_credential_guessing_tool_and_nothing_else():
    M = catalog().python
    for text in ("hydra_attack", "Brute force a login service", "api/tools/hydra", "password cracking with medusa"):
        assert M.declares_credential_attack(text), text
    for text in ("db_login", "Log in to the reporting database", "hydrate_cache", "open_connection", None):
        assert not M.declares_credential_attack(text), text


def test_a_brute_force_tools_password_is_the_callers_guess_and_a_database_password_stays_a_secret():
    server = groups.root / "attacktools" / "server.py"
    found = _logs("attacktools")
    assert [(p, line) for p, line, _tool, _msg in found] == [
        ("server.py", line) for line in sorted(
            i for i, ln in enumerate(server.read_text(encoding="utf-8").splitlines(), 1) if "# expect: secret-in-log" in ln)]
    assert "secret 'params['password']' is written to a log" in found[0][3]
    assert "secret 'password' is written to a log" in found[1][3]
    # the guess is not a secret the tool returns either
    assert not [f for f in groups.found("attacktools") if f.rule_id == "secret-in-tool-result"]
