"""General causes of the TypeScript ledger's wrong rows and missed hazards (tsrec20), each on a
fixture of our own with a safe twin (``fixtures/typescript/tsrec20``):

* a tool's input shape composed in another module from spreads of shapes declared before it
  (``{ action: z.enum(...), ...retryShape, ...tagShape }``): the spread shapes' fields and their
  proofs (``z.coerce.number()``) are the composed shape's, so a number-checked id pasted into a
  request path is no path fill, and a free field still is, named as itself (``spreadshape``);
* a command allow-list that splits the command line on shell operators but not on the newline
  (``line.split(/[;|&]/)`` in a helper of the validator) and checks each first word: a
  command after a newline runs unchecked, so the check is a bypassable guard and the flow a
  finding; a splitter that takes the newline too leaves the capability only (``splitguard``);
* an object a module binds once at its top level (``export const api = new ApiClient({ baseUrl:
  FIXED })``) holds what its own constructor stored, not what another instance's constructor was
  given by another tool (a factory's ``new ApiClient({ baseUrl: creds.url })``): a tool that only
  uses the shared object is not a flow of that tool's caller url (``moduleobject``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsrec20/spreadshape", "tsrec20/splitguard", "tsrec20/moduleobject"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_shape_composed_from_spreads_keeps_its_fields_proofs():
    found = by_rule("tsrec20/spreadshape", "tool-ssrf")
    line = line_of("server.ts", "/tags/${args.tag}", "tsrec20/spreadshape")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("server.ts", line, "jobs_write", "tag")]
    assert found[("server.ts", line)].message.startswith(
        "tool 'jobs_write' passes parameter 'tag' to fetch(): server-side request forgery")


def test_the_composed_shape_lists_every_spread_field_once():
    out, project = test_ts_engine.scan("tsrec20/spreadshape")
    [tool] = [t for t in project.tools if t.name == "jobs_write"]
    assert sorted(p.name for p in tool.parameters) == ["action", "jobId", "project", "tag"]


def test_a_splitter_that_leaves_the_newline_is_a_bypassable_guard():
    found = by_rule("tsrec20/splitguard", "tool-shell-injection")
    line = line_of("server.ts", "await run(command); // expect: tool-shell", "tsrec20/splitguard")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("server.ts", line, "run_allowed", "command")]
    f = found[("server.ts", line)]
    assert "only a weak check on the way: bypassable command guard: the command line is split into commands " \
        "on /([;|&]|&&|\\|\\|)/, which leaves the newline" in f.message
    split = line_of("validator.ts", "return text.split(OPERATORS)", "tsrec20/splitguard")
    assert ("validator.ts", split, "split into commands on shell operators, not on the newline") in [
        (s.location.path, s.location.line, s.note) for s in f.flow]
    out, _ = test_ts_engine.scan("tsrec20/splitguard")
    caps = {g.tool: g for g in out.findings if g.rule_id == "capability-command-execution"}
    assert set(caps) == {"run_allowed", "run_checked"} and "bypassable" not in caps["run_checked"].message


def test_split_patterns_read_as_command_splitters():
    from mcpaudit.analysis.ts.cmdguards import split_guard

    assert split_guard(r"([;|&]|&&|\|\||\(|\))")
    assert split_guard(r"\s*[;&|]\s*")  # whitespace padding splits nothing
    assert split_guard(r"&&|\|\||;")
    assert not split_guard(r"[;&|\n]") and not split_guard(r"[;\s|]")  # the newline is a separator
    assert not split_guard(r"\s+") and not split_guard(r",") and not split_guard(r"[;]")


def test_a_module_object_holds_no_other_instances_constructor_state():
    out, _ = test_ts_engine.scan("tsrec20/moduleobject")
    line = line_of("server.ts", "await tool.handler(args); // expect", "tsrec20/moduleobject")
    [f] = [g for g in out.findings if g.rule_id == "tool-ssrf"]
    assert (f.location.path, f.location.line, f.tool, f.parameter) == ("server.ts", line, "queue_stats", "creds")
    assert f.message.startswith("tool 'queue_stats' passes parameter 'creds' to fetch()")
    assert not [g for g in out.findings if g.tool == "list_items"]
