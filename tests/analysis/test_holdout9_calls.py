"""Calls the analysis did not follow and library sinks found by the holdout of 2026-12-03-9:
a service made in a guarded module block, ... (fixtures/taint)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, steps

SPEECH = TAINT / "optional_service" / "speech.py"


def _medium(rel: str):
    return [f for f in fixture_findings() if f.location.path == rel and f.confidence >= Confidence.MEDIUM]


def test_a_service_made_in_a_try_block_is_followed_from_a_lambda_given_to_run_in_executor():
    got = [(f.rule_id, f.location.line, f.tool) for f in _medium("optional_service/speech.py")]
    assert got == [("tool-argument-injection", line_of(SPEECH, "subprocess.run(cmd, check=True)"), "say_text")]
    f = _medium("optional_service/speech.py")[0]
    assert "tool 'say_text' passes parameter 'text' to subprocess.run(): argument injection" in f.message
    assert steps(f)[0][2] == "parameter 'text' of MCP tool 'say_text' (caller-controlled)"
    assert any(s[0] == "optional_service/server.py" and s[1] == line_of(
        TAINT / "optional_service" / "server.py", "lambda: speaker.speak(text=text") for s in steps(f))
