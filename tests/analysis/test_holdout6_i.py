"""Holdout causes of issue 12 (sixth Python reading): tools registered from dict items and record
fields in a loop (``fixtures/dispatch/field_loops``); names that locate or switch a credential
are not one (token_endpoint, authorization_url, automount_service_account_token:
``fixtures/taint/secret_endpoints.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _reported(folder: str, rel: str, floor: Confidence):
    """(rule, line, message) of one fixture file scanned alone, at ``floor`` and above."""
    root = FIXTURES / folder
    out, _ = cst_engine.run([(str(root / rel), rel)], root, jobs=1)
    assert not out.errors, out.errors
    return sorted((f.rule_id, f.location.line, f.message) for f in out.findings if f.confidence >= floor)


def test_tools_registered_from_dict_items_and_record_fields():
    assert _reported("dispatch/field_loops", "server.py", Confidence.MEDIUM) == [
        ("capability-raw-query", 19, "tool 'run_query' runs query text the caller writes (reads and writes): "
         "parameter 'sql' reaches .execute() as is"),
        ("tool-shell-injection", 42, "tool 'restart_daemon' passes parameter 'service' to "
         "subprocess.check_output(shell=True): OS command injection"),
    ]


def test_endpoint_urls_and_switches_are_not_secrets():
    assert _reported("taint", "secret_endpoints.py", Confidence.LOW) == [
        ("secret-in-log", 37, "secret 'grant.refresh_token' is written to a log by logging.getLogger.debug()"),
    ]
