"""General causes read from the eleventh TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a zod field refined by a named anchored regex that cannot start with '-'
is no option, and a path made absolute (``path.resolve``, ``realpath``, the true arm of
``path.isAbsolute(p) ? p : ...``) never is (``zodregex``); a read-only tool writing and deleting
files it names itself in its own temporary folder does no write its caller directs
(``scratchfiles``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, scan, steps

GROUPS = ["zodregex", "scratchfiles"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def _by_rule(name: str, rule: str):
    out, _ = scan(name)
    return {(f.location.path, f.location.line): f for f in out.findings if f.rule_id == rule}


def test_a_named_anchored_regex_in_a_zod_object_keeps_options_out():
    arg = _by_rule("zodregex", "tool-argument-injection")
    assert {f.tool for f in arg.values()} == {"wipe_device", "install_bundle"}
    f = arg[("server.ts", line_of("server.ts", '["erase", device]', "zodregex"))]
    assert f.message == ("tool 'wipe_device' passes parameter 'device' to child_process.execFile(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")


def test_an_absolute_path_is_no_option_a_normalised_one_can_be():
    arg = _by_rule("zodregex", "tool-argument-injection")
    lines = {line for (_, line), f in arg.items() if f.tool == "install_bundle"}
    assert lines == {line_of("server.ts", "path.normalize(bundle)", "zodregex")}
    f = arg[("server.ts", line_of("server.ts", "path.normalize(bundle)", "zodregex"))]
    assert ("server.ts", line_of("server.ts", "async ({ bundle })", "zodregex"),
            "parameter 'bundle' of MCP tool 'install_bundle' (caller-controlled)") in steps(f)


def test_the_servers_own_scratch_files_are_no_write():
    ro = _by_rule("scratchfiles", "tool-read-only-bypass")
    assert {f.tool for f in ro.values()} == {"show_last", "drop_preview"}
    f = ro[("server.ts", line_of("server.ts", "fs.unlinkSync(STATE_FILE)", "scratchfiles"))]
    assert f.message == "tool 'show_last' is annotated readOnlyHint=True but deletes files (fs.unlinkSync())"
    trav = _by_rule("scratchfiles", "tool-path-traversal")
    g = trav[("server.ts", line_of("server.ts", "fs.unlinkSync(file)", "scratchfiles"))]
    assert g.tool == "drop_preview" and "parameter 'name'" in g.message
