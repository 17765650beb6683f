"""Open TypeScript causes of stop 51 (open52t, ``fixtures/typescript/open52t``).

* ``splitpieces``/``splitpieces_safe``: an element of ``x.split(s)`` holds no ``s``
  (``analysis/ts/splitpieces.py``). A piece of a split at the path separator
  (``uri.split("/").pop()``, ``file.split(/[\\\\/]/)``) is one path component: glued to fixed
  text in its component (`` `${STORE}/${name}-${n}.${ext}` ``, ``onename.component_names``) an
  entry of the folder; a whole component can still be ``..`` (a weak flow, medium confidence,
  with that reason). A piece of a split at ``"."`` holds no dot, so no ``..`` segment: under a
  concatenating join it stays below the folder; ``path.resolve`` lets an absolute stem replace
  it, and a template whose fixed text spells ``..`` between values takes the mark away.
* ``mssqlrequest``/``mssqlrequest_safe``: node-mssql's ``Request`` runs the batch its
  ``query()``/``batch()`` get; the request is made by the pool (``this.pool!.request()``,
  ``const request = pool.request()``: a receiver class ``made-by`` a method of ``sql-handle``,
  ``analysis/ts/madeby.py``) or built with ``new sql.Request(pool)``. The twin's tagged template
  and ``request.input`` + ``@name`` bind the values.
* ``servicekey``/``servicekey_safe``: a command class fetches its service from a container by a
  string key, ``context.container.getService<GitService>("gitService")`` (the container keeps
  ``any`` in a ``Map``); the call's one type argument names a project class, so the result is
  read as a ``GitService`` (``analysis/ts/locatortypes.py``) and ``gitAdd`` -> ``this.add`` ->
  ``this.gitOps.add`` -> ``exec`` is followed. The twin's operations run ``execFile`` with ``--``.
* ``literalbranch``/``literalbranch_safe``: a helper runs the shell only under
  ``if (mode === "shell")``; a call that leaves ``mode`` at its default ``"plain"`` (or passes
  ``"plain"``) never takes that arm, so its flow to ``exec`` is not the tool's
  (``analysis/ts/paramguards.py`` feeding the linker's ``guards.contradicted``).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "open52t"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/splitpieces", f"{G}/splitpieces_safe", f"{G}/mssqlrequest", f"{G}/mssqlrequest_safe",
     f"{G}/servicekey", f"{G}/servicekey_safe", f"{G}/literalbranch", f"{G}/literalbranch_safe"])


def _reports(res, rules, items=None):
    items = res.findings if items is None else items
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(items, key=lambda f: (f.location.path, f.location.line, f.tool or ""))
            if f.rule_id in rules]


_PATH = ("tool-path-traversal",)
_ONE = ("only a weak check on the way: a piece of a split at the path separator holds no '/', but '..' alone "
        "names the folder above the one it is joined to")


def test_a_basename_under_a_folder_is_a_weak_traversal_and_a_dot_free_stem_is_not_confined_by_resolve(tmp_path):
    g = f"{G}/splitpieces"
    res = audit_low(tmp_path, g)
    got = _reports(res, _PATH)
    rm = line_of("src/server.ts", "fs.rmSync(path.join(STORE, name!)", g)
    sub = line_of("src/server.ts", '"image.png"), data', g)
    dots = line_of("src/server.ts", "fs.writeFileSync(target, data", g)
    res_ = line_of("src/server.ts", "path.resolve(STORE, stem)", g)
    assert [r[:5] for r in got] == [
        ("tool-path-traversal", "src/server.ts", rm, "save_image", Confidence.MEDIUM),
        ("tool-path-traversal", "src/server.ts", sub, "save_image", Confidence.MEDIUM),
        ("tool-path-traversal", "src/server.ts", dots, "copy_image", Confidence.HIGH),
        ("tool-path-traversal", "src/server.ts", res_, "export_image", Confidence.HIGH),
    ]
    assert got[0][5] == ("tool 'save_image' passes parameter 'uri' to fs.rmSync(): path traversal / arbitrary "
                         "file access (write); " + _ONE)
    assert got[1][5].endswith(_ONE)
    assert got[2][5] == ("tool 'copy_image' passes parameter 'uri' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write)")
    assert got[3][5] == ("tool 'export_image' passes parameter 'file' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write)")
    first = next(f for f in res.findings if f.location.line == rm)
    assert [(s.location.line, s.note) for s in first.flow][1:] == [
        (line_of("src/server.ts", 'const name = uri.split("/").pop();', g), "assigned to 'name'"),
        (rm, "reaches fs.rmSync()")]


def test_basenames_glued_in_a_name_and_dot_free_stems_under_a_join_are_no_tool_traversal(tmp_path):
    g = f"{G}/splitpieces_safe"
    res = audit_low(tmp_path, g)
    got = _reports(res, _PATH)
    # only the audit view's untraced rows stay (low confidence, no tool)
    assert [(r[3], r[4]) for r in got] == [(None, Confidence.LOW)] * 4
    assert all("not traced to an MCP tool parameter" in r[5] for r in got)
    assert [r[2] for r in got] == [line_of("src/server.ts", "${STORE}/${name}-${suffix}.${ext}", g),
                                   line_of("src/server.ts", "fs.writeFileSync(target, data", g),
                                   line_of("src/server.ts", "fs.unlinkSync(target)", g),
                                   line_of("src/server.ts", "path.join(STORE, stem)", g)]
    # the basename read on its own opens at most an entry of the working folder: no finding
    base = line_of("src/server.ts", "readFileSync(base!", g)
    assert not [f for f in res.findings + res.capabilities if f.location.line == base and f.tool]


_SQL = ("tool-sql-injection",)


def test_a_request_the_mssql_pool_makes_runs_the_text_of_query_and_batch(tmp_path):
    g = f"{G}/mssqlrequest"
    res = audit_low(tmp_path, g)
    got = _reports(res, _SQL)
    count = line_of("src/server.ts", "this.pool!.request().query(", g)
    batch = line_of("src/server.ts", "await request.batch(", g)
    find = line_of("src/server.ts", "await request.query(`SELECT * FROM users", g)
    assert [r[:5] for r in got] == [
        ("tool-sql-injection", "src/server.ts", count, "count_rows", Confidence.HIGH),
        ("tool-sql-injection", "src/server.ts", batch, "purge_table", Confidence.HIGH),
        ("tool-sql-injection", "src/server.ts", find, "find_user", Confidence.HIGH),
    ]
    tail = ": SQL injection (the query is a template literal)"
    assert got[0][5] == "tool 'count_rows' passes parameter 'table' to this.pool!.request().query()" + tail
    assert got[1][5] == "tool 'purge_table' passes parameter 'table' to request.batch()" + tail
    assert got[2][5] == "tool 'find_user' passes parameter 'name' to request.query()" + tail
    first = next(f for f in res.findings if f.location.line == count)
    assert [s.note for s in first.flow][1:] == ["passed to countRows()", "parameter 'table'",
                                                "reaches this.pool!.request().query()"]


def test_mssql_tagged_templates_and_input_parameters_are_no_injection(tmp_path):
    res = audit_low(tmp_path, f"{G}/mssqlrequest_safe")
    assert _reports(res, _SQL + ("capability-raw-query",), res.findings + res.capabilities) == []


_SHELL = ("tool-shell-injection",)


def test_a_service_fetched_by_key_is_typed_by_the_type_argument_and_followed_to_exec(tmp_path):
    g = f"{G}/servicekey"
    res = audit_low(tmp_path, g)
    got = _reports(res, _SHELL)
    line = line_of("src/services/GitOperations.ts", "await execAsync(`git ${command}`", g)
    assert [r[:5] for r in got] == [("tool-shell-injection", "src/services/GitOperations.ts", line, "git_add", Confidence.HIGH)]
    assert got[0][5] == ("tool 'git_add' passes parameter 'arguments['args']' to child_process.exec(): "
                         "OS command injection")
    f = res.findings[0]
    notes = [(s.location.path, s.note) for s in f.flow]
    assert ("src/commands/gitAdd.ts", "passed to gitAdd()") in notes
    assert ("src/services/GitService.ts", "passed to add()") in notes
    assert notes[-1] == ("src/services/GitOperations.ts", "reaches child_process.exec()")


def test_the_located_service_running_an_argument_vector_is_no_injection(tmp_path):
    res = audit_low(tmp_path, f"{G}/servicekey_safe")
    got = _reports(res, _SHELL + ("tool-argument-injection", "capability-command-execution"), res.findings + res.capabilities)
    assert [(r[1], r[3], r[4]) for r in got] == [("src/services/GitOperations.ts", None, Confidence.LOW)]
    assert "not traced to an MCP tool parameter" in got[0][5]


def test_a_branch_on_a_literal_parameter_is_the_flow_of_the_callers_that_take_it_only(tmp_path):
    g = f"{G}/literalbranch"
    res = audit_low(tmp_path, g)
    got = _reports(res, _SHELL)
    line = line_of("src/server.ts", "await execAsync(`whois ${target}`)", g)
    assert [r[:5] for r in got] == [("tool-shell-injection", "src/server.ts", line, "whois_raw", Confidence.HIGH)]
    assert got[0][5] == "tool 'whois_raw' passes parameter 'query' to child_process.exec(): OS command injection"
    f = res.findings[0]
    assert [s.note for s in f.flow][:2] == ["parameter 'query' of MCP tool 'whois_raw' (caller-controlled)",
                                            "passed to runLookup()"]


def test_callers_that_leave_the_default_or_pass_the_other_word_never_reach_the_shell(tmp_path):
    g = f"{G}/literalbranch_safe"
    res = audit_low(tmp_path, g)
    got = _reports(res, _SHELL)
    line = line_of("src/server.ts", "await execAsync(`whois ${target}`)", g)
    assert [(r[2], r[3], r[4]) for r in got] == [(line, None, Confidence.LOW)]
    assert "not traced to an MCP tool parameter" in got[0][5]
