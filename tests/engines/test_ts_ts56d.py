"""Argv arrays filled by ``push`` and handed to a spawning helper, from the forty-third TypeScript
holdout (ts56d, issue 14, ``fixtures/typescript/ts56d``).

* ``pushedargv``/``pushedargv_safe``: read-only git tools each build ``const args = ["show", ...]``,
  push the caller's revision before any ``'--'`` (``args.push(revision)``, one copied with
  ``[...base, "--stat", ...pathArgs]``) and hand the array to ``runGit(args)``, which runs
  ``spawn("git", args)``. Every field of the tool's one arguments object merges into one value at
  the sink: the field pushed where it can be read as an option keeps its place, flow and name
  (``taintvalue._argv_open``); a spread pushed after ``'--'`` and a constant pushed alone (``'--'``,
  ``--stage``) keep their places (``ts/calls.py``, ``ts/argvsinks.py``). The twin pushes its path
  after a pushed ``'--'`` and refuses values starting with ``-``.
* ``dispatchstate``/``dispatchstate_safe``: a low-level server's switch dispatcher; ``db_connect``
  stores the caller's config, ``db_tables`` reads it into SQL. The state flow is ``db_tables``' own;
  the dispatcher's pseudo-name ``call_tool`` is listed as no tool (``toolflows.dispatchers``).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.analysis.taintvalue import ARGV_PLACED, Info, merge_info
from mcpaudit.models import Confidence

G = "ts56d"
_NAMES = ["pushedargv", "pushedargv_safe", "dispatchstate", "dispatchstate_safe"]
SRV = "src/server.ts"

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in _NAMES])


def _default(name):
    out, _ = scan(f"{G}/{name}")
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


def _flow_of(f, tool):
    [other] = [o for o in f.properties.get("other_flows", []) if o["tool"] == tool]
    return [(s["path"], s["line"], s["note"]) for s in other["flow"]]


def test_a_value_pushed_before_dashes_is_reported_through_the_helper_with_each_tools_own_flow():
    g = f"{G}/pushedargv"
    sink = line_of(SRV, 'spawn("git", args', g)
    [f] = _default("pushedargv")
    assert (f.rule_id, f.location.path, f.location.line, f.tool) == ("tool-argument-injection", SRV, sink, "repo_show")
    assert f.message == ("tool 'repo_show' passes parameter 'args['object']' to child_process.spawn(): argument injection "
                         "(a value starting with '-' is read as an option (no '--' before it)) "
                         "(also reached from tools 'repo_diff', 'repo_log')")
    assert (SRV, line_of(SRV, "args.push(object", g), "added to 'args'") in steps(f)
    assert [o["tool"] for o in f.properties["other_flows"]] == ["repo_diff", "repo_log"]
    log = _flow_of(f, "repo_log")
    # the revision (pushed bare), not the count pushed after "-n" nor the --author= value
    assert (SRV, line_of(SRV, "const revision = this.text(raw.revision)", g), "assigned to 'revision'") in log
    assert (SRV, line_of(SRV, "args.push(revision)", g), "added to 'args'") in log
    assert not [s for s in log if "limit" in s[2] or "author" in s[2]]
    diff = _flow_of(f, "repo_diff")
    push = line_of(SRV, "base.push(range)", g)
    assert (SRV, push, "added to 'base'") in diff and (SRV, push, "placed in 'finalArgs'") in diff
    assert diff[-1] == (SRV, sink, "reaches child_process.spawn()")


def test_paths_spread_after_dashes_reach_no_sink_and_the_dispatcher_is_no_tool():
    out, project = scan(f"{G}/pushedargv")
    # repo_status pushes only `"--", ...paths`: not even an audit-view finding names it
    assert not [f for f in out.findings if f.tool == "repo_status" or "repo_status" in f.message]
    assert sorted(t.name for t in project.tools) == ["repo_diff", "repo_log", "repo_show", "repo_status"]


def test_a_value_after_a_pushed_dashes_or_refused_when_it_starts_with_a_dash_stays_quiet():
    assert _default("pushedargv_safe") == []
    out, _ = scan(f"{G}/pushedargv_safe")
    assert not [f for f in out.findings if f.tool is not None]


def test_state_a_tool_stored_through_the_dispatcher_is_not_listed_as_the_dispatchers():
    g = f"{G}/dispatchstate"
    sink = line_of("src/index.ts", "await this.pool.query(query)", g)
    [f] = _default("dispatchstate")
    assert (f.rule_id, f.location.path, f.location.line, f.tool, f.parameter) == (
        "tool-sql-injection", "src/index.ts", sink, "db_tables", "arguments['database']")
    assert f.message == ("tool 'db_tables' passes parameter 'arguments['database']' to this.pool.query(): "
                         "SQL injection (the query text is built from the value)")
    assert "call_tool" not in f.message
    assert [o["tool"] for o in f.properties["other_flows"]] == ["db_tables"]
    stored = _flow_of(f, "db_tables")
    assert ("src/index.ts", line_of("src/index.ts", "this.config = {", g), "stored in 'this.config'") in stored


def test_a_checked_identifier_is_no_injection():
    assert _default("dispatchstate_safe") == []


def test_merged_fields_name_the_one_pushed_where_it_can_be_an_option():
    placed = Info(("r1", "r2", "r3"), key="revision", clean=frozenset({ARGV_PLACED}))
    count = Info(("c1",), key="limit", clean=frozenset({ARGV_PLACED, "argument"}))  # args.push("-n", String(limit))
    unknown = Info(("p1",), key="paths")  # a spread whose place is not known
    for a, b in ((placed, count), (count, placed), (placed, unknown), (unknown, placed)):
        m = merge_info(a, b)
        assert (m.key, m.steps) == ("revision", placed.steps)
        assert ARGV_PLACED in m.clean and not m.is_clean("argument")
    joined = Info(("j1", "j2", "j3", "j4"), key="service", clean=frozenset({ARGV_PLACED}), built=True)
    m = merge_info(joined, unknown)  # joined into a command line on the way: no element any more
    assert ARGV_PLACED not in m.clean
