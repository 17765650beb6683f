"""General causes read from the twenty-first TypeScript holdout (ts21b), each on a fixture of our
own with a safe twin (``fixtures/typescript/ts21b``):

* the process models' ``option-hazards`` table (as in Python) says which commands have no option
  that runs a program or touches a file (``df``, ``stat``): a dash value there is no argument
  injection; a listed command's message names its options (``du --files0-from``); and in one
  push, a value right after a constant option is that option's value (``args.push('-C', n)``)
  (``optionhazards``);
* Playwright's ``setInputFiles(files)`` on a locator or element, puppeteer's ``uploadFile`` and a
  file chooser's ``setFiles`` read the local files they are given (``uploads``);
* a line written to a node-pty terminal is typed into the shell it runs: the tool's command
  execution (``ptywrite``);
* a module no entry point of its package is and no other file names (``src/index-original.ts``
  beside ``main: dist/index.js``) registers no tool; a module a package script starts and a
  Vercel function are kept (``orphans``);
* a serverless function (a default-exported ``(req, res)`` under ``api/``) is an HTTP entry
  point: its request body is caller input, as an express route's (``serverless``);
* a browser page held in an ``any`` module variable named ``pageInstance`` and handed out by
  ``getPageInstance()`` is a page (``pagegetter``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan

GROUPS = ["ts21b/optionhazards", "ts21b/uploads", "ts21b/ptywrite", "ts21b/orphans", "ts21b/serverless", "ts21b/pagegetter"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_command_with_no_harmful_option_takes_a_dash_value():
    group = "ts21b/optionhazards"
    found = by_rule(group, "tool-argument-injection")
    assert ("server.ts", line_of("server.ts", 'run("df", ["-h", mount])', group)) not in found
    du = found[("server.ts", line_of("server.ts", 'execFileSync("du"', group))]
    assert du.tool == "disk_used" and du.confidence == Confidence.HIGH
    assert du.message == ("tool 'disk_used' passes parameter 'folder' to child_process.execFileSync(): argument "
                          "injection (a value starting with '-' is read as an option (no '--' before it); du options "
                          "that run a program, touch a file or send a credential elsewhere: --exclude-from, --files0-from, -X)")


def test_a_value_pushed_with_its_option_is_the_options_value():
    group = "ts21b/optionhazards"
    found = by_rule(group, "tool-argument-injection")
    rg = found[("server.ts", line_of("server.ts", 'spawn("rg", args)', group))]
    # context (-C) and pattern (-e) were pushed with their options; glob on its own after a
    # switch and verbose after an --opt=value form stay open
    assert rg.tool == "grep_text"
    assert rg.parameter == "glob"
    out, _ = scan(group)
    params = {f.parameter for f in out.findings if f.rule_id == "tool-argument-injection" and f.tool == "grep_text"}
    assert not params & {"context", "pattern"}


def test_uploading_caller_paths_reads_local_files():
    group = "ts21b/uploads"
    out, _ = scan(group)
    rows = sorted((f.rule_id, f.location.line, f.tool, f.parameter) for f in out.findings)
    assert rows == [
        ("capability-file-access", line_of("server.ts", "setInputFiles(files)", group), "attach_files", "files"),
        ("tool-path-traversal", line_of("server.ts", "uploadFile(avatar)", group), "submit_form", "avatar"),
    ]
    f = next(f for f in out.findings if f.rule_id == "tool-path-traversal")
    assert f.message == ("tool 'submit_form' passes parameter 'avatar' to fileInput.uploadFile(): path traversal / "
                         "arbitrary file access")


def test_a_line_written_to_a_pty_runs_in_its_shell():
    group = "ts21b/ptywrite"
    out, _ = scan(group)
    rows = [(f.rule_id, f.location.line, f.tool, f.message) for f in out.findings]
    assert rows == [("capability-command-execution", line_of("server.ts", "ptyProcess.write(`${command}", group),
                     "terminal_run", "tool 'terminal_run' runs commands the caller chooses: parameter 'command' "
                     "reaches session.ptyProcess.write() as is")]


# -- modules nothing loads (orphans) ---------------------------------------------------------


def test_a_module_no_entry_point_reaches_registers_no_tool():
    group = "ts21b/orphans"
    out, project = scan(group)
    assert "archive_note" not in {t.name for t in project.tools}
    assert sorted((f.location.path, f.tool) for f in out.findings) == [
        ("api/sizefn.ts", "note_size"), ("src/http.ts", "word_count"), ("src/tools.ts", "summarise")]


def _tree(tmp_path, files):
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return [(str(tmp_path / r), r) for r in files if r.endswith(".ts")]


def _orphans(tmp_path, files):
    from mcpaudit.analysis.ts.orphans import orphan_modules

    return orphan_modules(tmp_path, _tree(tmp_path, files), lambda a: open(a).read())


def test_no_resolvable_entry_keeps_every_module(tmp_path):
    files = {"src/index.ts": "import './a.js';", "src/a.ts": "", "src/server-old.ts": "x"}
    assert _orphans(tmp_path, files) == frozenset()  # no package.json
    files["package.json"] = '{"main": "lib/main.js"}'
    assert _orphans(tmp_path, files) == frozenset()  # its main is no scanned module


def test_an_entry_mapped_from_the_build_output_and_a_folder_loader(tmp_path):
    files = {"package.json": '{"bin": {"x": "./build/cli.js"}}', "src/cli.ts": "import('./plugins/' + name);",
             "src/plugins/echo.ts": "", "src/cli_backup.ts": ""}
    assert _orphans(tmp_path, files) == frozenset({"src/cli_backup.ts"})


def test_a_serverless_function_is_an_http_entry_point():
    group = "ts21b/serverless"
    out, project = scan(group)
    rows = sorted((f.location.path, f.location.line, f.rule_id, f.tool) for f in out.findings
                  if f.rule_id != "http-transport-no-auth")
    assert rows == [
        ("api/mcp.ts", line_of("api/mcp.ts", "exec(`du -sh", group), "tool-shell-injection", "ANY /api/mcp"),
        ("api/mcp.ts", line_of("api/mcp.ts", "fs.readFile(args.path", group), "tool-path-traversal", "ANY /api/mcp"),
    ]
    shell = next(f for f in out.findings if f.rule_id == "tool-shell-injection")
    assert shell.message == "tool 'ANY /api/mcp' passes parameter 'body' to child_process.exec(): OS command injection"
    assert "request body of HTTP route 'ANY /api/mcp'" in shell.flow[0].note


def test_a_page_from_a_getter_named_for_it_is_a_page():
    group = "ts21b/pagegetter"
    found = by_rule(group, "tool-ssrf")
    assert sorted((line, f.tool) for (_p, line), f in found.items()) == [
        (line_of("server.ts", "pageInstance.goto(url)", group), "navigate"),
        (line_of("server.ts", "p.goto(doc)", group), "open_doc"),
    ]


def test_a_serverless_function_answering_tools_call_serves_mcp_over_http(tmp_path):
    from test_ts_engine import audit_group

    group = "ts21b/serverless"
    result = audit_group(tmp_path, group, engines=("ts",))
    found = [f for f in result.findings if f.rule_id == "http-transport-no-auth"]
    assert [(f.location.path, f.location.line) for f in found] == [
        ("api/mcp.ts", line_of("api/mcp.ts", "export default async function handler", group))]
    assert found[0].message.startswith("the serverless function /api/mcp (answering JSON-RPC tools/call itself) "
                                       "serves MCP over HTTP and no authentication is configured anywhere")


def test_framework_routes_are_loaded_by_their_place(tmp_path):
    files = {"package.json": '{"main": "dist/index.js"}', "src/index.ts": "", "app/api/mcp/route.ts": "",
             "pages/api/tools.ts": "", "src/server_old.ts": ""}
    assert _orphans(tmp_path, files) == frozenset({"src/server_old.ts"})
