"""Python causes left over from the thirteenth and fourteenth holdouts (pyfix17, issue 12):
smolagents' LocalPythonExecutor called with the caller's code
(``fixtures/capabilities/python_executor.py``); Ansible launchers, whose module, playbook and
``-m shell -a`` command line run on the hosts, and rows of a list of tuples unpacked by a loop
(``fixtures/taint/ansible_runs/``); a read-only prefix check on a lower- or upper-cased copy of the
query (``fixtures/readonly_modes/prefix_copy.py``, ``prefix_copy_select.py``); an HTTP hop from a
tool to a Flask route of the same project (``fixtures/taint/http_bridge/``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _findings(*rels: str, root: Path = FIXTURES):
    files = [(str(root / r), Path(r).name) for r in rels]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda x: x[1])


def test_calling_a_local_python_executor_runs_the_callers_code():
    assert _findings("capabilities/python_executor.py") == [
        ("capability-code-execution", 15, "tool 'run_python' evaluates code the caller writes: parameter 'code' "
         "reaches smolagents LocalPythonExecutor (its AST interpreter is no security boundary) as is"),
    ]


def test_ansible_modules_playbooks_and_shell_arguments_are_commands():
    got = _findings("ansible_runs/server.py", root=FIXTURES / "taint")
    assert got == [
        ("capability-command-execution", 19, "tool 'run_task' runs commands the caller chooses: parameter 'module' "
         "reaches subprocess.run() through the argument list built at line 19 as is"),
        # _task(hosts, "shell", ...): the -a value is a command line; with "setup" it is not (host_facts)
        ("tool-shell-injection", 21, "tool 'disk_usage' passes parameter 'mount' to ansible -m {module} -a: OS command "
         "injection (with -m command, raw, script, shell, win_command, win_shell, ansible runs the value of -a as a "
         "command line)"),
        ("capability-command-execution", 21, "tool 'remote_command' runs commands the caller chooses: parameter "
         "'command' reaches ansible -m {module} -a as is"),
        ("tool-argument-injection", 52, "tool 'run_playbook' passes parameter 'playbook' to subprocess.run() through "
         "_run() at server.py:15: argument injection (added to the argument list after 'ansible-playbook' with no '--' "
         "before it: a value starting with '-' is read as an option)"),
        ("capability-command-execution", 52, "tool 'run_playbook' runs commands the caller chooses: parameter "
         "'playbook' reaches subprocess.run() through the argument list built at line 52 as is"),
        # --syntax-check only parses the playbook (check_playbook); -m ping's -a is no command (ping_all)
        ("capability-command-execution", 64, "tool 'shell_on_all' runs commands the caller chooses: parameter "
         "'command' reaches subprocess.run() as is"),
        # install_requirements: the path is only the value of -r in the argv of its row
        ("tool-argument-injection", 90, "tool 'install_roles' passes parameter 'names' to subprocess.run() through "
         "_run() at server.py:15: argument injection (added to the argument list after 'ansible-galaxy role install' "
         "with no '--' before it: a value starting with '-' is read as an option)"),
    ]


def test_run_task_capability_flows_from_the_module_placed_after_m():
    files = [(str(FIXTURES / "taint" / "ansible_runs" / "server.py"), "server.py")]
    out, _ = cst_engine.run(files, FIXTURES / "taint" / "ansible_runs", jobs=1)
    cap = next(f for f in out.findings if f.tool == "run_task")
    assert [(s.location.line, s.note) for s in cap.flow] == [
        (26, "parameter 'module' of MCP tool 'run_task' (caller-controlled)"),
        (28, "passed to _task()"),
        (18, "parameter 'module'"),
        (19, "placed where ansible -m runs the program or script the value names"),
        (19, "assigned to 'cmd'"),
        (22, "passed to _run()"),
        (14, "parameter 'cmd'"),
        (15, "reaches subprocess.run()"),
    ]


def test_a_copy_check_that_admits_with_is_a_bypassable_check_of_the_query():
    got = _findings("readonly_modes/prefix_copy.py")
    msg = ("tool '{}' lets caller query text 'query' reach .execute() behind a read-only check by query prefix "
           "('SELECT'/'WITH'): 'SELECT 1; DROP TABLE t', 'WITH x AS (DELETE ...)' and 'EXPLAIN ANALYZE DELETE ...' "
           "pass it")
    # find_note (line 38) binds the checked title as a parameter: nothing to report
    assert got == [
        ("tool-read-only-bypass", 20, msg.format("read_rows")),
        ("tool-read-only-bypass", 29, msg.format("read_report")),
    ]


def test_a_copy_check_for_select_alone_leaves_the_flow_as_it_was():
    assert _findings("readonly_modes/prefix_copy_select.py") == [
        ("capability-raw-query", 19, "tool 'read_selected' runs query text the caller writes (reads and writes): "
         "parameter 'query' reaches .execute() as is"),
    ]


def test_a_tool_posting_to_a_route_of_the_same_project_runs_what_the_route_runs():
    root = FIXTURES / "taint" / "http_bridge"
    out, _ = cst_engine.run([(str(root / n), n) for n in ("client.py", "api.py")], root, jobs=1)
    assert not out.errors, out.errors
    got = [(f.location.path, f.location.line, f.rule_id, f.message) for f in out.findings
           if f.confidence >= Confidence.MEDIUM]
    # lookup_host: the route puts the host after "--"; echo: no route answers api/echo
    assert got == [("api.py", 14, "capability-command-execution", "tool 'run_command' runs commands the caller "
                    "chooses: parameter 'command' reaches subprocess.run(shell=True) as is")]
    assert [(s.location.path, s.location.line, s.note) for s in out.findings[0].flow] == [
        ("client.py", 24, "parameter 'command' of MCP tool 'run_command' (caller-controlled)"),
        ("client.py", 26, "sent as command 'api/command' by post()"),
        ("api.py", 11, "dispatched as 'api/command' to command_route()"),
        ("api.py", 11, "the request the route 'api/command' answers"),
        ("api.py", 12, "assigned to 'params'"),
        ("api.py", 13, "assigned to 'command'"),
        ("api.py", 14, "reaches subprocess.run(shell=True)"),
    ]
