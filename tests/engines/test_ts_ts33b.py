"""The thirty-third TypeScript holdout's general causes, reader B (ts33b, ``fixtures/typescript/ts33b``).

* a name that says which credentials are required or supported (``requiredCredentials``, ccxt's
  map of booleans) or whether one is needed (``needsApiKey``) names no secret (the ``secret-names``
  rows of both languages); the vulnerable twin returns the exchange's ``apiKey``;
* an object spread followed by a property of the same name (``{ ...args, password: "***" }``)
  no longer carries the spread's field: the helper's parameter is marked and the linker drops the
  caller's secret named for that field (``analysis/spreadover.py``); the vulnerable twin spreads
  after the mask (``{ password: "***", ...args }``: the spread wins).
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
