"""A leaf helper past the linker's depth limit (fixtures/typescript/leafcalls, ts30a): the tool's
e-mail goes six calls deep to a reader whose path builder calls ``slug(email)``, which strips
every separator; the builder's template gives it fixed text, so the file is one entry of a fixed
folder. ``slug`` sits past inter.MAX_DEPTH, and is followed there because it reaches no sink
(leafcalls.py); the twin's builder keeps the separators."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

from mcpaudit.analysis import leafcalls

G = "leafcalls"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_the_leaf_helper_past_the_limit_is_followed():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "account"]
    f = only(out.findings, tool="account_kept")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", "return fs.readFile(keptPath(email)", G)
    assert f.message == ("tool 'account_kept' passes parameter 'email' to fs/promises.readFile(): path traversal / "
                         "arbitrary file access")


def test_only_helpers_without_sinks_pass_the_limit_and_only_a_few_levels():
    class Fn:
        def __init__(self, calls, sinks):
            self.calls, self.sinks = calls, sinks

    leaf, caller, sinky = ("m", Fn({}, []), False), ("m", Fn({0: "x"}, []), False), ("m", Fn({}, ["s"]), False)

    class Linker:
        leaf_calls = True

        def resolve_in(self, path, fn, rec, env):
            return [leaf, caller, sinky]

    lk = Linker()
    assert leafcalls.leaf_targets(lk, "m", None, None, {}, 3, 8) == [leaf, caller, sinky]
    assert leafcalls.leaf_targets(lk, "m", None, None, {}, 8, 8) == [leaf, caller]
    assert leafcalls.leaf_targets(lk, "m", None, None, {}, 8 + leafcalls.EXTRA, 8) == []
