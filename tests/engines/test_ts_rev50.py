"""The review of stop 49's TypeScript modules (issue 14, branch rev50): each counter-example a
module wrongly silenced or wrongly accepted, with the twin it must keep as it was
(``fixtures/typescript/rev50``).

* a bring-your-own-key gateway is one only when nothing gives the key the operator's value before
  the refusal: a fallback assigned on a later line (``byoklater``) or a helper returning a module
  constant read from the environment (``byokconst``) keeps the no-auth report at medium
  (ts/byokgateway.py; the twins are ts31b/byok and ts49b/byokhelper);
* ``process.env`` in an object literal that a function returns is the caller's whole environment,
  reported at medium; one kept in a variable (ts49b/wholeenv's session record) or read back by
  another field (``childOptions().cwd``) stays quiet (``wholeenvret``, analysis/wholeenv.py);
* an object literal assigned to a variable passes ``typeof x !== "string"``: its secret field is
  logged in that arm; a string secret there cannot be (``stringobj``, ts/stringguard.py);
* a normaliser's branch test whose first atom may match nothing (``/^~?\\//``) also holds for a
  resolved path: the branch that maps it under the root is followed, so the function is no
  normaliser and the check on its result vouches for nothing (``normaliser_optional``); a drive
  letter test (``/^[a-zA-Z]:/``, ts49a/normaliser_local's twin) still fails for it
  (ts/normalisers.py).
"""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["rev50/wholeenvret", "rev50/stringobj"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)



def _no_auth(tmp_path, group: str):
    from test_ts_engine import audit_group

    res = audit_group(tmp_path, group, engines=("ts", "cst"), low=True)
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_gateway_whose_header_read_falls_back_on_a_later_line_keeps_its_confidence(tmp_path):
    g = "rev50/byoklater"
    [f] = _no_auth(tmp_path, g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", "new StreamableHTTPServerTransport(", g), Confidence.MEDIUM)
    assert "bring its own credential" not in f.message
    assert f.message.endswith("anyone who reaches it can call: web_search")


def test_a_helper_falling_back_through_a_module_constant_keeps_the_gateway_reported(tmp_path):
    g = "rev50/byokconst"
    [f] = _no_auth(tmp_path, g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", 'app.get("/sse"', g), Confidence.MEDIUM)
    assert "bring its own credential" not in f.message
    assert f.message.endswith("anyone who reaches it can call: get_balance, pay_invoice")


def test_the_whole_environment_in_a_returned_literal_reaches_the_tool_result():
    g = "rev50/wholeenvret"
    f = by_rule(g, "secret-in-tool-result")[("server.ts", line_of("server.ts", 'return { content: [{ type: "text", text }] }', g))]
    assert (f.tool, f.confidence) == ("debug_info", Confidence.MEDIUM)
    assert f.message == "tool 'debug_info' returned a value containing secret 'process.env (the whole environment)' to the caller"
    assert [s.location.line for s in f.flow][:2] == [line_of("server.ts", "env: process.env };", g)] * 2
    assert not by_rule(g, "secret-in-log")


def test_an_object_literal_logged_in_the_not_a_string_arm_keeps_its_secret_field():
    g = "rev50/stringobj"
    logs = by_rule(g, "secret-in-log")
    at = line_of("server.ts", 'console.error("sending a structured query", request)', g)
    assert sorted(logs) == [("server.ts", at)]
    f = logs[("server.ts", at)]
    assert f.message == "secret 'process.env.NOTES_API_KEY' is written to a log by console.error()"
    assert f.flow[0].location.line == line_of("server.ts", "apiKey: process.env.NOTES_API_KEY }", g)


def test_a_branch_test_with_an_optional_first_atom_holds_for_a_resolved_path(tmp_path):
    from test_ts_engine import audit_group

    g = "rev50/normaliser_optional"
    res = audit_group(tmp_path, g, engines=("ts", "cst"), low=True)
    got = [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
           for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert got == [("tool-path-traversal", "src/server.ts", line_of("src/server.ts", "await fs.readFile(real,", g),
                    "read_note", Confidence.HIGH,
                    "tool 'read_note' passes parameter 'name' to fs/promises.readFile(): path traversal / arbitrary "
                    "file access")]


def test_a_first_atom_that_may_be_left_out_is_no_proof_the_path_does_not_start_with_a_slash():
    from mcpaudit.analysis.ts.normalisers import _first_not_slash

    for can_be_slash in ("^~?\\/", "^[a-z]*\\/", "^[a-zA-Z]{0,2}:", "^C?:"):
        assert not _first_not_slash(can_be_slash), can_be_slash
    for drive in ("^[a-zA-Z]:", "^[a-z]+:", "^[a-z]{1,2}:", "^~/", "^C:"):
        assert _first_not_slash(drive), drive
