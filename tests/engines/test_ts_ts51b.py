"""Causes of the thirty-seventh TypeScript holdout, databases/filesystems group (ts51b,
``fixtures/typescript/ts51b``).

* ``deadtree``/``deadtree_loaded``: tool classes a registry keeps in a ``Map`` by name (no list of
  definitions). The live classes reach the loader only through an index of re-exports that it
  loads with ``await import(...)``; an older tree (``old/``) imports its own classes the plain way
  from an index nothing loads. Re-exports and dynamic imports count as imports, and classes whose
  importer the package's entry (``package.json`` ``main``) reaches are preferred
  (``analysis/ts/livetools.py``). The twin's entry imports the old index: its classes are tools too.
* ``basedispatch``/``basedispatch_safe``: ``const adapter: Adapter = makeAdapter(kind)`` with
  ``makeAdapter(): Adapter`` returning one of two subclasses of the abstract ``Adapter``: a call
  ``adapter.countRows(t)`` runs every subclass's override (``analysis/ts/basedispatch.py``). The
  twin's override binds the value. ``basereturn``: the overrides' results are not merged into the
  call's (one returns the caller's path as is, the other joins it under a folder): merged, the
  as-is read would look rooted and become a traversal finding instead of the capability.
* ``kyselyraw``/``kyselyraw_safe``: Kysely's ``sql.raw(text)`` is SQL text run as it is; the
  tagged template ``sql`...${v}``` binds ``v``, ``sql.ref``/``sql.lit`` are not sinks (a row of
  ``rules/models/typescript/sql.yaml``).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "ts51b"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/deadtree", f"{G}/deadtree_loaded", f"{G}/basedispatch", f"{G}/basedispatch_safe", f"{G}/basereturn",
     f"{G}/kyselyraw", f"{G}/kyselyraw_safe"])


def _reports(res, rules, items=None):
    items = res.findings if items is None else items
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(items, key=lambda f: (f.location.path, f.location.line, f.tool or ""))
            if f.rule_id in rules]


def _tool_names(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


_SHELL = ("tool-shell-injection",)
_FILES = ("capability-file-access",)


def test_re_exported_classes_loaded_by_a_dynamic_import_are_the_tools_and_an_unloaded_tree_is_not(tmp_path):
    g = f"{G}/deadtree"
    res = audit_low(tmp_path, g)
    assert _tool_names(res) == ["git_show", "read_note"]
    show = line_of("src/commands/gitShow.ts", "await run(`git show", g)
    got = _reports(res, _SHELL)
    assert [r[:5] for r in got][:1] == [("tool-shell-injection", "src/commands/gitShow.ts", show, "git_show", Confidence.HIGH)]
    assert got[0][5] == ("tool 'git_show' passes parameter 'arguments['ref']' to child_process.exec(): "
                         "OS command injection")
    # the old tree's sink is no tool's: only the audit view's "not traced" row
    old = [r for r in got if r[1] == "src/old/oldPush.ts"]
    assert [(r[3], r[4]) for r in old] == [(None, Confidence.LOW)]
    assert "not traced to an MCP tool parameter" in old[0][5]
    read = line_of("src/commands/readNote.ts", "readFileSync(args.path", g)
    caps = _reports(res, _FILES, res.capabilities)
    assert [r[:5] for r in caps] == [("capability-file-access", "src/commands/readNote.ts", read, "read_note", Confidence.HIGH)]
    assert caps[0][5].startswith("tool 'read_note' reads any file the caller names: parameter 'arguments['path']' "
                                 "reaches fs.readFileSync() as is")


def test_the_old_tree_is_tools_too_once_the_entry_imports_it(tmp_path):
    g = f"{G}/deadtree_loaded"
    res = audit_low(tmp_path, g)
    assert _tool_names(res) == ["delete_path", "git_push", "git_show", "read_note"]
    push = line_of("src/old/oldPush.ts", "execSync(`git push origin", g)
    got = [r for r in _reports(res, _SHELL) if r[1] == "src/old/oldPush.ts"]
    assert [r[:5] for r in got] == [("tool-shell-injection", "src/old/oldPush.ts", push, "git_push", Confidence.HIGH)]
    assert got[0][5] == ("tool 'git_push' passes parameter 'arguments['branch']' to child_process.execSync(): "
                         "OS command injection")
    caps = _reports(res, _FILES, res.capabilities)
    assert [(r[1], r[3]) for r in caps] == [("src/commands/readNote.ts", "read_note"), ("src/old/oldDelete.ts", "delete_path")]


def test_a_call_on_a_base_typed_factory_result_runs_each_subclass_override(tmp_path):
    g = f"{G}/basedispatch"
    res = audit_low(tmp_path, g)
    line = line_of("src/adapters.ts", "SELECT COUNT(*) AS n FROM ${table}", g)
    got = _reports(res, ("tool-sql-injection",))
    assert [r[:5] for r in got] == [("tool-sql-injection", "src/adapters.ts", line, "count_rows", Confidence.HIGH)]
    assert got[0][5] == ("tool 'count_rows' passes parameter 'table' to this.pool.query(): SQL injection "
                         "(the query is a template literal)")
    f = next(f for f in res.findings if f.rule_id == "tool-sql-injection")
    assert [s.location.path for s in f.flow][0] == "src/server.ts"


def test_an_override_that_binds_the_value_is_quiet(tmp_path):
    res = audit_low(tmp_path, f"{G}/basedispatch_safe")
    assert _reports(res, ("tool-sql-injection",)) == []
    assert _tool_names(res) == ["count_rows", "describe_table"]


def test_an_override_reached_through_the_base_is_followed_for_its_sinks_not_its_result(tmp_path):
    g = f"{G}/basereturn"
    res = audit_low(tmp_path, g)
    S = "src/server.ts"
    line = line_of(S, "readFileSync(store.pathOf(uri))", g)
    assert _reports(res, ("tool-path-traversal",)) == []
    caps = _reports(res, _FILES, res.capabilities)
    assert [r[:5] for r in caps] == [("capability-file-access", S, line, "read_image", Confidence.HIGH)]
    assert caps[0][5].startswith("tool 'read_image' reads any file the caller names: parameter 'uri' "
                                 "reaches fs.readFileSync() as is")


def test_kysely_sql_raw_is_raw_sql_text(tmp_path):
    g = f"{G}/kyselyraw"
    res = audit_low(tmp_path, g)
    S = "src/server.ts"
    count = line_of(S, "const q = sql.raw(`SELECT COUNT(*)", g)
    run = line_of(S, "await sql.raw(query).execute(db)", g)
    got = [r for r in _reports(res, ("tool-sql-injection",)) if r[4] > Confidence.LOW]
    assert [r[:5] for r in got] == [("tool-sql-injection", S, count, "count_orders", Confidence.HIGH)]
    assert got[0][5] == ("tool 'count_orders' passes parameter 'customer' to kysely.sql.raw(): SQL injection "
                         "(the query is a template literal)")
    caps = _reports(res, ("capability-raw-query",), res.capabilities)
    assert [r[:5] for r in caps] == [("capability-raw-query", S, run, "run_sql", Confidence.HIGH)]
    assert caps[0][5].startswith("tool 'run_sql' runs query text the caller writes (reads and writes): "
                                 "parameter 'query' reaches kysely.sql.raw() as is")


def test_kysely_tagged_template_ref_and_lit_are_no_raw_sql(tmp_path):
    res = audit_low(tmp_path, f"{G}/kyselyraw_safe")
    assert [r for r in _reports(res, ("tool-sql-injection",)) if r[4] > Confidence.LOW] == []
    assert _reports(res, ("capability-raw-query",), res.capabilities) == []
    assert not any("kysely.sql" in f.message for f in res.findings)
