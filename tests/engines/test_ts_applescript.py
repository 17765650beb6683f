"""AppleScript run from TypeScript (fixtures/typescript/applescript): run-applescript's
runAppleScript/runAppleScriptSync run AppleScript, whose `do shell script` runs any command; a
'"' -> '\\"' escape is no sanitiser; @jxa/run passes its arguments as JSON (no sink). App
modules loaded by name through a switch of dynamic imports are followed as static imports."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

from mcpaudit.models import Confidence

G = "applescript"
RUN = "run as AppleScript by osascript, whose `do shell script` runs any command"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_quote_escape_is_no_sanitiser():
    out, _ = scan(G)
    f = only(out.findings, tool="create_note")
    assert (f.rule_id, f.location.line) == ("tool-code-injection", line_of("server.ts", "await runAppleScript(script);  // audit view", G))
    # run_applescript runs any script with the same call: audit view (ts25b, analysis/offered.py)
    assert f.confidence == Confidence.LOW
    assert f.message == (f"tool 'create_note' passes parameter 'title' to run-applescript.runAppleScript(): "
                         f"code injection ({RUN}); tool 'run_applescript' already hands its caller's own input to "
                         f"run-applescript.runAppleScript() as is (its capability): nothing beyond it (audit view)")
    assert [s.note for s in f.flow] == ["parameter 'title' of MCP tool 'create_note' (caller-controlled)",
                                        "assigned to 'safeTitle'", "spliced raw into an AppleScript string literal",
                                        "assigned to 'script'", "reaches run-applescript.runAppleScript()"]


def test_a_helper_of_another_module_running_the_script():
    out, _ = scan(G)
    f = only(out.findings, tool="add_reminder")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-code-injection", "reminders.ts", line_of("reminders.ts", "return runAppleScriptSync(script);", G))
    assert "passed to quote()" in [s.note for s in f.flow]


def test_running_the_callers_script_is_the_tools_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="run_applescript")
    assert f.rule_id == "capability-code-execution"
    assert f.message == ("tool 'run_applescript' evaluates code the caller writes: parameter 'script' reaches "
                         "run-applescript.runAppleScript() as is")


def test_jxa_arguments_and_fixed_scripts_are_no_sink():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool in ("create_note_jxa", "count_notes")]


def test_a_module_loaded_by_name_is_followed():
    out, _ = scan(G)
    f = only(out.findings, tool="search_mail")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-code-injection", "apps/mail.ts", line_of("apps/mail.ts", "whose subject contains", G))
    assert [s[:2] for s in steps(f)][-1] == ("apps/mail.ts", f.location.line)
    assert "passed to searchMail()" in [s[2] for s in steps(f)] or any("searchMail" in s[2] for s in steps(f))


def test_jxa_source_with_the_callers_text_spliced_in_is_code_injection():
    out, _ = scan(G)
    f = only(out.findings, tool="get_note")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-code-injection", "jxa.ts", line_of("jxa.ts", "const body = await runJxa(script);", G))
    assert f.message == ("tool 'get_note' passes parameter 'title' to run-jxa.runJxa(): code injection "
                         "(run as JXA by osascript, whose doShellScript runs any command)")
    # the twin hands the title over as run-jxa's JSON argument
    assert not [f for f in out.findings if f.tool == "get_note_safely"]


def test_node_osascript_runs_its_script_not_its_variables():
    out, _ = scan(G)
    f = only(out.findings, tool="show_dialog")
    assert (f.rule_id, f.location.line) == ("tool-code-injection", line_of("jxa.ts", 'display dialog "${message}"', G))
    assert f.message.startswith("tool 'show_dialog' passes parameter 'message' to node-osascript.execute(): code injection")


def test_one_replace_escaping_backslashes_and_quotes_keeps_the_value_in_its_literal():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "create_note_escaped"]
    f = only(out.findings, tool="create_note_quotes_only")
    assert f.rule_id == "tool-code-injection"
    assert f.location.line == line_of("jxa.ts", "const escaped = title.replace(/['\"]/g", G) + 2
