"""General causes of the TypeScript ledger's wrong rows and missed hazards (tsrec20), each on a
fixture of our own with a safe twin (``fixtures/typescript/tsrec20``):

* a tool's input shape composed in another module from spreads of shapes declared before it
  (``{ action: z.enum(...), ...retryShape, ...tagShape }``): the spread shapes' fields and their
  proofs (``z.coerce.number()``) are the composed shape's, so a number-checked id pasted into a
  request path is no path fill, and a free field still is, named as itself (``spreadshape``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsrec20/spreadshape"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_a_shape_composed_from_spreads_keeps_its_fields_proofs():
    found = by_rule("tsrec20/spreadshape", "tool-ssrf")
    line = line_of("server.ts", "/tags/${args.tag}", "tsrec20/spreadshape")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("server.ts", line, "jobs_write", "tag")]
    assert found[("server.ts", line)].message.startswith(
        "tool 'jobs_write' passes parameter 'tag' to fetch(): server-side request forgery")


def test_the_composed_shape_lists_every_spread_field_once():
    out, project = test_ts_engine.scan("tsrec20/spreadshape")
    [tool] = [t for t in project.tools if t.name == "jobs_write"]
    assert sorted(p.name for p in tool.parameters) == ["action", "jobId", "project", "tag"]
