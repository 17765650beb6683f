"""General causes the twenty-third TypeScript holdout (reader B) found (ts23b), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts23b``):

* the description of the parameter that reaches a sink (zod ``.describe()``, a JSON schema's
  ``description``) declares the tool's purpose, unless it confines the value (``paramdecl``);
* an express middleware answering 403 to every Origin outside a literal list of loopback origins
  is a DNS-rebinding guard (``originlist``);
* an argv element ``path.join(<absolute>, x)`` starts with "/" and is no option, and a runner
  given a constant program and a literal list runs that command (``git clone``: additive)
  (``absjoin``);
* a handler a module-level factory call makes, registered inside a function, is the function
  the factory was given (``handlerfactory``), and an executor an async getter of the module
  hands out runs its class's method (``getter``)."""

from __future__ import annotations

import shutil

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan

from mcpaudit.models import Confidence

GROUPS = ["ts23b/paramdecl", "ts23b/absjoin",
          "ts23b/handlerfactory", "ts23b/getter"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_parameters_description_declares_the_files_a_tool_reads_and_writes():
    g = "ts23b/paramdecl"
    caps = by_rule(g, "capability-file-access")
    assert sorted((k, f.tool, f.parameter) for k, f in caps.items()) == [
        (("lowlevel.ts", line_of("lowlevel.ts", "await fs.readFile(String(args?.inputPath)", g)), "upper_case",
         "arguments['inputPath']"),
        (("server.ts", 18), "tidy_markup", "source")]
    assert caps[("server.ts", 18)].message == (
        "tool 'tidy_markup' reads and writes any file the caller names: parameter 'source' reaches "
        "fs.promises.readFile() as is (and 2 more place(s))")


def test_a_confined_or_undescribed_parameter_stays_a_finding():
    g = "ts23b/paramdecl"
    found = by_rule(g, "tool-path-traversal")
    assert sorted((k[1], f.tool) for k, f in found.items()) == [
        (line_of("server.ts", "await fs.readFile(report", g), "show_report"), (32, "word_count"),
        (line_of("server.ts", "await fs.readFile(attachment)", g), "mail_note")]


def _transport(tmp_path, name):
    from mcpaudit import api
    from mcpaudit.config import Config

    root = tmp_path / name
    shutil.copytree(test_ts_engine.FIXTURES / "ts23b" / "originlist" / name, root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts", "cst"), cache=False, min_confidence=Confidence.LOW))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_loopback_origin_list_middleware_is_a_rebinding_guard(tmp_path):
    [f] = _transport(tmp_path, "listed")
    guard = line_of("listed/server.ts", "if (!accepted) {", "ts23b/originlist")
    assert f.confidence == Confidence.LOW
    assert f.location.line == line_of("listed/server.ts", "new StreamableHTTPServerTransport(", "ts23b/originlist")
    assert (f"(bound to 127.0.0.1: reachable from this machine only; the request handler answers 403 at "
            f"server.ts:{guard} unless the Origin's host is localhost (a DNS-rebinding guard))") in f.message


def test_a_bare_prefix_test_of_the_origin_is_no_guard(tmp_path):
    [f] = _transport(tmp_path, "loose")
    assert "DNS-rebinding guard" not in f.message
    assert "(bound to 127.0.0.1: reachable from this machine and, through DNS rebinding, from web pages)" in f.message


def test_an_element_joined_under_an_absolute_folder_is_no_option():
    out, _ = scan("ts23b/absjoin")
    argv = [f for f in out.findings if f.rule_id == "tool-argument-injection"]
    assert [(f.location.path, f.location.line, f.tool, f.parameter) for f in argv] == [
        ("runner.ts", 7, "checkout_here", "name")]
    assert argv[0].message == ("tool 'checkout_here' passes parameter 'name' to child_process.execFile(): argument "
                               "injection (a value starting with '-' is read as an option (no '--' before it))")


def test_a_wrappers_git_clone_is_additive_and_its_git_push_is_not():
    out, _ = scan("ts23b/absjoin")
    [f] = [f for f in out.findings if f.rule_id == "tool-annotation-mismatch"]
    assert (f.location.path, f.location.line, f.tool) == ("runner.ts", 7, "publish_repo")
    assert f.message == ("tool 'publish_repo' is annotated destructiveHint=False but runs programs "
                         "(child_process.execFile())")


def test_a_module_level_factory_handler_registered_in_a_function_is_seen():
    g = "ts23b/handlerfactory"
    _, project = scan(g)
    assert sorted(t.name for t in project.tools) == ["api_get", "api_status", "show_note"]
    [f] = by_rule(g, "tool-path-traversal").values()
    assert (f.location.path, f.location.line, f.tool, f.parameter) == ("api.ts", 8, "show_note", "path")
    assert f.message == ("tool 'show_note' passes parameter 'path' to fs/promises.readFile(): path traversal / "
                         "arbitrary file access")


def test_an_executor_from_an_async_getter_runs_the_callers_code():
    g = "ts23b/getter"
    caps = by_rule(g, "capability-code-execution")
    assert [(k, f.tool, f.parameter) for k, f in caps.items()] == [(("executor.ts", 8), "run_page_code", "code")]
    assert caps[("executor.ts", 8)].message == (
        "tool 'run_page_code' evaluates code the caller writes: parameter 'code' reaches vm.runInContext() as is")
    out, _ = scan(g)
    assert not [f for f in out.findings if f.tool == "add_note"]


def test_a_path_segment_in_a_description_names_no_tool(tmp_path):
    from test_ts_engine import audit_group

    res = audit_group(tmp_path, "ts23b/handlerfactory", engines=("ts", "cst"))
    assert [f for f in res.findings if f.rule_id == "tool-description-cross-tool"] == []
