"""Guards that do not guard and library knowledge from the fifteenth holdout (issue 12): a
deny-list of writing statement prefixes (inline, or a helper that classifies the query and whose
None skips the permission check), a permission checked on one argument while another is pasted
into a COPY statement (fixtures/readonly_modes/prefix_deny, fixtures/taint/copy_statements.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

DENY = Path(__file__).resolve().parents[2] / "fixtures" / "readonly_modes" / "prefix_deny"


def _deny_findings():
    files = [(str(p), p.relative_to(DENY).as_posix()) for p in sorted(DENY.rglob("*.py"))]
    out, _ = cst_engine.run(files, DENY, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


PASSES = ("'SELECT 1; DROP TABLE t', a leading comment ('/* x */ DROP TABLE t'), "
          "'WITH x AS (SELECT 1) DELETE FROM t' and writing statements it does not name")


def test_a_helper_that_classifies_writing_prefixes_and_returns_none_otherwise_is_a_bypassable_check():
    src = DENY / "server.py"
    found = [f for f in _deny_findings() if f.rule_id == "tool-read-only-bypass"]
    assert [(f.tool, f.location.line) for f in found] == [
        ("execute_query", line_of(src, "cur.execute(query)  # expect: capability-raw-query, tool-read-only-bypass")),
        ("run_report", line_of(src, "cur.execute(query)  # expect: tool-read-only-bypass"))]
    assert found[0].message == (
        "tool 'execute_query' lets caller query text 'query' reach .execute() behind a read-only check by "
        "statement-prefix deny-list ('INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE'): "
        f"{PASSES} (MERGE, REPLACE, GRANT) pass it (in operation_of()), and only while is_allowed() refuses the "
        "statement it names")
    # the flow shows the caller's check the query passed
    check = line_of(src, "if operation and not is_allowed(operation):")
    assert any(s.location.line == check and s.note.startswith("passes a read-only check") for s in found[0].flow)


def test_an_inline_deny_list_of_destructive_prefixes_is_a_bypassable_check():
    [f] = [f for f in _deny_findings() if f.rule_id == "tool-read-only-bypass" and f.tool == "run_report"]
    assert f.message == (
        "tool 'run_report' lets caller query text 'query' reach .execute() behind a read-only check by "
        f"statement-prefix deny-list ('DROP', 'DELETE', 'TRUNCATE'): {PASSES} (INSERT, UPDATE, CREATE) pass it")


def test_the_permission_gated_tool_keeps_its_raw_query_capability_and_a_classifier_of_no_statement_is_no_check():
    got = sorted((f.rule_id, f.tool) for f in _deny_findings() if f.rule_id == "capability-raw-query")
    assert got == [("capability-raw-query", "execute_formatted"), ("capability-raw-query", "execute_query")]
    assert not [f for f in _deny_findings() if f.tool == "execute_formatted" and f.rule_id != "capability-raw-query"]


COPY = TAINT / "copy_statements.py"


def test_a_permission_on_one_argument_does_not_clear_the_table_pasted_into_a_copy_statement():
    found = [f for f in fixture_findings() if f.location.path == "copy_statements.py"]
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-sql-injection", line_of(COPY, 'cursor.copy(f"COPY {table} FROM STDIN'), "copy_rows")]
    assert found[0].message == "tool 'copy_rows' passes parameter 'table' to .copy(): SQL injection (the query is an f-string)"


PAGES = TAINT / "browser_file_urls.py"


def _in(path: Path, function: str, needle: str) -> int:
    """The first line holding ``needle`` after ``def function(``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if f"def {function}(" in ln)
    return next(i for i, ln in enumerate(lines[start:], start + 1) if needle in ln)


def test_playwright_goto_opens_file_urls_so_a_web_page_tool_reads_local_files():
    found = sorted((f.rule_id, f.location.line, f.tool) for f in fixture_findings()
                   if f.location.path == "browser_file_urls.py")
    assert found == sorted([
        ("tool-ssrf", _in(PAGES, "rendered_html", "page.goto(url)"), "rendered_html"),
        ("tool-ssrf", _in(PAGES, "page_text", "page.goto(url)"), "page_text"),
        # an http(s) prefix test, and the parsed scheme against an allow-list: loading any web
        # page is the tools' declared purpose
        ("capability-network-request", _in(PAGES, "rendered_web_html", "page.goto(url)"), "rendered_web_html"),
        ("capability-network-request", _in(PAGES, "web_page_text", "page.goto(url)"), "web_page_text"),
    ])
    [f] = [f for f in fixture_findings() if f.tool == "rendered_html"]
    assert f.message == ("tool 'rendered_html' passes parameter 'url' to page.goto(): server-side request forgery "
                         "(the browser also opens file:// URLs, local files)")


LOADERS = TAINT / "url_loaders.py"


def test_a_loader_by_scheme_reads_files_beyond_a_parameter_declared_as_a_url_only():
    found = sorted((f.rule_id, f.location.line, f.tool) for f in fixture_findings()
                   if f.location.path == "url_loaders.py" and f.rule_id in ("tool-path-traversal", "capability-file-access"))
    assert found == sorted([
        ("tool-path-traversal", _in(LOADERS, "web_markdown", "md.convert(url)"), "web_markdown"),
        ("tool-path-traversal", _in(LOADERS, "media_markdown", "md.convert(url)"), "media_markdown"),
        # the parameter's description, or the tool's (a file: URI), says it takes local files too
        ("capability-file-access", _in(LOADERS, "media_markdown_local", "md.convert(url)"), "media_markdown_local"),
        ("capability-file-access", _in(LOADERS, "uri_markdown", "md.convert_uri(uri)"), "uri_markdown"),
    ])
    [f] = [f for f in fixture_findings() if f.tool == "media_markdown" and f.rule_id == "tool-path-traversal"]
    assert f.message == (
        "tool 'media_markdown' passes parameter 'url' to markitdown.MarkItDown().convert(): path traversal / "
        "arbitrary file access (the parameter is declared as a URL, and the loader also opens a local path or a "
        "file: URL)")


CHECKERS = TAINT / "checker_options.py"


def test_a_callers_option_list_for_pylint_is_argument_injection_not_a_shell_command():
    found = [f for f in fixture_findings() if f.location.path == "checker_options.py"]
    # the marker after pytest's -m (an option that takes it as its value) and the paths after
    # "--" are no options: quiet, though the runner's shell= is a setting
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-argument-injection", line_of(CHECKERS, "command.extend(extra_args)"), "lint_project")]
    assert found[0].message == (
        "tool 'lint_project' passes parameter 'extra_args' to subprocess.run() through run_command() at "
        f"checker_options.py:{line_of(CHECKERS, 'proc = subprocess.run(')}: argument injection (added to the argument "
        "list after '-m pylint --output-format=json' with no '--' before it: a value starting with '-' is read as an "
        "option; pylint's --init-hook runs its value as Python and --load-plugins imports the modules it names)")


ENDPOINTS = TAINT / "sql_endpoints.py"


def test_sql_posted_to_a_databases_http_sql_endpoint_is_a_query_sink():
    found = sorted((f.rule_id, f.location.line, f.tool) for f in fixture_findings()
                   if f.location.path == "sql_endpoints.py")
    assert found == sorted([
        ("capability-raw-query", _in(ENDPOINTS, "run_sql", "httpx.post("), "run_sql"),
        ("tool-sql-injection", _in(ENDPOINTS, "sample_rows", "httpx.post("), "sample_rows"),
        ("tool-sql-injection", _in(ENDPOINTS, "page_views", "client.post("), "page_views"),
        ("capability-raw-query", _in(ENDPOINTS, "trino_statement", "requests.post("), "trino_statement"),
    ])  # a bound argument (row_by_id) and a search API's "query" (search_docs) are quiet
    [f] = [f for f in fixture_findings() if f.tool == "page_views"]
    assert f.message == ("tool 'page_views' passes parameter 'page' to httpx.Client.post() to a SQL endpoint: "
                         "SQL injection (the query is an f-string)")
