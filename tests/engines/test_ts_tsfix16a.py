"""General causes read from the fourteenth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a read-only tool's helper that removes the folder it made with ``mkdtemp``
cleans up its own folder, whatever prefix it was given (``tempcleanup``); the body of a response
read in the arm where it failed (``if (!res.ok)``) is the service's error, not a credential,
whatever its variable is called (``errorbodies``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tempcleanup", "errorbodies"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_removing_the_folder_mkdtemp_made_is_no_write():
    ro = by_rule("tempcleanup", "tool-read-only-bypass")
    assert {f.tool for f in ro.values()} == {"show_cache"}
    f = ro[("server.ts", line_of("server.ts", "fs.rmSync(settings.cacheDir", "tempcleanup"))]
    assert f.message == "tool 'show_cache' is annotated readOnlyHint=True but writes files (fs.rmSync())"


def test_a_failed_responses_body_is_no_secret():
    logs = by_rule("errorbodies", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", 'log.debug("created credentials"', "errorbodies"))}
    f = next(iter(logs.values()))
    assert f.message == "secret 'credentialData' is written to a log by log.debug()"
