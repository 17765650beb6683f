"""Containment checks inside helpers (``fixtures/taint/san_path_helpers.py``): a helper that
raises (through a helper that never returns) and returns the contained path, a predicate helper
returning a bool or an ``(ok, reason)`` pair, and their weak twins."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, scan

FIXTURE = TAINT / "san_path_helpers.py"


def _reported(tool: str):
    return [f for f in fixture_findings()
            if f.location.path == "san_path_helpers.py" and f.tool == tool and f.confidence >= Confidence.MEDIUM]


def test_working_helper_checks_are_quiet():
    for tool in ("read_confined", "read_under_fixed_base", "read_allowed", "read_allowed_else",
                 "read_under_root", "read_checked_pair", "read_settings_beside", "read_relpath_checked",
                 "read_inside_docs"):
        assert _reported(tool) == [], tool


def test_unresolved_relative_to_in_a_raising_helper_stays_weak():
    (f,) = _reported("read_confined_loose")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of(FIXTURE, "return confine_loose(name).read_text()")
    assert "only a weak check on the way: relative_to() on a path that was not resolved first" in f.message


def test_prefix_check_in_a_predicate_stays_a_finding():
    (f,) = _reported("read_under_root_prefix")
    assert f.rule_id == "tool-path-traversal"
    assert "weak containment check: str.startswith(root) without a trailing separator" in f.message
    assert "(in is_under_root_prefix())" in f.message
    (g,) = _reported("read_checked_pair_prefix")
    assert g.rule_id == "tool-path-traversal"


def test_a_caller_chosen_root_confines_nothing():
    (f,) = _reported("read_under_caller_base")
    assert f.rule_id == "capability-file-access"
    assert "parameter 'folder'" in f.message


def test_a_relpath_check_against_a_caller_chosen_root_leaves_the_value_the_caller_s():
    (f,) = _reported("read_relpath_other_root")
    assert (f.rule_id, f.parameter) == ("capability-file-access", "root")
    assert f.location.line == line_of(FIXTURE, "with open(full) as fh:  # expect: capability-file-access")


def test_verdict_not_acted_on_or_about_another_value():
    assert [f.rule_id for f in _reported("read_pair_ignored")] == ["tool-path-traversal"]
    assert [f.rule_id for f in _reported("read_not_checked")] == ["tool-path-traversal"]


def test_operator_switch_only_counts_when_it_is_a_module_setting(tmp_path: Path):
    found = scan(tmp_path, {"server.py": '''
        from pathlib import Path
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("s")
        ROOT = Path("/srv/docs").resolve()

        def allowed(path: Path, everywhere: bool) -> bool:
            if everywhere:
                return True
            try:
                path.resolve().relative_to(ROOT)
                return True
            except ValueError:
                return False

        @mcp.tool()
        def read(name: str, everywhere: bool) -> str:
            path = ROOT / name
            if not allowed(path, everywhere):
                return "denied"
            return path.read_text()
        '''})
    assert [(f.rule_id, f.location.line) for f in found] == [("tool-path-traversal", 21)]


ARGV = TAINT / "argument_operands.py"


def _argv_findings():
    return [f for f in fixture_findings()
            if f.location.path == "argument_operands.py" and f.confidence >= Confidence.MEDIUM]


def test_option_operands_and_absolute_paths_are_not_options():
    got = {(f.rule_id, f.location.line, f.tool, f.parameter) for f in _argv_findings()
           if f.rule_id == "tool-argument-injection"}
    assert got == {
        ("tool-argument-injection", line_of(ARGV, '"-y", extra]'), "convert_flag_then_value", "extra"),
        ("tool-argument-injection", line_of(ARGV, '["grep", "-i", pattern'), "grep_flag", "pattern"),
        ("tool-argument-injection", line_of(ARGV, "os.path.expanduser(path)])"), "make_executable_expanded", "path"),
        ("tool-argument-injection", line_of(ARGV, '"--json", language]'), "dump_ast_flag_then_value", "language"),
        ("tool-argument-injection", line_of(ARGV, 'args.extend(["--json", extra])'), "scan_with_extra", "extra"),
    }
    (f,) = [f for f in _argv_findings() if f.tool == "grep_flag"]
    assert "a value starting with '-' is read as an option (no '--' before it)" in f.message
    # the paths chmod and touch are given are still any file they change (see test_argv_files), and
    # so is ffmpeg's operand after -y, the output file it writes (py27b), and the file after -i it
    # reads (ts54c: input-options)
    assert {f.tool for f in _argv_findings() if f.rule_id == "tool-path-traversal"} == {
        "make_executable", "touch_resolved", "make_executable_expanded", "convert_flag_then_value", "convert"}


def test_value_options_take_the_next_element_even_in_an_argument_list_without_its_program():
    # semgrep -l <language>, and --config <value> in a list the program is put in front of later,
    # are operands; after the flag --json the value is a positional that can be an option
    tools = {f.tool for f in _argv_findings()}
    assert {"dump_ast", "scan_with_config"}.isdisjoint(tools)
    (f,) = [f for f in _argv_findings() if f.tool == "scan_with_extra"]
    assert "with no '--' before it" in f.message


def test_fixed_name_beside_an_unchecked_path_is_still_reported():
    (f,) = _reported("read_env_beside")
    assert (f.rule_id, f.location.line) == ("capability-file-access", line_of(FIXTURE, '/ ".env").read_text()'))


def test_library_methods_on_a_project_function_result(tmp_path: Path):
    found = scan(tmp_path, {"pkg/__init__.py": "", "pkg/util.py": '''
        from pathlib import Path

        ROOT = Path("/srv/docs").resolve()


        class Store:
            def open(self, mode: str) -> str:
                return mode


        def fail(message: str):
            raise ValueError(message)


        def as_path(name: str) -> Path:
            return Path(name)


        def confined(name: str) -> Path:
            target = (ROOT / name).resolve()
            try:
                target.relative_to(ROOT)
            except ValueError:
                fail(name)
            return target


        def store_for(name: str) -> Store:
            return Store()
        ''', "pkg/server.py": '''
        from mcp.server.fastmcp import FastMCP

        from .util import as_path, confined, store_for

        mcp = FastMCP("s")


        @mcp.tool()
        def read_any(name: str) -> bytes:
            with as_path(name).open("rb") as fh:
                return fh.read()


        @mcp.tool()
        def read_confined(name: str) -> bytes:
            path = confined(name)
            with path.open("rb") as fh:
                return fh.read()


        @mcp.tool()
        def open_store(name: str) -> str:
            store = store_for(name)
            return store.open(name)
        '''})
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in found] == [
        ("tool-path-traversal", "pkg/server.py", 10, "read_any")]


SPLIT = TAINT / "split_argv.py"


def test_an_argv_split_from_the_callers_text_lets_the_caller_pick_the_program():
    got = {(f.rule_id, f.location.line, f.tool) for f in fixture_findings()
           if f.location.path == "split_argv.py" and f.confidence >= Confidence.MEDIUM}
    assert got == {
        ("tool-shell-injection", line_of(SPLIT, "return subprocess.run(argv, capture_output=True, text=True).stdout  # expect: tool-shell"), "describe_resource"),
        ("tool-shell-injection", line_of(SPLIT, "PIPE)  # expect: tool-shell-injection"), "describe_filtered"),
        ("capability-command-execution", line_of(SPLIT, "# expect: capability-command-execution"), "run_command"),
    }
    (f,) = [f for f in fixture_findings() if f.location.path == "split_argv.py" and f.tool == "describe_filtered"]
    assert ("passes parameter 'command' to asyncio.create_subprocess_exec(): OS command injection (the caller's "
            "text is split into the argv (shlex.split): it chooses the program and its arguments)") in f.message
