"""Reviewer findings on the ts32b/ts32c TypeScript modules (mend46b, ``fixtures/typescript/mend46b``).

``unmasked``: a name ending in ``Unmasked``/``_unredacted`` names the value before masking, so the
masked-name exception of the secret names does not cancel it (secrets models: secret-names except).
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

INDEX = "src/index.ts"
UNMASKED = "mend46b/unmasked"


def test_an_unmasked_key_logged_at_startup_is_still_a_secret(tmp_path):
    res = audit_group(tmp_path, UNMASKED)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "logger.info(", UNMASKED), None)
    assert f.message == "secret 'apiKeyUnmasked' is written to a log by logger.info()"


def test_un_before_masked_or_redacted_keeps_the_secret_name():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for name in ("apiKeyUnmasked", "api_key_unmasked", "secret_unredacted", "unmaskedApiKey"):
        assert M.is_secret_name(name), name
    for name in ("apiKeyMasked", "tokenRedacted", "maskedApiKey", "secret_redacted"):
        assert not M.is_secret_name(name), name
