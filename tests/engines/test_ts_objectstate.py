"""State kept on objects between method calls (fixtures/typescript/objectstate): a method's
``this.attr = v`` (a constructor's parameter property, ``this.parts.push(v)``) read by another
method of the same instance, for an object the tool built with ``new C(...)`` (a local, a fluent
chain, a class imported from another module); safe twins: a field set from a constant, a field
validated in the constructor, a builder fed constants."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, only, scan, steps

G = "objectstate"


def test_findings_equal_annotations():
    out, _ = scan(G)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / G)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_a_builder_joins_what_an_earlier_call_pushed_into_its_array():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-shell-injection", tool="build_command")
    assert f.location.line == line_of("server.ts", "exec(b.build())", G)
    assert steps(f) == [
        ("server.ts", line_of("server.ts", 'server.tool("build_command"', G), "parameter 'name' of MCP tool 'build_command' (caller-controlled)"),
        ("server.ts", line_of("server.ts", 'b.add("name", name)', G), "passed to add()"),
        ("server.ts", line_of("server.ts", "add(flag: string, value: string)", G), "parameter 'value'"),
        ("server.ts", line_of("server.ts", "this.parts.push(", G), "stored in 'this.parts'"),
        ("server.ts", line_of("server.ts", "this.parts.join", G), "'this.parts' read (stored by an earlier call)"),
        ("server.ts", line_of("server.ts", "this.parts.join", G), "returned"),
        ("server.ts", f.location.line, "returned by build()"),
        ("server.ts", f.location.line, "reaches child_process.exec()"),
    ]


def test_a_fluent_chain_is_one_object():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-shell-injection", tool="chain_command")
    assert f.location.line == line_of("server.ts", 'exec(new CommandBuilder("tool")', G)
    assert ("server.ts", f.location.line, "passed to add()") in steps(f)


def test_a_constructor_parameter_property_is_read_by_a_method_of_an_imported_class():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-shell-injection", tool="repo_status")
    assert (f.location.path, f.location.line) == ("lib/runner.ts", line_of("lib/runner.ts", "exec(`git -C ${this.repoDir}", G))
    ctor = line_of("lib/runner.ts", "constructor(private repoDir", G)
    assert steps(f)[1:] == [
        ("server.ts", line_of("server.ts", "new GitRunner(dir", G), "passed to constructor()"),
        ("lib/runner.ts", ctor, "parameter 'repoDir'"),
        ("lib/runner.ts", ctor, "stored in 'this.repoDir'"),
        ("lib/runner.ts", f.location.line, "'this.repoDir' read (stored by an earlier call)"),
        ("lib/runner.ts", f.location.line, "reaches child_process.exec()"),
    ]


def test_a_base_url_the_constructor_keeps_is_reported_where_the_tool_hands_it_over():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-ssrf")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", line_of("server.ts", "new ApiService(region)", G), "get_item")
    assert "kept as the target of later requests" in f.message or "kept as the target" in (f.properties.get("detail") or f.message)


def test_safe_twins_stay_quiet():
    """A builder fed constants, a service whose constructor sets its base URL from a constant,
    a runner whose constructor validates the directory it keeps, a URL taken from the response
    of a request whose body holds the caller's value: nothing reported."""
    out, _ = scan(G)
    loud = [(f.rule_id, f.location.line, f.tool) for f in out.findings if f.confidence >= Confidence.MEDIUM and
            f.tool in ("fixed_command", "get_fixed_item", "safe_status", "start_job")]
    assert loud == []
