"""nodemailer attachments (fixtures/typescript/mailattach, mailattach_nolib; models:
rules/models/typescript/mail.yaml object-sinks): an object literal ``{ filename, path }`` in a
list held under an attachments name, in a project that imports nodemailer, is read by nodemailer
wherever it is built: ``path`` is a file read from disk (the tool's capability when it says it
attaches files by path) and an http(s) URL nodemailer fetches (a request forgery, which a tool
that takes file paths does not say); ``content`` is data."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, only, scan, steps

G = "mailattach"


def test_findings_equal_annotations():
    for name in (G, "mailattach_nolib"):
        out, _ = scan(name)
        got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
        want = expectations(FIXTURES / name)
        assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_an_attachment_path_is_a_file_read_and_a_request():
    out, _ = scan(G)
    at = ("lib/mailer.ts", line_of("lib/mailer.ts", "path: a.path", G))
    f = only(out.findings, rule_id="tool-ssrf")
    assert ((f.location.path, f.location.line), f.tool, f.parameter, f.confidence) == (
        at, "send_files", "attachments", Confidence.HIGH)
    assert f.message == ("tool 'send_files' passes parameter 'attachments' to nodemailer attachment path: server-side "
                         "request forgery (nodemailer fetches an http(s) URL given as the path and attaches the response)")
    assert steps(f) == [
        ("server.ts", line_of("server.ts", "async ({ to, text, attachments })", G),
         "parameter 'attachments' of MCP tool 'send_files' (caller-controlled)"),
        ("server.ts", line_of("server.ts", "await deliver({ to, text, attachments })", G), "passed to deliver()"),
        ("lib/mailer.ts", line_of("lib/mailer.ts", "export async function deliver(", G), "parameter 'email'"),
        ("lib/mailer.ts", line_of("lib/mailer.ts", "email.attachments?.map", G), "assigned to 'a'"),
        ("lib/mailer.ts", at[1], "reaches nodemailer attachment path"),
    ]
    cap = only(out.findings, rule_id="capability-file-access")
    assert ((cap.location.path, cap.location.line), cap.tool) == (at, "send_files")
    assert cap.message == ("tool 'send_files' reads any file the caller names: parameter 'attachments' reaches "
                           "nodemailer attachment path as is")


def test_messages_without_paths_and_result_objects_are_no_attachment():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool in ("send_note", "send_text_file", "save_note")]
    assert not scan("mailattach_nolib")[0].findings
