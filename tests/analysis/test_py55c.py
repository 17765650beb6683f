"""Causes of the forty-second Python holdout, third group (issue 12, branch py55c), each with a
twin that stays reported (``fixtures/taint/py55c``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py55c")


def test_a_paged_calls_continuation_token_is_no_secret_but_a_logins_token_is(tmp_path):
    # runs = client.search_runs(max_results=20, page_token=t); runs.token is MLflow's next-page
    # cursor (and page.next_page_token of a call given page_token=); session.token of a login stays
    found = files.audit("pagedtoken.py", tmp_path)
    line = files.line_of("pagedtoken.py", '"token": session.token')
    assert rows(found) == [("secret-in-tool-result", line, "login_token",
                            "tool 'login_token' returned a value containing secret 'session.token' to the caller")]


def test_a_jupyter_kernel_clients_execute_is_code_execution_not_sql(tmp_path):
    # KernelManager().blocking_client() set outside __init__, annotated with jupyter_client's
    # blocking.client.BlockingKernelClient: execute(code) runs Python; the capability is shown at
    # the sink the caller's code reaches whole, not the setup script holding the session folder.
    # A sqlite cursor's execute stays SQL
    found = files.audit("kernelrun.py", tmp_path)
    run = files.line_of("kernelrun.py", "self.client.execute(code)")
    sql = files.line_of("kernelrun.py", "cur.execute(f\"SELECT")
    assert rows(found) == [
        ("capability-code-execution", run, "execute_code",
         "tool 'execute_code' evaluates code the caller writes: parameter 'code' reaches kernel client .execute() "
         "as is (and 1 more place(s))"),
        ("tool-sql-injection", sql, "count_rows",
         "tool 'count_rows' passes parameter 'where' to .execute(): SQL injection (the query is an f-string)"),
    ]


def test_a_new_code_cell_of_caller_text_run_by_nbclient_is_code_injection(tmp_path):
    # nbformat.v4.new_code_cell(text) carries the text into the cell NotebookClient.execute_cell runs;
    # the cell of a fixed source (warm_up) is silent
    found = files.audit("nbcells.py", tmp_path)
    line = files.line_of("nbcells.py", "self.client.execute_cell(cell, index)")
    assert rows(found) == [("tool-code-injection", line, "add_note",
                            "tool 'add_note' passes parameter 'text' to nbclient .execute_cell(): code injection")]
