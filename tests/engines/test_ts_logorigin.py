"""Secrets in logs by origin, not by name (fixtures/typescript/logorigin): a documented default
written in the source, a tool mapping whose schema declares no credential, and a logging
helper's rest parameter named ``args`` are not reported; a tool that takes an API key logging
its whole mapping, and a configured password, still are."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

G = "logorigin"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_only_the_twins_are_reported():
    out, _ = scan(G)
    got = sorted((f.rule_id, f.location.path, f.location.line, f.message) for f in out.findings)
    assert got == [
        ("secret-in-log", "server.ts", line_of("server.ts", "args: ${JSON.stringify(args)}\\n`);  //", G),
         "the whole argument mapping 'args' is written to a log by process.stderr.write(); it can carry tokens "
         "and credentials"),
        ("secret-in-log", "server.ts", line_of("server.ts", "process.env.DB_PASSWORD", G),
         "secret 'process.env.DB_PASSWORD' is written to a log by console.log()"),
    ]
    tool = next(f.tool for f in out.findings if "mapping" in f.message)
    assert tool == "connect_feed"
