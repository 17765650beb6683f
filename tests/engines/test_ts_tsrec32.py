"""tsrec32: an environment variable the caller names (issue 14).

``envpick``: ``read_setting`` returns ``process.env[name]`` for the caller's ``name``: every
credential the server holds in its environment is one call away. At main the computed key read
nothing (no finding even at low confidence); now the read is a secret read of the variable the
caller picks (``analysis/ts/envpick.py``). The twins: a key an allow-list cleared first
(``PUBLIC_SETTINGS.has(name)``) and a constant key naming a non-secret variable.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

GROUP = "tsrec32/envpick"


def test_a_caller_named_environment_variable_returned_is_a_secret_in_the_tool_result(tmp_path):
    res = audit_group(tmp_path, GROUP)
    got = [f for f in res.findings if f.rule_id == "secret-in-tool-result"]
    assert [f.tool for f in got] == ["read_setting"]
    f = got[0]
    assert f.message == "tool 'read_setting' returned a value containing secret 'process.env[*]' to the caller"
    assert f.confidence.name == "HIGH"
    read = line_of("src/server.ts", "const value = process.env[name]; // any variable", GROUP)
    steps = [(s.location.path, s.location.line, s.note) for s in f.flow]
    assert ("src/server.ts", read, "environment variable named by the caller read (process.env[*])") in steps


def test_the_allow_listed_and_constant_keys_are_no_finding(tmp_path):
    res = audit_group(tmp_path, GROUP)
    assert not [f for f in res.findings if f.tool in ("read_public_setting", "read_region")]
    assert {"read_setting", "read_public_setting", "read_region"} <= {t.name for t in res.tools}


def test_a_helper_reading_the_variable_its_own_parameter_names_is_no_finding(tmp_path):
    res = audit_group(tmp_path, GROUP)
    helper = line_of("src/server.ts", "console.error(`setting ${envName}", GROUP)
    assert not [f for f in res.findings if f.location.line == helper]
    assert not [f for f in res.findings if f.rule_id == "secret-in-log"]
