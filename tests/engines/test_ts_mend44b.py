"""mend44b: review items of stop 44 on the TypeScript side (issues 12 and 14).

``fetchbare``: fetchcheck.py tried a bare validator call also as ``this.<name>``, so a package's
checker called bare inside a class with a method of the same name read as the project's own
check (no capability behind it). The note now names the callee as written (``this.isAllowedHost``
for a method), and only that name is resolved.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

BARE = "mend44b/fetchbare"
_SSRF = "tool '{}' passes parameter 'url' to fetch(): server-side request forgery; only a weak check on the way: "


def test_a_bare_package_checker_is_not_the_classes_method_of_the_same_name(tmp_path):
    res = audit_group(tmp_path, BARE)
    pkg = line_of("server.ts", "const res = await fetch(url);", BARE)
    own = line_of("server.ts", "const page = await fetch(url);", BARE)
    rows = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in res.findings + res.capabilities)
    assert rows == [("capability-network-request", "server.ts", pkg, "fetch_pkg"),
                    ("tool-ssrf", "server.ts", pkg, "fetch_pkg"), ("tool-ssrf", "server.ts", own, "fetch_own")]
    msgs = {f.tool: f.message for f in res.findings}
    assert msgs["fetch_pkg"] == _SSRF.format("fetch_pkg") + "checked by isAllowedHost() (not verified by mcpaudit)"
    # twin: the class's own method, written with this.: the project's weak check, no capability
    assert msgs["fetch_own"] == _SSRF.format("fetch_own") + "checked by this.isAllowedHost() (not verified by mcpaudit)"
    [cap] = res.capabilities
    assert cap.message.startswith("tool 'fetch_pkg' fetches any URL the caller gives: parameter 'url' reaches "
                                  "fetch() as is; only checked by isAllowedHost() (not verified by mcpaudit) on the way")
