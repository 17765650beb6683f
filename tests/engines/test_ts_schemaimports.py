"""Schemas of other modules (fixtures/typescript/schemaimports): a zod shape imported under an
alias and registered, and a zod object imported and parsed in a handler, prove their fields (a
url() string cannot start with '-', a number carries no host) whether the field is read in the
handler or the parsed object is handed whole to a helper of another module; a free string field
of the same schema still reaches the sink."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

G = "schemaimports"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_an_imported_shape_gives_the_tool_its_parameters_and_their_proof():
    out, _ = scan(G)
    probe = tools_of(G)["probe"]
    assert {p.name: p.tainted for p in probe.parameters} == {"port": False, "path": True}
    assert not [f for f in out.findings if f.location.line == line_of("tools/probe.ts", "${port}/health", G)]
    f = only(out.findings, tool="probe")
    assert (f.rule_id, f.location.path) == ("tool-ssrf", "tools/probe.ts")
    assert f.message == "tool 'probe' passes parameter 'path' to fetch(): server-side request forgery"


def test_a_parsed_object_handed_to_another_module_keeps_each_fields_proof():
    out, _ = scan(G)
    # the url() field is no option (yt-dlp still requests it: a capability, test_ts_argv_urls.py)
    assert not [f for f in out.findings if f.tool == "subtitles" and f.rule_id == "tool-argument-injection"]
    f = only(out.findings, tool="search", rule_id="tool-argument-injection")
    assert (f.location.path, f.location.line) == ("media.ts", line_of("media.ts", "payload.query", G))
    assert [s.note for s in f.flow] == [
        "parameter 'request' of MCP tool 'search' (caller-controlled)",
        "assigned to 'parsed'", "passed to search()", "parameter 'payload'",
        "reaches child_process.execFileSync()"]


def test_a_field_destructured_from_the_parse_result_is_proven_in_the_handler():
    out, _ = scan(G)
    f = only(out.findings, tool="title", rule_id="tool-argument-injection")
    assert f.location.line == line_of("server.ts", '"--get-id", query', G)
    assert [s.note for s in f.flow][-2:] == ["assigned to 'query'", "reaches child_process.execFileSync()"]
