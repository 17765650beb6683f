"""Long flows keep the tool handler's own steps (tsrec26, ``fixtures/typescript/tsrec26``).

A value that crosses several helper modules before its sink (``longflow``: the handler picks its
arguments through a helper, hands the entry to ``Catalog.read``, which locates and loads it
through two more modules) makes a flow longer than the linker keeps. The linker cut such a flow
to its first four and last twelve steps, so the handler's own steps (the call that hands the
value on: ``Catalog.read(entry)``) were dropped and the flow went from the helper that picked the
arguments straight into the locator: a reader could not see which call of the handler the finding
is about, and the precision ledger, which looks for a hazard's line among a flow's steps, did not
see it either (redis/mcp-redis-cloud's ``getTaskById(taskId)``, through a generated API client).
Now the flow keeps its first eight and its last sixteen steps (``taintvalue.trimmed``). The safe
twin (``read_entry_by_name``: the base name of the caller's value) stays quiet."""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

from mcpaudit.analysis.taintvalue import FLOW_HEAD, FLOW_STEPS, trimmed

G = "tsrec26/longflow"


def test_a_long_flow_keeps_the_handlers_call_of_the_helper(tmp_path):
    res = audit_group(tmp_path, G)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line) == ("lib/io.ts", line_of("lib/io.ts", "readFileSync(file", G))
    assert f.tool == "read_entry"
    assert f.message.startswith("tool 'read_entry' passes parameter 'args['entry']' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")
    steps = [(s.location.path, s.location.line, s.note) for s in f.flow]
    assert ("server.ts", line_of("server.ts", "await Catalog.read(entry)", G), "passed to read()") in steps
    assert ("lib/catalog.ts", line_of("lib/catalog.ts", "static async read", G), "parameter 'entry'") in steps
    assert steps[-1] == ("lib/io.ts", f.location.line, "reaches fs.readFileSync()")


def test_the_safe_twin_stays_quiet(tmp_path):
    assert all(f.tool != "read_entry_by_name" for f in audit_group(tmp_path, G).findings)


def test_trimmed_keeps_the_head_and_the_way_into_the_sink():
    steps = tuple(range(40))
    cut = trimmed(steps)
    assert len(cut) == FLOW_STEPS
    assert cut[:FLOW_HEAD] == steps[:FLOW_HEAD] and cut[FLOW_HEAD:] == steps[-(FLOW_STEPS - FLOW_HEAD):]
    assert trimmed(steps[:FLOW_STEPS]) == steps[:FLOW_STEPS]
