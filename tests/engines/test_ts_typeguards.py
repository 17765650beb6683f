"""Type guards and typeof narrowing in TypeScript (fixtures/typescript/typeguards): a predicate
declared `a is T` whose true verdicts prove a property a number or a boolean narrows that
property after `if (!guard(args)) throw/return`; `x && typeof x !== "number"` rejected narrows x.
A property proven only a string is still the caller's text."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "typeguards"


def _the_one_finding(tool: str, rel: str, needle: str, param: str, sink: str = "child_process.exec") -> None:
    out, _ = scan(G)
    f = only(out.findings, tool=tool)
    assert (f.rule_id, f.location.path, f.location.line) == ("tool-shell-injection", rel, line_of(rel, needle, G))
    assert f.message == f"tool '{tool}' passes parameter 'arguments['{param}']' to {sink}(): OS command injection"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_guard_proving_a_number_narrows_that_property_only():
    _the_one_finding("list", "server.ts", "exec(`ls -la ${args.name}`)", "name")


def test_a_conjunction_guard_with_undefined_or_number_and_a_boolean():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "count"]


def test_an_inline_falsy_or_number_check_narrows_and_a_string_check_does_not():
    _the_one_finding("tail", "server.ts", "exec(`tail -n 5 ${a.file}`)", "file")


def test_a_guard_declared_after_the_function_that_calls_it():
    _the_one_finding("page", "later.ts", "journalctl -n", "unit", "child_process.execSync")


def test_a_guard_imported_from_another_module():
    _the_one_finding("ping", "remote.ts", "ping -c 1 ${args.host}", "host", "child_process.execSync")
    out, _ = scan(G)
    f = only(out.findings, tool="ping")
    assert not [s for s in f.flow if s.note.startswith("checked")]  # a string: no check shown
