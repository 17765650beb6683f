"""General causes read from the eleventh TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a zod field refined by a named anchored regex that cannot start with '-'
is no option, and a path made absolute (``path.resolve``, ``realpath``, the true arm of
``path.isAbsolute(p) ? p : ...``) never is (``zodregex``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, scan, steps

GROUPS = ["zodregex"]


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
