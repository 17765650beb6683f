"""The ts linker on reference cycles and on its own failures (fixtures/typescript/cycles), and
tools kept in registries (fixtures/typescript/registry).

Cycles: two functions whose returned lists spread each other's result, and a class re-exported
by two modules from each other, are followed once; the tools around them are analysed. A
failure of one handler's analysis is reported as an engine error naming its module, and the
other handlers' findings stay."""

from __future__ import annotations

from test_ts_engine import FIXTURES, _files, line_of, only, scan, steps, tools_of

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


# -- tools kept in a registry (fixtures/typescript/registry) ------------------------------------

R = "registry"


def test_definitions_spread_from_namespaces_and_wrapped_in_define_tool_are_the_tools():
    """``[...Object.values(pageTools), ...]`` of ``defineTool({...})`` and ``defineTool((options)
    => ({...}))`` exports, pushed into a list a registry function registers one by one."""
    tools = tools_of(R)
    assert set(tools) == {"open_page", "status_page", "goto_page", "reload_page", "run_script", "uptime"}
    assert [p.name for p in tools["run_script"].parameters] == ["command"]
    assert tools["run_script"].location.path == "tools/script.ts"


def test_the_definitions_handler_is_the_tools_with_the_arguments_under_params():
    out, _ = scan(R)
    assert not out.errors
    f = only(out.findings, tool="open_page")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "capability-network-request", "tools/pages.ts", line_of("tools/pages.ts", "fetch(request.params.url)", R))
    assert f.message == "tool 'open_page' fetches any URL the caller gives: parameter 'url' reaches fetch() as is"
    g = only(out.findings, tool="run_script")
    assert (g.rule_id, g.location.path, g.location.line) == (
        "capability-command-execution", "tools/script.ts", line_of("tools/script.ts", "exec(command,", R))
    assert steps(g)[0][:2] == ("tools/script.ts", line_of("tools/script.ts", "handler: async (request", R))


def test_what_the_registry_passes_beside_the_arguments_is_not_the_callers():
    """``this.tool.handler({ params, origin: this.origin })``: the definition's ``request.origin``
    is the server's; a command chosen between constants is no finding either."""
    out, _ = scan(R)
    assert not [f for f in out.findings if f.tool in ("status_page", "uptime")]


def test_a_puppeteer_page_named_in_camel_case_is_a_browser_page():
    """``context.pptrPage.goto(url)`` navigates (http.yaml's browser-page receiver); going back
    to the page's own URL is no request of the caller's."""
    out, _ = scan(R)
    f = only(out.findings, tool="goto_page")
    assert (f.rule_id, f.location.line) == (
        "tool-ssrf", line_of("tools/pages.ts", "goto(request.params.url)", R))
    # (ts20a: page.goto also opens file:// URLs, so an unchecked caller URL is a finding)
    assert "to context.pptrPage.goto(): server-side request forgery" in f.message
    assert not [g for g in out.findings if g.tool == "reload_page"]


# -- a loop over a list of definition objects (fixtures/typescript/registry_loop) ----------------

L = "registry_loop"


def test_a_list_of_namespace_values_is_the_list_of_their_exports():
    tools = tools_of(L)
    assert {"read_note", "read_today", "fetch_page", "fetch_news", "grep_logs", "tail_logs"} == set(tools)
    assert [p.name for p in tools["fetch_page"].parameters] == ["url"]


def test_the_element_handler_called_with_params_in_an_object_gets_the_arguments():
    out, _ = scan(L)
    assert not out.errors
    f = only(out.findings, tool="fetch_page")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "capability-network-request", "web_tools.ts", line_of("web_tools.ts", "fetch(request.params.url)", L))
    g = only(out.findings, tool="read_note")
    assert (g.rule_id, g.location.path, g.location.line) == (
        "capability-file-access", "note_tools.ts", line_of("note_tools.ts", "readFile(params.path", L))
    h = only(out.findings, tool="grep_logs")
    assert (h.rule_id, h.location.path, h.location.line) == (
        "tool-shell-injection", "inline.ts", line_of("inline.ts", "exec(`grep", L))
    assert h.message == "tool 'grep_logs' passes parameter 'params['pattern']' to child_process.exec(): OS command injection"
    assert ("inline.ts", line_of("inline.ts", "tool.handler({ params, logFile", L)) in [s[:2] for s in steps(h)]


def test_a_field_the_loop_sets_to_a_constant_beside_params_stays_clean():
    out, _ = scan(L)
    assert not [f for f in out.findings if f.tool in ("tail_logs", "read_today", "fetch_news")]
