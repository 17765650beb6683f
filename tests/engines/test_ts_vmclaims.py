"""node:vm said to isolate (fixtures/typescript/vmclaims).

A node:vm context shares the server's process: host objects in it lead back to ``process``. Code
the caller writes reaching ``vm.Script``/``runInNewContext`` is a code tool's capability; a tool
whose description claims the code runs isolated or sandboxed (the vm row's ``boundary-claims``)
also gets a ``tool-code-injection`` finding saying so. Safe twin: a tool that only says it runs
JavaScript has the capability alone."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

V = "vmclaims"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(V)


def test_a_tool_claiming_isolation_in_node_vm_is_code_injection():
    out, _ = scan(V)
    f = only([g for g in out.findings if g.rule_id == "tool-code-injection"], tool="run_isolated")
    assert (f.location.path, f.location.line) == ("server.ts", line_of("server.ts", "new vm.Script(code", V))
    assert f.message.startswith("tool 'run_isolated' passes parameter 'code' to new vm.Script(): code injection")
    assert "the tool says its code runs isolated" in f.message
    caps = {(c.rule_id, c.tool) for c in out.findings if c.rule_id.startswith("capability-")}
    caps |= {(c.rule_id, c.tool) for c in getattr(out, "capabilities", [])}
    assert ("capability-code-execution", "run_isolated") in caps


def test_a_tool_that_only_runs_javascript_has_the_capability_alone():
    out, _ = scan(V)
    assert not [g for g in out.findings if g.tool == "run_javascript" and not g.rule_id.startswith("capability-")]
    caps = {(c.rule_id, c.tool) for c in out.findings if c.rule_id.startswith("capability-")}
    caps |= {(c.rule_id, c.tool) for c in getattr(out, "capabilities", [])}
    assert ("capability-code-execution", "run_javascript") in caps
