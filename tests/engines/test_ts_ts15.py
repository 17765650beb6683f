"""General causes read from the fifteenth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a byte encoding's text (``buf.toString("base64")``, hex) holds only its
alphabet, which a shell does not interpret (``encodedargs``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["encodedargs"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_base64_and_hex_text_is_inert_in_a_shell_command():
    shell = by_rule("encodedargs", "tool-shell-injection")
    assert set(shell) == {("server.ts", line_of("server.ts", "spawn(process.execPath, [UI_SCRIPT, payload], { shell: true });  //",
                                                "encodedargs"))}
    f = next(iter(shell.values()))
    assert f.tool == "start_plain_chat"
    assert f.message == "tool 'start_plain_chat' passes parameter 'title' to child_process.spawn() with shell: true: OS command injection"


def test_base64url_may_start_an_option():
    args = by_rule("encodedargs", "tool-argument-injection")
    f = args[("server.ts", line_of("server.ts", 'execFile("chat-ui", [token])', "encodedargs"))]
    assert f.tool == "start_token_chat"
    assert f.message.startswith("tool 'start_token_chat' passes parameter 'title' to child_process.execFile(): argument injection")
