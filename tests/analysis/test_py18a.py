"""Causes of the eighteenth Python holdout (issue 12, branch py18a; fixtures/taint/flows18a/, each
with a twin): a caller value that passed an existence test, the value of an option of a program
the models describe (apktool, Volatility's vol.py, also run as ``[sys.executable, script]``), and
the value of a long option of a program they do not describe, are argument injection for the
audit view only (``argvvalues``); a placeholder env fallback logged in an f-string and patched by
the tests is still only presented as a login (``fixtures/credentials/placeholder_logged``); a
statement-class prefix gate and a looped pattern deny-list in front of raw queries, a client's
fetchone(sql) (``sqlgates``); a line typed into a Metasploit console (``msfconsole``)."""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import FlowGroups

from mcpaudit.models import Confidence

_GROUPS = FlowGroups("flows18a")
found = _GROUPS.found
line_of = _GROUPS.line_of


ADDED = "added to the argument list after '{}' with no '--' before it: a value starting with '-' is read as an option"


def test_argv_values_where_no_option_is_likely_are_audit_view_only():
    L = lambda needle: line_of("argvvalues", "server.py", needle)  # noqa: E731
    runner = f"run_tool() at server.py:{L('return subprocess.run(argv')}"
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("argvvalues"))
    assert got == sorted([
        ("tool-argument-injection", L('["memtool", dump_path, "info"])  # expect'), "image_info_unchecked",
         f"tool 'image_info_unchecked' passes parameter 'dump_path' to subprocess.run() through {runner}: "
         f"argument injection ({ADDED.format('memtool')})"),
        ("tool-argument-injection", L('["du", "-s", project_dir], capture_output=True, text=True).stdout  # expect'),
         "project_size_unchecked",
         "tool 'project_size_unchecked' passes parameter 'project_dir' to subprocess.run(): argument injection "
         "(a value starting with '-' is read as an option (no '--' before it); the models do not say whether "
         "du -s takes the next element as its value)"),
        # vol.py -q is a flag: the plugin after it is free
        ("tool-argument-injection", L('"-q", plugin]'), "scan_image_plugin",
         "tool 'scan_image_plugin' passes parameter 'plugin' to subprocess.run(): argument injection "
         "(a value starting with '-' is read as an option (no '--' before it))"),
        ("tool-argument-injection", L('["apktool", "b", "-f", project]'), "build_apk_forced",
         f"tool 'build_apk_forced' passes parameter 'project' to subprocess.run() through {runner}: "
         f"argument injection ({ADDED.format('apktool b -f')})"),
        ("tool-argument-injection", L('"--verbose", chart]'), "render_template_verbose",
         f"tool 'render_template_verbose' passes parameter 'chart' to subprocess.run() through {runner}: "
         f"argument injection ({ADDED.format('chartgen render --verbose')})"),
    ])


def test_the_audit_view_says_why_a_value_is_unlikely_an_option():
    lines = (_GROUPS.root / "argvvalues" / "server.py").read_text(encoding="utf-8").splitlines()
    L = lambda needle: next(i for i, ln in enumerate(lines, 1) if needle in ln and "expect" not in ln)  # noqa: E731
    low = {(f.location.line, f.tool): f.message for f in found("argvvalues", low=True)
           if f.confidence == Confidence.LOW and f.rule_id == "tool-argument-injection"}
    exists = ("(audit view: it must name an existing file or folder first (an existence test on the way), "
              "so an option-looking value needs a file of that exact name)")
    assert set(low) == {(L('["memtool", dump_path, "info"]'), "image_info"), (L('["du", "-s", project_dir]'), "project_size"),
                        (L('"--values", values_file]'), "render_template")}
    assert low[(L('"--values", values_file]'), "render_template")].endswith(
        "(audit view: it is placed right after 'chartgen --values', which the models do not describe; if that "
        "option takes a value, this is its value, never an option)")
    assert all(m.endswith(exists) for k, m in low.items() if k[1] != "render_template")


def test_a_placeholder_fallback_logged_and_patched_by_tests_is_demoted_as_a_presented_login(tmp_path):
    import shutil

    from mcpaudit.engines import semgrep

    src = Path(__file__).resolve().parents[2] / "fixtures" / "credentials" / "placeholder_logged"
    shutil.copytree(src, tmp_path / "srv")
    root = tmp_path / "srv"
    out = semgrep.run([root / "server.py", root / "tests" / "test_server.py"], root, timeout=300)
    assert out.ran, out.errors
    text = (root / "server.py").read_text().splitlines()
    at = lambda needle: next(i for i, ln in enumerate(text, 1) if needle in ln)  # noqa: E731
    got = sorted((f.location.line, f.confidence.label, f.properties.get("credential-context"))
                 for f in out.findings if f.rule_id == "hardcoded-credential")
    assert got == [
        (at('os.getenv("CONSOLE_PASSWORD", "yourpassword")'), "low", "placeholder-login"),  # logged, presented
        (at('os.getenv("ADMIN_PASSWORD", "yourpassword")'), "medium", None),  # a login checked against it
    ]


def test_statement_gates_on_tools_not_named_read_only_are_bypassable_checks():
    L = lambda needle: line_of("sqlgates", "server.py", needle)  # noqa: E731
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("sqlgates")
                 if not f.rule_id.startswith("capability-"))
    assert got == sorted([
        ("tool-read-only-bypass", L("connect().execute(statement)  # expect: tool-read-only-bypass"), "execute_ddl",
         "tool 'execute_ddl' lets caller query text 'statement' reach .execute() behind a statement-class check by "
         "query prefix ('CREATE'/'ALTER'/'DROP'): a statement stacked after an admitted one ('CREATE ...; DELETE "
         "FROM t') passes it"),
        # a client's fetchone given query text runs it (DB-API's takes none: row_by_id's is no sink)
        ("tool-sql-injection", L('connect().fetchone(f"SELECT'), "row_count",
         "tool 'row_count' passes parameter 'table' to .fetchone(): SQL injection (the query is an f-string)"),
        # a SAFE_MODE deny-list looped over a list of (pattern, reason) in a helper
        # (a value spliced into the query behind the same check reaches it there too: show_columns)
        ("tool-read-only-bypass", L("return str(connect().execute(sql))"), "execute_sql",
         "tool 'execute_sql' lets caller query text 'sql' reach .execute() behind a read-only check by keyword "
         "deny-list ('DELETE'): comments ('DR/**/OP'), other statements (DETACH, ALTER ... DROP, COPY ... TO) and "
         "functions that write pass it (in is_statement_safe()) (also reached from tool 'show_columns')"),
    ])
    flow = next(f for f in found("sqlgates") if f.rule_id == "tool-read-only-bypass").flow
    assert [s.location.line for s in flow] == [L("def execute_ddl(statement"), L("if not any(upper.startswith"),
                                               L("connect().execute(statement)  # expect: tool-read-only-bypass")]
    # the bypassable check is the finding (no capability, as for any refusal of destructive
    # statements); the gate that rejects ';' fixes the kind of statement: the DDL is its purpose
    caps = sorted((f.tool, f.location.line) for f in found("sqlgates") if f.rule_id == "capability-raw-query")
    assert caps == [("execute_ddl_single", L("connect().execute(statement)  # expect: capability-raw-query"))]


def test_a_line_typed_into_a_metasploit_console_is_a_command():
    L = lambda needle: line_of("msfconsole", "server.py", needle)  # noqa: E731
    got = [(f.rule_id, f.location.line, f.tool, f.message) for f in found("msfconsole")]
    assert got == [
        ("tool-shell-injection", L('console.write(line + "\\n")'), "set_target",
         "tool 'set_target' passes parameter 'host' to MsfConsole.write(): OS command injection (the line is typed "
         "into a Metasploit console, which runs it (an unknown command as a local system command))"),
    ]  # set_port's integer holds no newline
