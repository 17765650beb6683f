"""The review of ts33b (rev47e), TypeScript (``fixtures/typescript/mend47e``).

* the logged MCP message body (``analysis/ts/bodylogs.py``): a log in a callback of the route and
  a log sink the catalog names (``process.stderr.write``) write the credential (a secret-named
  argument, ``req.body.params.arguments.privateKey``, is the engine's secret by its name, once); a subscripted field
  (``req.body["method"]``), another argument and a callee that is no logger (``dialog.error``,
  ``catalog.info``) do not; member paths are not trusted from a tree freed before the file's;
* a credential written in the code (``const defaultPrivateKey = "0x4a1f"``, ``{ privateKey: "0xabc" }``)
  is the operator's even beside a tool parameter of that name (``analysis/ts/heldcreds.py``): the
  open transport stays medium; only the parameter's exact name and the locals set from it are the caller's;
* a spread masked by a later property (``{ ...cfg, password: "***" }``) drops only the secret of that
  field: ``<spread variable>.password``, or one level down at link time, not ``creds.db.password``
  (``analysis/spreadover.py``; the safe twin is ts33b/spreadmask_safe);
* a coin's record hides only a name the catalog's ``asset-records`` names (``token$``) and never an
  object with a spread; the callers' own keys (``heldcreds.credential_params``, shared with
  bodylogs) are the caller-controlled secret-named parameters of tools.
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts31a import _rule, audit_group

from mcpaudit.models import Confidence

G = "mend47e"


def _msg(method: str, at: int, callee: str) -> str:
    return (f"the MCP message body of the route that hands its request to the transport ({method}() at line {at}) "
            f"is written to a log by {callee}(); it carries every tool call's arguments, so tool 'transfer_eth''s "
            "parameter 'privateKey' is written to the log")


def _want():
    g = f"{G}/bodylog_more"
    at = [line_of("src/index.ts", s, g) for s in ("transport.handlePostMessage(req, res);",)]
    at += [i for i, ln in enumerate((__import__("test_ts_engine").FIXTURES / g / "src/index.ts")
                                     .read_text().splitlines(), 1) if "transport.handleRequest(" in ln]
    logs = [(line_of("src/index.ts", "console.error(`Handled message:", g), "handlePostMessage", at[0], "console.error"),
            (line_of("src/index.ts", 'console.log("signing with"', g), "handleRequest", at[1], "console.log"),
            (line_of("src/index.ts", "process.stderr.write(", g), "handleRequest", at[2], "process.stderr.write")]
    out = [("src/index.ts", line, "transfer_eth", "privateKey", _msg(m, a, c)) for line, m, a, c in logs]
    # a secret-named argument of the body is the engine's own secret, by its name (not a second finding)
    out[1] = ("src/index.ts", logs[1][0], None, None,
              "secret 'req.body.params.arguments.privateKey' is written to a log by console.log()")
    return out


def test_logged_bodies_in_callbacks_secret_arguments_and_catalog_log_sinks(tmp_path):
    res = audit_group(tmp_path, f"{G}/bodylog_more")
    got = [(f.location.path, f.location.line, f.tool, f.parameter, f.message) for f in _rule(res, "secret-in-log")]
    assert got == _want()


def test_a_subscripted_field_another_argument_and_no_logger_log_no_credential(tmp_path):
    assert _rule(audit_group(tmp_path, f"{G}/bodylog_more_safe"), "secret-in-log") == []


class _Stale(dict):
    """A member-path memo filled by trees freed before: every answer it holds is wrong."""

    fresh = False

    def get(self, key, default=None):
        return super().get(key, default) if self.fresh else None

    def clear(self):
        self.fresh = True
        super().clear()


def test_body_logs_do_not_trust_member_paths_of_freed_trees(tmp_path, monkeypatch):
    from mcpaudit.analysis.ts import bodylogs, nodes as N

    seen = []
    real = bodylogs.logged_bodies

    def run(project):
        monkeypatch.setattr(N, "PARTS", _Stale())
        out = real(project)
        seen.append(len(out))
        return out

    monkeypatch.setattr(bodylogs, "logged_bodies", run)
    res = audit_group(tmp_path, f"{G}/bodylog_more")
    assert seen == [2]
    assert [f.location.line for f in _rule(res, "secret-in-log")] == [x[1] for x in _want()]


def test_open_transport_before_a_constant_key_beside_a_key_parameter_stays(tmp_path):
    res = audit_group(tmp_path, f"{G}/chainbarren_both")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("server.ts", 'transport = new SSEServerTransport("/messages", res);', f"{G}/chainbarren_both")
    assert (open_.location.path, open_.location.line, open_.tool) == ("server.ts", line, None)
    assert open_.confidence == Confidence.MEDIUM and "reach no file" not in open_.message


def test_a_written_key_is_held_whatever_parameter_shares_its_name():
    from mcpaudit.analysis.ts.heldcreds import names_held_credential

    given = frozenset({"privatekey"})
    assert names_held_credential("a.ts", 'const defaultPrivateKey = "0x4a1f";\n', given)
    assert names_held_credential("a.ts", 'const wallet = { address, privateKey: "0xabc" };\n', given)
    assert not names_held_credential("a.ts", "function f(privateKey: string) { const k = privateKey.trim(); "
                                     "return sign(k, privateKey); }\n", given)
    assert not names_held_credential("a.ts", 'const formattedPrivateKey = `0x${privateKey}`;\n', given)


def test_a_mask_over_the_top_level_password_keeps_the_nested_one(tmp_path):
    res = audit_group(tmp_path, f"{G}/spreadnest")
    [f] = _rule(res, "secret-in-log")
    line = line_of("src/index.ts", "logger.info(", f"{G}/spreadnest")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/index.ts", line, None, Confidence.HIGH)
    assert f.message == "secret 'creds.db.password' is written to a log by logger.info()"


def test_a_spread_drops_only_its_own_field():
    from mcpaudit.analysis.spreadover import overridden
    from mcpaudit.analysis.taintvalue import Info

    t = {("s", "args.password"): Info(()), ("s", "args.db.password"): Info(()), ("s", "other.password"): Info(())}
    assert sorted(overridden(t, {"password"}, "args")) == [("s", "args.db.password"), ("s", "other.password")]
    assert sorted(overridden(t, {"password"})) == [("s", "args.db.password")]


def test_a_coin_record_hides_only_a_token_name_and_never_a_spread():
    from mcpaudit.analysis.ts.heldcreds import names_held_credential

    assert not names_held_credential("a.ts", 'const token = { symbol: "ETH", decimals: 18 };\n', frozenset())
    assert names_held_credential("a.ts", "const apiKey = { address: addr };\n", frozenset())
    assert names_held_credential("a.ts", 'const authToken = { ...realCreds, symbol: "X" };\n', frozenset())


class _P:
    def __init__(self, name, tainted=True):
        self.name, self.tainted = name, tainted


class _T:
    def __init__(self, name, kind, params):
        from mcpaudit.models import Location

        self.name, self.kind, self.parameters, self.location = name, kind, params, Location("src/index.ts", 1, 1)


class _Project:
    tools = [_T("sign", "tool", [_P("privateKey"), _P("apiKey", tainted=False)]),
             _T("dispatch", "call_tool", [_P("password")])]


def test_the_callers_keys_are_the_tools_caller_controlled_credential_parameters():
    from mcpaudit.analysis.ts.heldcreds import caller_keys, credential_params

    assert credential_params(_Project()) == [("sign", "privateKey")]
    assert caller_keys(_Project()) == frozenset({"privatekey", "=sign", "=dispatch"})
