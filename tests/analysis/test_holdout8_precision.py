"""Holdout causes of issue 12 (eighth Python reading, precision): environment variables of the
process state are not credentials (``fixtures/taint/secret_shell_env.py``)."""

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


def test_shell_state_environment_is_not_a_secret():
    assert _reported("taint", "secret_shell_env.py", Confidence.LOW) == [
        ("secret-in-log", 47, "secret 'os.environ['DB_PWD']' is written to a log by logging.getLogger.info()"),
        ("secret-in-tool-result", 48, "tool 'database_login' returned a value containing secret "
         "'os.environ['DB_PWD']' to the caller"),
    ]


def test_state_environment_names_in_both_catalogs():
    from mcpaudit.catalog import catalog
    for models in (catalog().python, catalog().typescript):
        assert not models.is_secret_env("PWD") and not models.is_secret_env("OLDPWD")
        assert models.is_secret_env("DB_PWD") and models.is_secret_env("API_TOKEN")
        assert models.is_secret_name("PWD")  # a variable called pwd may still hold a password
