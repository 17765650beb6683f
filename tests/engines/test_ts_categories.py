"""A category registry of script builders (fixtures/typescript/categories, safe twin
categories_safe): ``server.addCategory({ name, scripts: [{ name, schema, script: (args) => ... }] })``,
a call-tool handler that splits the tool's name (``const [c, ...rest] = name.split("_")``), finds
the category and then its script by name and calls ``script.script(args)``: each listed builder is a
tool. The text runs as ``osascript -e '<text>'`` with the POSIX single-quote escape (``'"'"'``):
one shell word, so no shell injection, but AppleScript code: a caller's string pasted raw into an
AppleScript literal is code injection; one escaped for AppleScript (backslash, then quote) is not."""

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


def test_the_builders_of_a_found_script_are_tools():
    _, project = scan(G)
    tools = {t.name: (t.location.path, t.location.line) for t in project.tools if t.kind == "tool"}
    assert tools["create"] == ("categories/notes.ts", line_of("categories/notes.ts", 'name: "create",', G) + 3)
    assert "create_escaped" in tools and "count" not in tools  # a constant script is no function


def test_an_applescript_literal_spliced_raw_is_code_injection_not_shell():
    out, _ = scan(G)
    f = only([f for f in out.findings if f.confidence >= Confidence.MEDIUM])
    assert (f.rule_id, f.location.path, f.location.line) == ("tool-code-injection", "framework.ts", line_of("framework.ts", EXEC, G))
    assert f.message == ("tool 'call_tool' passes parameter 'arguments['title']' to child_process.exec() ['osascript', '-e', …]: "
                         "code injection (run as AppleScript or JXA by osascript, whose `do shell script` runs any command)")
    builder = line_of("categories/notes.ts", 'name: "create",', G) + 3
    assert ("categories/notes.ts", builder, "parameter 'args'") in steps(f)


def test_the_applescript_escape_and_the_shell_quote_escape_sanitise():
    out, _ = scan(SAFE)
    assert not [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
