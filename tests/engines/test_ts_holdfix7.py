"""General causes read from the seventh TypeScript holdout (issue 14), each on a fixture of our own
with a safe twin: a static ``import()`` of a project module links its functions as a static
import does (``dynimport``); zx's ``$`` tagged template is a command line checked as an argv
(``zxshell``); a string given to ``page.evaluate``/``addScriptTag`` runs as script in the page,
a function with the caller's value as its argument does not (``pagescript``); glob matchers list
the folder their pattern or ``cwd`` names (``globlist``); a field named token that the class
only fills with a fresh id is no secret, one from the environment is (``idtokens``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps

GROUPS = ["dynimport", "zxshell", "pagescript", "globlist", "idtokens"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_dynamic_import_links_the_tool_to_the_modules_functions():
    files = by_rule("dynimport", "capability-file-access")
    f = files[("lib/storage.ts", line_of("lib/storage.ts", "fs.readFileSync(localPath)", "dynimport"))]
    assert f.tool == "upload_file"
    assert f.message.startswith("tool 'upload_file' reads any file the caller names: parameter 'localPath' "
                                "reaches fs.readFileSync() as is")
    assert ("server.ts", line_of("server.ts", "await upload(localPath)", "dynimport"),
            "passed to uploadLocalFile()") in steps(f)
    urls = by_rule("dynimport", "capability-network-request")
    u = urls[("lib/storage.ts", line_of("lib/storage.ts", "axios.get(source", "dynimport"))]
    assert u.tool == "mirror_url"
    # the archive tool reaches its module the same way, through a basename under a fixed root
    out, _ = scan("dynimport")
    assert not [f for f in out.findings if f.tool == "archive_note"]


def test_zx_template_runs_the_callers_script_and_options():
    cap = by_rule("zxshell", "capability-command-execution")
    f = cap[("server.ts", line_of("server.ts", "$`${shell} -c ${command}`", "zxshell"))]
    assert f.message.startswith("tool 'run_command' runs commands the caller chooses: parameter 'command' "
                                "reaches zx.$`…` ['shell', '-c', …] as is")
    arg = by_rule("zxshell", "tool-argument-injection")
    assert list(arg) == [("server.ts", line_of("server.ts", "`grep -r ${pattern} app`", "zxshell"))]
    a = next(iter(arg.values()))
    assert a.message == ("tool 'grep_logs' passes parameter 'pattern' to zx.$`…`: argument injection "
                         "(a value starting with '-' is read as an option (no '--' before it))")
    out, _ = scan("zxshell")
    assert not [f for f in out.findings if f.tool in ("grep_logs_safe", "tail_log", "disk_usage")]


def test_page_evaluate_of_a_string_is_code_a_function_is_not():
    cap = by_rule("pagescript", "capability-code-execution")
    f = cap[("server.ts", line_of("server.ts", "page.evaluate(`(async", "pagescript"))]
    assert f.message.startswith("tool 'run_script' evaluates code the caller writes: parameter 'script' "
                                "reaches page.evaluate() as is")
    inj = by_rule("pagescript", "tool-code-injection")
    g = inj[("server.ts", line_of("server.ts", "page.addScriptTag(", "pagescript"))]
    assert g.message == ("tool 'set_background' passes parameter 'color' to page.addScriptTag(): code injection "
                         "(run as script in the browser page)")
    out, _ = scan("pagescript")
    assert not [f for f in out.findings if f.tool in ("element_text", "count_items")]


def test_glob_patterns_and_cwd_list_folders():
    cap = by_rule("globlist", "capability-file-access")
    f = cap[("server.ts", line_of("server.ts", 'glob(path.join(dir, "**/*"))', "globlist"))]
    assert f.message.startswith("tool 'list_files' reads any file the caller names: parameter 'dir' reaches glob.glob() as is")
    trav = by_rule("globlist", "tool-path-traversal")
    g = trav[("server.ts", line_of("server.ts", "globby(\"*.md\", { cwd:", "globlist"))]
    assert g.message == ("tool 'list_notes' passes parameter 'notebook' to globby.globby(): path traversal / "
                         "arbitrary file access (a directory listing)")
    out, _ = scan("globlist")
    assert not [f for f in out.findings if f.tool == "search_notes"]


def test_a_token_the_class_makes_is_an_id_one_from_the_environment_a_secret():
    ret = by_rule("idtokens", "secret-in-tool-result")
    assert list(ret) == [("server.ts", line_of("server.ts", "text: session.getToken()", "idtokens"))]
    f = next(iter(ret.values()))
    assert f.message == "tool 'session_info' returned a value containing secret 'process.env.API_TOKEN' to the caller"
    assert steps(f)[0][:2] == ("server.ts", line_of("server.ts", "this.token = process.env.API_TOKEN", "idtokens"))
