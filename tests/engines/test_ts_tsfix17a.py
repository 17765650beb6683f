"""General causes read from nile and yt-dlp (issues 14 and 12), each on a fixture of our own with
a safe twin: a helper's result discriminated by a constant flag (``{ isError: true, ... }``) is
the error variant on the branch that tests it, so what only the other returns carry (a fresh
password) reaches no return or log there (``discriminated``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["discriminated"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_the_error_variant_of_a_discriminated_result_holds_no_secret():
    returned = by_rule("discriminated", "secret-in-tool-result")
    assert {f.tool for f in returned.values()} == {"show_login", "show_probe", "loose"}
    f = returned[("server.ts", line_of("server.ts", "    return conn; // expect", "discriminated"))]
    assert f.message == "tool 'show_login' returned a value containing secret 'login.password' to the caller"
    # a flag that is not a constant (isError: !res.ok) tells nothing: the result is kept whole
    assert ("server.ts", line_of("server.ts", "if (conn.isError) return conn;", "discriminated")) in returned
    logs = by_rule("discriminated", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", 'log.debug("minted", conn)', "discriminated"))}
    assert next(iter(logs.values())).message == "secret 'login.password' is written to a log by log.debug()"
