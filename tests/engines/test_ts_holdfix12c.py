"""General causes of wrong findings and hidden tools read from the twelfth TypeScript holdout
(SaaS, devops, payments, messaging; issue 14), each on a fixture of our own with a safe twin: an
origin fixed by a constant of another module (ES import, re-export, namespace, CommonJS) or by a
variable built on a literal origin whose path segment is not the caller's, with the caller's text
in the path or query only (``hostconsts``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of, steps

GROUPS = ["hostconsts"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_an_origin_constant_of_another_module_fixes_the_host():
    ssrf = by_rule("hostconsts", "tool-ssrf")
    assert {f.tool for f in ssrf.values()} == {"get_bare_item", "get_legacy_bare_item", "find_tenant"}
    f = ssrf[("src/api.ts", line_of("src/api.ts", "fetch(`${BARE_HOST}${endpoint}`)", "hostconsts"))]
    assert f.message == "tool 'get_bare_item' passes parameter 'path' to fetch(): server-side request forgery"
    assert ("src/server.ts", line_of("src/server.ts", "await bareFetch(path)", "hostconsts"),
            "passed to bareFetch()") in steps(f)


def test_a_literal_origin_is_not_undone_by_a_segment_the_caller_does_not_choose():
    ssrf = by_rule("hostconsts", "tool-ssrf")
    assert ("src/api.ts", line_of("src/api.ts", "fetch(`${baseUrl}?${params}`)", "hostconsts")) not in ssrf
    f = ssrf[("src/api.ts", line_of("src/api.ts", "fetch(`${baseUrl}?api-version=7.1`)", "hostconsts"))]
    assert f.message == "tool 'find_tenant' passes parameter 'tenant' to fetch(): server-side request forgery"
