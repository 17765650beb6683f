"""Causes of the forty-second Python holdout, third group (issue 12, branch py55c), each with a
twin that stays reported (``fixtures/taint/py55c``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pyflowgroups import FixtureFiles, line_in, rows

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

files = FixtureFiles("py55c")
ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "py55c"
_BIND = "Possible binding to all interfaces."


def _folder(tmp_path, name: str):
    shutil.copytree(ROOT / name, tmp_path / name)
    return api.audit([tmp_path / name], Config(engines=("cst", "bandit"), cache=False, min_confidence=Confidence.LOW))


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


def test_a_second_app_streaming_only_its_own_counter_is_no_transport_nor_exposure(tmp_path):
    # sse_server.py: FastAPI on 0.0.0.0 whose one route streams a counter (request read only for
    # is_disconnected); the MCP server runs on stdio: no http-transport-no-auth, B104 in the audit
    # view, and the capabilities' reach is stdio
    res = _folder(tmp_path, "toy_app")
    bind = line_in(ROOT / "toy_app" / "sse_server.py", 'uvicorn.run(app, host="0.0.0.0"')
    assert [f for f in res.findings if f.rule_id == "http-transport-no-auth"] == []
    assert [(f.location.path, f.location.line, f.confidence.label, f.message) for f in res.findings
            if f.rule_id == "B104"] == [
        ("sse_server.py", bind, "low", _BIND + "; the bound app 'app' serves only constant routes (/sse) that take no "
         "input and read nothing; it neither mounts nor wraps the MCP server (audit view)")]
    assert res.exposure["level"] == "stdio"


def test_a_second_app_streaming_the_projects_files_stays_the_exposure(tmp_path):
    res = _folder(tmp_path, "files_app")
    app = line_in(ROOT / "files_app" / "sse_server.py", "app = FastAPI()")
    bind = line_in(ROOT / "files_app" / "sse_server.py", 'uvicorn.run(app, host="0.0.0.0"')
    assert [(f.location.path, f.location.line, f.confidence.label, f.message) for f in res.findings
            if f.rule_id in ("http-transport-no-auth", "B104")] == [
        ("sse_server.py", app, "medium", "a web server of the project's own listens on every interface "
         "(sse_server.py:8) and no authentication is configured anywhere in the project; MCP itself runs over stdio "
         "only, but anyone who reaches the port reaches what that server serves (its routes, or the channel it opens)"),
        ("sse_server.py", bind, "medium", _BIND)]
    assert res.exposure["level"] == "http-no-auth"


def test_a_path_kept_only_when_it_equals_an_entry_of_the_servers_index_is_checked(tmp_path):
    # for f in file_index(): if f == candidate: resolved = candidate; then refused when None: an
    # allow-list; the twin loops over a list the caller passed and keeps its file capability
    found = files.audit("indexloop.py", tmp_path)
    line = files.line_of("indexloop.py", "return open(resolved).read()")
    assert rows(found) == [("capability-file-access", line, "read_listed",
                            "tool 'read_listed' reads any file the caller names: parameter 'file_path' reaches "
                            "open() as is")]


def test_a_constant_character_set_any_check_is_a_separator_check(tmp_path):
    # ".." in name or any(c in name for c in set('/\\:...')): a complete name check; the twin's set
    # lacks '/' and stays reported with the '..' deny-list words
    found = files.audit("charset.py", tmp_path)
    line = files.line_of("charset.py", "# expect: tool-path-traversal")
    assert rows(found) == [("tool-path-traversal", line, "save_loose",
                            "tool 'save_loose' passes parameter 'name' to open(): path traversal / arbitrary file "
                            "access (write)")]
    assert found[0].message.endswith("only a weak check on the way: a '..' substring check is a deny-list, not a "
                                     "containment check")


def test_weasyprint_html_fetches_a_callers_url_or_path(tmp_path):
    # HTML(url=...) and HTML(filename=...) go through WeasyPrint's default fetcher (http(s),
    # file:// and local paths); the fixed cover template is silent
    found = files.audit("weasy.py", tmp_path)
    detail = " (WeasyPrint's default fetcher also reads file:// URLs and local paths)"
    assert rows(found) == [
        ("tool-ssrf", files.line_of("weasy.py", "HTML(url=address)"), "render_page",
         "tool 'render_page' passes parameter 'address' to weasyprint.HTML(): server-side request forgery" + detail),
        ("tool-ssrf", files.line_of("weasy.py", "HTML(filename=name)"), "render_saved",
         "tool 'render_saved' passes parameter 'name' to weasyprint.HTML(): server-side request forgery" + detail),
    ]
