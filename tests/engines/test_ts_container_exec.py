"""Commands run in a container or pod (fixtures/typescript/containerexec): ``docker exec
[options] CONTAINER CMD...`` has no "--", its command starts right after the container;
``kubectl exec POD -- CMD...`` starts it after the "--"; the words from there on are read as the
command's own argv (``sh -c <script>``, a fixed program's operands, a caller's program)
(rules/models/typescript/process.yaml ``remote-commands``, mcpaudit/analysis/ts/remoteshell.py)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "containerexec"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_sh_c_in_the_container_runs_the_callers_command_line():
    out, _ = scan(G)
    f = only(out.findings, tool="sandbox_exec")
    assert (f.rule_id, f.location.line) == ("capability-command-execution", line_of("server.ts", '"/bin/sh", "-c", command', G))
    assert f.message.startswith("tool 'sandbox_exec' runs commands the caller chooses: parameter 'command' reaches "
                                "child_process.execFileSync() ['docker exec', container, …] ['sh', '-c', …] as is")
    # no argument injection for the script operand: it follows the container, it is sh's script
    assert not [g for g in out.findings if g.tool == "sandbox_exec" and g.rule_id == "tool-argument-injection"]


def test_a_fixed_program_in_the_container_keeps_its_operands_checked():
    out, _ = scan(G)
    f = only(out.findings, tool="list_dir")
    assert (f.rule_id, f.location.line) == ("tool-argument-injection", line_of("server.ts", '"ls", "-la", dir', G))
    assert "['docker exec', container, …]" in f.message


def test_the_callers_program_after_kubectl_exec_dashes_runs_in_the_pod():
    out, _ = scan(G)
    f = only(out.findings, tool="pod_run")
    assert (f.rule_id, f.location.line) == ("capability-command-execution", line_of("server.ts", '"--", program', G))
    assert "['kubectl exec', pod, …]" in f.message


def test_a_fixed_command_in_a_pinned_container_is_quiet():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "container_uptime"]
