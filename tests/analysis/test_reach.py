"""Recall on general shapes (issue 12):

* read-only modes that the engine does not keep (fixtures/capabilities/duckdb_*.py): a DuckDB
  connection opened read_only still writes host files with COPY ... TO unless external access is
  turned off, so caller query text run there is tool-read-only-bypass; the locked twin is quiet;
* pexpect as command execution (fixtures/taint/pexpect_shell.py): pexpect.spawn(line) runs the
  line, child.sendline(text) types into the spawned shell, reached through a @property annotated
  with pexpect's class and through a variable reassigned on one branch only."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _audit(tmp_path, *names):
    for name in names:
        (tmp_path / Path(name).name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def _line(name: str, text: str) -> int:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def test_read_only_duckdb_connection_with_external_access_is_a_bypass(tmp_path):
    res = _audit(tmp_path, "capabilities/duckdb_readonly.py")
    [f] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.line, f.tool) == (_line("capabilities/duckdb_readonly.py", "conn.execute(query)"), "query")
    assert "duckdb.connect(read_only=...)" in f.message and "COPY ... TO" in f.message


def test_external_access_off_or_no_read_only_mode_is_quiet(tmp_path):
    res = _audit(tmp_path, "capabilities/duckdb_locked.py")
    assert not [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert {c.tool for c in res.capabilities if c.rule_id == "capability-raw-query"} == {"locked_query", "scratch_query"}


def test_pexpect_spawn_and_sendline_run_commands(tmp_path):
    res = _audit(tmp_path, "taint/pexpect_shell.py")
    [inj] = [f for f in res.findings if f.rule_id == "tool-shell-injection"]
    assert (inj.location.line, inj.tool) == (_line("taint/pexpect_shell.py", "pexpect.spawn(f\""), "tool_version")
    assert inj.message == ("tool 'tool_version' passes parameter 'name' to pexpect.spawn(): OS command injection "
                           "(pexpect runs the command line it is given)")
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-command-execution"]
    assert (cap.location.line, cap.tool) == (_line("taint/pexpect_shell.py", "self._child.sendline(text)"), "type_into_terminal")
    assert "pexpect child .sendline()" in cap.message
    assert not {f.tool for f in res.findings} & {"list_directory_safe", "echo_safe"}


def test_library_method_handed_to_a_runner_is_a_sink_call(tmp_path):
    name = "taint/library_callbacks.py"
    res = _audit(tmp_path, name)
    got = {(f.rule_id, f.location.line, f.tool) for f in res.findings}
    assert got == {
        ("tool-sql-injection", _line(name, "to_thread(cur.execute"), "find_member"),
        ("tool-shell-injection", _line(name, "None, os.system"), "ping_host"),
        ("tool-shell-injection", _line(name, "shell=True"), "disk_usage"),
    }
    [ping] = [f for f in res.findings if f.tool == "ping_host"]
    assert ping.message == "tool 'ping_host' passes parameter 'host' to os.system(): OS command injection"


def test_a_select_query_description_is_a_read_only_claim(tmp_path):
    name = "capabilities/select_claims.py"
    res = _audit(tmp_path, name)
    [f] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.line, f.tool) == (_line(name, "def report_rows") + 1, "report_rows")
    assert f.message == ("tool 'report_rows' is described as read-only but runs the caller's query text "
                         "with no read-only mode the database enforces (.execute())")


def test_a_handler_nested_after_a_constructor_calls_into_the_class(tmp_path):
    name = "taint/closure_types.py"
    res = _audit(tmp_path, name)
    got = {(f.rule_id, f.location.line, f.tool) for f in res.findings}
    assert got == {("tool-sql-injection", _line(name, "def find(") + 1, "find_item")}


def test_a_read_only_claim_is_reported_at_the_write_its_caller_directs(tmp_path):
    # fixtures/annotations/claim_directed.py: both tools update a fixed usage file, which no
    # caller value reaches (the server's bookkeeping, no broken claim: ownwrites.py); save_notes
    # also writes a file named from its caller's id - its claim stands there, with that flow
    name = "annotations/claim_directed.py"
    res = _audit(tmp_path, name)
    got = sorted((f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == "tool-read-only-bypass")
    assert got == [
        (_line(name, "open(target"), "save_notes",
         "tool 'save_notes' is annotated readOnlyHint=True but writes files (open())"),
    ]
    [f] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass" and f.tool == "save_notes"]
    steps = [(s.location.line, s.note) for s in f.flow]
    assert steps[0] == (_line(name, "def save_notes"), "parameter 'note_id' of MCP tool 'save_notes' (caller-controlled)")
    assert (_line(name, "return write_note(note_id, text)"), "passed to write_note()") in steps


def test_a_select_tool_beside_a_sibling_that_writes_claims_nothing(tmp_path):
    # fixtures/capabilities/select_routes.py: "Execute a SELECT query" and its prefix check route
    # statements between two tools; the sibling runs any write for the same caller
    name = "capabilities/select_routes.py"
    res = _audit(tmp_path, name)
    assert not [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert [(f.rule_id, f.tool, f.location.line) for f in res.capabilities] == [
        ("capability-raw-query", "change_rows", _line(name, "def change_rows") + 1)]
