"""Issue 14, ts16b: a client's connection URL (``createClient({ url: CACHE_URL })``) carries the
password whenever the server needs one, so the value given there is a credential where it is
logged, whatever it is named (models: secrets.yaml connection-urls; analysis/ts/connurls.py;
fixtures/typescript/connurls). Logging only the host is not reported."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("connurls")


def test_a_logged_connection_url_is_a_secret_in_a_log():
    got = list(by_rule("connurls", "secret-in-log").values())
    assert [(f.location.line, f.message) for f in got] == [
        (line_of("server.ts", "Connecting to the cache at", "connurls"),
         "secret 'CACHE_URL' is written to a log by console.error()")]


def test_the_catalog_names_the_constructors():
    from mcpaudit.catalog import catalog
    urls = catalog().typescript.connection_urls
    assert "redis.createClient" in urls["url"] and "pg.Pool" in urls["connectionString"]
    assert "mongodb.MongoClient" in urls["0"]
