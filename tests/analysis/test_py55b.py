"""Causes of the forty-first Python holdout still open after stop 54 (issue 12, branch py55b),
each with a twin (``fixtures/taint/py55b``)."""

from __future__ import annotations

import shutil

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, line_in, rows

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

files = FixtureFiles("py55b")
#: the folder fixtures, each its own project
FIXTURES = TAINT_FIXTURES.parent / "py55b"


def _rule_rows(name: str, tmp_path, rule: str):
    """(path, line, confidence, tool, message) of each ``rule`` finding of a copy of folder fixture
    ``name`` scanned with every engine (the TLS pass runs after semgrep)."""
    shutil.copytree(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence, f.tool, f.message) for f in res.findings
            if f.rule_id == rule]


def test_archive_extraction_into_the_callers_folder_is_a_write(tmp_path):
    # ZipFile(...).extractall(path=dest) / TarFile.extractall(dest) / ZipFile.extract(member, dest):
    # the archive's members are created under the caller's folder
    found = files.audit("unzipdest.py", tmp_path)
    line = lambda needle: files.line_of("unzipdest.py", needle)  # noqa: E731
    cap = "tool '{}' reads and writes any file the caller names: parameter '{}' reaches archive .{}() as is"
    assert rows(found) == [
        ("capability-file-access", line("zf.extractall(path=save_dir)"), "save_zip",
         cap.format("save_zip", "save_dir", "extractall")),
        ("capability-file-access", line('tar.extractall(dest, filter="data")'), "save_tar",
         cap.format("save_tar", "dest", "extractall")),
        ("capability-file-access", line("zf.extract(name, where)"), "save_member",
         cap.format("save_member", "where", "extract")),
        ("tool-path-traversal", line("extractall(d)"), "unpack",
         "tool 'unpack' passes parameter 'd' to archive .extractall(): path traversal / arbitrary file access "
         "(the archive's members are written under this folder)"),
    ]
    assert all(f.properties.get("writes") for f in found if f.rule_id == "capability-file-access")


def test_archive_extraction_into_the_servers_own_folder_is_quiet(tmp_path):
    # a fresh mkdtemp() folder, a fixed inbox, and a member listing: nothing the caller names is written
    assert rows(files.audit("unzipfixed.py", tmp_path)) == []


def test_verification_off_through_a_project_class_keyword(tmp_path):
    # JWTChecker(url, verify_cert=False): JWTChecker keeps BaseChecker's __init__, which stores the
    # keyword on self; check() passes the field as httpx.AsyncClient(verify=...); also positionally
    found = _rule_rows("tlsfield_off", tmp_path, "tls-verify-disabled")
    line = lambda needle: line_in(FIXTURES / "tlsfield_off" / "server.py", needle)  # noqa: E731
    assert [(p, ln, conf, tool) for p, ln, conf, tool, _ in found] == [
        ("server.py", line("checker = JWTChecker("), Confidence.HIGH, None),
        ("server.py", line("fetcher = LaxFetcher("), Confidence.HIGH, None),
    ]
    assert found[0][4].endswith("verify_cert=False is given to the project class JWTChecker, which keeps it and "
                                "passes it as verify= to AsyncClient() (client/base.py:11)")
    assert found[1][4].endswith("check_tls=False is given to the project class LaxFetcher, which keeps it and "
                                "passes it as verify= to get() (client/base.py:22)")


def test_verification_left_on_through_a_project_class_keyword_is_quiet(tmp_path):
    # verify_cert=True given, the True default kept, check_tls=True given
    assert _rule_rows("tlsfield_on", tmp_path, "tls-verify-disabled") == []


def test_a_header_read_under_a_constant_naming_the_credential_header_is_a_secret(tmp_path):
    # connection.headers.get(self.AUTHENTICATION_HEADER_NAME) logged as a %s argument
    found = files.audit("headerlog.py", tmp_path)
    line = files.line_of("headerlog.py", 'logger.debug("header: %s >>>>> %s"')
    assert rows(found) == [("secret-in-log", line, None,
                            "secret 'connection.headers['AUTHENTICATION_HEADER_NAME']' is written to a log by "
                            "logging.getLogger.debug()")]


def test_the_credential_headers_name_and_another_headers_value_logged_are_quiet(tmp_path):
    assert rows(files.audit("headerlogname.py", tmp_path)) == []


def _cst_rows(name: str, tmp_path):
    shutil.copytree(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False))
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message.split(";")[0])
                  for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM)


def test_a_fetcher_used_as_a_context_manager_through_a_package_re_export(tmp_path):
    # from scrapers.core import PageFetcher (core/__init__ re-exports it); `async with
    # PageFetcher(**cfg) as f` / `with SyncFetcher() as f` (enter returns self), then f.fetch(url)
    where = "scrapers/core/fetcher.py"
    line = lambda needle: line_in(FIXTURES / "ctxpkg" / where, needle)  # noqa: E731
    assert _cst_rows("ctxpkg", tmp_path) == [
        ("capability-network-request", where, line("await self.http_client.get(url)"), "page_text",
         "tool 'page_text' fetches any URL the caller gives: parameter 'url' reaches self.http_client.get() as is"),
        ("capability-network-request", where, line("httpx.get(url, timeout=10)"), "page_text_sync",
         "tool 'page_text_sync' fetches any URL the caller gives: parameter 'url' reaches httpx.get() as is"),
    ]


def test_a_context_manager_entering_as_another_object_does_not_bind_its_class(tmp_path):
    # Pool.__aenter__ returns self.conn: `conn` is no Pool, so conn.fetch is not Pool.fetch
    assert _cst_rows("ctxother", tmp_path) == []


def test_crawl4ai_fetches_through_a_variable_named_crawler(tmp_path):
    # crawler = ctx.request_context.lifespan_context.crawler; crawler.arun_many(urls=...): the
    # crawler a lifespan started, held in a plain variable (an attribute or a built one was known)
    found = files.audit("crawlurl.py", tmp_path)
    line = lambda needle: files.line_of("crawlurl.py", needle)  # noqa: E731
    assert rows(found) == [
        ("tool-ssrf", line("await crawler.arun(url=url"), "crawl_page",
         "tool 'crawl_page' passes parameter 'url' to AsyncWebCrawler.arun(): server-side request forgery "
         "(the crawler also reads file:// URLs, local files)"),
        ("tool-ssrf", line("await crawler.arun_many(urls=urls)"), "crawl_many",
         "tool 'crawl_many' passes parameter 'urls' to AsyncWebCrawler.arun_many(): server-side request forgery "
         "(the crawler also reads file:// URLs, local files)"),
    ]


def test_crawl4ai_fetch_of_the_servers_own_url_is_quiet(tmp_path):
    assert rows(files.audit("crawlfixed.py", tmp_path)) == []
