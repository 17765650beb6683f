"""A client setting that prints every request with its headers (fixtures/taint/debug_settings.py,
the debug-setting rows of rules/models/python/logging.yaml): turned on by a constant, it writes
the Authorization header of every request to the console; off, or left to the operator's flag,
it is quiet."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "debug_settings.py"


def _found():
    out, _ = cst_engine.run([(str(FIXTURE), FIXTURE.name)], FIXTURE.parent, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.rule_id == "secret-in-log"]


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_a_debug_switch_turned_on_by_a_constant_logs_every_request_s_credential():
    k8s = "kubernetes.client.Configuration.debug = True (every API request printed with its headers)"
    http = "http.client debuglevel > 0 (every request printed with its headers)"
    got = sorted((f.location.line, f.message, [(s.location.line, s.note) for s in f.flow]) for f in _found())
    assert got == [
        (_line("configuration.debug = True"), f"secret 'Authorization header' is written to a log by {k8s}",
         [(_line("configuration.debug = True"), "debug turned on"),
          (_line("configuration.debug = True"), f"reaches {k8s}")]),
        (_line("debuglevel = 1"), f"secret 'Authorization header' is written to a log by {http}",
         [(_line("debuglevel = 1"), "debuglevel turned on"), (_line("debuglevel = 1"), f"reaches {http}")]),
    ]


def test_the_switch_off_or_left_to_the_operator_is_quiet():
    quiet = {_line("configuration.debug = False"), _line("configuration.debug = args.debug"),
             _line("debuglevel = 0")}
    assert not [f for f in _found() if f.location.line in quiet]
