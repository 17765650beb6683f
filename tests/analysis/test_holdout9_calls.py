"""Calls the analysis did not follow and library sinks found by the holdout of 2026-12-03-9:
a service made in a guarded module block, ... (fixtures/taint)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, scan, steps

SPEECH = TAINT / "optional_service" / "speech.py"


def _medium(rel: str):
    return [f for f in fixture_findings() if f.location.path == rel and f.confidence >= Confidence.MEDIUM]


def test_a_service_made_in_a_try_block_is_followed_from_a_lambda_given_to_run_in_executor():
    got = [(f.rule_id, f.location.line, f.tool) for f in _medium("optional_service/speech.py")]
    assert got == [("tool-argument-injection", line_of(SPEECH, "subprocess.run(cmd, check=True)"), "say_text")]
    f = _medium("optional_service/speech.py")[0]
    assert "tool 'say_text' passes parameter 'text' to subprocess.run(): argument injection" in f.message
    assert steps(f)[0][2] == "parameter 'text' of MCP tool 'say_text' (caller-controlled)"
    assert any(s[0] == "optional_service/server.py" and s[1] == line_of(
        TAINT / "optional_service" / "server.py", "lambda: speaker.speak(text=text") for s in steps(f))


LIFESPAN = TAINT / "lifespan_fields.py"


def test_lifespan_fields_read_without_annotation_crawler_and_any_typed_cloner():
    got = sorted((f.rule_id, f.location.line, f.tool) for f in _medium("lifespan_fields.py"))
    assert got == [
        ("tool-ssrf", line_of(LIFESPAN, '"git", "clone"'), "index_repository"),
        ("tool-ssrf", line_of(LIFESPAN, "await crawler.arun(url=url)"), "crawl_page"),
    ]
    by_tool = {f.tool: f for f in _medium("lifespan_fields.py")}
    crawl = by_tool["crawl_page"]
    assert crawl.message == ("tool 'crawl_page' passes parameter 'url' to AsyncWebCrawler.arun(): server-side "
                             "request forgery (the crawler also reads file:// URLs, local files)")
    clone = by_tool["index_repository"]
    assert clone.message == ("tool 'index_repository' passes parameter 'repo_url' to subprocess.run(['git clone', "
                             "...]): server-side request forgery (git clone fetches from any host the URL names)")
    assert [s[1] for s in steps(clone)] == [line_of(LIFESPAN, "async def index_repository("),
                                            line_of(LIFESPAN, 'return cloner.clone(repo_url, "checkout")  # via'),
                                            line_of(LIFESPAN, "def clone(self, url"),
                                            line_of(LIFESPAN, '"git", "clone"')]
    # the fixed-host twin and the hostname-checked twin are quiet
    assert not any(f.tool in ("crawl_docs_page", "index_github_repository") or "index_github_repository" in f.message
                   for f in fixture_findings() if f.location.path == "lifespan_fields.py")


def test_a_crawler_url_is_no_fetch_capability_when_the_crawler_also_reads_files(tmp_path):
    res = scan(tmp_path, {"srv.py": """
        from crawl4ai import AsyncWebCrawler
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("c")


        @mcp.tool()
        async def crawl_url(url: str) -> str:
            async with AsyncWebCrawler() as crawler:
                result = await crawler.arun(url)
            return result.markdown
    """})
    assert [(f.rule_id, f.location.line, f.tool) for f in res] == [("tool-ssrf", 10, "crawl_url")]


VERDICTS = TAINT / "verdict_dicts.py"


def test_a_validator_answering_with_a_mapping_narrows_like_a_boolean_one():
    got = sorted((f.rule_id, f.location.line, f.tool) for f in _medium("verdict_dicts.py"))
    mirror = line_of(VERDICTS, '"--mirror", repo_url')
    copy = line_of(VERDICTS, '"/srv/copied"')
    assert got == [
        ("tool-argument-injection", copy, "copy_repository"),
        ("tool-ssrf", mirror, "mirror_repository"),
        ("tool-ssrf", copy, "copy_repository"),
    ]


def test_either_of_two_scheme_prefixes_proves_no_option(tmp_path):
    res = scan(tmp_path, {"srv.py": """
        import subprocess
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("c")


        @mcp.tool()
        def mirror(repo_url: str) -> str:
            if not (repo_url.startswith("https://") or repo_url.startswith("git@")):
                return "no"
            subprocess.run(["git", "clone", "--mirror", repo_url, "/srv/m"], check=True)
            return "ok"


        @mcp.tool()
        def mirror_loose(repo_url: str) -> str:
            if not (repo_url.startswith("https://") or repo_url.endswith(".git")):
                return "no"
            subprocess.run(["git", "clone", "--mirror", repo_url, "/srv/m"], check=True)
            return "ok"
    """})
    assert sorted((f.rule_id, f.location.line, f.tool) for f in res) == [
        ("tool-argument-injection", 19, "mirror_loose"),
        ("tool-ssrf", 11, "mirror"),
        ("tool-ssrf", 19, "mirror_loose"),
    ]


CM = TAINT / "handler_cm"


def test_arguments_followed_into_the_object_an_async_context_manager_yields():
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool)
                 for f in fixture_findings() if f.location.path.startswith("handler_cm/")
                 and f.confidence >= Confidence.MEDIUM)
    assert got == [
        ("tool-read-only-bypass", "handler_cm/pg.py", line_of(CM / "pg.py", "cur.execute(sql)"), "select-rows"),
        ("tool-sql-injection", "handler_cm/lite.py", line_of(CM / "lite.py", "SELECT COUNT(*)"), "describe-table"),
        ("tool-sql-injection", "handler_cm/pg.py", line_of(CM / "pg.py", "LIMIT 0"), "describe-table"),
    ]
    bypass = next(f for f in fixture_findings() if f.rule_id == "tool-read-only-bypass"
                  and f.location.path == "handler_cm/pg.py")
    assert "behind a read-only check by query prefix ('SELECT')" in bypass.message
    notes = [s[2] for s in steps(bypass)]
    assert "passed to run_query()" in notes and "passed to _run_query()" in notes
    assert any(s[0] == "handler_cm/base.py" and s[1] == line_of(CM / "base.py", 'startswith("select")')
               for s in steps(bypass))


def test_sqlite_select_pragma_and_explain_behind_the_same_handler_are_quiet():
    # sqlite3 runs one statement per call: the SELECT check holds, PRAGMA table_info's value
    # can only name a table, EXPLAIN QUERY PLAN does not run the statement
    lite = [(f.rule_id, f.location.line) for f in fixture_findings()
            if f.location.path == "handler_cm/lite.py" and f.confidence >= Confidence.MEDIUM]
    assert lite == [("tool-sql-injection", line_of(CM / "lite.py", "SELECT COUNT(*)"))]


def test_a_mapping_validator_that_only_tests_existence_leaves_a_file_tool_its_capability(tmp_path):
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    (tmp_path / "srv.py").write_text('''import os
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("scripts")


def validate_script(path: str) -> dict:
    if not os.path.exists(path):
        return {"valid": False, "error": "not found"}
    if not path.endswith(".py"):
        return {"valid": False, "error": "Python files only"}
    return {"valid": True}


@mcp.tool()
def analyse_script_file(path: str) -> str:
    """Analyse the Python script file at path."""
    check = validate_script(path)
    if not check["valid"]:
        return check["error"]
    with open(path) as fh:
        return fh.read()[:100]
''')
    res = audit([tmp_path], Config(engines=("cst",), cache=False))
    assert [(c.rule_id, c.location.line) for c in res.capabilities] == [("capability-file-access", 21)]
    assert not [f for f in res.findings if f.confidence >= Confidence.MEDIUM and f.rule_id == "tool-path-traversal"]
