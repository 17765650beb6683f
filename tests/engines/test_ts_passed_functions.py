"""Functions passed as arguments and called through the parameter that receives them
(fixtures/typescript/passedfns, mcpaudit/analysis/ts/passed.py): a helper calling the function a
tool handed it (withTimeout(runShell, cmd)) lands in that function only, not in the one another
tool hands it; a route handler set up by a method calls the audit function each call of that
method passes."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

G = "passedfns"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_function_handed_to_a_helper_is_where_the_helper_calls_its_parameter():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-shell-injection")
    assert (f.tool, f.location.path) == ("list_dir", "tools.ts")
    assert f.location.line == line_of("tools.ts", "exec(command,", G)
    # the helper also runs gitLogOf for another tool: that call is not this one
    assert f.message == "tool 'list_dir' passes parameter 'dir' to child_process.exec(): OS command injection"
    notes = [(p, n) for p, _, n in steps(f)]
    assert notes[1:4] == [("tools.ts", "passed to withTimeout()"), ("tools.ts", "parameter 'arg'"),
                          ("tools.ts", "passed to runShell()")]
    assert not [f for f in out.findings if f.tool == "file_history"]


def test_a_route_set_up_with_an_audit_function_reaches_it_through_the_kept_url():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-ssrf")
    # (ts20a: page.goto also opens file:// URLs, so the kept URL's flow is reported at the goto)
    assert (f.tool, f.location.path) == ("POST /current-url", "audits.ts")
    assert f.location.line == line_of("audits.ts", "await page.goto(url);  // expect", G)
    assert f.message.endswith("page.goto(): server-side request forgery (the browser also opens file:// URLs, local files)")
    got = steps(f)
    assert ("connector.ts", line_of("connector.ts", "currentUrl = req.body.url;", G), "stored in 'currentUrl'") in got
    assert ("connector.ts", line_of("connector.ts", "res.json(await auditFunction(url));", G), "passed to runPageAudit()") in got
    assert got[-1] == ("audits.ts", 8, "reaches page.goto()")
    # the shop route's audit function checks the host against an allow-list
    assert not [f for f in out.findings if f.tool == "POST /shop-url"]
