"""A read-only setting a tool's value chooses is a bypass only where the operator can start the
server read-only (ts/modeparams.py, appmode.operator_mode): a flag read from the environment,
the command line or the configuration, or a read-only guard of the server's own.
Fixtures: fixtures/typescript/mend46a."""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts32a import _rule, _tools, audit_group

from mcpaudit.analysis.ts.appmode import operator_mode
from mcpaudit.models import Confidence

G = "mend46a"


def test_caller_choosing_off_the_operators_env_read_only_mode(tmp_path):
    res = audit_group(tmp_path, f"{G}/env_readonly")
    assert _tools(res) == ["query"]
    [f] = [f for f in _rule(res, "tool-read-only-bypass") if f.tool]
    line = line_of("src/server.ts", "...(readonly ? { options: '-c default_transaction_read_only=on' }",
                   f"{G}/env_readonly")
    assert (f.location.path, f.location.line, f.tool, f.parameter, f.confidence) == (
        "src/server.ts", line, "query", "readonly", Confidence.HIGH)
    assert f.message.startswith("tool 'query' passes parameter 'readonly' to a read-only setting: read-only bypass "
                                "(its caller decides whether the session is read-only (default_transaction_read_only)")


def test_read_only_session_the_caller_opts_into_is_no_bypass(tmp_path):
    # open(params.readonly ?? false): default off, and no read-only mode the operator could set
    res = audit_group(tmp_path, f"{G}/optin_readonly")
    assert _tools(res) == ["query"]
    assert not _rule(res, "tool-read-only-bypass")


def test_operator_read_only_sources():
    assert operator_mode(b"const ro = process.argv.includes('--read-only');")
    assert operator_mode(b"const ro = process.env['PG_READ_ONLY'] === '1';")
    assert operator_mode(b"program.option('-r, --readonly', 'no writes');")
    assert operator_mode(b"if (config.readOnly) {}")
    assert not operator_mode(b"open(params.readonly ?? false)")
    assert not operator_mode(b"description: 'Set readonly to run it in a read-only session.'")


def test_flags_are_the_callers_for_the_read_only_family_only(tmp_path):
    """A project with a read-only setting a flag chooses: every other tool's flags and numbers
    stay clean for every other family (no command, path, URL or code finding names them)."""
    res = audit_group(tmp_path, f"{G}/flags_elsewhere")
    assert _tools(res) == ["misc", "query"]
    assert [(f.rule_id, f.location.line, f.tool, f.parameter) for f in res.findings if f.tool] == [
        ("tool-read-only-bypass", line_of("src/server.ts", "...(readonly ? { options:", f"{G}/flags_elsewhere"),
         "query", "readonly")]
    assert not [f for f in res.findings if f.parameter in ("count", "force", "level", "port")]


def test_read_only_settings_are_whole_words_compiled_once():
    from mcpaudit.analysis.ts import modeparams
    from mcpaudit.catalog import catalog

    class Fa:
        M = catalog().typescript

    pat = modeparams._settings(Fa)
    assert pat is modeparams._settings(Fa)
    assert [t for t in ("file:a.db?mode=ro", "file:a.db?mode=row", "-c default_transaction_read_only=on",
                        "SET TRANSACTION  READ ONLY", "PRAGMA query_only = 1", "query_only_cache")
            if pat.search(t)] == ["file:a.db?mode=ro", "-c default_transaction_read_only=on",
                                  "SET TRANSACTION  READ ONLY", "PRAGMA query_only = 1"]


def test_hand_written_mcp_routes_the_first_in_source_order_is_reported(tmp_path):
    res = audit_group(tmp_path, f"{G}/tworoutes")
    [f] = _rule(res, "http-transport-no-auth")
    line = line_of("src/server.js", "app.post('/messages', async (req, res) => {", f"{G}/tworoutes")
    assert (f.location.path, f.location.line) == ("src/server.js", line)
    assert f.message.startswith(f"a hand-written MCP endpoint of the project's own (POST /messages at src/server.js:{line} "
                                "answers tools/call) listens on every interface")


def test_hand_written_mcp_route_on_a_loopback_app_is_not_the_exposed_one(tmp_path):
    # the dashboard listens on 0.0.0.0; the MCP route is on a second app bound to 127.0.0.1
    res = audit_group(tmp_path, f"{G}/loopbackroute")
    [f] = _rule(res, "http-transport-no-auth")
    line = line_of("src/dashboard.js", "const app = express();", f"{G}/loopbackroute")
    assert (f.location.path, f.location.line) == ("src/dashboard.js", line)
    assert f.message.startswith(f"a web server of the project's own listens on every interface (src/dashboard.js:{line}) "
                                "and no authentication is configured anywhere in the project; MCP itself runs over stdio only")
