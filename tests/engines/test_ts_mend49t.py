"""The review of stop 48's TypeScript modules, items 5-9 (mend49t, ``fixtures/typescript/mend49t``).

* ``secretmember``: a credential check inside ``if (config.apiKey)`` with the key empty unless
  configured is optional authentication; the twin refuses to start without ``config.apiKey``
  (``if (!config.apiKey) throw``), which the start-up check now reads as a member
  (``secretmember_safe``; before, ``!config.apiKey`` was never matched and the twin was reported).
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "mend49t"


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


def test_a_check_inside_if_config_member_is_optional_auth(tmp_path):
    g = f"{G}/secretmember"
    res = audit_low(tmp_path, g)
    transport = line_of("src/server.ts", "const transport = new StreamableHTTPServerTransport(", g)
    gate = line_of("src/server.ts", "  if (config.apiKey) {", g)
    got = _reports(res, ("http-transport-no-auth",))
    assert [r[:5] for r in got] == [("http-transport-no-auth", "src/server.ts", transport, None, Confidence.MEDIUM)]
    assert got[0][5].startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        "configured: if (config.apiKey) { ...the credential check... } (skipped while !config.apiKey: no secret "
        f"configured) at src/server.ts:{gate} is added conditionally")


def test_a_config_member_the_server_will_not_start_without_is_auth(tmp_path):
    res = audit_low(tmp_path, f"{G}/secretmember_safe")
    assert _reports(res, ("http-transport-no-auth",)) == []
