"""General causes read from the fourth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: secrets by origin (``secretorigin``: a project redaction helper's result,
a secret-named variable holding a file path or the label of where a token came from)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, scan, steps


@pytest.mark.parametrize("name", ["secretorigin"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_a_redaction_helpers_result_is_not_the_secret_but_the_raw_value_is():
    out, _ = scan("secretorigin")
    logs = {f.location.line: f for f in out.findings if f.rule_id == "secret-in-log"}
    assert line_of("server.ts", "${redactConnectionString(dsn)}", "secretorigin") not in logs
    assert line_of("server.ts", "${maskToken(authToken)}", "secretorigin") not in logs
    raw = logs[line_of("server.ts", "connecting to ${dsn}", "secretorigin")]
    assert raw.message == "secret 'process.env.DB_PASSWORD' is written to a log by console.error()"
    assert steps(raw)[0][:2] == ("server.ts", line_of("server.ts", "const dbPassword =", "secretorigin"))
    # a helper whose name does not say it redacts keeps the secret
    assert line_of("server.ts", "${describeToken(authToken)}", "secretorigin") in logs


def test_a_token_file_path_or_source_label_is_not_the_token():
    out, _ = scan("secretorigin")
    lines = {f.location.line for f in out.findings}
    assert line_of("server.ts", "token written to ${authTokenFilePath}", "secretorigin") not in lines
    assert line_of("server.ts", "configured via ${authTokenSource}", "secretorigin") not in lines
