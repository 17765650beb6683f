"""Stop 49 (ts49b), the wrong rows of the 35th TypeScript holdout, by general cause:

* an object-rest pattern leaves out what only the fields bound before the rest held, whatever
  they are called: the vendor key placed under ``key`` of a literal is not in ``...safeParams``
  (``restfields``, ts/restfields.py);
* a name whose last word says it holds the failure of an operation on a credential
  (``cookieError``, ``tokenErr``, ``password_exception``) is no secret name, in both languages'
  catalogs: a ``catch (cookieError)`` rethrown is the exception (``catcherror``);
* ``process.env`` read whole (a value, a spread, serialised by JSON.stringify or a library's
  serialiser) is secret-bearing, at medium confidence; its keys and named variables are not
  (``wholeenv``, analysis/wholeenv.py);
* in the arm of ``typeof x !== "string"`` (the else arm of ``=== "string"``) ``x`` carries no
  string secret to a log or a result, one bound when linked included; an object secret stays
  (``stringguard``, ts/stringguard.py);
* a bring-your-own-key gateway whose credential is read with ``req.header(...)`` (and a query
  parameter) through a project helper, refused with a 400, is one (``byokhelper``); the helper
  falling back to the operator's secret is not (``byokhelperenv``, ts/byokgateway.py);
* the posture's no-auth report goes to the web app an entry point starts, at the top-level
  ``listen`` serving it, not to an app factory nothing imports (``servedapp``; with an auth
  middleware on the started app, quiet: ``servedappauth``; ts/servedapps.py).
"""

from __future__ import annotations

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["ts49b/restfields", "ts49b/catcherror", "ts49b/wholeenv", "ts49b/stringguard"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_rest_pattern_leaving_out_the_field_that_got_the_key_logs_no_secret():
    g = "ts49b/restfields"
    got = by_rule(g, "secret-in-log")
    quiet = [line_of("server.ts", 'console.error("request", { url: config.url', g),
             line_of("server.ts", 'console.error("request", rest)', g)]
    assert not [k for k in got if k[1] in quiet]
    # the rest that leaves out another field keeps the key; the whole object too
    for needle in ('console.error("request with key", other)', 'console.error("all params", merged)'):
        f = got[("server.ts", line_of("server.ts", needle, g))]
        assert f.message == "secret 'process.env.MAPS_API_KEY' is written to a log by console.error()"


def test_a_rethrown_catch_binding_named_after_a_cookie_is_no_secret():
    g = "ts49b/catcherror"
    got = by_rule(g, "secret-in-tool-result")
    assert ("server.js", line_of("server.js", "throw cookieError;", g)) not in got
    f = got[("server.js", line_of("server.js", "throw sessionCookie;", g))]
    assert f.tool == "read_cookie"
    assert f.message == "tool 'read_cookie' raised a value containing secret 'process.env.SESSION_COOKIE' to the caller"
    assert "cookieError" not in " ".join(x.message for x in got.values())


def test_failure_names_are_no_secret_names_in_both_catalogs():
    for models in (catalog().typescript, catalog().python):
        for name in ("cookieError", "tokenErr", "password_exception", "authFailure", "TOKEN_ERROR", "secretErrors"):
            assert not models.is_secret_name(name), name
        for name in ("cookie", "sessionCookie", "apiKey", "bearer", "refresh_token", "password"):
            assert models.is_secret_name(name), name


def test_the_whole_environment_in_a_log_or_a_result_is_reported_at_medium():
    g = "ts49b/wholeenv"
    logs = by_rule(g, "secret-in-log")
    whole = "secret 'process.env (the whole environment)' is written to a log by console.debug()"
    for needle in ('console.debug("env info", getEnvInfo())', 'console.debug("env", JSON.stringify(process.env))'):
        f = logs[("server.ts", line_of("server.ts", needle, g))]
        assert (f.message, f.confidence) == (whole, Confidence.MEDIUM)
    for needle in ("Object.keys(process.env).length", "process.env.HOME", "env.PORT"):
        assert ("server.ts", line_of("server.ts", needle, g)) not in logs
    results = by_rule(g, "secret-in-tool-result")
    f = results[("server.ts", line_of("server.ts", "JSON.stringify(process.env)}` }]", g))]
    assert f.tool == "env_dump" and f.confidence == Confidence.MEDIUM
    assert f.message == "tool 'env_dump' returned a value containing secret 'process.env (the whole environment)' to the caller"
    assert [k for k in results if k[1] != f.location.line] == []


def test_a_log_in_an_arm_a_string_cannot_enter_gets_no_string_secret():
    g = "ts49b/stringguard"
    logs = by_rule(g, "secret-in-log")
    for needle in ('console.error("Invalid input to escapeXml:", unsafe)', 'console.error("not text:", text)'):
        assert ("server.ts", line_of("server.ts", needle, g)) not in logs
    f = logs[("server.ts", line_of("server.ts", 'console.error("escaping", value)', g))]
    assert f.message == "secret 'process.env.TRACKER_API_KEY' is written to a log by console.error()"
    f = logs[("server.ts", line_of("server.ts", 'console.error("using", credentials)', g))]
    assert "secret '" in f.message and f.message.endswith("is written to a log by console.error()")
    assert len(logs) == 2


def _no_auth(tmp_path, group):
    from test_ts_engine import audit_group

    res = audit_group(tmp_path, group, engines=("ts", "cst"), low=True)
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_gateway_reading_the_callers_secret_through_a_helper_and_refusing_with_400_is_low(tmp_path):
    g = "ts49b/byokhelper"
    [f] = _no_auth(tmp_path, g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", 'app.get("/sse"', g), Confidence.LOW)
    assert ("every request must bring its own credential in the Authorization header (refused with 400 without "
            "one), which the server hands to the client its tools call") in f.message
    assert f.message.endswith("anyone who reaches it can call: get_balance, pay_invoice")


def test_a_helper_falling_back_to_the_operators_secret_keeps_the_gateway_reported(tmp_path):
    [f] = _no_auth(tmp_path, "ts49b/byokhelperenv")
    assert f.confidence == Confidence.MEDIUM and "bring its own credential" not in f.message


def test_the_no_auth_report_goes_to_the_listen_of_the_app_an_entry_point_starts(tmp_path):
    from test_ts_engine import audit_group

    res = audit_group(tmp_path, "ts49b/servedapp", engines=("ts", "cst"), low=True)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/server.ts", line_of("src/server.ts", "app.listen(PORT", "ts49b/servedapp"), Confidence.MEDIUM)
    assert f.message.startswith("MCP is served over HTTP (src/server.ts:6: serves the app built at "
                                "src/createApp.ts:6) and no authentication is configured anywhere in the project")
    assert "bootstrapServer" not in f.message


def test_the_started_app_behind_a_token_check_is_not_reported(tmp_path):
    assert _no_auth(tmp_path, "ts49b/servedappauth") == []


def test_served_first_keeps_the_order_without_an_entry_point(tmp_path):
    from types import SimpleNamespace

    from mcpaudit.analysis.ts.servedapps import served_first
    from mcpaudit.models import Location

    files = {"a.ts": SimpleNamespace(text="export const a = express();"),
             "b.ts": SimpleNamespace(text="export const b = express();")}
    ev = [Location("a.ts", 1), Location("b.ts", 1)]
    assert served_first(SimpleNamespace(files=files), tmp_path, ev) == ev


def test_without_its_package_json_the_listening_module_is_the_entry(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from test_ts_engine import FIXTURES

    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "ts49b/servedapp/src", root / "src")  # as the ledger scans paths = ["src"]
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts", "cst"), cache=False))
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line) == ("src/server.ts", 6)
