"""Playwright as a sink library (fixtures/typescript/sinks/browser.ts): an APIRequestContext sends
the request to the URL it is given, a page uploads the files it is given (setInputFiles) and
writes PDFs and screenshots to options.path - also when that path is a call's result inside an
options object built before the call."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_ts_engine import line_of, only, scan, steps


def _browser(findings):
    return [f for f in findings if f.location.path == "browser.ts"]


def test_an_api_request_context_sends_the_callers_url():
    out, _ = scan("sinks")
    f = only(_browser(out.findings), tool="api_post")
    assert f.rule_id == "capability-network-request" and f.confidence == Confidence.HIGH
    assert f.location.line == line_of("browser.ts", "apiContext.post(target", "sinks")
    assert f.message == "tool 'api_post' fetches any URL the caller gives: parameter 'target' reaches apiContext.post() as is"
    assert steps(f)[-1][2] == "reaches apiContext.post()"


def test_a_fixed_origin_with_an_encoded_path_is_not_a_request_the_caller_chooses():
    out, _ = scan("sinks")
    assert not [f for f in _browser(out.findings) if f.tool == "api_item"]


def test_set_input_files_reads_the_file_it_is_given():
    out, _ = scan("sinks")
    f = only(_browser(out.findings), tool="attach")
    assert f.rule_id == "capability-file-access"
    assert f.location.line == line_of("browser.ts", 'setInputFiles("input[type=file]", document)', "sinks")
    assert f.message == "tool 'attach' reads any file the caller names: parameter 'document' reaches page.setInputFiles() as is"
    assert not [f for f in _browser(out.findings) if f.tool == "attach_logo"]


def test_a_pdf_path_built_by_a_call_inside_an_options_object_is_followed():
    out, _ = scan("sinks")
    f = only(_browser(out.findings), tool="save_pdf")
    assert f.rule_id == "capability-file-access"
    assert f.location.line == line_of("browser.ts", "await page.pdf(options)", "sinks")
    assert f.message == ("tool 'save_pdf' reads and writes any file the caller names: "
                         "parameter 'folder' reaches page.pdf() as is")
    # basename() of the caller's name under a fixed folder stays quiet, in an object literal too
    assert not [f for f in _browser(out.findings) if f.tool == "save_pdf_export"]
