"""tsrec30: a one-line resolver wrapper imported from another module (issue 14).

``importedresolver``: ``normalizePath(p) { return path.normalize(p) }`` and ``realPathOf(p) =>
fs.realpathSync(p)`` are exported by ``utils/paths.ts`` and called in ``guards.ts``. ts29b and
mend43c left "an imported normalizePath is still a project function" open; at main the
importing module saw a project function: both weak tools were reported at high with no note
and the sound realpath check as "startsWith() on a path that was not resolved first" (medium).
The prepass (``analysis/ts/sharedresolvers.py``) binds the import to the resolver it wraps.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

GROUP = "tsrec30/importedresolver"
_HEAD = ("tool '{}' passes parameter 'path' to fs.readFileSync(): path traversal / arbitrary file access; "
         "only a weak check on the way: ")


def test_an_imported_resolver_wrapper_keeps_the_weak_check_diagnoses(tmp_path):
    res = audit_group(tmp_path, GROUP)
    got = {f.tool: f for f in res.findings if f.rule_id == "tool-path-traversal"}
    assert sorted(got) == ["read_lexical", "read_weak"]
    weak, lexical = got["read_weak"], got["read_lexical"]
    assert (weak.location.path, weak.location.line) == (
        "src/server.ts", line_of("src/server.ts", "fs.readFileSync(insideWeak(args.path)", GROUP))
    assert weak.confidence.name == "MEDIUM"
    assert weak.message == _HEAD.format("read_weak") + (
        "weak containment check: startsWith(root) without a trailing separator also accepts sibling directories "
        "such as '/allowed-evil' (CVE-2025-53110)")
    assert (lexical.location.path, lexical.location.line) == (
        "src/server.ts", line_of("src/server.ts", "fs.readFileSync(insideLexical(args.path)", GROUP))
    assert lexical.confidence.name == "MEDIUM"
    assert lexical.message == _HEAD.format("read_lexical") + (
        "resolved with a lexical resolver (path.resolve/join/normalize), not fs.realpath: a symlink inside the "
        "allowed root can point outside it (CVE-2025-53109)")


def test_an_imported_realpath_wrapper_with_a_separator_check_is_no_finding(tmp_path):
    res = audit_group(tmp_path, GROUP)
    assert not [f for f in res.findings if f.tool == "read_real"]
    assert "read_real" in {t.name for t in res.tools}


def test_only_exported_whole_body_calls_of_the_parameters_in_order_are_bound():
    from mcpaudit.analysis.ts.sharedresolvers import exported_resolvers
    from mcpaudit.catalog import catalog

    src = b"""import path from "node:path";
import { realpath } from "node:fs/promises";
export function norm(p: string): string { return path.normalize(p); }
export const res = (a: string, b?: string) => path.resolve(a, b);
export const real = async (p: string): Promise<string> => { return await realpath(p); };
export function swapped(a: string, b: string) { return path.resolve(b, a); }
export function based(p: string) { return path.resolve("/srv", p); }
export function logged(p: string) { console.log(p); return path.normalize(p); }
export function lower(p: string) { return p.toLowerCase(); }
function local(p: string) { return path.normalize(p); }
export const block = (p: string) => { return path.join(p); console.log(p); };
export const starts = (p: string) => path.resolve(p).startsWith(ROOT);
export const orEmpty = (p: string) => path.normalize(p) || "";
export const nextLine = (p: string) => path.resolve(p)
  .startsWith(ROOT);
export const tail = (p: string) => path.resolve(p); // the absolute path
export const inBlock = (p: string) => { return path.resolve(p).startsWith(ROOT); };
"""
    got = exported_resolvers([("src/utils/w.ts", src), ("src/lib/index.ts", src)], catalog().typescript.resolver_calls)
    want = {"norm": "path.normalize", "res": "path.resolve", "real": "fs/promises.realpath", "tail": "path.resolve"}
    assert got == {"src/utils/w": want, "src/lib/index": want, "src/lib": want}
