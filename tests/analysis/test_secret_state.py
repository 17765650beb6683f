"""A secret kept as state between calls, logged or returned by a later tool
(fixtures/taint/secret_state.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "secret_state.py"
RULES = ("secret-in-log", "secret-in-tool-result")


def _audit(tmp_path, src=None):
    (tmp_path / FIXTURE.name).write_text(src or FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return [f for f in res.findings if f.rule_id in RULES]


def _line(text: str) -> int:
    src = FIXTURE.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(src, 1) if text in ln)


def test_a_stored_connection_mapping_with_the_password_is_logged_and_returned(tmp_path):
    got = sorted((f.location.line, f.rule_id, f.message) for f in _audit(tmp_path))
    assert got == [
        (_line("logger.error(f\"query failed"), "secret-in-log",
         "secret 'os.environ['CLUSTER_PASSWORD']' is written to a log by logging.getLogger.error()"),
        (_line("return f\"query failed"), "secret-in-tool-result",
         "tool 'run_query' returned a value containing secret 'os.environ['CLUSTER_PASSWORD']' to the caller"),
        (_line("session settings"), "secret-in-log",
         "secret 'os.environ['SERVICE_API_KEY']' is written to a log by logging.getLogger.debug()"),
    ]


def test_the_flow_starts_where_the_configure_tool_read_the_secret(tmp_path):
    f = next(f for f in _audit(tmp_path) if f.rule_id == "secret-in-log" and "CLUSTER" in f.message)
    steps = [(s.location.line, s.note) for s in f.flow]
    assert steps[0][0] == _line('password = os.getenv("CLUSTER_PASSWORD")')
    assert steps[-1][0] == _line("logger.error(f\"query failed")
    assert any("stored by an earlier call" in note for _, note in steps)


def test_state_without_the_secret_is_quiet(tmp_path):
    src = FIXTURE.read_text(encoding="utf-8").replace(
        '"password": password}', '"port": 2881}').replace(
        ', "api_key": os.environ["SERVICE_API_KEY"]}', "}")
    assert _audit(tmp_path, src) == []


def test_the_user_unpacked_beside_a_password_through_a_wrapper_is_not_the_secret(tmp_path):
    # the method forwards fetch_credentials()'s (username, password): self.user is element 0
    lines = {f.location.line for f in _audit(tmp_path)}
    assert _line('"session user: %s"') not in lines
    src = FIXTURE.read_text(encoding="utf-8").replace(
        "self.user, password = await", "password, self.user = await")
    got = [(f.location.line, f.rule_id) for f in _audit(tmp_path, src)]
    assert (_line('"session user: %s"'), "secret-in-log") in got


def test_an_attribute_named_for_a_location_is_not_a_secret(tmp_path):
    lines = {f.location.line for f in _audit(tmp_path)}
    assert _line('"session database: %s"') not in lines
    src = FIXTURE.read_text(encoding="utf-8").replace("self.db_path", "self.db_dsn")
    got = [(f.location.line, f.rule_id) for f in _audit(tmp_path, src)]
    assert (_line('"session database: %s"'), "secret-in-log") in got
