"""Git subcommands whose options do no harm (ts54d, ``fixtures/typescript/ts54d`` and
``fixtures/taint/flows54d``): the process models' ``option-hazards`` list no option for git tag's
verify/delete modes, branch's upstream modes and the worktree subcommands (none runs a program,
reads or writes a file the caller names, or contacts a host), and ``option-operands`` take the
upstream after ``git branch --set-upstream-to``/``-u`` as that option's value. A caller value
there is no argument injection, in TypeScript and Python alike; the same shapes with a harmful
option (diff/log --output, clone --upload-pack, tag's create-mode -F, branch --track) stay
reported, the option named in the message."""

from __future__ import annotations

from pathlib import Path

import test_ts_engine
from test_ts_engine import line_of, scan

from mcpaudit.catalog import catalog
from mcpaudit.engines import cst as cst_engine

G = "ts54d"
test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/gitmodes", f"{G}/gitmodes_safe"])
_PY = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows54d" / "gitmodes"


def _note(cmd, opts):
    return ("argument injection (a value starting with '-' is read as an option (no '--' before it); "
            f"git {cmd} options that run a program, touch a file or send a credential elsewhere: {opts})")


def test_git_commands_with_a_harmful_option_stay_reported():
    g = f"{G}/gitmodes"
    out, _ = scan(g)
    rows = sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings)
    row = lambda text, tool, param, cmd, opts: (  # noqa: E731
        "tool-argument-injection", "src/server.js", line_of("src/server.js", text, g), tool,
        f"tool '{tool}' passes parameter '{param}' to simple-git raw(): " + _note(cmd, opts))
    assert rows == sorted([
        row('git.raw(["diff", rev])', "git_diff", "rev", "diff", "--output"),
        row('git.raw(["log", "-5", rev])', "git_log", "rev", "log", "--output"),
        row('git.raw(["clone", dest,', "git_clone", "dest", "clone", "--config, --template, --upload-pack, -c, -u"),
        row('"-m", "release", name]', "git_tag_create", "name", "tag", "--file, -F"),
        ("tool-argument-injection", "src/server.js", line_of("src/server.js", '"--track", branch', g), "git_track",
         "tool 'git_track' passes parameter 'branch' to simple-git raw(): argument injection (a value starting "
         "with '-' is read as an option (no '--' before it))"),
    ])


def test_git_commands_whose_options_do_no_harm_are_no_finding():
    out, _ = scan(f"{G}/gitmodes_safe")
    # not in the audit view either: the element is no option's way in at all
    assert [(f.rule_id, f.location.line) for f in out.findings] == []


def test_the_tables_are_catalog_data_in_both_languages():
    for M in (catalog().typescript, catalog().python):
        for cmd in ("git tag -v", "git tag --verify", "git tag -d", "git tag --delete", "git branch --set-upstream-to",
                    "git branch -u", "git branch --unset-upstream", "git worktree"):
            assert M.option_hazards[cmd] == frozenset(), cmd
        assert M.option_hazards["git tag"] == frozenset({"-F", "--file"})
        assert {"-u", "--set-upstream-to"} <= M.option_operands["git branch"]


def _py_rows(low):
    files = [(str(_PY / "server.py"), "server.py")]
    out, _ = cst_engine.run(files, _PY, jobs=1)
    assert not out.errors, out.errors
    return sorted((f.rule_id, f.location.line, f.tool) for f in out.findings
                  if low or f.confidence.name in ("MEDIUM", "HIGH", "CRITICAL"))


def _py_line(text):
    return next(i for i, ln in enumerate((_PY / "server.py").read_text().splitlines(), 1) if text in ln)


def test_python_reads_the_same_rows():
    rows = _py_rows(low=True)
    assert rows == [
        ("tool-argument-injection", _py_line('repo.git.tag("-a"'), "tag_create"),
        ("tool-argument-injection", _py_line('repo.git.branch("--track"'), "track"),
        ("tool-argument-injection", _py_line('repo.git.log("-5"'), "history"),
    ]
