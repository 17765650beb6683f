"""discord.js file-or-URL options (fixtures/typescript/discordfiles): a string given as a
webhook's avatar, a guild's icon or a message's files is fetched when it is an http(s) URL and
otherwise read from the server's disk, then uploaded: a caller's string there is SSRF and a file
read. Message text and names are no sink, and an options object without those properties is
none (keyword-only rows)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "discordfiles"
DETAIL = ("server-side request forgery (discord.js fetches an http(s) URL from the server and reads any other "
          "string as a local file, then uploads it)")


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_webhook_avatar_is_fetched_or_read():
    out, _ = scan(G)
    f = only(out.findings, tool="create_hook")
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", "channel.createWebhook({ name, avatar })", G))
    assert f.message == f"tool 'create_hook' passes parameter 'avatar' to channel.createWebhook(): {DETAIL}"
    assert [s.note for s in f.flow] == ["parameter 'avatar' of MCP tool 'create_hook' (caller-controlled)",
                                        "reaches channel.createWebhook()"]


def test_message_files_and_a_bot_avatar():
    out, _ = scan(G)
    f = only(out.findings, tool="post_report")
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", "files: [attachment]", G))
    g = only(out.findings, tool="set_bot_avatar")
    assert (g.rule_id, g.location.line) == ("tool-ssrf", line_of("server.ts", "setAvatar(image)", G))
    assert g.message.endswith(DETAIL)


def test_a_webhook_tool_does_not_declare_reading_local_files():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.rule_id.startswith("capability-")]


def test_text_and_names_are_no_sink():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "post_message"]
