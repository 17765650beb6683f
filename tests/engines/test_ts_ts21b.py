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
  execution (``ptywrite``)."""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan

GROUPS = ["ts21b/optionhazards", "ts21b/uploads", "ts21b/ptywrite"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_a_command_with_no_harmful_option_takes_a_dash_value():
    group = "ts21b/optionhazards"
    found = by_rule(group, "tool-argument-injection")
    assert ("server.ts", line_of("server.ts", 'run("df", ["-h", mount])', group)) not in found
    du = found[("server.ts", line_of("server.ts", 'execFileSync("du"', group))]
    assert du.tool == "disk_used" and du.confidence == Confidence.HIGH
    assert du.message == ("tool 'disk_used' passes parameter 'folder' to child_process.execFileSync(): argument "
                          "injection (a value starting with '-' is read as an option (no '--' before it); du options "
                          "that run a program or touch a file: --exclude-from, --files0-from, -X)")


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
