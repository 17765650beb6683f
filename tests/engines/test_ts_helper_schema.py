"""Tools whose inputSchema is a call (fixtures/typescript/helperschema): a project helper around a
zod shape (``strictShape({ path: z.string() }, aliases)``) declares that shape's parameters, with
what the shape proves (an enum stays clean); a schema no static reading can resolve still makes
the handler's first parameter the caller's arguments (unknown type, not safe). A description
given as a shorthand property (``{ title, description }``) is the variable's text, not the title
(mcpaudit/analysis/ts/surface.py)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

G = "helperschema"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_helper_around_the_shape_declares_its_parameters():
    tools = tools_of(G)
    assert [p.name for p in tools["build_report"].parameters] == ["name"]
    out, _ = scan(G)
    f = only(out.findings, tool="build_report")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "make report-${args.name}`).toString();  // expect", G))
    assert f.message == "tool 'build_report' passes parameter 'name' to child_process.execSync(): OS command injection"
    # the enum twin: the shape read through the helper proves the value clean
    assert not [f for f in out.findings if f.tool == "build_known_report"]


def test_a_schema_nothing_can_read_leaves_the_handlers_argument_the_callers():
    out, _ = scan(G)
    f = only(out.findings, tool="tail_log")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "tail -n 50 /var/log/", G))
    assert f.message == "tool 'tail_log' passes parameter 'args['file']' to child_process.execSync(): OS command injection"


def test_a_shorthand_description_is_the_tools_description_and_says_what_it_does():
    view = tools_of(G)["view"]
    assert view.description.startswith("View a file's contents.")
    out, _ = scan(G)
    f = only(out.findings, tool="view")
    assert (f.rule_id, f.location.line) == ("capability-file-access", line_of("server.ts", "fs.readFile(expandHome(args.path)", G))
