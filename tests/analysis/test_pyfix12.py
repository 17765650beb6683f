"""Causes of issue 12 from the eleventh Python holdout reading (2026-12-03-11): analytics ingestion
keys are public (``fixtures/taint/secret_public_keys.py``); model loaders that unpickle a file
(``fixtures/taint/model_loaders.py``); Salesforce SOQL/SOSL runners and a toolkit's download to a
local path (``fixtures/capabilities/crm_queries.py``, ``fixtures/capabilities/cloud_download.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _scan(folder: str, rel: str):
    root = FIXTURES / folder
    out, project = cst_engine.run([(str(root / rel), rel)], root, jobs=1)
    assert not out.errors, out.errors
    return out, project


def _reported(folder: str, rel: str, floor: Confidence = Confidence.LOW):
    """(rule, line, message) of one fixture file scanned alone, at ``floor`` and above."""
    out, _ = _scan(folder, rel)
    return sorted((f.rule_id, f.location.line, f.message) for f in out.findings if f.confidence >= floor)


def test_analytics_ingestion_keys_are_not_secrets():
    assert _reported("taint", "secret_public_keys.py") == [
        ("secret-in-log", 32, "secret 'os.environ['APP_AMPLITUDE_SECRET_KEY']' is written to a log by "
         "logging.getLogger.debug()"),
        ("secret-in-log", 34, "secret 'os.environ['POSTHOG_PERSONAL_API_KEY']' is written to a log by "
         "logging.getLogger.debug()"),
    ]


def test_public_key_names_in_the_python_catalog():
    from mcpaudit.catalog import catalog
    m = catalog().python
    for name in ("AMPLITUDE_API_KEY", "IMAGESORCERY_POSTHOG_API_KEY", "posthog_project_api_key",
                 "SEGMENT_WRITE_KEY", "MIXPANEL_TOKEN", "mixpanel_project_token", "rudderstack_write_key"):
        assert not m.is_secret_name(name), name
    for name in ("AMPLITUDE_SECRET_KEY", "POSTHOG_PERSONAL_API_KEY", "MIXPANEL_API_SECRET",
                 "MIXPANEL_SERVICE_ACCOUNT_TOKEN", "api_key", "STRIPE_API_KEY", "segment_access_token"):
        assert m.is_secret_name(name), name
