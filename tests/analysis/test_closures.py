"""Nested functions and lambdas (fixtures/taint/closures.py): a closure over a handler's
parameters reaches its sinks wherever it is called or handed to an executor, thread or pool; its
own parameters shadow the handler's, and are never tool parameters."""

from __future__ import annotations

from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

CLOSURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "closures.py"
_FOUND: List[Finding] = []
_TOOLS: list = []


def found() -> List[Finding]:
    if not _FOUND:
        out, project = cst_engine.run([(str(CLOSURES), CLOSURES.name)], CLOSURES.parent, jobs=1)
        assert not out.errors, out.errors
        _FOUND.extend(f for f in out.findings if f.confidence >= Confidence.MEDIUM)
        _TOOLS.extend(project.tools)
    return _FOUND


def line_of(needle: str) -> int:
    hits = [i for i, ln in enumerate(CLOSURES.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def of_tool(tool: str) -> List[Finding]:
    return sorted((f for f in found() if f.tool == tool), key=lambda f: f.location.line)


def steps(f: Finding):
    return [(s.location.line, s.note) for s in f.flow]


def test_a_closure_called_directly_reaches_the_handler_parameter():
    [f] = of_tool("closure_direct")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("    def probe() -> str:") + 1)
    assert f.message == "tool 'closure_direct' passes parameter 'host' to subprocess.run(shell=True): OS command injection"
    assert steps(f) == [
        (line_of("def closure_direct(host: str)"), "parameter 'host' of MCP tool 'closure_direct' (caller-controlled)"),
        (line_of("    def probe() -> str:"), "used by nested function 'probe'"),
        (f.location.line, "reaches subprocess.run(shell=True)"),
    ]


def test_a_closure_handed_to_run_in_executor():
    [f] = of_tool("closure_executor")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of('"grep -r " + pattern'))
    assert f.message == ("tool 'closure_executor' passes parameter 'pattern' to subprocess.check_output(shell=True): "
                         "OS command injection")


def test_a_closure_handed_to_to_thread_keeps_the_connection_type():
    [f] = of_tool("closure_to_thread")
    assert (f.rule_id, f.location.line) == ("tool-sql-injection", line_of("return conn.execute(f\"SELECT"))
    assert f.message == "tool 'closure_to_thread' passes parameter 'name' to .execute(): SQL injection (the query is an f-string)"


def test_closures_handed_to_a_pool_and_a_thread():
    got = [(f.rule_id, f.location.line, f.parameter) for f in of_tool("closure_pool_and_thread")]
    assert got == [("tool-shell-injection", line_of('"nmap " + target'), "target"),
                   ("tool-shell-injection", line_of('"traceroute " + target'), "target")]


def test_a_closure_parameter_shadows_the_handler_parameter():
    assert of_tool("closure_own_parameter_shadows") == []
    assert of_tool("closure_safe_argument") == []


def test_closure_variables_are_not_tool_parameters():
    found()
    tools = {t.name: t for t in _TOOLS}
    assert [p.name for p in tools["closure_executor"].parameters] == ["pattern"]
    assert "probe" not in tools and "search" not in tools


def test_a_lambda_handed_to_run_in_executor_is_followed():
    [f] = of_tool("lambda_executor")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of('lambda: subprocess.run("sh -c " + command'))
    assert f.message == "tool 'lambda_executor' passes parameter 'command' to subprocess.run(shell=True): OS command injection"


def test_a_lambda_running_a_query_built_from_the_parameter():
    [f] = of_tool("lambda_query")
    assert (f.rule_id, f.location.line) == ("tool-sql-injection", line_of("lambda: cur.execute(q)"))
    assert f.message == ("tool 'lambda_query' passes parameter 'name' to .execute(): SQL injection "
                         "(the query text is built from the value)")


def test_a_lambda_parameter_shadows_the_handler_parameter():
    assert of_tool("lambda_own_parameter_shadows") == []
