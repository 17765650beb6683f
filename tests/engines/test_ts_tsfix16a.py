"""General causes read from the fourteenth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a read-only tool's helper that removes the folder it made with ``mkdtemp``
cleans up its own folder, whatever prefix it was given (``tempcleanup``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tempcleanup"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_removing_the_folder_mkdtemp_made_is_no_write():
    ro = by_rule("tempcleanup", "tool-read-only-bypass")
    assert {f.tool for f in ro.values()} == {"show_cache"}
    f = ro[("server.ts", line_of("server.ts", "fs.rmSync(settings.cacheDir", "tempcleanup"))]
    assert f.message == "tool 'show_cache' is annotated readOnlyHint=True but writes files (fs.rmSync())"
