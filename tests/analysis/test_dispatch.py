"""Tool dispatch from a low-level ``call_tool`` (fixtures/dispatch): records holding their handler,
handler classes in a dictionary, a handler map, ``getattr(self, f"tool_{name}")``; and a dispatch
the analysis cannot follow, which marks the surface (and the grade) incomplete
(fixtures/dispatch_unfollowed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines import cst as cst_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _run(name: str):
    root = FIXTURES / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, project = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


@pytest.fixture(scope="module")
def dispatch():
    return _run("dispatch")


@pytest.mark.parametrize("path,line,rule,tool", [
    ("records.py", 22, "tool-sql-injection", "find_user"),
    ("classes.py", 30, "tool-shell-injection", "restart_service"),  # super().__init__(TOOL_RESTART)
    ("classes.py", 45, "tool-shell-injection", "ping_host"),  # class attribute name = "ping_host"
    ("mapping.py", 13, "tool-path-traversal", "read_note"),
    ("prefixed.py", 17, "tool-path-traversal", "remove"),
    ("records_loop.py", 18, "tool-path-traversal", "remove_archive"),  # for t in TOOLS: ... t.handler(...)
    ("picked.py", 14, "tool-path-traversal", "reset_counter"),  # next(t for t in TOOLS if ...).run(...)
    # FastMCP registrations in loops over a table of functions
    ("loops/server.py", 12, "tool-shell-injection", "restart_unit"),
    ("loops/server.py", 20, "tool-shell-injection", "grep_logs"),
    # isinstance(arg, ReadLog), ReadLog being the model the tool's input schema is made from
    ("typed/server.py", 28, "tool-path-traversal", "ReadLog"),
    ("typed/server.py", 26, "capability-command-execution", "RunCommand"),
    # for fn in OPS_TOOLS: mcp.add_tool(FunctionTool.from_function(fn)), the list imported
    ("loops_imported/ops.py", 7, "tool-shell-injection", "archive_logs"),
    # @tools.append on a module-level list (or list class), registered by mcp.tool(fn) in a loop
    ("appended/host_tools.py", 17, "tool-shell-injection", "run_check"),
    ("appended/file_tools.py", 23, "tool-path-traversal", "read_log"),
    # (function, name, description, flag) rows returned by each module's get_all_functions(),
    # picked from a dict of the imported providers and registered in a loop
    ("tables/backups.py", 15, "tool-shell-injection", "backup_run"),
    ("tables/reports.py", 12, "tool-path-traversal", "report_read"),
    # google-adk FunctionTool(fn) objects run by call_tool through tool.run_async(args=arguments)
    ("wrapped/reports.py", 8, "tool-sql-injection", "sales_by_region"),
    # tools calling services.orders.execute_tool(...) on a services container typed by its
    # constructor's parameters; the feature runs its method by name with the forwarded **kwargs
    ("container/orders.py", 17, "tool-sql-injection", "find_order"),
    # types.FunctionType copies of a factory's nested function, registered by mcp.tool(name=...)(fn)
    ("copies/server.py", 12, "tool-shell-injection", "runner"),
    # Registry.get_tool(name).run_tool(arguments): a classmethod annotated -> "BaseHandler", whose
    # subclasses (registered by __init_subclass__) live in other modules
    ("registry/handles/archive.py", 11, "tool-shell-injection", "archive_logs"),
    # tool = TOOLS[name]; tool.run(arguments), TOOLS annotated Dict[str, "JournalTool"]
    ("registry_dict.py", 30, "tool-shell-injection", "search_journal"),
])
def test_a_handler_reached_through_dispatch_is_reported_under_its_tool(dispatch, path, line, rule, tool):
    findings, _ = dispatch
    hit = [f for f in findings if (f.location.path, f.location.line, f.rule_id) == (path, line, rule)]
    assert len(hit) == 1, [(f.location.path, f.location.line, f.rule_id) for f in findings]
    assert hit[0].tool == tool and f"tool '{tool}'" in hit[0].message


def test_safe_twins_behind_the_same_dispatch_stay_quiet(dispatch):
    findings, _ = dispatch
    quiet = {("records.py", 26), ("classes.py", 38), ("mapping.py", 17), ("prefixed.py", 20), ("typed/server.py", 30),
             ("loops/server.py", 16), ("loops/server.py", 24), ("records_loop.py", 22), ("picked.py", 22),
             ("loops_imported/ops.py", 11), ("loops_imported/ops.py", 15), ("loops_imported/ops.py", 19),
             ("registry/handles/archive.py", 19), ("registry_dict.py", 38),
             ("appended/host_tools.py", 22), ("appended/host_tools.py", 26), ("appended/file_tools.py", 29),
             ("tables/backups.py", 19), ("tables/backups.py", 23), ("tables/reports.py", 17),
             ("wrapped/reports.py", 13), ("wrapped/reports.py", 18), ("container/orders.py", 21),
             ("copies/server.py", 20)}
    assert not [f for f in findings if (f.location.path, f.location.line) in quiet]


def test_the_inventory_lists_each_dispatched_tool_at_its_handler(dispatch):
    _, project = dispatch
    tools = {t.name: (t.location.path, t.location.line, t.function) for t in project.tools}
    assert tools["find_user"] == ("records.py", 21, "handle_find_user")
    assert tools["count_orders"] == ("records.py", 25, "handle_count_orders")
    assert tools["restart_service"] == ("classes.py", 29, "RestartHandler.run_tool")
    assert tools["service_status"] == ("classes.py", 37, "StatusHandler.run_tool")
    assert tools["ping_host"] == ("classes.py", 44, "PingHandler.run_tool")
    assert tools["read_note"][:2] == ("mapping.py", 12) and tools["list_notes"][:2] == ("mapping.py", 16)
    assert tools["remove"] == ("prefixed.py", 16, "Files.tool_remove")
    # a call_tool handler is listed through the tools its dispatch reaches
    assert "call_tool" not in tools
    descs = {t.name: t.description for t in project.tools}
    assert descs["find_user"] == "Find a user by name."  # the record's description
    assert descs["ping_host"] == "Ping a host once."  # what the class's Tool(...) declares
    assert {n: tools[n][:2] for n in ("RunCommand", "ReadLog", "TailLog")} == {
        "RunCommand": ("typed/server.py", 17), "ReadLog": ("typed/server.py", 18), "TailLog": ("typed/server.py", 19)}
    assert {n: tools[n][:2] for n in ("restart_unit", "unit_status", "grep_logs", "count_logs")} == {
        "restart_unit": ("loops/server.py", 11), "unit_status": ("loops/server.py", 15),
        "grep_logs": ("loops/server.py", 19), "count_logs": ("loops/server.py", 23)}
    assert tools["remove_archive"][:2] == ("records_loop.py", 17) and tools["disk_usage"][:2] == ("records_loop.py", 21)
    assert tools["reset_counter"] == ("picked.py", 13, "ResetCounter.run") and tools["uptime"][:2] == ("picked.py", 21)
    # each function of a list imported from another module, registered in a loop (cleanup is in none)
    assert {n: tools[n] for n in ("archive_logs", "free_space", "list_units")} == {
        "archive_logs": ("loops_imported/ops.py", 6, "archive_logs"),
        "free_space": ("loops_imported/ops.py", 10, "free_space"),
        "list_units": ("loops_imported/ops.py", 14, "list_units")}
    assert "cleanup" not in tools
    # appended to a module-level list by its append (or a decorator that appends), each entry
    # registered with mcp.tool(fn) in a loop over the imported list; disk_report is in none
    assert {n: tools[n] for n in ("run_check", "load_average", "read_log", "read_motd")} == {
        "run_check": ("appended/host_tools.py", 16, "run_check"),
        "load_average": ("appended/host_tools.py", 21, "load_average"),
        "read_log": ("appended/file_tools.py", 22, "read_log"),
        "read_motd": ("appended/file_tools.py", 28, "read_motd")}
    assert "disk_report" not in tools
    # each row of a provider's table, named and described by the row (prune is in no row)
    assert {n: tools[n] for n in ("backup_run", "backup_space", "report_read", "report_list")} == {
        "backup_run": ("tables/backups.py", 14, "run_backup"),
        "backup_space": ("tables/backups.py", 18, "backup_space"),
        "report_read": ("tables/reports.py", 11, "read_report"),
        "report_list": ("tables/reports.py", 16, "report_names")}
    assert descs["backup_run"] == "Run a backup of a folder" and "prune" not in tools
    # the functions tool-wrapper objects wrap, named by the function (rebuild_index is wrapped by none)
    assert {n: tools[n] for n in ("sales_by_region", "sales_by_month")} == {
        "sales_by_region": ("wrapped/reports.py", 6, "sales_by_region"),
        "sales_by_month": ("wrapped/reports.py", 11, "sales_by_month")}
    assert "rebuild_index" not in tools
    # a copy of a factory's nested function: that function is the handler (the tool's name is
    # chosen at run time unless a literal is given)
    assert tools["runner"] == ("copies/server.py", 11, "make_runner.runner")
    assert tools["say_hello"] == ("copies/server.py", 19, "make_greeter.greeter")
    # MODELS[name](**arguments) constructs an input model of the project: a followed dispatch
    assert project.unfollowed == []


def test_an_unfollowed_dispatch_is_recorded_with_its_location():
    _, project = _run("dispatch_unfollowed")
    assert [(u["path"], u["line"], u["callee"], u["kind"]) for u in project.unfollowed] == [
        ("server.py", 21, "handler", "dispatch")]
    assert "could not resolve it to any function" in project.unfollowed[0]["why"]


def test_an_unfollowed_dispatch_marks_the_grade_incomplete(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "dispatch_unfollowed", root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("cst", "semgrep", "bandit"), cache=False))
    assert res.surface["complete"] is False and res.surface["evidence"] == "server.py:21"
    assert res.surface["reason"] == "a call_tool dispatch the analysis could not follow (handler)"
    assert [u["line"] for u in res.surface["unfollowed"]] == [21]
    assert res.grade_note.startswith("incomplete: a call_tool dispatch the analysis could not follow")
    items = {it.id: it for c in res.checklists for it in c.items}
    assert items["004-4"].status == "not-assessed" and "incomplete surface" in items["004-4"].note


def test_a_followed_dispatch_keeps_the_surface_complete(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "dispatch", root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("cst",), cache=False))
    assert res.surface["complete"] is True and "unfollowed" not in res.surface and res.grade_note == ""


def test_an_unresolved_registration_is_an_unfollowed_surface(tmp_path):
    root = tmp_path / "tree"
    (root / ".git").mkdir(parents=True)
    (root / "server.py").write_text(
        "from mcp.server.fastmcp import FastMCP\n"
        "mcp = FastMCP('x')\n"
        "\n"
        "@mcp.tool()\n"
        "def ping() -> str:\n"
        "    return 'pong'\n"
        "\n"
        "def load(plugins):\n"
        "    for p in plugins:\n"
        "        mcp.add_tool(p.run)\n")
    res = api.audit([root], Config(engines=("cst",), cache=False))
    assert [t.name for t in res.tools] == ["ping"]
    assert res.surface["complete"] is False and res.surface["evidence"] == "server.py:10"
    assert res.surface["reason"] == "a tool registration the analysis could not follow (p.run)"
    assert res.grade_note.startswith("incomplete: a tool registration")


def test_a_class_name_attribute_names_a_tool_only_behind_a_dispatch(tmp_path):
    # call_tool calls a backend object directly: its class's `name` is not a tool name
    (tmp_path / "server.py").write_text(
        "import subprocess\n"
        "from mcp.server import Server\n"
        "server = Server('x')\n"
        "\n"
        "class Backend:\n"
        "    name = 'sqlite'\n"
        "\n"
        "    def run(self, arguments):\n"
        "        return subprocess.check_output('echo ' + arguments['q'], shell=True)\n"
        "\n"
        "BACKEND = Backend()\n"
        "\n"
        "@server.call_tool()\n"
        "async def call_tool(name: str, arguments: dict):\n"
        "    if name == 'echo':\n"
        "        return BACKEND.run(arguments)\n")
    out, project = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    hits = [(f.rule_id, f.location.line, f.tool) for f in out.findings]
    assert hits == [("tool-shell-injection", 9, "echo")]
    assert "sqlite" not in {t.name for t in project.tools} and project.unfollowed == []


def test_a_class_registry_files_each_subclass_under_its_tool(dispatch):
    _, project = dispatch
    tools = {t.name: (t.location.path, t.location.line, t.function) for t in project.tools}
    assert tools["list_archives"] == ("registry/handles/archive.py", 17, "ListArchives.run_tool")
    assert tools["count_journal"] == ("registry_dict.py", 37, "CountJournal.run")
    assert [t.name for t in project.tools if t.location.path == "registry/server.py"] == []


def test_rows_a_function_of_the_same_module_returns_are_registered(tmp_path):
    (tmp_path / "server.py").write_text(
        "import subprocess\n"
        "from fastmcp import FastMCP\n"
        "mcp = FastMCP('x')\n"
        "\n"
        "def ping(host: str) -> str:\n"
        "    return subprocess.check_output(f'ping -c1 {host}', shell=True).decode()\n"
        "\n"
        "def tool_rows():\n"
        "    return [(ping, 'ping_host', 'Ping a host once')]\n"
        "\n"
        "for fn, name, text in tool_rows():\n"
        "    mcp.tool(fn, name=name, description=text)\n")
    out, project = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    assert [(t.name, t.function, t.location.line, t.description) for t in project.tools] == [
        ("ping_host", "ping", 5, "Ping a host once")]
    assert [(f.location.line, f.rule_id, f.tool) for f in out.findings] == [(6, "tool-shell-injection", "ping_host")]
    assert project.unfollowed == []


def test_tool_wrappers_no_call_tool_runs_are_not_tools(tmp_path):
    """FunctionTool objects handed to an agent (no call_tool runs them) register nothing."""
    (tmp_path / "agent.py").write_text(
        "import os\n"
        "from google.adk.tools.function_tool import FunctionTool\n"
        "from mcp.server.lowlevel import Server\n"
        "app = Server('x')\n"
        "\n"
        "def shell(cmd: str) -> str:\n"
        "    return os.popen(cmd).read()\n"
        "\n"
        "agent_tools = [FunctionTool(shell)]\n"
        "\n"
        "@app.call_tool()\n"
        "async def call_tool(name: str, arguments: dict) -> list:\n"
        "    return []\n")
    out, project = cst_engine.run([(str(tmp_path / "agent.py"), "agent.py")], tmp_path, jobs=1)
    assert [t.name for t in project.tools] == ["call_tool"]
    assert not [f for f in out.findings if f.rule_id == "tool-shell-injection"]


def test_a_services_container_attribute_is_followed_into_its_class(dispatch):
    """services.orders (typed by Services.__init__'s parameter) -> Orders.execute_tool ->
    self.find_order(services, **kwargs): the flow starts at the tool and ends at the query."""
    findings, _ = dispatch
    hit = [f for f in findings if (f.location.path, f.location.line) == ("container/orders.py", 17)]
    assert len(hit) == 1 and hit[0].rule_id == "tool-sql-injection"
    paths = [(s.location.path, s.location.line) for s in hit[0].flow]
    assert paths[0][0] == "container/registry.py" and paths[-1] == ("container/orders.py", 17)
