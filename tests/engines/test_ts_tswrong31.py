"""tswrong31: a file of a fixed name in the caller's folder read only for a yes/no (issue 14).

``fixedreads``: ``join(projectPath, "go.mod")`` read by a function that returns only truth values
(the TypeScript side of ``analysis/fixednames.py``, ``analysis/ts/fixedreads.py``) is existence
probing: the caller picks the folder, never the file, and nothing of the content leaves. At main
both probes were high findings. Twins: the content returned, the file name the caller's, the
folder itself (``dirname`` drops the mark), the content kept outside the function.
"""

from __future__ import annotations

import shutil

from test_ts_engine import FIXTURES, audit_group, line_of

GROUP = "tswrong31/fixedreads"
_MSG = "tool '{}' passes parameter 'projectPath' to {}(): path traversal / arbitrary file access"
_NOTE = " (a file of a fixed name in the caller's folder, read only for a yes/no: existence probing)"


def _audit_low(tmp_path):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / "fixedreads"
    shutil.copytree(FIXTURES / GROUP, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=("ts",), cache=False, min_confidence=Confidence.LOW))


def _at(needle: str) -> tuple:
    return ("src/probes.ts", line_of("src/probes.ts", needle, GROUP))


def test_fixed_name_reads_for_a_yes_no_are_audit_results(tmp_path):
    assert not [f for f in audit_group(tmp_path, GROUP).findings if f.tool in ("probe_go", "probe_swift")]
    res = _audit_low(tmp_path)
    got = {f.tool: f for f in res.findings if f.rule_id == "tool-path-traversal"}
    go, swift = got["probe_go"], got["probe_swift"]
    assert (go.location.path, go.location.line) == _at("const goMod = readFileSync(goModPath")
    assert go.confidence.name == "LOW"
    assert go.message == _MSG.format("probe_go", "fs.readFileSync") + _NOTE
    assert (swift.location.path, swift.location.line) == _at('await readFile(join(projectPath, "Package.swift")')
    assert swift.confidence.name == "LOW"
    assert swift.message == _MSG.format("probe_swift", "fs/promises.readFile") + _NOTE


def test_content_returned_or_kept_stays_a_finding(tmp_path):
    res = audit_group(tmp_path, GROUP)
    got = {f.tool: f for f in res.findings if f.rule_id == "tool-path-traversal"}
    shown, kept = got["show_manifest"], got["probe_kept"]
    assert (shown.location.path, shown.location.line) == _at('return readFileSync(join(projectPath, "go.mod")')
    assert shown.confidence.name == "HIGH"
    assert shown.message == _MSG.format("show_manifest", "fs.readFileSync")
    assert (kept.location.path, kept.location.line) == _at('const text = readFileSync(join(projectPath, "go.mod")')
    assert kept.confidence.name == "HIGH"
    assert kept.message == _MSG.format("probe_kept", "fs.readFileSync")


def test_a_caller_file_name_or_the_folder_itself_is_no_probe(tmp_path):
    res = audit_group(tmp_path, GROUP)
    caps = {c.tool: c for c in res.capabilities if c.rule_id == "capability-file-access"}
    named, folder = caps["probe_file"], caps["probe_folder"]
    assert (named.location.path, named.location.line) == _at("return readFileSync(join(projectPath, file)")
    assert named.message.startswith("tool 'probe_file' reads any file the caller names: parameter 'projectPath' "
                                    "reaches fs.readFileSync() as is")
    assert (folder.location.path, folder.location.line) == _at("return readFileSync(dirname(join(")
    assert folder.message.startswith("tool 'probe_folder' reads any file the caller names: parameter "
                                     "'projectPath' reaches fs.readFileSync() as is")
    assert not [f for f in res.findings if f.tool in ("probe_file", "probe_folder") and f.confidence.name == "LOW"]


def test_truth_only_reads_the_returns_and_the_stores():
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.fixedreads import truth_only
    from mcpaudit.analysis.ts.parse import parse

    src = b"""function a(p: string): boolean { return read(p).includes("x"); }
function b(p: string) { const t = read(p); const ok = t.startsWith("m"); return !ok || t.length > 2; }
function c(p: string) { return read(p); }
function d(p: string): boolean { cache[p] = read(p); return true; }
function e(p: string): boolean { last = read(p); return true; }
function f(p: string): boolean { seen.add(read(p)); return true; }
function g(p: string) { if (!p) return; return true; }
async function h(p: string): Promise<boolean> { const local: string[] = []; local.push(read(p)); return local.length > 0; }
function i(p: string) { return Boolean(read(p)) && statSync(p).isFile(); }
function j(p: string) { return Boolean(read(p)) && isReady(p); }
"""
    tree = parse(src, "x.ts")
    fns = {N.text(src, n.child_by_field_name("name")): n for n in tree.root_node.named_children}
    got = {name: truth_only(src, fn) for name, fn in fns.items()}
    assert got == {"a": True, "b": True, "c": False, "d": False, "e": False, "f": False, "g": False,
                   "h": True, "i": True, "j": False}


# -- namedcookie: one name=value entry found by its name (analysis/ts/namedentry.py) ------------

COOKIE = "tswrong31/namedcookie"


def test_a_cookie_found_by_a_plain_name_is_not_the_cookie_header(tmp_path):
    res = audit_group(tmp_path, COOKIE)
    logs = {f.location.line: f for f in res.findings if f.rule_id == "secret-in-log"}
    session = line_of("src/server.ts", "console.error(`session ${session}`)", COOKIE)
    first = line_of("src/server.ts", "console.error(`first ${first}`)", COOKIE)
    assert sorted(logs) == [session, first]  # not the connectionId line
    for line in (session, first):
        f = logs[line]
        assert f.location.path == "src/server.ts"
        assert f.message == "secret 'req.headers.cookie' is written to a log by console.error()"
        assert f.confidence.name == "HIGH"


def test_named_entry_reads_only_a_one_test_prefix_callback():
    from types import SimpleNamespace

    from mcpaudit.analysis.taintvalue import Info
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.namedentry import named_entry
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.catalog import catalog

    src = b"""a.find(c => c.startsWith("connectionId="));
a.find(c => { return c.startsWith("api_key="); });
a.find(c => c.startsWith("connectionId"));
a.find(c => c.includes("id="));
"""
    fa = SimpleNamespace(data=src, M=catalog().typescript)
    calls = [s.named_children[0] for s in parse(src, "x.ts").root_node.named_children]
    recv = {("s", "req.headers.cookie"): Info(()), ("p", "x"): Info(())}
    got = []
    for c in calls:
        out = named_entry(fa, "find", N.args_of(c), recv)
        got.append(None if out is None else sorted(k[0] for k in out))
    assert got == [["p"], None, None, None]
    assert named_entry(fa, "find", N.args_of(calls[0]), {("p", "x"): Info(())}) is None  # no secret: not ours
