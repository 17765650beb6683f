"""httpx's INFO request log and a token in the query string (fixtures/taint/request_log.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "request_log.py"


def _audit(tmp_path, src):
    (tmp_path / FIXTURE.name).write_text(src, encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return sorted((f.location.line, f.rule_id, f.message) for f in res.findings if f.rule_id == "secret-in-log")


def test_a_token_in_the_query_string_is_logged_when_info_logging_is_on(tmp_path):
    src = FIXTURE.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(src.splitlines(), 1) if "params=params" in ln)
    assert _audit(tmp_path, src) == [
        (line, "secret-in-log", "secret 'self.token' is written to a log by httpx request log of self.client.get()")]


def test_without_info_logging_the_request_line_is_not_written(tmp_path):
    src = FIXTURE.read_text(encoding="utf-8").replace("logging.basicConfig(level=logging.INFO", "logging.basicConfig(level=logging.WARNING")
    assert _audit(tmp_path, src) == []
