"""Hazards of the twenty-ninth TypeScript holdout (browser, files, shell, git, devtools) that the
scan missed or misreported (ts29b, ``fixtures/typescript/ts29b``).

``selfreg``: tool classes that register themselves (``register(srv) { srv.registerTool(this.name,
this.config, this.#handle) }``, the name from a getter, the handler a private arrow-function field,
the configuration a field's object: ``analysis/ts/selftools.py``), and simple-git's methods as the
argv of ``git <command>`` (``program-args`` rows, ``analysis/ts/programargs.py``): the caller's
revision before any ``--`` of ``git diff`` is an option (``--output=<file>`` writes any file). The
safe twins: a revision refused when it starts with '-', an options object simple-git maps itself.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

SELF = "ts29b/selfreg"
_GIT = ("argument injection (a value starting with '-' is read as an option (no '--' before it); git {} options that "
        "run a program, touch a file or send a credential elsewhere: --output)")


def test_a_tool_class_registering_itself_is_a_tool_with_its_fields_config(tmp_path):
    res = audit_group(tmp_path, SELF)
    tools = {t.name: t for t in res.tools}
    assert sorted(tools) == ["branch_log", "revision_diff", "revision_show"]
    diff = tools["revision_diff"]
    assert [p.name for p in diff.parameters] == ["repoPath", "from"]
    assert diff.description == "Show the changes since a revision."
    assert diff.annotations == {"readOnlyHint": True}
    assert diff.location.path == "src/tools/diff.ts"


def test_simple_git_methods_are_the_argv_of_their_git_command(tmp_path):
    res = audit_group(tmp_path, SELF)
    got = sorted((f.location.path, f.location.line, f.rule_id, f.tool, f.parameter)
                 for f in res.findings if f.rule_id.startswith("tool-"))
    diff = line_of("src/tools/diff.ts", "const out = await git.diff(args);", SELF)
    raw = line_of("src/tools/rawlog.ts", 'await git.raw("log", "--oneline", input.branch);', SELF)
    assert got == [("src/tools/diff.ts", diff, "tool-argument-injection", "revision_diff", "from"),
                   ("src/tools/rawlog.ts", raw, "tool-argument-injection", "branch_log", "branch")]
    by_line = {f.location.line: f for f in res.findings}
    assert by_line[diff].message == ("tool 'revision_diff' passes parameter 'from' to simple-git diff(): "
                                     + _GIT.format("diff"))
    assert by_line[raw].message == ("tool 'branch_log' passes parameter 'branch' to simple-git raw(): "
                                    + _GIT.format("log"))
