"""Callbacks kept and called later (mcpaudit/analysis/ts/storedfns.py, secretcalls.py):
a function written inline as the argument of a project setter, kept in a field and handed on
to the function that registers the tools, is where a tool handler's call of that parameter
lands (fixtures/typescript/storedcallbacks); library methods whose result is a secret, on
receivers of their class only (fixtures/typescript/secretcalls)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

STORED = "storedcallbacks"
SECRETS = "secretcalls"


def test_stored_callbacks_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(STORED)


def test_secret_calls_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(SECRETS)


def test_a_callback_kept_by_a_setter_is_called_by_the_tool_it_is_handed_to():
    out, _ = scan(STORED)
    f = only(out.findings, rule_id="tool-path-traversal")
    assert (f.tool, f.location.path) == ("list_folder", "main.ts")
    assert f.location.line == line_of("main.ts", "return fs.readdir(target);", STORED)
    assert f.message == ("tool 'list_folder' passes parameter 'dir' to fs.promises.readdir(): "
                         "path traversal / arbitrary file access")
    setter = line_of("main.ts", "host.setLister(async (dir: string) => {", STORED)
    assert steps(f) == [
        ("tools.ts", line_of("tools.ts", 'server.tool("list_folder"', STORED),
         "parameter 'dir' of MCP tool 'list_folder' (caller-controlled)"),
        ("tools.ts", line_of("tools.ts", "const names = await lister(dir);", STORED),
         f"passed to <callback of setLister@{setter}>()"),
        ("main.ts", setter, "parameter 'dir'"),
        ("main.ts", line_of("main.ts", "const target = path.join(ROOT, dir);", STORED), "assigned to 'target'"),
        ("main.ts", f.location.line, "reaches fs.promises.readdir()"),
    ]
    # the counter, kept by the other setter, keeps the base name under the root
    assert not [g for g in out.findings if g.tool == "count_folder"]


def test_stack_outputs_returned_are_secrets_their_names_and_other_outputs_are_not():
    out, _ = scan(SECRETS)
    f = only(out.findings, rule_id="secret-in-tool-result")
    assert (f.tool, f.location.path) == ("stack_outputs", "server.ts")
    assert f.message == "tool 'stack_outputs' returned a value containing secret 'stack.outputs()' to the caller"
    # (the second tool reads them the same way: the first read is this tool's)
    read = line_of("server.ts", "const text = Object.entries(outputs)", SECRETS) - 1
    got = steps(f)
    assert got[0] == ("server.ts", read, "secret stack.outputs() read")
    assert ("server.ts", read + 1, "assigned to 'o'") in got
    assert got[-1] == ("server.ts", f.location.line, "returned")
    assert not [g for g in out.findings if g.tool in ("stack_output_names", "pipeline_outputs")]


MASKED = "maskedmaps"


def test_masked_maps_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(MASKED)


def test_a_value_of_a_map_the_code_masks_where_it_lists_them_is_a_secret_in_a_log():
    out, _ = scan(MASKED)
    f = only(out.findings, rule_id="secret-in-log")
    assert f.location.path == "server.ts"
    assert f.location.line == line_of("server.ts", "console.error(`resolved ${alias} to ${uri}`);", MASKED)
    assert f.message == "secret 'uris.get()' is written to a log by console.error()"
    read = line_of("server.ts", "const uri = uris.get(alias);", MASKED)
    assert steps(f)[:2] == [("server.ts", read, "secret uris.get() read (a value the code masks where it lists them)"),
                            ("server.ts", read, "assigned to 'uri'")]
    # the labels map is never masked; a length of the URI is no secret, nor is anything returned
    assert [g.rule_id for g in out.findings] == ["secret-in-log"]
