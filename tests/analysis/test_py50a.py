"""Causes of stop 50's first Python group (issue 12, branch py50a), each with a twin that stays
reported (``fixtures/taint/py50a``)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py50a")

# -- an AppleScript string escaper before osascript -e ----------------------------------------------


def test_escaped_values_between_applescript_quotes_of_osascript_e_are_one_string():
    # escape_applescript (a guard returning "" for None, then backslash, quote, line breaks), an
    # inline replace chain, and a nested esc() whose strings are joined into the script: each
    # value sits inside "..." of the AppleScript text, so osascript -e runs no code of the caller's
    assert G.tools("applescript_argv_safe") == ["add_folder", "rename_folder", "send_note"]
    assert G.rows("applescript_argv_safe") == []


def test_an_escaped_value_outside_applescript_quotes_or_a_quote_only_escape_is_code_injection():
    popen = G.line_of("applescript_argv", "server.py", 'subprocess.Popen(["osascript", "-e", script]')
    run = G.line_of("applescript_argv", "server.py", 'result = subprocess.run(["osascript", "-e", script]')
    assert G.rows("applescript_argv") == [("server.py", popen, "tool-code-injection", "count_notes"),
                                          ("server.py", run, "tool-code-injection", "add_folder")]
    msg = G.message("applescript_argv", "tool-code-injection", "count_notes")
    assert msg.startswith("tool 'count_notes' passes parameter 'limit' to subprocess.Popen(['osascript', '-e', "
                          "...]): code injection (run as AppleScript or JXA by osascript")
    found = next(f for f in G.found("applescript_argv") if f.tool == "count_notes")
    assert not found.properties.get("other_flows")  # 'folder' sits between quotes: no flow
    msg = G.message("applescript_argv", "tool-code-injection", "add_folder")
    assert msg.startswith("tool 'add_folder' passes parameter 'title' to subprocess.run(['osascript', '-e', ...]): "
                          "code injection")
