"""Review items of stop 43 left open (issues 12 and 14, branch mend44a), each with a twin under
``fixtures/taint/flows44m``."""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows44m"
groups = FlowGroups("flows44m")


def test_a_static_methods_function_arguments_keep_their_positions():
    server = FLOWS / "staticpass" / "server.py"
    found = groups.found("staticpass")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.parameter) for f in found] == [
        ("tool-shell-injection", "server.py", line_in(server, "# expect: tool-shell-injection"), "grep_logs", "pattern")]
    assert "passes parameter 'pattern' to subprocess.run(shell=True): OS command injection" in found[0].message
    # twin: list_file's runner is the third argument (an argument list), not the shell runner
    assert set(groups.tools("staticpass")) == {"grep_logs", "list_file"}


def test_a_handler_filed_in_two_tables_serves_its_key_in_the_first():
    server = FLOWS / "aliastable" / "server.py"
    found = groups.found("aliastable")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in found] == [
        ("tool-shell-injection", "server.py", line_in(server, "# expect: tool-shell-injection"), "search_docs")]
    assert "tool 'search_docs' passes parameter 'arguments['pattern']' to subprocess.run(shell=True)" in found[0].message
    # twin: the argument list of count_lines; the aliases table names no tool
    assert groups.tools("aliastable") == ["count_lines", "search_docs"]


def test_a_namespace_package_root_is_reached_through_its_absolute_imports():
    # scanned at its own folder (no __init__.py): server.py imports nsnotes.settings, which the
    # entry-point walk names under the folder's name as the linker does (modnames.root_dotted)
    settings = FLOWS / "nsnotes" / "settings.py"
    logged = [f for f in groups.found("nsnotes", low=True) if f.rule_id == "secret-in-log"]
    live = [f for f in logged if f.location.path == "settings.py"]
    assert [(f.location.line, f.confidence.name) for f in live] == [(line_in(settings, "# expect: secret-in-log"), "HIGH")]
    assert "secret 'os.environ['NOTES_API_TOKEN']' is written to a log by logging.getLogger.info()" == live[0].message
    # twin: the stale copy nothing imports stays out of the default view
    stale = [f for f in logged if f.location.path == "old_settings.py"]
    assert [f.confidence.name for f in stale] == ["LOW"] and "not reachable from any entry point" in stale[0].message
    reach = groups.run("nsnotes")[1].reach
    assert sorted(reach.dead_modules) == ["old_settings.py"]


def test_the_root_packages_own_init_module_is_imported_by_the_packages_name():
    init = FLOWS / "rootinit" / "__init__.py"
    found = groups.found("rootinit")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.parameter) for f in found] == [
        ("tool-shell-injection", "__init__.py", line_in(init, "# expect: tool-shell-injection"), "grep_logs", "pattern")]
    assert found[0].message == "tool 'grep_logs' passes parameter 'pattern' to subprocess.run(shell=True): OS command injection"
    # twin: file_kind quotes its name (shlex.quote in the same __init__.py)


def test_root_names_at_folder_boundaries(tmp_path):
    from mcpaudit.analysis.modnames import root_dotted, root_of, root_package

    assert root_of("/a/bc/x.py", "c/x.py") == "/a/bc"  # no root /a/b: c/x.py is no tail at a boundary
    assert root_of("/a/b/c/x.py", "c/x.py") == "/a/b"
    (tmp_path / "my-server").mkdir()
    (tmp_path / "class").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "server.py").write_text("x = 1\n")
    assert root_dotted(tmp_path / "my-server") == ""  # no import names it
    assert root_dotted(tmp_path / "class") == ""
    assert root_dotted(tmp_path / "notes" / "server.py") == ""  # a file root
    assert root_dotted(tmp_path / "notes") == "notes"
    # read anew each time: a folder that became a package between two scans of one process
    assert root_package(str(tmp_path / "notes")) == ()
    (tmp_path / "notes" / "__init__.py").write_text("")
    assert root_package(str(tmp_path / "notes")) == ("notes",)


def test_an_ast_validator_guards_only_where_its_verdict_decides():
    branch = FLOWS / "astbranch" / "server.py"
    assert groups.rows("astbranch") == [
        ("server.py", line_in(branch, "# expect: capability-code-execution"), "capability-code-execution", "transform")]
    assert groups.message("astbranch", "capability-code-execution", "transform") == (
        "tool 'transform' evaluates code the caller writes: parameter 'python_transform' reaches exec() as is")
    # twin: the verdict is logged and the code runs anyway: the restricted builtins alone
    ignored = FLOWS / "astignored" / "server.py"
    assert groups.rows("astignored") == [
        ("server.py", line_in(ignored, "# expect: tool-code-injection"), "tool-code-injection", "transform")]
    assert groups.message("astignored", "tool-code-injection", "transform").startswith(
        "tool 'transform' passes parameter 'python_transform' to exec(): code injection (restricted __builtins__ "
        "do not sandbox it")


def test_imported_helper_kinds_and_module_runs_come_from_catalog_rows(monkeypatch):
    from mcpaudit.analysis.fixedruns import fixed_run
    from mcpaudit.catalog import catalog
    from mcpaudit.importedhelpers import ENUM, NORETURN, _candidates

    M = catalog().python
    assert {"NoReturn", "Never"} <= M.noreturn_annotations and "runpy.run_module" in M.module_run_calls
    text = ("import enum\nfrom typing import Never\n\nclass Level(enum.IntFlag):\n    LOW = 1\n\n"
            "def fail(message: str) -> Never:\n    raise ValueError(message)\n")
    assert _candidates(text) == {ENUM + "Level": "", NORETURN + "fail": ""}
    assert _candidates("class Level:\n    LOW = 1\n") == {}  # no catalog base: no enumeration

    class _Linker:
        findings: dict = {}

    # an import of a fixed module loads it; runpy.run_module runs it as a program
    assert fixed_run(_Linker(), "a.py", 1, "code", "", "", "importlib.import_module()") == "run-read"
    assert fixed_run(_Linker(), "a.py", 1, "code", "", "", "runpy.run_module()") == "run-fixed"

    # the answers are the rows': without them (mend44b) the same text and sinks read otherwise
    monkeypatch.setattr(M, "noreturn_annotations", frozenset({"NoReturn"}))
    monkeypatch.setattr(M, "enum_bases", frozenset({"Enum"}))
    assert _candidates(text) == {}
    monkeypatch.setattr(M, "module_run_calls", frozenset())
    assert fixed_run(_Linker(), "a.py", 1, "code", "", "", "runpy.run_module()") == "run-read"
