"""A loop over the author's list of programs (issue 14), on the ``probeloops`` fixture.

``for (const cmd of ["python3", "python"])`` (an array literal, a const binding of one, or a
choice between two by platform): each value is fixed by the code, so a command line built only
from constants and such values is the author's, not the caller's. A loop over a caller's array
stays a command the caller chooses.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("probeloops")


def test_a_loop_over_the_authors_programs_runs_a_constant_command():
    out, _ = scan("probeloops")
    assert not [f for f in out.findings if f.tool == "make_folder"]
    twin = {f.rule_id: f for f in out.findings if f.tool == "run_probes"}
    at = line_of("server.ts", "execSync(`${probe} --version`", "probeloops")
    assert {f.location.line for f in twin.values()} == {at}
    assert twin["capability-command-execution"].message == (
        "tool 'run_probes' runs commands the caller chooses: parameter 'probes' reaches child_process.execSync() as is")
    assert twin["tool-annotation-mismatch"].message == (
        "tool 'run_probes' is annotated destructiveHint=False but executes commands or code (child_process.execSync())")


def test_the_pattern_rule_on_a_constant_loop_command_is_demoted_by_engine_agreement(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / "probeloops"
    shutil.copytree(test_ts_engine.FIXTURES / "probeloops", root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts", "semgrep"), cache=False, min_confidence=Confidence.LOW))
    hits = {f.location.line: f for f in res.findings if f.rule_id == "ts-exec-template-string"}
    fixed = line_of("server.ts", "execSync(`${cmd} --version`", "probeloops")
    assert hits[fixed].confidence == Confidence.LOW
    assert hits[fixed].properties["taint-verdict"] == "safe"


# -- a version or help probe is harmless whatever the program ---------------------------------

def test_the_command_of_a_probe_line():
    from mcpaudit.analysis.argvcommand import non_destructive, shell_command
    from mcpaudit.catalog import catalog

    known = catalog().python.non_destructive
    assert shell_command("python3 --version") == "python3 --version"
    assert shell_command("node -V") == "node -V"
    for line in ("python3 --version", "node -V", "* --help", "py version", "git help"):
        assert non_destructive(shell_command(line), known), line
    assert not non_destructive(shell_command("rm -rf"), known)
    assert not non_destructive(shell_command("* cache clean"), known)
    assert not non_destructive(shell_command("* get pods"), known)  # "get" is kubectl's, not any program's


def test_a_probe_of_the_authors_programs_given_to_the_exec_wrapper_keeps_destructive_hint_false():
    out, _ = scan("probeloops")
    mism = [f for f in out.findings if f.rule_id == "tool-annotation-mismatch" and f.location.path == "probes.ts"]
    assert [(f.location.line, f.tool) for f in mism] == [(line_of("probes.ts", "execSync(line", "probeloops"),
                                                          "clear_caches")]
    # a command that changes what the programs manage, and a list value that is a whole command
    # line (not a program name), still contradict destructiveHint=false
    assert mism[0].message == ("tool 'clear_caches' is annotated destructiveHint=False but runs programs "
                               "(child_process.execSync()) (also reached from tool 'cleanup_versions')")
