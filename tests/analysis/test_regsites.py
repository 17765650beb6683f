"""Registrations the linker completes (fixtures/registration; mcpaudit.analysis.regsites):
``server.tool(server.method, name=...)`` on an object of a project ``FastMCP`` subclass, an
``add_tool`` callback handed to service modules through a filtering wrapper, and a registration
helper whose function goes through a pass-through decorator factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "registration"


def line_of(rel: str, needle: str) -> int:
    lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


@pytest.fixture(scope="module")
def scanned():
    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.py"))]
    out, project = cst_engine.run(files, ROOT, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM], project


def _tools(project, folder: str):
    return sorted((t.name, t.function) for t in project.tools if t.location.path.startswith(folder + "/"))


def _flow(f):
    return [(s.location.path, s.location.line, s.note) for s in f.flow]


def test_bound_methods_of_a_server_subclass_registered_by_calls_in_another_module(scanned):
    findings, project = scanned
    assert _tools(project, "bound") == [
        ("grep_notes", "NotesServer.grep_notes"), ("grep_notes", "NotesServer.grep_notes_fixed"),
        ("note_count", "NotesServer.note_count"), ("read_note", "NotesServer.read_note"),
        ("remove_note_file", "FileTools.remove_file")]
    read = next(t for t in project.tools if t.name == "read_note")
    assert read.annotations == {"readOnlyHint": True}
    f = next(f for f in findings if f.tool == "read_note")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "bound/server.py", line_of("bound/server.py", "with open(os.path.join(self.root, name))"))
    assert _flow(f)[0] == ("bound/server.py", line_of("bound/server.py", "def read_note("),
                           "parameter 'name' of MCP tool 'read_note' (caller-controlled)")
    got = {(f.rule_id, f.location.line, f.tool) for f in findings if f.location.path == "bound/server.py"}
    assert got == {
        ("tool-path-traversal", line_of("bound/server.py", "with open(os.path.join"), "read_note"),
        ("tool-shell-injection", line_of("bound/server.py", 'f"grep -r {pattern}'), "grep_notes"),
        ("tool-path-traversal", line_of("bound/server.py", "os.remove(os.path.join"), "remove_note_file"),
    }


def test_a_tool_method_of_a_class_that_is_no_server_registers_nothing(scanned):
    findings, project = scanned
    assert "wipe" not in {t.name for t in project.tools}
    assert not [f for f in findings if f.location.path == "bound/board.py"]


def test_functions_handed_to_an_add_tool_callback_through_a_filtering_wrapper(scanned):
    findings, project = scanned
    assert _tools(project, "callback") == [
        ("report_count", "report_count"), ("restart_unit", "restart_unit"), ("run_report", "run_report")]
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in findings
                 if f.location.path.startswith("callback/"))
    sql = line_of("callback/report_service.py", "SELECT * FROM sales")
    assert got == [
        ("tool-read-only-bypass", "callback/report_service.py", sql, "run_report"),
        ("tool-shell-injection", "callback/shell_tools.py", line_of("callback/shell_tools.py", "systemctl restart"),
         "restart_unit"),
        ("tool-sql-injection", "callback/report_service.py", sql, "run_report"),
    ]
    f = next(f for f in findings if f.rule_id == "tool-sql-injection" and f.tool == "run_report")
    assert _flow(f)[0] == ("callback/report_service.py", line_of("callback/report_service.py", "def run_report("),
                           "parameter 'region' of MCP tool 'run_report' (caller-controlled)")


def test_a_callable_parameter_handed_something_else_registers_nothing(scanned):
    findings, project = scanned
    assert "purge_unit" not in {t.name for t in project.tools}
    assert not [f for f in findings if f.location.path == "callback/jobs.py"]


def test_a_registration_helper_through_a_pass_through_decorator_factory(scanned):
    findings, project = scanned
    assert _tools(project, "helper") == [("lookup_user", "lookup_user"), ("user_count", "user_count")]
    got = [(f.rule_id, f.location.path, f.location.line, f.tool) for f in findings if f.location.path.startswith("helper/")]
    assert got == [("tool-sql-injection", "helper/users.py", line_of("helper/users.py", "WHERE name = '{username}'"),
                    "lookup_user")]
    f = next(f for f in findings if f.tool == "lookup_user")
    assert _flow(f)[0] == (
        "helper/users.py", line_of("helper/users.py", "def lookup_user("),
        "parameter 'username' of MCP tool 'lookup_user' (caller-controlled)")


def test_a_factory_whose_wrapper_never_calls_the_function_registers_none_of_it(scanned):
    findings, project = scanned
    assert "purge_users" not in {t.name for t in project.tools}
    assert not [f for f in findings if f.location.line == line_of("helper/users.py", "DELETE FROM users")]
    assert [u["callee"] for u in project.unfollowed] == [".factories.disabled()"]


def test_bound_methods_of_the_subclasses_a_base_class_walks(scanned):
    findings, project = scanned
    assert _tools(project, "subclasses") == [
        ("CountLogs", "CountLogs.invoke"), ("ReadLog", "ReadLog.invoke"), ("TailLog", "TailLog.invoke")]
    got = sorted((f.rule_id, f.location.line, f.tool) for f in findings if f.location.path == "subclasses/tools.py")
    assert got == [
        ("tool-path-traversal", line_of("subclasses/tools.py", "with open(os.path.join"), "ReadLog"),
        ("tool-shell-injection", line_of("subclasses/tools.py", "tail -n {lines}"), "TailLog"),
    ]
    f = next(f for f in findings if f.tool == "ReadLog")
    assert _flow(f)[0] == ("subclasses/tools.py", line_of("subclasses/tools.py", "class ReadLog(Tool)") + 1,
                           "parameter 'name' of MCP tool 'ReadLog' (caller-controlled)")
    # a hierarchy nobody walks: its subclasses are no tools
    assert "PurgeJob" not in {t.name for t in project.tools}


def test_tools_of_a_server_object_that_arrives_by_a_star_import(scanned):
    """``from star_jotter.runtime import *`` brings the server object, the decorators and the
    library names runtime.py imported (its computed ``__all__`` keeps the private helpers)."""
    findings, project = scanned
    assert _tools(project, "star") == [
        ("grep_jots", "grep_jots"), ("grep_jots_fixed", "grep_jots_fixed"),
        ("read_jot", "read_jot"), ("read_jot_checked", "read_jot_checked")]
    read = next(t for t in project.tools if t.name == "read_jot")
    assert read.annotations == {"readOnlyHint": True}
    files, shell = "star/star_jotter/tools/files.py", "star/star_jotter/tools/shell.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in findings
                 if f.location.path.startswith("star/"))
    assert got == [
        ("tool-path-traversal", files, line_of(files, "Path(os.path.join(NOTES, name))"), "read_jot"),
        ("tool-shell-injection", shell, line_of(shell, 'f"grep -r {pattern}'), "grep_jots"),
    ]
    f = next(f for f in findings if f.tool == "grep_jots")
    assert "subprocess.run(shell=True)" in f.message
    assert _flow(f)[0] == (shell, line_of(shell, "def grep_jots("),
                           "parameter 'pattern' of MCP tool 'grep_jots' (caller-controlled)")


def test_a_literal_all_limits_what_a_star_import_brings(scanned):
    """quiet.py's ``__all__`` names only ``stamp``: its ``board`` server does not arrive, and
    ``@board.tool()`` registers nothing."""
    findings, project = scanned
    assert "wipe_board" not in {t.name for t in project.tools}
    assert not [f for f in findings if f.location.path == "star/star_jotter/tools/board.py"]


def test_star_imports_without_the_first_pass_give_the_same_tools():
    root = ROOT / "star"
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    _out, project = cst_engine.run(files, root, jobs=1, first_pass=False)
    assert sorted(t.name for t in project.tools) == ["grep_jots", "grep_jots_fixed", "read_jot", "read_jot_checked"]


def test_self_tool_called_with_a_function_in_a_method_of_a_server_subclass(scanned):
    findings, project = scanned
    assert _tools(project, "selfcall") == [
        ("archive-list", "ArchiveServer.setup_tools.listing"), ("archive-pack", "ArchiveServer.setup_tools.pack")]
    pack = next(t for t in project.tools if t.name == "archive-pack")
    assert pack.description == "Pack an area into a tarball"
    server = "selfcall/server.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in findings
                 if f.location.path.startswith("selfcall/"))
    assert got == [("tool-shell-injection", server, line_of(server, 'f"tar czf'), "archive-pack")]
    f = next(f for f in findings if f.tool == "archive-pack")
    # both parameters reach the shell command unquoted; the flow shown is one of them, and the
    # message names the same one (which is first is the flow order's choice, py50a)
    head = _flow(f)[0]
    assert head[:2] == (server, line_of(server, "async def pack("))
    param = head[2].split("'")[1]
    assert param in ("area", "label")
    assert head[2] == f"parameter '{param}' of MCP tool 'archive-pack' (caller-controlled)"
    assert f.message == f"tool 'archive-pack' passes parameter '{param}' to subprocess.run(shell=True): OS command injection"
    assert "shelf-burn" not in {t.name for t in project.tools}


def test_low_level_tools_named_by_f_strings_with_a_configured_prefix(scanned):
    """``Tool(name=f"{prefix}ledger_query")`` and ``if name == f"{prefix}ledger_query":`` name the
    tool by its literal part; the raw-SQL tool is then a capability of that tool (on a ``mode=ro``
    URI written as an f-string: read-only), not an injection in an unnamed dispatcher."""
    _findings, project = scanned
    server = "prefixed/ledger_server.py"
    assert _tools(project, "prefixed") == [
        ("ledger_count", "build.call_tool"), ("ledger_export", "build.call_tool"), ("ledger_query", "build.call_tool")]
    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted((ROOT / "prefixed").rglob("*.py"))]
    out, _project = cst_engine.run(files, ROOT, jobs=1)
    got = sorted((f.rule_id, f.location.line, f.tool) for f in out.findings if f.confidence >= Confidence.MEDIUM)
    assert got == [
        ("capability-raw-query", line_of(server, 'conn.execute(arguments["sql"])'), "ledger_query"),
        ("tool-shell-injection", line_of(server, "sqlite3 {db_path} .dump"), "ledger_export"),
    ]
    cap = next(f for f in out.findings if f.rule_id == "capability-raw-query")
    assert "read-only, enforced by the database" in cap.message


def test_zeromcp_servers_and_a_project_tool_decorator_wrapping_one(scanned):
    """zeromcp's ``McpServer`` (from PyPI, or vendored) is a server; ``def tool(func): return
    BENCH.tool(func)`` makes a bare ``@tool`` (imported, or in its own module) a registration,
    stacked over other project decorators; ``resource(uri)`` likewise. A pass-through decorator
    alone (``@on_main_thread``) registers nothing."""
    findings, project = scanned
    assert _tools(project, "zero") == [
        ("bench://notes/{name}", "bench_note"), ("bench_tail", "bench_tail"), ("disk_usage", "disk_usage"),
        ("disk_usage_fixed", "disk_usage_fixed"), ("ping_host", "ping_host"), ("ping_host_fixed", "ping_host_fixed")]
    assert {t.framework for t in project.tools if t.location.path.startswith("zero/")} == {"zeromcp"}
    api, rpc, pypi = "zero/bench/api_net.py", "zero/bench/rpc.py", "zero/pypi_server.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in findings
                 if f.location.path.startswith("zero/"))
    assert got == [
        ("tool-path-traversal", api, line_of(api, 'open(os.path.join("/srv/bench/notes", name))'), "bench://notes/{name}"),
        ("tool-shell-injection", api, line_of(api, 'f"ping -c 1 {host}"'), "ping_host"),
        ("tool-shell-injection", rpc, line_of(rpc, 'f"tail -n {lines}'), "bench_tail"),
        ("tool-shell-injection", pypi, line_of(pypi, 'f"du -sh {path}"'), "disk_usage"),
    ]
    f = next(f for f in findings if f.tool == "ping_host")
    assert _flow(f)[0] == (api, line_of(api, "def ping_host("), "parameter 'host' of MCP tool 'ping_host' (caller-controlled)")
    assert "flush_logs" not in {t.name for t in project.tools}


def test_functions_held_by_records_registered_from_a_loop_over_a_parameter(scanned):
    """``server.add_tool(fn=d.fn, ...)`` in a loop over a list handed in as a parameter: every
    ``ToolDefinition(fn=closure, ...)`` the project builds is a candidate, under the record's
    literal name when it gives one."""
    findings, project = scanned
    assert _tools(project, "records") == [
        ("read_report", "create_file_tool_definitions.read_report"), ("reports", "create_file_tool_definitions.list_reports")]
    tools = "records/wh_records/file_tools.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in findings
                 if f.location.path.startswith("records/"))
    assert got == [("tool-path-traversal", tools, line_of(tools, "open(os.path.join(root, report))"), "read_report")]
    assert not [u for u in project.unfollowed if u["path"].startswith("records/")]
