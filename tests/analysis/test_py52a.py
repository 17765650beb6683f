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
