"""Defects found reviewing stop 54's TypeScript changes (rev55, ``fixtures/typescript/rev55``).

* ``concatnotes`` (analysis/ts/concatlists.py): ffmpeg's concat demuxer reads the files of the
  list named after ``-i`` only; a file holding the caller's text that the run does not name (a
  notes file) is no list, and each list is reported once, by its own variable.
* ``jswrapper`` (analysis/ts/forwardregistrars.py): a forwarding wrapper written in JavaScript
  (the grammar gives each parameter bare, with no ``required_parameter`` around it) registers
  each caller's definition object as the tool, as in TypeScript (``ts54e/basewrapper``).
* ``lazyparam`` (analysis/ts/lazyinstances.py): a function returning its own parameter is no lazy
  singleton, though another scope of the module declares a variable of that name ``new C()``.
"""

from __future__ import annotations

from mcpaudit.models import Confidence
from test_ts_engine import annotation_test, line_of, scan

G = "rev55"
NAMES = ("concatnotes", "jswrapper", "jswrapper_safe", "lazyparam")

test_findings_equal_annotations = annotation_test([f"{G}/{n}" for n in NAMES])


def _default(name: str):
    out, _ = scan(f"{G}/{name}")
    return sorted(((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda r: (r[1], r[2], r[0]))


def test_only_the_list_after_dash_i_is_read_by_the_concat_demuxer():
    g = f"{G}/concatnotes"
    line = line_of("src/server.ts", '"-i", listPath, "-c", "copy", path.join(VIDEOS, "listed.mp4")', g)
    folder = line_of("src/server.ts", "exec(command, { cwd: VIDEOS });", g)
    found = [r for r in _default("concatnotes") if r[0] == "tool-path-traversal"]
    # (join_in_folder runs the list by the name listPath was built from, in its folder, through a
    # command line declared before the run)
    assert [r[:4] for r in found] == [("tool-path-traversal", "src/server.ts", line, "join_listed"),
                                      ("tool-path-traversal", "src/server.ts", folder, "join_in_folder")]
    assert "parameter 'files'" in found[0][4] and "'note'" not in found[0][4], found[0][4]


def test_a_javascript_forwarding_wrapper_registers_each_callers_object():
    g = f"{G}/jswrapper"
    _, project = scan(g)
    assert sorted((t.name, t.kind, t.framework) for t in project.tools) == [
        ("read_note", "tool", "registrar"), ("shell_run", "tool", "registrar")]
    assert [r[:4] for r in _default("jswrapper")] == [
        ("tool-shell-injection", "src/index.js", line_of("src/index.js", "await run(`sh -c ${command}`)", g),
         "shell_run"),
        ("tool-path-traversal", "src/index.js", line_of("src/index.js", 'await readFile(path, "utf8")', g),
         "read_note")]


def test_the_javascript_twin_keeps_the_tools_and_reports_nothing():
    _, project = scan(f"{G}/jswrapper_safe")
    assert sorted((t.name, t.kind, t.framework) for t in project.tools) == [
        ("read_note", "tool", "registrar"), ("shell_run", "tool", "registrar")]
    assert _default("jswrapper_safe") == []


def test_a_function_returning_its_parameter_is_no_lazy_singleton():
    # traced(client) { return client } beside a module-level `client = new pg.Client()`: the
    # caller's NoteIndex is what it returns, its query() is the project's, no SQL; the real lazy
    # getter's constant query stays quiet (constant text)
    assert _default("lazyparam") == []
    _, project = scan(f"{G}/lazyparam")
    assert sorted(t.name for t in project.tools) == ["count_rows", "find_notes"]
