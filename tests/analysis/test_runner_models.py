"""Library code and command runners (rules/models/python/kernels.yaml, containers.yaml) on the
fixture fixtures/taint/runners.py: capability when the tool says so, injection when it builds the
code or command (audit view beside a tool that runs the same kernel's code raw); a TLS setting that
defaults to off is no finding."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "runners.py"
_RES = []


def result():
    if not _RES:
        _RES.append(api.audit([FIXTURE], Config(engines=("cst",), cache=False)))
    return _RES[0]


def line_of(needle: str) -> int:
    hits = [i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def by_tool(items, tool):
    [f] = [f for f in items if f.tool == tool]
    return f


def test_kernel_client_execute_is_a_code_execution_capability():
    f = by_tool(result().capabilities, "run_python")
    assert (f.rule_id, f.location.line) == ("capability-code-execution", line_of("KERNEL.execute(code)"))
    assert f.message.startswith("tool 'run_python' evaluates code the caller writes: parameter 'code' "
                                "reaches kernel client .execute() as is")


def test_code_built_for_a_kernel_is_code_injection():
    # run_python already runs any code in the same kernel: the injection is in the audit view
    # (ts25b, analysis/offered.py)
    from mcpaudit.engines import cst as cst_engine
    from mcpaudit.models import Confidence

    assert not [f for f in result().findings if f.tool == "plot_series"]
    out, _ = cst_engine.run([(str(FIXTURE), FIXTURE.name)], FIXTURE.parent, jobs=1)
    f = by_tool(out.findings, "plot_series")
    assert (f.rule_id, f.location.line, f.confidence) == (
        "tool-code-injection", line_of('KERNEL.execute(f"plot('), Confidence.LOW)
    assert f.message == ("tool 'plot_series' passes parameter 'series' to kernel client .execute(): code injection; "
                         "tool 'run_python' already hands its caller's own input to kernel client .execute() as is "
                         "(its capability): nothing beyond it (audit view)")


def test_docker_containers_run_is_a_command_execution_capability():
    f = by_tool(result().capabilities, "run_container")
    assert (f.rule_id, f.location.line) == ("capability-command-execution", line_of("DOCKER.containers.run(image, command)"))
    assert f.message.startswith("tool 'run_container' runs commands the caller chooses: parameter 'command' "
                                "reaches docker containers.run() as is")


def test_a_command_string_built_for_exec_run_is_argument_injection():
    # docker-py splits a string cmd with shlex.split, no shell: the name adds words to cat's argv (py51a)
    f = by_tool(result().findings, "container_log")
    assert (f.rule_id, f.location.line) == ("tool-argument-injection", line_of(".exec_run(f\"cat /var/log/"))
    assert f.message == ("tool 'container_log' passes parameter 'name' to docker .exec_run(): argument injection "
                         "(docker-py splits a string command with shlex.split and the container runs that argv with "
                         "no shell: the caller's text adds words to the argv of cat, options among them)")


def test_verify_from_a_setting_that_defaults_to_off_is_not_a_finding():
    assert not [f for f in result().findings if f.tool == "status" or f.location.line == line_of("verify=VERIFY_TLS")]
