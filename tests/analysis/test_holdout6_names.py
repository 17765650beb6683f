"""Holdout causes of issue 12 (sixth Python reading): names that locate or switch a credential
are not one (token_endpoint, authorization_url, automount_service_account_token). Fixture:
``fixtures/taint/secret_endpoints.py``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _findings(*rels: str):
    files = [(str(TAINT / r), r) for r in rels]
    out, _ = cst_engine.run(files, TAINT, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.LOW), key=lambda x: x[1])


def test_endpoint_urls_and_switches_are_not_secrets():
    assert _findings("secret_endpoints.py") == [
        ("secret-in-log", 37, "secret 'grant.refresh_token' is written to a log by logging.getLogger.debug()"),
    ]
