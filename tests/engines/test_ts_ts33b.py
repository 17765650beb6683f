"""The thirty-third TypeScript holdout's general causes, reader B (ts33b, ``fixtures/typescript/ts33b``).

* a name that says which credentials are required or supported (``requiredCredentials``, ccxt's
  map of booleans) or whether one is needed (``needsApiKey``) names no secret (the ``secret-names``
  rows of both languages); the vulnerable twin returns the exchange's ``apiKey``;
* an object spread followed by a property of the same name (``{ ...args, password: "***" }``)
  no longer carries the spread's field: the helper's parameter is marked and the linker drops the
  caller's secret named for that field (``analysis/spreadover.py``); the vulnerable twin spreads
  after the mask (``{ password: "***", ...args }``: the spread wins);
* a route that hands its request to an MCP transport (``handlePostMessage``, ``handleRequest``)
  and logs ``req.body`` (or its ``params``) while a tool takes a credential parameter writes that
  credential to the log (``analysis/ts/bodylogs.py``, ``secret-in-log``); the safe twins log only
  the message's method and id, or serve no tool with a credential;
* a resource of a googleapis client kept in a field (``this.customSearch =
  google.customsearch("v1").cse``) answers with Google's records: the links of ``list(params)``
  carry none of the request's parameters (``service-clients``, ``sdkanswers.service_member``); the
  vulnerable twin's client is the project's own and echoes the date filter back as a link (both load
  the client with require() in a try block of the constructor: requiredmembers.py);
* an open transport in front of tools that read a public chain node (starknet.js ``RpcProvider``,
  now a request sink) and sign with a key the caller passes as a tool parameter holds nothing of
  the operator's: low, as ts30b's barren tools (``analysis/ts/heldcreds.py``: comments, CORS
  settings, a coin's ``token`` record and the callers' own keys name no held credential); the
  twin signs with the operator's constant private key.
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts31a import _rule, audit_group

from mcpaudit.models import Confidence

G = "ts33b"


def test_an_exchange_key_in_a_resource_is_a_secret_in_the_result(tmp_path):
    res = audit_group(tmp_path, f"{G}/reqcreds")
    [f] = _rule(res, "secret-in-tool-result")
    line = line_of("src/index.ts", "return { contents:", f"{G}/reqcreds")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/index.ts", line, "exchange-info", Confidence.HIGH)
    assert f.message == "tool 'exchange-info' returned a value containing secret 'exchange.apiKey' to the caller"


def test_which_credentials_are_required_is_no_secret(tmp_path):
    res = audit_group(tmp_path, f"{G}/reqcreds_safe")
    assert [f for f in res.findings if f.rule_id.startswith("secret-")] == []


def test_required_and_supported_credential_names_in_both_languages():
    from mcpaudit.catalog import catalog

    for M in (catalog().typescript, catalog().python):
        for name in ("requiredCredentials", "required_credentials", "supportedCredentials",
                     "supported_auth_methods", "needsApiKey", "needs_api_key", "requires_password", "has_token"):
            assert not M.is_secret_name(name), name
        for name in ("required_token", "required_password", "api_key", "password", "private_key"):
            assert M.is_secret_name(name), name
    assert catalog().typescript.is_secret_name("requiredToken")


def test_a_spread_after_the_mask_still_logs_the_password(tmp_path):
    res = audit_group(tmp_path, f"{G}/spreadmask")
    [f] = _rule(res, "secret-in-log")
    line = line_of("src/index.ts", "logger.info(", f"{G}/spreadmask")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/index.ts", line, None, Confidence.HIGH)
    assert f.message == "secret 'args.password' is written to a log by logger.info()"


def test_a_property_after_the_spread_masks_the_password(tmp_path):
    res = audit_group(tmp_path, f"{G}/spreadmask_safe")
    assert _rule(res, "secret-in-log") == []


def _body_log(res):
    return [f for f in res.findings if f.rule_id == "secret-in-log"]


def test_the_logged_message_body_carries_the_private_key(tmp_path):
    res = audit_group(tmp_path, f"{G}/bodylog")
    [f] = _body_log(res)
    line = line_of("src/index.ts", "console.error(`Message body:", f"{G}/bodylog")
    at = line_of("src/index.ts", "transport.handlePostMessage(req, res);", f"{G}/bodylog")
    assert (f.location.path, f.location.line, f.tool, f.parameter, f.confidence) == (
        "src/index.ts", line, "transfer_eth", "privateKey", Confidence.MEDIUM)
    assert f.message == (
        f"the MCP message body of the route that hands its request to the transport (handlePostMessage() at line "
        f"{at}) is written to a log by console.error(); it carries every tool call's arguments, so tool "
        "'transfer_eth''s parameter 'privateKey' is written to the log")
    assert [s.location.line for s in f.flow] == [at, line]


def test_the_message_method_and_id_carry_no_argument(tmp_path):
    assert _body_log(audit_group(tmp_path, f"{G}/bodylog_safe")) == []


def test_logged_params_of_a_streamable_http_route(tmp_path):
    res = audit_group(tmp_path, f"{G}/bodylog_http")
    [f] = _body_log(res)
    line = line_of("src/index.ts", "logger.debug(", f"{G}/bodylog_http")
    assert (f.location.path, f.location.line, f.tool, f.parameter) == ("src/index.ts", line, "send_mail", "smtpPassword")
    assert "handleRequest() at line" in f.message and "by logger.debug()" in f.message


def test_a_logged_body_where_no_tool_takes_a_credential_is_quiet(tmp_path):
    assert _body_log(audit_group(tmp_path, f"{G}/bodylog_http_safe")) == []


def test_a_search_answer_of_the_projects_own_client_carries_its_parameters(tmp_path):
    res = audit_group(tmp_path, f"{G}/searchanswer")
    [f] = _rule(res, "tool-ssrf")
    line = line_of("src/index.ts", "await axios.get(links[0])", f"{G}/searchanswer")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == ("src/index.ts", line, "google_search", Confidence.HIGH)
    assert f.message.startswith("tool 'google_search' passes parameter 'dateRestrict' to axios.get()")


def test_a_googleapis_search_answer_is_googles(tmp_path):
    res = audit_group(tmp_path, f"{G}/searchanswer_safe")
    assert [f for f in _rule(res, "tool-ssrf") if f.confidence > Confidence.LOW] == []
    assert all(f.tool is None for f in _rule(res, "tool-ssrf"))


def test_open_transport_before_a_public_chain_and_callers_keys_is_low(tmp_path):
    res = audit_group(tmp_path, f"{G}/chainbarren")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("server.ts", 'transport = new SSEServerTransport("/messages", res);', f"{G}/chainbarren")
    assert (open_.location.path, open_.location.line, open_.confidence) == ("server.ts", line, Confidence.LOW)
    assert ("its tools reach no file, command, code or database and the server reads no secret from its environment "
            "(a key a tool takes as a parameter is the caller's own) (they only send requests)") in open_.message


def test_open_transport_before_the_operators_signing_key_stays(tmp_path):
    res = audit_group(tmp_path, f"{G}/chainbarren_held")
    [open_] = _rule(res, "http-transport-no-auth")
    assert open_.confidence == Confidence.MEDIUM and "reach no file" not in open_.message
