"""Python recall (issue 12, branch py58c), each with a twin under ``fixtures/py58c``: an argv whose
head a key picks from a module table of constant argvs (``INTERPRETERS[language] + [code]``),
Invoke's ``Context.run`` as a shell, and programs that write the files their operands or output
options name (black rewrites its operands, ``tcpdump -w`` writes the capture)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "py58c"


def _audit(tmp_path, name):
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    conf = Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)
    return api.audit([root], conf)


def _line(rel: str, text: str) -> int:
    lines = (PROJECTS / rel).read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def _default(res):
    return [f for f in res.findings if f.confidence >= Confidence.MEDIUM]


# -- 1. argv picked from a table of constant argvs -------------------------------------------------
def test_code_after_an_interpreter_picked_from_a_table_is_code_execution(tmp_path):
    res = _audit(tmp_path, "argv_table_code")
    line = _line("argv_table_code/server.py", "subprocess.run(cmd")
    splat = _line("argv_table_code/server.py", "*INTERPRETERS[language]")
    caps = {c.tool: c for c in res.capabilities if c.rule_id == "capability-code-execution"}
    assert set(caps) == {"run_snippet", "run_snippet_async"}
    cap = caps["run_snippet"]
    assert (cap.location.path, cap.location.line) == ("server.py", line)
    assert cap.message.startswith("tool 'run_snippet' evaluates code the caller writes: parameter 'code' "
                                  "reaches subprocess.run(['python3', '-c', ...]) as is")
    cap = caps["run_snippet_async"]
    assert (cap.location.path, cap.location.line) == ("server.py", splat)
    assert "parameter 'code' reaches asyncio.create_subprocess_exec(['python3', '-c', ...]) as is" in cap.message
    # no longer an argv "built elsewhere" whose element is unknown
    assert not [f for f in res.findings if f.rule_id == "tool-argument-injection"]


def test_a_table_of_linters_after_double_dash_runs_no_caller_option(tmp_path):
    res = _audit(tmp_path, "argv_table_linters")
    assert not [f for f in res.findings if f.rule_id.startswith("tool-")]
    assert not res.capabilities


# -- 2. Invoke ------------------------------------------------------------------------------------------
def test_invoke_context_run_is_a_shell(tmp_path):
    res = _audit(tmp_path, "invoke_runner")
    line = _line("invoke_runner/server.py", "c.run(command")
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-command-execution"]
    assert (cap.location.path, cap.location.line, cap.tool) == ("server.py", line, "run_task")
    assert "parameter 'command' reaches invoke .run() as is" in cap.message


def test_invoke_with_a_suite_from_a_constant_table_is_no_default_finding(tmp_path):
    res = _audit(tmp_path, "invoke_fixed")
    assert not _default(res)
    assert not res.capabilities


# -- 3. programs that write the files they are given ----------------------------------------------------
def test_black_rewrites_its_operand_and_tcpdump_writes_its_capture_file(tmp_path):
    res = _audit(tmp_path, "formatter_path")
    rows = {(f.tool, f.location.line): f for f in res.findings if f.rule_id == "tool-path-traversal"}
    black = rows[("tidy", _line("formatter_path/server.py", '["black"'))]
    assert black.location.path == "server.py" and black.confidence == Confidence.HIGH
    assert "parameter 'target' to subprocess.run(['black', ...])" in black.message and "(write)" in black.message
    pcap = rows[("capture", _line("formatter_path/server.py", '["tcpdump"'))]
    assert "parameter 'pcap' to subprocess.run(['tcpdump -w', ...])" in pcap.message and "(write)" in pcap.message
    # tcpdump's -w takes the next element as its value: no option the caller's file name could start
    assert not [f for f in res.findings if f.rule_id == "tool-argument-injection" and f.tool == "capture"]


def test_black_on_stdin_writes_nothing(tmp_path):
    res = _audit(tmp_path, "formatter_fixed")
    assert not [f for f in res.findings if f.rule_id.startswith("tool-")]
    assert not res.capabilities
