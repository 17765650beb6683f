"""A property written after a spread in an object literal replaces the spread's property of that
name: ``{ ...init.headers, Authorization: "***" }`` no longer carries the secret header, while
``{ ...init.headers, "X-Trace": id }`` still does (fixtures/typescript/spreadmask;
mcpaudit/analysis/ts/expressions.py ``_spread``, statements.py ``_object_fields``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("spreadmask")


def test_a_masked_header_is_quiet_and_an_added_one_keeps_the_secret():
    out, _ = scan("spreadmask")
    f = only(out.findings, rule_id="secret-in-log")
    assert f.location.line == line_of("client.ts", '"X-Trace": traceId', "spreadmask")
    assert f.message == "secret 'apiKey' is written to a log by console.error()"
    assert [s.note for s in f.flow][-1] == "reaches console.error()"
