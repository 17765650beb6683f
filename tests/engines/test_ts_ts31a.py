"""The thirty-first TypeScript holdout's general causes, reader A (ts31a, ``fixtures/typescript/ts31a``).

* a tool named by a property of an instance of a project class (``server.tool(getTool.name,
  getTool.getDefinition().inputSchema, cb)``, the name set by ``super('kube_get')`` through a base
  constructor's ``this.name = name``) is that class's tool (``analysis/ts/instnames.py``); the
  twin puts ``--`` before the caller's values;
* a registration loop over the list a project function returns (``getAvailableTools(readOnly)``
  = ``readOnly ? defs.filter(f) : defs``) whose elements hold module-level instances
  (``{ tool: listTablesTool }``) registers each instance's class (``instancelists.returned_list``,
  ``instnames.held_instance``); the twin's tool runs nothing;
* fastmcp's ``server.addTool({...})`` on a ``server`` imported from the project module that
  builds ``new FastMCP(...)`` is a registration (``analysis/ts/projectservers.py``); the twin's
  imported ``server`` is a project class of its own with an ``addTool`` method;
* an explicit ``readOnlyHint: false`` (or ``destructiveHint: true``) means the tool promises
  nothing read-only, whatever its description says (``analysis/effects.py``); the twin has no
  annotation and a read-only description;
* an auth middleware that hands every request on when a switch equals the value the code gives
  it while its variable is unset (``process.env.T || 'DISABLED'`` tested ``=== 'DISABLED'``) is
  optional authentication (``analysis/ts/envdefaults.py``); the twin's default is another value;
* a root with a separator at its end kept in a variable (``const prefix = dir.endsWith(sep) ? dir :
  dir + sep``) makes ``startsWith(prefix)`` a whole containment check (``analysis/ts/sepvalues.py``);
  the twin's prefix is the bare root.
"""

from __future__ import annotations

from test_ts_engine import audit_low as audit_group, line_of

from mcpaudit.models import Confidence

G = "ts31a"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: f.location.line)


def _tools(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def test_tool_named_by_an_instance_property_set_through_super(tmp_path):
    res = audit_group(tmp_path, f"{G}/instname")
    assert _tools(res) == ["kube_get"]
    [f] = _rule(res, "tool-argument-injection")
    line = line_of("src/tools/get-tool.js", "const child = spawn('kubectl', argv);", f"{G}/instname")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/tools/get-tool.js", line, "kube_get", Confidence.HIGH)
    assert f.message.startswith("tool 'kube_get' passes parameter ")
    assert "argument injection (a value starting with '-' is read as an option (no '--' before it))" in f.message
    # the schema getDefinition() returns is read: its parameters are the tool's
    [tool] = [t for t in res.tools if t.name == "kube_get"]
    assert [p.name for p in tool.parameters] == ["resource", "name"]


def test_tool_named_by_an_instance_property_twin_ends_options(tmp_path):
    res = audit_group(tmp_path, f"{G}/instname_safe")
    assert _tools(res) == ["kube_get"]
    assert not _rule(res, "tool-argument-injection")


def test_loop_over_a_list_a_project_function_selects(tmp_path):
    res = audit_group(tmp_path, f"{G}/returnedlist")
    assert _tools(res) == ["list_tables", "run_script"]
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-command-execution"]
    line = line_of("src/tools.ts", 'execFile("sh", ["-c", params.script]);', f"{G}/returnedlist")
    assert (cap.location.path, cap.location.line, cap.tool) == ("src/tools.ts", line, "run_script")


def test_loop_over_a_list_a_project_function_selects_twin(tmp_path):
    res = audit_group(tmp_path, f"{G}/returnedlist_safe")
    assert _tools(res) == ["list_tables", "run_script"]
    assert not res.capabilities and not [f for f in res.findings if f.tool]


def test_fastmcp_server_imported_from_the_project(tmp_path):
    res = audit_group(tmp_path, f"{G}/importedserver")
    assert _tools(res) == ["read-file"]
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-file-access"]
    line = line_of("src/tools/files.ts", "execute: async (args) => await readFile(args.path", f"{G}/importedserver")
    assert (cap.location.path, cap.location.line, cap.tool) == ("src/tools/files.ts", line, "read-file")


def test_imported_object_that_is_no_server_registers_nothing(tmp_path):
    res = audit_group(tmp_path, f"{G}/importedserver_safe")
    assert _tools(res) == []
    assert not res.capabilities


def test_explicit_write_annotation_outranks_read_only_words(tmp_path):
    res = audit_group(tmp_path, f"{G}/writeannotated")
    assert _tools(res) == ["execute_sql"]
    assert not _rule(res, "tool-read-only-bypass")
    assert [c.tool for c in res.capabilities if c.rule_id == "capability-raw-query"] == ["execute_sql"]


def test_read_only_words_without_an_annotation_still_claim(tmp_path):
    res = audit_group(tmp_path, f"{G}/writeannotated_claim")
    [f] = _rule(res, "tool-read-only-bypass")
    line = line_of("server.ts", "const rows = db.prepare(statement).all();", f"{G}/writeannotated_claim")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", line, "execute_sql")
    assert f.message == ("tool 'execute_sql' is described as read-only but runs the caller's query text with no "
                         "read-only mode the database enforces (db.prepare())")


def test_auth_switch_whose_default_disables_it_is_optional(tmp_path):
    res = audit_group(tmp_path, f"{G}/authdefault")
    [f] = _rule(res, "http-transport-no-auth")
    line = line_of("app.mjs", "const transport = new StreamableHTTPServerTransport(", f"{G}/authdefault")
    gate = line_of("app.mjs", "if (AUTHENTICATION_TYPE === 'DISABLED') {", f"{G}/authdefault")
    assert (f.location.path, f.location.line, f.confidence) == ("app.mjs", line, Confidence.MEDIUM)
    assert f.message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is "
                                "optional, off unless configured: if (AUTHENTICATION_TYPE === 'DISABLED') "
                                f"return next() at app.mjs:{gate}")


def test_auth_switch_whose_default_requires_a_token_guards(tmp_path):
    res = audit_group(tmp_path, f"{G}/authdefault_on")
    assert not _rule(res, "http-transport-no-auth")
    # the HTTP transport is seen, and read as authenticated
    assert _tools(res) == ["invoke"]
    assert (res.exposure["transports"], res.exposure["http"], res.exposure["auth"]) == (["streamable-http"], True, True)


def test_separator_ended_root_in_a_variable_contains(tmp_path):
    res = audit_group(tmp_path, f"{G}/sepprefix")
    assert _tools(res) == ["read_report"]
    assert not _rule(res, "tool-path-traversal")


def test_bare_root_in_a_variable_stays_weak(tmp_path):
    res = audit_group(tmp_path, f"{G}/sepprefix_bare")
    [f] = _rule(res, "tool-path-traversal")
    line = line_of("server.ts", 'return { content: [{ type: "text", text: await readFile(real, "utf8") }] };',
                   f"{G}/sepprefix_bare")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("server.ts", line, "read_report", Confidence.MEDIUM)
    assert "weak containment check: startsWith(root) without a trailing separator" in f.message


def test_prefix_that_may_stay_the_bare_root_stays_weak(tmp_path):
    """A conditional whose *alternative* is the tested root (``dir.endsWith(sep) ? dir + sep : dir``,
    reversed) and a logical default (``dir || "/"``) do not end the prefix with a separator."""
    for group in ("sepprefix_reversed", "sepprefix_orroot"):
        res = audit_group(tmp_path, f"{G}/{group}")
        [f] = _rule(res, "tool-path-traversal")
        line = line_of("server.ts", 'return { content: [{ type: "text", text: await readFile(real, "utf8") }] };',
                       f"{G}/{group}")
        assert (f.location.path, f.location.line, f.tool, f.confidence) == (
            "server.ts", line, "read_report", Confidence.MEDIUM)
        assert "weak containment check: startsWith(root) without a trailing separator" in f.message


def test_write_annotation_outranks_a_read_only_registering_function(tmp_path):
    """``destructiveHint: true`` on a tool that ``register_readonly_tools()`` registers: the tool's
    own annotation says it writes, the outer function's name promises nothing for it."""
    res = audit_group(tmp_path, f"{G}/writeannotated_outer")
    assert _tools(res) == ["execute_sql"]
    assert not _rule(res, "tool-read-only-bypass")
    assert [c.tool for c in res.capabilities if c.rule_id == "capability-raw-query"] == ["execute_sql"]


def test_comments_in_the_base_constructor_parameters_keep_their_positions(tmp_path):
    """``constructor(/* the tool name */ name, /* ... */ description)``: the comments are no
    parameters (the tool is named by ``name``, not by the description)."""
    res = audit_group(tmp_path, f"{G}/instname_commented")
    assert _tools(res) == ["kube_get"]
    [f] = _rule(res, "tool-argument-injection")
    line = line_of("src/tools/get-tool.js", "const child = spawn('kubectl', argv);", f"{G}/instname_commented")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/tools/get-tool.js", line, "kube_get", Confidence.HIGH)
    assert f.message.startswith("tool 'kube_get' passes parameter ")
