"""General causes read from the tenth TypeScript holdout (issue 14), each on a fixture of our own
with a safe twin: tools built as ``server.tool()`` argument tuples by a helper (or written as
array literals) and registered with ``server.tool(...t)`` in a loop (``tupletools``,
mcpaudit/analysis/ts/tuples.py); tmcp's ``server.tool({ name, description, schema }, handler)``
(``tmcptools``, the ``tmcp`` rows of rules/models/typescript/mcp.yaml); SDK ``Tool`` definitions
registered by ``registerTool(tool.name, ...)`` in a loop over ``filterTools(getAllTools(), enabled)``
with one handler dispatching by name through a map merged from spreads of other modules' maps
(``mapdispatch``, tuples.py: ``list_lookup``, ``table_items``); an LLM setting that counts tokens of
text (``*_PER_TOKEN``, ``TOKENS_PER_*``) names no credential (``costtokens``, secret-names of
rules/models/typescript/secrets.yaml); a caller's id past a parameterised lookup by key that
found the row (the handler throws otherwise) is a stored key (``rowkeys``, rowkeys.py); a read-only
tool offloading its result to a new file of a fresh name under the temp directory writes nothing a
read-only claim is about (``freshtemp``, freshnames.py)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

GROUPS = ["tupletools", "tmcptools", "mapdispatch", "costtokens", "rowkeys", "freshtemp"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _tools(name: str):
    return {t.name: t for t in scan(name)[1].tools}


# -- tuples ----------------------------------------------------------------------------------
def test_tuples_spread_into_server_tool_are_tools_named_by_their_first_element():
    tools = _tools("tupletools")
    assert set(tools) == {"read_report", "disk_usage", "grep_logs", "log_size"}
    assert tools["read_report"].description == "Read a report file."
    assert tools["read_report"].location.path == "tools/files.tool.ts"
    assert tools["grep_logs"].description == "Search the logs for a pattern."
    # the schema between the description and the handler types the parameters
    assert [(p.name, p.tainted) for p in tools["disk_usage"].parameters] == [("depth", False)]
    assert [(p.name, p.tainted) for p in tools["log_size"].parameters] == [("unit", False)]
    assert [(p.name, p.tainted) for p in tools["grep_logs"].parameters] == [("pattern", True)]


def test_a_tuple_tools_parameter_reaches_its_handlers_sink_and_a_typed_twin_does_not():
    out, _ = scan("tupletools")
    f = only(out.findings, tool="read_report")
    assert (f.rule_id, f.location.path) == ("tool-path-traversal", "tools/files.tool.ts")
    assert f.location.line == line_of("tools/files.tool.ts", "readFileSync(path.join", "tupletools")
    assert f.message == "tool 'read_report' passes parameter 'file' to fs.readFileSync(): path traversal / arbitrary file access"
    g = only(out.findings, tool="grep_logs")
    assert (g.rule_id, g.location.line) == ("tool-shell-injection", line_of("tools/shell.tool.ts", "exec(`grep", "tupletools"))
    assert g.message == "tool 'grep_logs' passes parameter 'pattern' to child_process.exec(): OS command injection"
    assert not [f for f in out.findings if f.tool in ("disk_usage", "log_size")]


# -- tmcp ------------------------------------------------------------------------------------
def test_tmcp_tools_are_named_by_their_definition_object():
    tools = _tools("tmcptools")
    assert set(tools) == {"run_report", "report_uptime", "read_note", "read_index"}
    assert {t.framework for t in tools.values()} == {"tmcp"}
    assert tools["read_note"].description == "Read a note file."
    assert tools["read_note"].annotations == {"readOnlyHint": True}
    assert [p.name for p in tools["run_report"].parameters] == ["script"]


def test_tmcp_handler_is_the_argument_after_the_definition():
    out, _ = scan("tmcptools")
    f = only(out.findings, tool="run_report")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "exec(`sh reports", "tmcptools"))
    assert f.message == "tool 'run_report' passes parameter 'script' to child_process.exec(): OS command injection"
    g = only(out.findings, tool="read_note")
    assert (g.rule_id, g.location.path) == ("tool-path-traversal", "notes.ts")
    assert ("notes.ts", line_of("notes.ts", "readFileSync(path.join(NOTES, file)", "tmcptools"),
            "reaches fs.readFileSync()") in steps(g)
    assert not [f for f in out.findings if f.tool in ("report_uptime", "read_index")]


# -- definitions in a loop, handlers in a spread-merged map ----------------------------------
def test_definitions_returned_by_a_function_and_filtered_are_the_tools():
    tools = _tools("mapdispatch")
    assert set(tools) == {"read_note", "count_notes", "mark_read", "run_check", "uptime"}
    # annotations: tool.annotations reads the definition's own
    assert tools["count_notes"].annotations == {"readOnlyHint": True}
    assert tools["read_note"].annotations == {}
    assert tools["read_note"].description == "Read a note by its file name."
    # the definition's own inputSchema names the parameters
    assert [p.name for p in tools["read_note"].parameters] == ["file"]
    assert [p.name for p in tools["run_check"].parameters] == ["target"]


def test_each_tool_reaches_its_own_entry_of_the_merged_handler_map():
    out, _ = scan("mapdispatch")
    f = only(out.findings, tool="read_note")
    assert (f.rule_id, f.location.path) == ("tool-path-traversal", "tools/notes.ts")
    assert f.location.line == line_of("tools/notes.ts", "readFileSync(path.join(root, file)", "mapdispatch")
    assert f.message == "tool 'read_note' passes parameter 'file' to fs.readFileSync(): path traversal / arbitrary file access"
    assert ("server.ts", line_of("server.ts", "await handler(input", "mapdispatch"), "passed to read_note()") in steps(f)
    g = only(out.findings, tool="run_check")
    assert (g.rule_id, g.location.path) == ("tool-shell-injection", "tools/checks.ts")
    assert ("server.ts", line_of("server.ts", "await handler(input", "mapdispatch"), "passed to run_check()") in steps(g)
    assert not [f for f in out.findings if f.tool in ("count_notes", "uptime")]
    h = only(out.findings, tool="mark_read")
    assert (h.rule_id, h.location.line) == ("tool-read-only-bypass", line_of("tools/notes.ts", 'writeFileSync(path.join(root, ".last-read")', "mapdispatch"))
    assert h.message == "tool 'mark_read' is annotated readOnlyHint=True but writes files (fs.writeFileSync())"


# -- token-counting settings -------------------------------------------------------------------
def test_per_token_settings_are_no_secret_and_the_gateway_token_is():
    out, _ = scan("costtokens")
    f = only(out.findings, rule_id="secret-in-log")
    assert f.location.line == line_of("settings.ts", "gateway token: ${process.env.GATEWAY_TOKEN}", "costtokens")
    assert f.message == "secret 'process.env.GATEWAY_TOKEN' is written to a log by console.error()"


def test_the_python_and_typescript_secret_names_agree_on_token_counts():
    from mcpaudit.catalog import catalog

    for lang, m in (("python", catalog().python), ("typescript", catalog().typescript)):
        for name in ("MCP_CHARS_PER_TOKEN", "costPerToken", "TOKENS_PER_MINUTE", "MAX_TOKENS", "TOKEN_LIMIT"):
            assert not m.is_secret_name(name), (lang, name)
        assert m.is_secret_name("GATEWAY_TOKEN") and m.is_secret_name("apiToken" if lang == "typescript" else "api_token")


# -- a row looked up by key ---------------------------------------------------------------------
def test_an_id_whose_row_was_found_is_a_stored_key():
    out, _ = scan("rowkeys")
    assert not [f for f in out.findings if f.tool == "export_session"]
    for tool, needle in (("archive_session", "archive-${sessionId}"), ("touch_session", "touch-${sessionId}")):
        f = only(out.findings, tool=tool)
        assert f.rule_id == "tool-path-traversal"
        assert f.location.line == line_of("server.ts", needle, "rowkeys") + 1
        assert f.message == (f"tool '{tool}' passes parameter 'sessionId' to fs.writeFileSync(): "
                             "path traversal / arbitrary file access (write)")


# -- scratch files -----------------------------------------------------------------------------
def test_a_fresh_file_under_the_temp_directory_is_no_write_for_a_read_only_tool():
    out, _ = scan("freshtemp")
    assert not [f for f in out.findings if f.tool == "search_docs"]
    for tool, fn in (("last_search", "offloadNamed"), ("keep_search", "offloadHome")):
        f = only(out.findings, tool=tool)
        assert f.rule_id == "tool-read-only-bypass"
        assert f.message == f"tool '{tool}' is annotated readOnlyHint=True but writes files (fs.writeFileSync())"
    lines = {f.location.line for f in out.findings}
    assert lines == {line_of("results.ts", "`mcp-${label}.txt`", "freshtemp") + 1,
                     line_of("results.ts", "join(homedir()", "freshtemp") + 1}
