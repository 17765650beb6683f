"""Issue 14, tsrec18 (fixtures/typescript/toolflows).

- A sink several tools reach is one finding showing one flow; it now also lists each other
  tool's own flow (``properties.other_flows``), so another HTTP method or client method into the
  same request helper (delete_item's DELETE beside get_item's GET) shows where its value enters.
- A value right after ``--version`` or ``--help`` in an argv of a program the code does not name
  is that option's value or never acted on (the program prints and exits): no option injection.
  After a usual switch (``--verbose``) it stays a positional that can be read as an option.
"""

from __future__ import annotations

import json

import test_ts_engine
from test_ts_engine import by_rule, line_of

G = "toolflows"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_one_finding_per_sink_lists_every_tools_flow():
    (f,) = by_rule(G, "tool-ssrf").values()
    assert f.location.line == line_of("client.ts", "const response = await fetch(target, {", G)
    assert f.tool == "get_item"
    assert f.message.startswith("tool 'get_item' passes parameter 'itemId' to fetch(): server-side request forgery")
    assert f.message.endswith("(also reached from tool 'delete_item')")
    (other,) = f.properties["other_flows"]
    assert other["tool"] == "delete_item"
    lines = [(s["path"].rsplit("/", 1)[-1], s["line"]) for s in other["flow"]]
    # the DELETE route's own call of the helper, then the shared fetch
    assert ("client.ts", line_of("client.ts", "async deleteItem(itemId: string) {", G)) in lines
    assert lines[0] == ("server.ts", line_of("server.ts", 'server.tool("delete_item"', G))
    assert lines[-1] == ("client.ts", f.location.line)
    assert other["flow"][0]["note"] == "parameter 'itemId' of MCP tool 'delete_item' (caller-controlled)"


def test_other_flows_reach_the_json_report(tmp_path):
    from mcpaudit.reporters.json import render

    result = test_ts_engine.audit_group(tmp_path, G)
    doc = json.loads(render(result))
    (f,) = [f for f in doc["findings"] if f["rule_id"] == "tool-ssrf"]
    assert [o["tool"] for o in f["properties"]["other_flows"]] == ["delete_item"]


def test_other_flows_are_code_flows_of_their_own_in_sarif(tmp_path):
    from mcpaudit.reporters.sarif import render

    result = test_ts_engine.audit_group(tmp_path, G)
    doc = json.loads(render(result))
    (res,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "tool-ssrf"]
    first, second = res["codeFlows"]
    assert first["message"]["text"].endswith("step taint flow")
    assert second["message"]["text"].startswith("tool 'delete_item': ")
    locs = [loc["location"] for loc in second["threadFlows"][0]["locations"]]
    start = locs[0]["physicalLocation"]
    assert start["artifactLocation"]["uri"].endswith("server.ts")
    assert start["region"]["startLine"] == line_of("server.ts", 'server.tool("delete_item"', G)
    assert locs[0]["message"]["text"] == "parameter 'itemId' of MCP tool 'delete_item' (caller-controlled)"
    assert locs[-1]["physicalLocation"]["region"]["startLine"] == res["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_a_value_after_version_is_no_option_but_after_a_switch_it_is():
    (f,) = by_rule(G, "tool-argument-injection").values()
    assert f.location.line == line_of("server.ts", "return execFileSync(process.env.DEVICE_CLI", G)
    assert f.tool == "inspect_device"
    assert f.message == ("tool 'inspect_device' passes parameter 'target' to child_process.execFileSync(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")


def test_exiting_switches_take_the_next_element():
    from mcpaudit.analysis.taintvalue import long_value_option

    assert long_value_option("--version") and long_value_option("--help") and long_value_option("--device")
    assert not long_value_option("--verbose") and not long_value_option("--force")


# -- secrets handed on as a property of an arguments object (fixtures/typescript/fieldsecrets) --

F = "fieldsecrets"


def test_fieldsecrets_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(F)


def test_a_header_map_set_as_a_property_keeps_the_secret_in_it():
    got = by_rule(F, "secret-in-log")
    gw = got[("gateway.ts", line_of("gateway.ts", "  - headers: ${JSON.stringify(args.headers)}", F))]
    assert gw.message == "secret 'options.bearerToken' is written to a log by console.error()"
    notes = [(s.location.path, s.location.line, s.note) for s in gw.flow]
    assert notes[0] == ("headers.ts", line_of("headers.ts", "return { Authorization:", F),
                        "secret 'options.bearerToken' read")
    proxy = got[("gateway.ts", line_of("gateway.ts", "console.error(`proxy", F))]
    assert proxy.message == "secret 'process.env.PROXY_TOKEN' is written to a log by console.error()"
    # settings.url of a whole settings object holding a token is no secret, and the map behind
    # `Object(headers).length ? ... : "(none)"` is never logged (a map has no length)
    quiet = line_of("gateway.ts", "Object(headers).length ?", F)
    keys = line_of("gateway.ts", "Object.keys(headers).length ?", F)
    assert set(got) == {("gateway.ts", gw.location.line), ("gateway.ts", proxy.location.line), ("gateway.ts", keys)}
    assert ("gateway.ts", quiet) not in got


def test_field_secrets_only_for_the_callers_own_property():
    from mcpaudit.analysis.taintvalue import FIELD_NOT_SECRET, Info, field_secrets

    info = Info((), clean=frozenset({FIELD_NOT_SECRET}))
    assert field_secrets(info, True).clean == frozenset()
    assert field_secrets(info, False).clean == frozenset({"log", "return"})
    plain = Info(())
    assert field_secrets(plain, False) is plain
