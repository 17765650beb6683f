"""Keyword arguments spread from a mapping reach a sink's keyword parameter, and a Docker
container's volumes are a file sink besides its command (fixtures/capabilities/spread_kwargs.py); a parameter annotated with a modelled library class
is that library's receiver (fixtures/capabilities/annotated_receivers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config

CAPS = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities"


def _audit(tmp_path, name):
    src = (CAPS / name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(src, encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    lines = src.splitlines()
    return res, lambda text: next(i for i, ln in enumerate(lines, 1) if text in ln)


def _caps(res):
    return sorted((c.location.line, c.rule_id, c.tool, c.message.split(";")[0]) for c in res.capabilities)


def test_spread_keywords_reach_the_sink_and_fixed_or_absent_keys_stay_quiet(tmp_path):
    res, line = _audit(tmp_path, "spread_kwargs.py")
    assert _caps(res) == sorted([
        (line("run(**request.model_dump())"), "capability-command-execution", "run_container",
         "tool 'run_container' runs commands the caller chooses: parameter 'request' reaches "
         "docker containers.run() as is"),
        (line("run(**request.model_dump())"), "capability-file-access", "run_container",
         "tool 'run_container' reads and writes any file the caller names: parameter 'request' reaches "
         "docker containers.run(volumes=) as is"),
        (line("httpx.get(**options)"), "capability-network-request", "fetch_page",
         "tool 'fetch_page' fetches any URL the caller gives: parameter 'url' reaches httpx.get() as is"),
        (line("volumes=request.volumes"), "capability-file-access", "create_with_mounts",
         "tool 'create_with_mounts' reads and writes any file the caller names: parameter 'request.volumes' "
         "reaches docker containers.create(volumes=) as is"),
    ])
    assert not [f for f in res.findings if f.tool in ("health_check", "start_default", "create_with_data_volume")]


@pytest.mark.parametrize("needle,rule,tool,message", [
    ("to_thread(client.execute, code)", "capability-code-execution", "execute_code",
     "tool 'execute_code' evaluates code the caller writes: parameter 'code' reaches kernel client .execute() as is"),
    ("client.containers.run(image, command)", "capability-command-execution", "run_container",
     "tool 'run_container' runs commands the caller chooses: parameter 'command' reaches docker containers.run() as is"),
])
def test_a_parameter_annotated_with_a_library_class_is_its_receiver(tmp_path, needle, rule, tool, message):
    res, line = _audit(tmp_path, "annotated_receivers.py")
    assert (line(needle), rule, tool, message) in _caps(res)
    assert not [c for c in res.capabilities if c.rule_id == "capability-raw-query"]
    assert not [c for c in res.capabilities if c.tool == "warm_up"]
    assert not [f for f in res.findings if f.tool == "warm_up"]
