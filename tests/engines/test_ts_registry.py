"""The ts linker on reference cycles and on its own failures (fixtures/typescript/cycles), and
tools kept in registries (fixtures/typescript/registry).

Cycles: two functions whose returned lists spread each other's result, and a class re-exported
by two modules from each other, are followed once; the tools around them are analysed. A
failure of one handler's analysis is reported as an engine error naming its module, and the
other handlers' findings stay."""

from __future__ import annotations

from test_ts_engine import FIXTURES, _files, line_of, only, scan, tools_of

from mcpaudit.analysis.ts.link import TsLinker
from mcpaudit.engines import ts as ts_engine

C = "cycles"


def test_lists_spreading_each_other_and_circular_re_exports_are_followed_once():
    out, _ = scan(C)
    assert not out.errors
    assert set(tools_of(C)) == {"run_command", "list_home"}
    f = only(out.findings, tool="run_command")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "capability-command-execution", "server.ts", line_of("server.ts", "exec(args.command)", C))
    assert not [g for g in out.findings if g.tool == "list_home"]


def test_the_linker_follows_a_circle_once():
    linker = TsLinker(_summaries())
    assert linker._where("server.ts", "ring_a#Loop") is None  # ring_a re-exports ring_b's, which re-exports ring_a's
    # causeLines() spreads frameLines(), which spreads causeLines(): each list's own elements once
    assert linker._array("server.ts", "causeLines()") == [("server.ts", "o:frameLines()[1]")]


def _summaries():
    root = FIXTURES / C
    return {rel: ts_engine.analyze_file(a, rel, 10 ** 7, 20).summary for a, rel in _files(root)}


def test_one_handlers_failure_is_an_engine_error_and_the_rest_is_reported(monkeypatch):
    from mcpaudit.analysis import inter

    real = inter.Linker.instantiate

    def boom(self, path, fn, env, depth, stack, hint, handler=None, given=frozenset()):
        if fn.qualname == "TOOLS[1].handler":
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, path, fn, env, depth, stack, hint, handler, given)

    monkeypatch.setattr(inter.Linker, "instantiate", boom)
    root = FIXTURES / C
    out, _ = ts_engine.run(_files(root), root, jobs=1)
    assert [f.tool for f in out.findings] == ["run_command"]
    # the failing function, and the handler that called it (the call-tool handler): engine
    # errors naming the module; the other tool's finding is still reported
    assert {(e.engine, e.path, e.fatal) for e in out.errors} == {("ts", "server.ts", True)}
    assert "partly analysed: the analysis of the function TOOLS[1].handler failed (RecursionError: maximum " \
           "recursion depth exceeded); the rest of the project was analysed" in [e.message for e in out.errors]
    assert "partly analysed: the analysis of the handler of tool 'call_tool' failed (RecursionError: maximum " \
           "recursion depth exceeded); the rest of the project was analysed" in [e.message for e in out.errors]
