"""tsrec31: a factory function declared to return an interface, called through a parameter
typed by that interface in another module (issue 14).

``ifacefactory``: ``createWikiClient(config): WikiClient`` returns an object literal of closures
over an axios instance that carries the operator's bearer token; ``registerWikiTools(server,
wiki: WikiClient)`` calls ``wiki.getPage(path)``. The call is recorded on the interface
(``src/client#WikiClient.getPage``), which no class implements: at main the tool's flow stopped
there and the request was only an audit result ("not traced to an MCP tool parameter"). The
factory is now an implementor of the interface (``analysis/ts/ifacefactories.py``), so the call
lands on the closure the object holds.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

GROUP = "tsrec31/ifacefactory"


def test_a_call_through_an_interface_reaches_the_factory_objects_closure(tmp_path):
    res = audit_group(tmp_path, GROUP)
    got = [f for f in res.findings if f.rule_id == "tool-ssrf" and f.tool]
    assert [(f.tool, f.parameter) for f in got] == [("wiki_page", "path")]
    f = got[0]
    assert (f.location.path, f.location.line) == (
        "src/client.ts", line_of("src/client.ts", "http.get(`${config.baseUrl}${path}`)", GROUP))
    assert f.confidence.name == "HIGH"
    assert f.message == "tool 'wiki_page' passes parameter 'path' to http.get(): server-side request forgery"
    steps = [(s.location.path, s.note) for s in f.flow]
    assert ("src/tools.ts", "passed to getPage()") in steps
    assert ("src/client.ts", "parameter 'path'") in steps


def test_the_checked_twin_through_the_same_interface_is_no_finding(tmp_path):
    res = audit_group(tmp_path, GROUP)
    assert not [f for f in res.findings if f.tool == "wiki_article"]
    assert {"wiki_page", "wiki_article"} <= {t.name for t in res.tools}


def test_only_module_functions_with_a_declared_non_class_return_type_implement_it():
    from mcpaudit.engines.ts import analyze_file
    import os
    import tempfile

    src = """import type { Api } from "./api.js";
export interface Local { get(u: string): Promise<unknown>; }
class Impl { get(u: string) { return u; } }
export function typed(): Local { return { get: async (u: string) => fetch(u) }; }
export const arrow = (): Api => ({ run: (c: string) => c });
export async function promised(): Promise<Local> { return { get: async (u: string) => fetch(u) }; }
export function untyped() { return { get: async (u: string) => fetch(u) }; }
export function cls(): Impl { return { get: (u: string) => u }; }
export function notObject(): Local { return make(); }
"""
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "m.ts")
        with open(p, "w") as fh:
            fh.write(src)
        mod = analyze_file(p, "src/m.ts", 10**6, 60).summary
    assert mod.implements == {"typed()": ["Local"], "arrow()": ["src/api#Api"], "promised()": ["Local"]}
