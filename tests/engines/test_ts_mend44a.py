"""Review items of stop 43 left open on the TypeScript side (issues 12 and 14, branch mend44a),
each with a twin under ``fixtures/typescript/mend44a``."""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

NESTED = "mend44a/fetchnested"


def test_a_fetch_past_the_classes_own_host_method_is_no_capability_behind_an_unread_check(tmp_path):
    res = audit_group(tmp_path, NESTED)
    rows = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in res.findings + res.capabilities)
    page = line_of("server.ts", "const res = await fetch(url);", NESTED)
    anyp = line_of("server.ts", "const page = await fetch(url);", NESTED)
    assert rows == [("capability-network-request", "server.ts", anyp, "fetch_any"),
                    ("tool-ssrf", "server.ts", page, "fetch_page"), ("tool-ssrf", "server.ts", anyp, "fetch_any")]
    [f] = [f for f in res.findings if f.tool == "fetch_page"]
    assert f.message == ("tool 'fetch_page' passes parameter 'url' to fetch(): server-side request forgery; only a "
                         "weak check on the way: checked by this.isAllowedHost() (not verified by mcpaudit)")
    # twin: a package's checker closure, which no project function is: the capability behind it
    [cap] = res.capabilities
    assert cap.message.startswith("tool 'fetch_any' fetches any URL the caller gives: parameter 'url' reaches "
                                  "fetch() as is; only checked by hostAllowed() (not verified by mcpaudit) on the way")


SLOT = "mend44a/slottied"


def test_a_slot_mask_counts_only_the_templates_of_the_replaced_string(tmp_path):
    res = audit_group(tmp_path, SLOT)
    got = [(f.location.path, f.location.line, f.tool, f.message) for f in res.findings
           if f.rule_id == "secret-in-tool-result"]
    assert got == [("server.ts", line_of("server.ts", "// expect: secret-in-tool-result", SLOT), "sudo_note",
                    "tool 'sudo_note' returned a value containing secret 'hostConfig.sudo_password' to the caller")]
    # twin: sudo_line replaces the framed password in the command line itself
