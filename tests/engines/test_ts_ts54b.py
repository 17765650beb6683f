"""Wrong rows of the fortieth TypeScript holdout (ts54b, ``fixtures/typescript/ts54b``).

* ``authshorthand``/``authshorthand_unset``: fastmcp's ``authenticate`` option passed as a
  shorthand property (``new FastMCP({ name, version, authenticate })``) is the
  ``authenticate:`` key (``analysis/ts/shorthandkeys.py``, read by ``authnames.py`` and the
  posture); the twin's shorthand names a binding that holds ``undefined``: the transport stays
  reported.
* ``envtls``/``envtls_optin``: ``rejectUnauthorized: false`` behind a verify switch read as
  ``(process.env.X || "true").toLowerCase() !== "false"`` (also ``?? "true"``, ``.trim()``,
  ``?.toLowerCase()``, behind ``config?.x ??``) is an operator's opt-out: the audit view
  (``engines/semgrep/envswitch_ts.py``). The twin's defaults are ``"false"``: off unless opted
  in, high.
* ``methodswitch``/``methodswitch_any``: a request helper's ``switch (method)`` whose every tool
  call passes a literal: a case's sinks need that literal (``paramguards.case_guard``), so a
  branch no call selects reports nothing and a branch's finding names the tool whose call
  selects it; a fall-through run of labels needs one of them. The twin's tool passes the
  caller's method: every branch is reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import test_ts_engine
from test_ts_engine import FIXTURES, audit_group, line_of, scan, steps

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

G = "ts54b"
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/methodswitch", f"{G}/methodswitch_any"])

_PATH_FILL = ("server-side request forgery; only a weak check on the way: it fills the path under the host its "
              "base URL fixes; '../' reaches other endpoints of that host with the server's credential (the "
              "'headers' option)")


def _transports(tmp_path, name):
    res = audit_group(tmp_path, f"{G}/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_an_auth_option_given_as_a_shorthand_property_authenticates(tmp_path):
    assert _transports(tmp_path, "authshorthand") == []


def test_a_shorthand_bound_to_undefined_sets_no_auth(tmp_path):
    [f] = _transports(tmp_path, "authshorthand_unset")
    line = line_of("src/server.ts", 'await server.start({ transportType: "httpStream"', f"{G}/authshorthand_unset")
    assert (f.location.path, f.location.line) == ("src/server.ts", line)
    assert "no authentication is configured anywhere in the project; anyone who reaches it can call: echo" in f.message


def test_shorthand_key_matches_only_object_literal_shorthands():
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.shorthandkeys import key_matches
    from mcpaudit.catalog import catalog

    surface = catalog().typescript.surface
    src = (b"const { authenticate } = opts;\nconst s = new FastMCP({ name, authenticate });\n"
           b"log(`authenticate`);\nconst o = { authenticate: check };\n")
    low = src.lower()
    got = [(low.count(b"\n", 0, m.start()) + 1, m.group(0))
           for m in key_matches(surface.auth_names_lower, None, low, parse(src, "x.ts").root_node)]
    assert got == [(2, b"authenticate"), (4, b"authenticate:")]


def _tls(name):
    import tempfile

    tmp = Path(tempfile.mkdtemp())
    shutil.copy(FIXTURES / G / name / "client.ts", tmp / "client.ts")
    out = semgrep.run([tmp / "client.ts"], tmp, timeout=600)
    return sorted(((f.location.line, f.confidence, f.message) for f in out.findings
                   if f.rule_id == "tls-verify-disabled"), key=lambda r: r[0])


@needs_semgrep
def test_an_env_opt_out_through_a_default_and_a_normaliser_goes_to_the_audit_view():
    g = f"{G}/envtls"
    got = _tls("envtls")
    assert [(line, conf) for line, conf, _ in got] == [
        (line_of("client.ts", "httpsAgent: verifySSL ?", g), Confidence.LOW),
        (line_of("client.ts", "httpsAgent: verifyTls ?", g), Confidence.LOW),
        (line_of("client.ts", "return axios.create({ httpsAgent: new https.Agent", g), Confidence.LOW),
    ]
    decl = line_of("client.ts", "const verifySSL =", g)
    assert got[0][2].endswith(
        "certificate checking is off only where !verifySSL holds, a switch that is off unless set (verifySSL = "
        'config?.verifySSL ?? (process.env.GRAFANA_VERIFY_SSL || "true").toLowerCase() !== "false" at line '
        f"{decl}): an explicit opt-out, not the default (audit view)")
    assert "process.env.TEMPO_VERIFY_TLS?.toLowerCase() === \"false\" holds" in got[2][2]


@needs_semgrep
def test_an_env_switch_whose_default_is_false_stays_reported():
    g = f"{G}/envtls_optin"
    got = _tls("envtls_optin")
    assert [(line, conf) for line, conf, _ in got] == [
        (line_of("client.ts", "httpsAgent: verifySSL ?", g), Confidence.HIGH),
        (line_of("client.ts", "httpsAgent: verifyTls ?", g), Confidence.HIGH),
        (line_of("client.ts", "return axios.create({ httpsAgent: new https.Agent", g), Confidence.HIGH),
    ]
    assert all(m.startswith("TLS certificate verification is switched off") and "audit view" not in m
               for _, _, m in got)


def test_unset_value_of_env_comparisons():
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.engines.semgrep.envswitch_ts import unset_value

    def val(expr):
        src = f"const v = {expr};".encode()
        decl = parse(src, "x.ts").root_node.named_children[0].named_children[0]
        return unset_value(src, decl.child_by_field_name("value"))

    assert val('process.env.X !== "false"') is True
    assert val('(process.env.X || "true").toLowerCase() !== "false"') is True
    assert val('(process.env.X ?? "FALSE").toLowerCase() !== "false"') is False
    assert val('process.env.X?.trim() === "true"') is False
    assert val('opts?.verify ?? (process.env["X"] || "yes") === "yes"') is True
    assert val('(other || "true") !== "false"') is None
    assert val('process.env.X.length > 2') is None


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


def test_a_switch_branch_no_call_selects_reports_nothing_and_each_branch_names_its_tool():
    g = f"{G}/methodswitch"
    get = line_of("src/api.ts", "response = await axios.get(url", g)
    delete = line_of("src/api.ts", "response = await axios.delete(url", g)
    assert _rows("methodswitch") == [
        ("tool-ssrf", "src/api.ts", get, "get_device",
         f"tool 'get_device' passes parameter 'device_id' to axios.get(): {_PATH_FILL}"),
        ("tool-ssrf", "src/api.ts", delete, "delete_rule",
         f"tool 'delete_rule' passes parameter 'rule_id' to axios.delete(): {_PATH_FILL}"),
    ]
    out, _ = scan(g)
    f = next(f for f in out.findings if f.location.line == delete)
    call = line_of("src/index.ts", 'await callHub<object>("delete"', g)
    assert steps(f)[0] == ("src/index.ts", line_of("src/index.ts", 'server.tool("delete_rule"', g),
                           "parameter 'rule_id' of MCP tool 'delete_rule' (caller-controlled)")
    assert ("src/index.ts", call, "passed to callHub()") in steps(f)


def test_a_caller_chosen_method_keeps_every_branch():
    g = f"{G}/methodswitch_any"
    rows = _rows("methodswitch_any")
    sinks = {m: line_of("src/api.ts", f"response = await axios.{m}(url", g) for m in ("get", "post", "put", "delete")}
    assert [(r[2], r[3]) for r in rows] == [(sinks["get"], "get_device"), (sinks["post"], "raw_request"),
                                            (sinks["put"], "raw_request"), (sinks["delete"], "raw_request")]
    assert rows[2][4] == f"tool 'raw_request' passes parameter 'path' to axios.put(): {_PATH_FILL}"
    assert rows[0][4].endswith("(also reached from tool 'raw_request')")
