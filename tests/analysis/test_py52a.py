"""Causes of the thirty-eighth Python holdout, cloud/databases/data science group and one of the
files group (issue 12, branch py52a), each with a twin (``fixtures/taint/py52a``)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py52a")

# -- a receiver typed by a project getter's return annotation -------------------------------------


def test_a_kernel_client_from_an_annotated_getter_runs_code_not_a_query():
    # registry.get_kernel(name) -> Optional[KernelClient] (a class of another module, re-exported
    # by its package's __init__) and local_kernels.lookup(name) -> KernelClient | None (this
    # module): .execute(snippet) runs code in the kernel, no longer a cursor's raw query; the
    # unannotated get_conn() of an asyncpg connection stays a raw query
    rel = "pkg/server.py"
    remote = G.line_of("kernelgetter", rel, "kernel = registry.get_kernel(name)") + 1
    local = G.line_of("kernelgetter", rel, "kernel = local_kernels.lookup(name)") + 1
    query = G.line_of("kernelgetter", rel, "return str(await conn.execute(statement))")
    assert G.rows("kernelgetter") == [(rel, remote, "capability-code-execution", "evaluate_snippet"),
                                      (rel, local, "capability-code-execution", "evaluate_local"),
                                      (rel, query, "capability-raw-query", "run_statement")]
    assert G.message("kernelgetter", "capability-code-execution", "evaluate_snippet").startswith(
        "tool 'evaluate_snippet' evaluates code the caller writes: parameter 'snippet' reaches kernel client "
        ".execute() as is")
    assert G.message("kernelgetter", "capability-raw-query", "run_statement").startswith(
        "tool 'run_statement' runs query text the caller writes (reads and writes): parameter 'statement' "
        "reaches .execute() as is")


def test_a_cell_added_with_the_callers_source_and_executed_by_nbmodelclient_runs_code():
    # NbModelClient.add_code_cell(source) returns the index of the cell holding the source, which
    # execute_cell(index, kernel) runs; reading a cell or adding a markdown cell runs nothing
    line = G.line_of("nbmodel", "server.py", "nb.execute_cell(index, KERNEL)")
    assert G.rows("nbmodel") == [("server.py", line, "capability-code-execution", "append_and_run")]
    assert G.message("nbmodel", "capability-code-execution", "append_and_run").startswith(
        "tool 'append_and_run' evaluates code the caller writes: parameter 'source' reaches jupyter_nbmodel_client "
        "NbModelClient.execute_cell() as is")


# -- Polars readers and writers ------------------------------------------------------------------------


def test_polars_readers_and_writers_reach_the_callers_path_but_not_a_confined_one():
    # pl.read_csv / pl.scan_parquet read the caller's path, DataFrame.write_csv writes it, a join
    # under the data folder is traversal; load_dataset's resolve() + is_relative_to() twin is quiet
    line = lambda needle: G.line_of("polars_files", "server.py", needle)  # noqa: E731
    assert G.rows("polars_files") == [
        ("server.py", line("frame = pl.read_csv(file_path)"), "capability-file-access", "load_table"),
        ("server.py", line("pl.scan_parquet(file_path)"), "capability-file-access", "scan_rows"),
        ("server.py", line("df.write_csv(output_path)"), "capability-file-access", "export_table"),
        ("server.py", line("return str(pl.read_csv(path).shape)"), "tool-path-traversal", "dataset_shape"),
    ]
    assert G.message("polars_files", "tool-path-traversal", "dataset_shape") == (
        "tool 'dataset_shape' passes parameter 'file_name' to polars.read_csv(): path traversal / arbitrary file access")
    assert G.message("polars_files", "capability-file-access", "export_table").startswith(
        "tool 'export_table' reads and writes any file the caller names: parameter 'output_path' reaches "
        ".write_csv() as is")
    assert G.message("polars_files", "capability-file-access", "scan_rows").startswith(
        "tool 'scan_rows' reads any file the caller names: parameter 'file_path' reaches polars.scan_parquet() as is")


# -- a document object kept in an attribute of a global object -----------------------------------------


def test_a_document_kept_on_an_imported_object_is_saved_where_the_caller_says():
    # editor.current = Document() then editor.current.save(file_path) in one tool (typed for the
    # rest of the function); save_as_document only reads editor.current, which every assignment
    # of the module makes a docx Document (or None): both saves write the caller's path
    rel = "docs/tools/documents.py"
    line = lambda needle: G.line_of("heldobjects", rel, needle)  # noqa: E731
    assert G.rows("heldobjects") == [
        (rel, line("editor.current.save(file_path)"), "capability-file-access", "create_document"),
        (rel, line("editor.current = Document(file_path)"), "capability-file-access", "open_document"),
        (rel, line("editor.current.save(new_file_path)"), "capability-file-access", "save_as_document"),
    ]
    assert G.message("heldobjects", "capability-file-access", "save_as_document").startswith(
        "tool 'save_as_document' reads and writes any file the caller names: parameter 'new_file_path' reaches "
        ".save() as is")


def test_an_attribute_the_module_sets_to_a_document_and_to_a_project_object_stays_untyped():
    # editor.scratch = Document() in one tool and Note(text) in another: keep_scratch's
    # editor.scratch.save(key) may be Note.save, so nothing is reported in tools/scratch.py
    assert "keep_scratch" in G.tools("heldobjects")
    assert [r for r in G.rows("heldobjects") if r[0] == "docs/tools/scratch.py"] == []


# -- a SELECT-prefix test that only picks the result API ------------------------------------------------


def test_a_select_prefix_test_whose_branches_both_run_the_text_is_no_read_only_check():
    # if sql...startswith("SELECT"): conn.fetch(sql) else: conn.execute(sql): nothing is refused,
    # the test picks rows or a status; the tool runs the caller's SQL (raw query) at both, no bypass
    fetch = G.line_of("selectdispatch", "server.py", "rows = await conn.fetch(sql)")
    execute = G.line_of("selectdispatch", "server.py", "status = await conn.execute(sql)")
    assert G.rows("selectdispatch") == [("server.py", fetch, "tool-sql-injection", "run_sql"),
                                        ("server.py", execute, "capability-raw-query", "run_sql")]
    assert G.message("selectdispatch", "tool-sql-injection", "run_sql") == (
        "tool 'run_sql' runs caller-supplied query text 'sql' verbatim with .fetch() (a raw-query tool)")
    assert G.message("selectdispatch", "capability-raw-query", "run_sql").startswith(
        "tool 'run_sql' runs query text the caller writes (reads and writes): parameter 'sql' reaches .execute() as is")


def test_a_select_prefix_test_that_raises_or_returns_an_error_stays_a_bypassable_read_only_check():
    raised = G.line_of("selectrefuse", "server.py", "return [dict(r) for r in await conn.fetch(sql)]")
    refused = G.line_of("selectrefuse", "server.py", 'return {"rows": [dict(r) for r in await conn.fetch(sql)]}')
    assert G.rows("selectrefuse") == [("server.py", raised, "tool-read-only-bypass", "select_rows"),
                                      ("server.py", refused, "tool-read-only-bypass", "select_or_refuse")]
    assert G.message("selectrefuse", "tool-read-only-bypass", "select_or_refuse").startswith(
        "tool 'select_or_refuse' lets caller query text 'sql' reach .fetch() behind a read-only check by query "
        "prefix ('SELECT'): 'SELECT 1; DROP TABLE t', 'WITH x AS (DELETE ...)'")


# -- a file named by a digest in a folder the caller moves -----------------------------------------------


def test_a_digest_named_cache_file_is_read_and_written_in_the_audit_view_only():
    # folder / f"{self._key(...)}.cache" (md5 hexdigest) and os.path.join(..., sha256(t).hexdigest()
    # + ".txt"): the caller moves the folder but cannot name the file; the mkdir of the caller's
    # folder and a note named by the caller (the twin) stay reported
    line = lambda needle: G.line_of("digestcache", "server.py", needle)  # noqa: E731
    assert G.rows("digestcache") == [
        ("server.py", line("folder.mkdir(parents=True"), "tool-path-traversal", "get_source"),
        ("server.py", line('open(os.path.join(note_dir, name + ".txt")'), "tool-path-traversal", "get_note"),
    ]
    low = sorted((f.location.line, f.tool, f.message) for f in G.found("digestcache", low=True)
                 if f.confidence.label == "low")
    note = ("(audit view: the file's name is a digest the code computes, so the caller moves its folder but "
            "cannot name an existing file)")
    assert low == [
        (line("with open(cache_path, encoding"), "get_source",
         f"tool 'get_source' passes parameter 'owner' to open(): path traversal / arbitrary file access {note}"),
        (line('with open(cache_path, "w"'), "get_source",
         f"tool 'get_source' passes parameter 'owner' to open(): path traversal / arbitrary file access (write) {note}"),
        (line("with open(note_path, encoding"), "get_digest_note",
         f"tool 'get_digest_note' passes parameter 'folder' to open(): path traversal / arbitrary file access {note}"),
    ]
