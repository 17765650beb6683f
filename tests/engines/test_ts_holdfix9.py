"""General causes read from the ninth TypeScript holdout (issue 14), each on a fixture of our own
with a safe twin: the VS Code extension API's file and terminal calls are sinks and
``Uri.joinPath`` joins under its base, resolving '..' (``vscodeapi``); a value the tool places
under a MongoDB operator whose operand is a value is no query document, and ``distinct``'s first
argument is a field name (``mongooperands``); a helper that writes a mask where the password was
returns no secret (``maskedlogs``); BigQuery's ``query``/``createQueryJob`` run SQL and a keyword
deny-list kept in a local constant is a read-only claim (``bigquerysql``); a page function that
evals its parameter runs the argument given for it as code (``pagescript``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps

GROUPS = ["vscodeapi", "mongooperands", "maskedlogs", "bigquerysql", "pagescript"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_vscode_workspace_files_joined_under_the_folder_are_a_traversal():
    trav = by_rule("vscodeapi", "tool-path-traversal")
    f = trav[("server.ts", line_of("server.ts", "vscode.workspace.fs.readFile(uri)", "vscodeapi"))]
    assert f.message == ("tool 'read_note' passes parameter 'file' to vscode.workspace.fs.readFile(): "
                         "path traversal / arbitrary file access")
    assert ("server.ts", line_of("server.ts", "const uri = vscode.Uri.joinPath(", "vscodeapi"),
            "assigned to 'uri'") in steps(f)
    g = trav[("server.ts", line_of("server.ts", "edit.createFile(target", "vscodeapi"))]
    assert g.message == ("tool 'new_file' passes parameter 'file' to edit.createFile(): "
                         "path traversal / arbitrary file access (write)")
    # a folder walked by a function nested in the helper
    walk = trav[("server.ts", line_of("server.ts", "readDirectory(dir)", "vscodeapi"))]
    assert walk.tool == "list_tree"
    out, _ = scan("vscodeapi")
    assert not [f for f in out.findings if f.tool in ("read_note_checked", "new_draft", "run_tests")]


def test_vscode_terminal_runs_command_lines():
    cap = by_rule("vscodeapi", "capability-command-execution")
    f = cap[("server.ts", line_of("server.ts", "shellIntegration!.executeCommand(line)", "vscodeapi"))]
    assert f.message.startswith("tool 'run_in_terminal' runs commands the caller chooses: parameter 'command' "
                                "reaches terminal.shellIntegration!.executeCommand() as is")
    inj = by_rule("vscodeapi", "tool-shell-injection")
    g = inj[("server.ts", line_of("server.ts", "terminal.sendText(`echo", "vscodeapi"))]
    assert g.message == "tool 'echo_in_terminal' passes parameter 'name' to terminal.sendText(): OS command injection"


def test_values_under_fixed_mongo_operators_are_data():
    out, _ = scan("mongooperands")
    tools = {f.tool for f in out.findings}
    assert not tools & {"near_stores", "search_products", "price_range"}
    cap = by_rule("mongooperands", "capability-raw-query")
    d = cap[("server.ts", line_of("server.ts", "collection.distinct(field", "mongooperands"))]
    assert d.message.startswith("tool 'distinct_values' runs query documents the caller writes: parameter 'filter' "
                                "reaches collection.distinct() as is")
    inj = by_rule("mongooperands", "tool-nosql-injection")
    f = inj[("server.ts", line_of("server.ts", "collection.find(filter)", "mongooperands"))]
    assert f.tool == "active_matching" and "'filter'" in f.message


def test_masked_renderings_are_no_secret():
    logs = by_rule("maskedlogs", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", "console.error(message)", "maskedlogs")),
                         ("server.ts", line_of("server.ts", "withoutScheme(dsn)}`)", "maskedlogs"))}
    f = logs[("server.ts", line_of("server.ts", "console.error(message)", "maskedlogs"))]
    # the log helper leaks through reconnect's unmasked URI, not through the masked calls
    assert ("server.ts", line_of("server.ts", "reconnecting to", "maskedlogs"), "returned by databaseUri()") in steps(f)


def test_bigquery_runs_sql_behind_a_local_deny_list():
    ro = by_rule("bigquerysql", "tool-read-only-bypass")
    f = ro[("server.ts", line_of("server.ts", "bigquery.query({ query: sql", "bigquerysql"))]
    assert f.message.startswith("tool 'run_query' lets caller query text 'sql' reach bigquery.query() behind a "
                                "read-only check by keyword deny-list (/\\b(INSERT|")
    # (the step is at the test that failed, not at the throw in its branch)
    assert ("server.ts", line_of("server.ts", "if (forbidden.test(sql))", "bigquerysql"),
            "checked: read-only deny-list") in steps(f)
    inj = by_rule("bigquerysql", "tool-sql-injection")
    g = inj[("server.ts", line_of("server.ts", "bigquery.createQueryJob(", "bigquerysql"))]
    assert g.message == ("tool 'recent_events' passes parameter 'user' to bigquery.createQueryJob(): SQL injection "
                         "(the query is a template literal)")
    out, _ = scan("bigquerysql")
    assert not [f for f in out.findings if f.tool == "recent_events_bound"]


def test_a_page_function_that_evals_its_parameter_runs_the_argument():
    cap = by_rule("pagescript", "capability-code-execution")
    f = cap[("server.ts", line_of("server.ts", "page.evaluate((src) =>", "pagescript"))]
    assert f.message.startswith("tool 'eval_in_page' evaluates code the caller writes: parameter 'code' "
                                "reaches page.evaluate() as is")
    inj = by_rule("pagescript", "tool-code-injection")
    g = inj[("server.ts", line_of("server.ts", 'page.$eval("title"', "pagescript"))]
    assert g.message == ("tool 'set_title' passes parameter 'title' to page.$eval(): code injection (run as script "
                         "in the browser page: the page function runs its parameter 'text' with Function())")
    # a page function that only reads its argument (a selector) stays quiet
    out, _ = scan("pagescript")
    assert not [f for f in out.findings if f.tool in ("element_text", "count_items")]
