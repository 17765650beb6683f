"""The thirty-first TypeScript holdout's open rows, second pass (ts32a, ``fixtures/typescript/ts32a``).

* an argv a helper builds and returns (``return command`` after ``command.push(name)``) keeps
  where each caller value sits in it, as a list passed to a call does (``statements`` return,
  ``sinks._argv_arg``): the wrapper that spawns it reports the positional value as an option at
  default confidence; the twin pushes ``'--'`` before the caller's name.
* a tool parameter that chooses a read-only setting of the session (``readonly ? { options: '-c
  default_transaction_read_only=on' } : {}``, ``new Database(f, { readonly: v })``) lets its caller turn
  off the operator's read-only mode (``analysis/ts/modeparams.py``, the models' ``read-only-settings``, text and
  options; a flag parameter is the caller's for that family only); the twin passes the
  operator's flag.
* a route of the project's own web app whose handler answers MCP's ``tools/call`` by hand (itself,
  or through a module function it calls, or the closure a factory of the module returned:
  ``const h = createMCPHandler(tools); app.post('/messages', ... h(req.body))``) is an MCP endpoint:
  ``http-transport-no-auth`` is reported at that route, naming it and the tools, not as "MCP runs
  over stdio only" (``analysis/ts/handmcp.py``, ``inventory.reconcile_http``); the twin's closure
  answers a status probe.
"""

from __future__ import annotations

from test_ts_engine import audit_low as audit_group, line_of

from mcpaudit.models import Confidence

G = "ts32a"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: f.location.line)


def _tools(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def test_argv_returned_by_a_helper_keeps_element_places(tmp_path):
    res = audit_group(tmp_path, f"{G}/returnedargv")
    assert _tools(res) == ["kube_get_yaml"]
    [f] = [f for f in _rule(res, "tool-argument-injection") if f.tool]
    line = line_of("src/runner.js", "const child = spawn('kubectl', args);", f"{G}/returnedargv")
    assert (f.location.path, f.location.line, f.tool, f.parameter, f.confidence) == (
        "src/runner.js", line, "kube_get_yaml", "name", Confidence.HIGH)
    assert f.message == ("tool 'kube_get_yaml' passes parameter 'name' to child_process.spawn(): argument injection "
                         "(a value starting with '-' is read as an option (no '--' before it))")
    push = line_of("src/server.js", "command.push(name);", f"{G}/returnedargv")
    ret = line_of("src/server.js", "return command;", f"{G}/returnedargv")
    notes = [(s.location.path, s.location.line, s.note) for s in f.flow]
    assert ("src/server.js", push, "added to 'command'") in notes
    assert ("src/server.js", ret, "returned") in notes


def test_argv_returned_by_a_helper_twin_ends_options(tmp_path):
    res = audit_group(tmp_path, f"{G}/returnedargv_safe")
    assert _tools(res) == ["kube_get_yaml"]
    assert not [f for f in _rule(res, "tool-argument-injection") if f.tool]


def test_tool_parameter_choosing_a_read_only_setting(tmp_path):
    res = audit_group(tmp_path, f"{G}/readonlyparam")
    assert _tools(res) == ["connect", "execute_sql", "open_database"]
    found = sorted((f for f in _rule(res, "tool-read-only-bypass") if f.tool), key=lambda f: f.location.path)
    assert [(f.location.path, f.tool, f.parameter, f.confidence) for f in found] == [
        ("src/client.ts", "connect", "readonlyMode", Confidence.HIGH),
        ("src/sqlite.ts", "open_database", "readOnly", Confidence.HIGH)]
    pg, lite = found
    assert pg.location.line == line_of("src/client.ts", "...(readonlyMode ? { options:", f"{G}/readonlyparam")
    assert pg.message.startswith("tool 'connect' passes parameter 'readonlyMode' to a read-only setting: read-only bypass "
                                 "(its caller decides whether the session is read-only (default_transaction_read_only)")
    assert ("src/server.ts", line_of("src/server.ts", "const readonlyMode = params.readonlyMode ?? readOnlyFlag;",
                                     f"{G}/readonlyparam"), "assigned to 'readonlyMode'") in [
        (s.location.path, s.location.line, s.note) for s in pg.flow]
    assert lite.location.line == line_of("src/sqlite.ts", "readonly: readOnly ?? defaultReadOnly", f"{G}/readonlyparam")
    assert "(the option 'readonly' of Database)" in lite.message


def test_read_only_setting_chosen_by_the_operator_only(tmp_path):
    res = audit_group(tmp_path, f"{G}/readonlyparam_safe")
    assert _tools(res) == ["connect", "execute_sql", "open_database"]
    assert not _rule(res, "tool-read-only-bypass")  # not even the audit view: the setting is no sink of its own


def test_hand_written_mcp_route_through_a_factory_closure(tmp_path):
    res = audit_group(tmp_path, f"{G}/factoryroute")
    [f] = _rule(res, "http-transport-no-auth")
    line = line_of("src/server.js", "app.post('/messages', async (req, res) => {", f"{G}/factoryroute")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/server.js", line, None, Confidence.MEDIUM)
    assert f.message == (f"a hand-written MCP endpoint of the project's own (POST /messages at src/server.js:{line} "
                         "answers tools/call) listens on every interface and no authentication is configured anywhere "
                         "in the project; anyone who reaches it can call: kube_get")


def test_hand_written_mcp_route_twin_answers_no_tool_call(tmp_path):
    res = audit_group(tmp_path, f"{G}/factoryroute_safe")
    [f] = _rule(res, "http-transport-no-auth")
    line = line_of("src/server.js", "const app = express();", f"{G}/factoryroute_safe")
    assert (f.location.path, f.location.line) == ("src/server.js", line)
    assert "MCP itself runs over stdio only" in f.message
