"""A category registry of script builders (fixtures/typescript/categories, safe twin
categories_safe): ``server.addCategory({ name, scripts: [{ name, schema, script: (args) => ... }] })``,
a call-tool handler that splits the tool's name (``const [c, ...rest] = name.split("_")``), finds
the category and then its script by name and calls ``script.script(args)``: each listed builder is a
tool, named ``<category>_<script>`` as the tools/list handler names it. The text runs as
``osascript -e '<text>'`` with the POSIX single-quote escape (``'"'"'``):
one shell word, so no shell injection, but AppleScript code: a caller's string pasted raw into an
AppleScript literal is code injection, reported once per builder at the splice (the fix is there,
not at the exec every builder shares); one escaped for AppleScript (backslash, then quote) is not.
A command typed into a terminal (``do script``, ``write text``) by a tool that says it runs
commands is that tool's command-execution capability."""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

G = "categories"
SAFE = "categories_safe"
EXEC = "const { stdout } = await execAsync(`osascript -e"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)
    test_ts_engine.test_findings_equal_annotations(SAFE)


def test_the_builders_of_a_found_script_are_tools_named_after_their_category():
    # the handler splits the name at "_" and picks the category by the first piece: the tool is
    # `${category.name}_${script.name}`, as the tools/list handler lists it
    _, project = scan(G)
    tools = {t.name: (t.location.path, t.location.line) for t in project.tools if t.kind == "tool"}
    assert tools["notes_create"] == ("categories/notes.ts", line_of("categories/notes.ts", 'name: "create",', G) + 3)
    assert tools["system_launch_app"] == ("categories/system.ts", line_of("categories/system.ts", 'name: "launch_app",', G) + 3)
    assert "notes_create_escaped" in tools and "notes_count" not in tools  # a constant script is no function
    assert "create" not in tools


def _builder_findings(group):
    out, _ = scan(group)
    return {(f.location.path, f.location.line): f for f in out.findings
            if f.rule_id == "tool-code-injection" and f.confidence >= Confidence.MEDIUM}


def test_each_builder_that_splices_raw_into_an_applescript_literal_is_one_finding_there():
    got = _builder_findings(G)
    notes = ("categories/notes.ts", line_of("categories/notes.ts", '{name:"${args.title}"}', G))
    launch = ("categories/system.ts", line_of("categories/system.ts", 'tell application "${args.name}"', G))
    shortcut = ("categories/system.ts", line_of("categories/system.ts", '`run shortcut "${args.name}" with input', G))
    assert set(got) == {notes, launch, shortcut}  # not at the one exec they share
    f = got[notes]
    assert f.tool == "notes_create"
    assert f.message == (
        "tool 'notes_create' passes parameter 'arguments['title']' to child_process.exec() ['osascript', '-e', …]: "
        "code injection (run as AppleScript or JXA by osascript, whose `do shell script` runs any command) "
        "(the value is spliced raw into an AppleScript string literal here: a double quote closes it and "
        f"`do shell script` runs any command; the script runs at framework.ts:{line_of('framework.ts', EXEC, G)})")
    assert ("categories/notes.ts", notes[1], "spliced raw into an AppleScript string literal") in steps(f)
    assert steps(f)[-1][:2] == ("framework.ts", line_of("framework.ts", EXEC, G))
    assert got[launch].tool == "system_launch_app" and "parameter 'arguments['name']'" in got[launch].message
    # a template spliced into an AppleScript template is AppleScript: its own literals count
    assert got[shortcut].tool == "system_run_shortcut"


def test_a_command_a_terminal_tool_types_is_its_capability_not_a_finding():
    out, _ = scan(G)
    line = line_of("categories/system.ts", 'do script "${args.command}"', G)
    f = only([f for f in out.findings if f.tool == "system_terminal_run"])
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-command-execution", "categories/system.ts", line)
    assert "an AppleScript command run by osascript" in f.message


def test_the_applescript_escape_and_the_shell_quote_escape_sanitise():
    assert not _builder_findings(SAFE)
    out, _ = scan(SAFE)
    assert not [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


def test_an_applescript_literal_is_open_after_an_odd_number_of_unescaped_quotes():
    from mcpaudit.analysis.ts.applescript import open_literal

    assert open_literal('tell application "')
    assert not open_literal('tell application "Notes" to make new note with properties {name:')
    assert open_literal('set x to "a \\" b')  # an AppleScript-escaped quote does not close it
    assert not open_literal("set volume output volume ")
