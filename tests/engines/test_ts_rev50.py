"""The review of stop 49's TypeScript modules (issue 14, branch rev50): each counter-example a
module wrongly silenced or wrongly accepted, with the twin it must keep as it was
(``fixtures/typescript/rev50``).

* a bring-your-own-key gateway is one only when nothing gives the key the operator's value before
  the refusal: a fallback assigned on a later line (``byoklater``) or a helper returning a module
  constant read from the environment (``byokconst``) keeps the no-auth report at medium
  (ts/byokgateway.py; the twins are ts31b/byok and ts49b/byokhelper).
"""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import line_of



def _no_auth(tmp_path, group: str):
    from test_ts_engine import audit_group

    res = audit_group(tmp_path, group, engines=("ts", "cst"), low=True)
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_gateway_whose_header_read_falls_back_on_a_later_line_keeps_its_confidence(tmp_path):
    g = "rev50/byoklater"
    [f] = _no_auth(tmp_path, g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", "new StreamableHTTPServerTransport(", g), Confidence.MEDIUM)
    assert "bring its own credential" not in f.message
    assert f.message.endswith("anyone who reaches it can call: web_search")


def test_a_helper_falling_back_through_a_module_constant_keeps_the_gateway_reported(tmp_path):
    g = "rev50/byokconst"
    [f] = _no_auth(tmp_path, g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", 'app.get("/sse"', g), Confidence.MEDIUM)
    assert "bring its own credential" not in f.message
    assert f.message.endswith("anyone who reaches it can call: get_balance, pay_invoice")
