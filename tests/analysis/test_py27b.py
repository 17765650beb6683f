"""Causes of the twenty-seventh Python holdout, reader B (issue 12, branch py27b), each with a twin
that stays quiet (``fixtures/taint/py27b``)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, FlowGroups, line_in, rows

files = FixtureFiles("py27b")
groups = FlowGroups("py27b")


def test_a_program_named_by_its_setting_takes_its_option_values_and_writes_its_output(tmp_path):
    # settings.ffmpeg_bin / PROBE (an env default "ffprobe") run ffmpeg / ffprobe: the values of
    # -b:a, -c:v, -b:a:1 (a "-b:*" entry: any stream specifier) and -show_entries are no options;
    # the operand after -y is the output ffmpeg writes; reencode's output name is the resolved
    # input's stem and suffix in a fixed folder (one component: no traversal); normalise's output
    # name holds only enumerate's index of the caller's clips (a count)
    found = files.audit("mediaargv.py", tmp_path)
    line = lambda needle: files.line_of("mediaargv.py", needle)  # noqa: E731
    render, tune = line('"-y", target])'), line("level, \"/srv/renders/a.mkv\"])")
    # (ts54c: the caller's clip after -i is a file ffmpeg reads: reencode's finding, normalise's capability)
    reencode, normalise = line("create_subprocess_exec(*argv)"), line('"-r", "30"')
    assert [r[:3] for r in rows(found)] == [
        ("capability-file-access", normalise, "normalise"),
        ("tool-argument-injection", render, "render_to"), ("tool-argument-injection", tune, "tune"),
        ("tool-path-traversal", reencode, "reencode"), ("tool-path-traversal", render, "render_to"),
        ("tool-path-traversal", tune, "tune")]
    write = next(f for f in found if f.rule_id == "tool-path-traversal" and f.tool == "render_to")
    # one finding per line: ts54c made the scene after -i a read and named it; since ts55b a call
    # with a caller read and a caller write at the same confidence names the write (the larger harm)
    assert write.message == ("tool 'render_to' passes parameter 'target' to subprocess.run(['ffmpeg', ...]): "
                             "path traversal / arbitrary file access (write)")
    assert write.parameter == "target"


def test_autogen_code_executors_run_the_code_of_their_blocks(tmp_path):
    found = files.audit("codeblocks.py", tmp_path)
    line = lambda needle: files.line_of("codeblocks.py", needle)  # noqa: E731
    assert [r[:3] for r in rows(found)] == [
        ("capability-code-execution", line("executor.execute_code_blocks([block]"), "run_cell"),
        ("capability-code-execution", line("result = await local.execute_code_blocks(blocks, CancellationToken())  #"),
         "run_script")]
    cell = next(f for f in found if f.tool == "run_cell")
    assert "parameter 'code'" in cell.message and "AutoGen code executor .execute_code_blocks()" in cell.message


def test_a_secret_logged_only_where_the_parameter_default_never_goes_is_audit_only(tmp_path):
    # describe_vault(redact=True) logs the key under `if not redact`, and its one call passes
    # nothing; dump_vault's verbose flag is passed by its caller: still reported
    found = files.audit("quietlog.py", tmp_path)
    line = lambda needle: files.line_of("quietlog.py", needle)  # noqa: E731
    assert [r[:2] for r in rows(found)] == [("secret-in-log", line('"db password: %s"'))]
    from mcpaudit import api
    from mcpaudit.config import Config

    res = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    low = next(f for f in res.findings if f.rule_id == "secret-in-log" and f.location.line == line('"api key: %s"'))
    assert low.confidence == Confidence.LOW
    assert low.message.endswith("in a branch the default of describe_vault()'s redact parameter skips, and no call "
                                "in the project passes that parameter (audit view)")


def test_a_handwritten_json_rpc_loop_serves_its_tools_call_function():
    # serve() answers tools/list and hands tools/call's arguments to self.call, a dict dispatch
    # (count_rows admits two tables only: the twin); the keys of call's local table name the
    # tools it serves (pyrec29), so run_sql running the caller's statement is its capability
    server = groups.root / "rpcloop" / "server.py"
    assert groups.tools("rpcloop") == ["count_rows", "run_sql"]
    assert groups.rows("rpcloop") == [
        ("server.py", line_in(server, "return self.db.execute(statement)"), "capability-raw-query", "run_sql")]
    assert groups.message("rpcloop", "capability-raw-query", "run_sql").startswith(
        "tool 'run_sql' runs query text the caller writes (reads and writes): parameter 'arguments['statement']'")


def test_an_option_entry_with_a_specifier_form_matches_the_option_alone_and_specified():
    from mcpaudit.analysis.cstnodes import option_operand

    known = {"ffmpeg": frozenset({"-c:*", "-ss"})}
    for option in ("-c", "-c:v", "-c:a:0", "-ss"):
        assert option_operand(["ffmpeg", "-i", "in.mp4", option, None], 4, known), option
    for option in ("-cv", "-ss:v", "-y"):
        assert not option_operand(["ffmpeg", "-i", "in.mp4", option, None], 4, known), option
