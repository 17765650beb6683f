"""Hazards of the twenty-ninth TypeScript holdout (browser, files, shell, git, devtools) that the
scan missed or misreported (ts29b, ``fixtures/typescript/ts29b``).

``selfreg``: tool classes that register themselves (``register(srv) { srv.registerTool(this.name,
this.config, this.#handle) }``, the name from a getter, the handler a private arrow-function field,
the configuration a field's object: ``analysis/ts/selftools.py``), and simple-git's methods as the
argv of ``git <command>`` (``program-args`` rows, ``analysis/ts/programargs.py``): the caller's
revision before any ``--`` of ``git diff`` is an option (``--output=<file>`` writes any file). The
safe twins: a revision refused when it starts with '-', an options object simple-git maps itself.

``returnedtype``: a field typed ``ReturnType<typeof createParts>['runner']`` is of the class of that
property of what the module's function returns (``analysis/ts/returnedtypes.py``), so a call on it
reaches that class's method; the safe twin's class quotes the value first.

``slotmask``: ``line.replace(/echo "[^"]+" \\| sudo -S/, "sudo")`` over the template the sudo password
was pasted into (``echo "${password}" | sudo -S ...``) removes exactly that password
(``analysis/ts/slotmasks.py``); the twin's pattern (`` \\| sudo -S``) leaves it in the result.

``resolverwrap``: a module function whose whole body returns a resolver of its parameters
(``normalizePath(p) { return path.normalize(p) }``) is that resolver (``analysis/ts/resolverwrappers.py``):
a containment check on its result guards the value, with the resolver's diagnoses (a prefix test
without a separator; a lexical resolver); the twin's realpath wrapper with a separator is no finding.
"""

from __future__ import annotations

from test_ts_engine import FIXTURES, audit_group, line_of

SELF = "ts29b/selfreg"
RET = "ts29b/returnedtype"
MASK = "ts29b/slotmask"
WRAP = "ts29b/resolverwrap"
_GIT = ("argument injection (a value starting with '-' is read as an option (no '--' before it); git {} options that "
        "run a program, touch a file or send a credential elsewhere: --output)")


def test_a_tool_class_registering_itself_is_a_tool_with_its_fields_config(tmp_path):
    res = audit_group(tmp_path, SELF)
    tools = {t.name: t for t in res.tools}
    assert sorted(tools) == ["branch_log", "revision_diff", "revision_show"]
    diff = tools["revision_diff"]
    assert [p.name for p in diff.parameters] == ["repoPath", "from"]
    assert diff.description == "Show the changes since a revision."
    assert diff.annotations == {"readOnlyHint": True}
    assert diff.location.path == "src/tools/diff.ts"


def test_simple_git_methods_are_the_argv_of_their_git_command(tmp_path):
    res = audit_group(tmp_path, SELF)
    got = sorted((f.location.path, f.location.line, f.rule_id, f.tool, f.parameter)
                 for f in res.findings if f.rule_id.startswith("tool-"))
    diff = line_of("src/tools/diff.ts", "const out = await git.diff(args);", SELF)
    raw = line_of("src/tools/rawlog.ts", 'await git.raw("log", "--oneline", input.branch);', SELF)
    assert got == [("src/tools/diff.ts", diff, "tool-argument-injection", "revision_diff", "from"),
                   ("src/tools/rawlog.ts", raw, "tool-argument-injection", "branch_log", "branch")]
    by_line = {f.location.line: f for f in res.findings}
    assert by_line[diff].message == ("tool 'revision_diff' passes parameter 'from' to simple-git diff(): "
                                     + _GIT.format("diff"))
    assert by_line[raw].message == ("tool 'branch_log' passes parameter 'branch' to simple-git raw(): "
                                    + _GIT.format("log"))


def test_a_field_typed_as_a_returned_property_reaches_that_class(tmp_path):
    res = audit_group(tmp_path, RET)
    shell = [f for f in res.findings if f.rule_id == "tool-shell-injection"]
    run = line_of("src/runners.ts", "exec(`ping -c 1 ${target}`);", RET)
    quoted = line_of("src/runners.ts", "exec(`ping -c 1 ${quote([target])}`);", RET)
    [f] = [f for f in shell if f.tool]
    assert (f.location.path, f.location.line, f.tool, f.parameter) == ("src/runners.ts", run, "ping_host", "host")
    assert f.message == "tool 'ping_host' passes parameter 'host' to child_process.exec(): OS command injection"
    assert [g for g in res.findings if g.location.line == quoted] == []  # quoted: nothing at all


def test_returned_type_reads_only_a_returned_construction():
    from mcpaudit.analysis.ts.module import TsModule
    from mcpaudit.analysis.ts.parse import parse

    src = b"""import { A } from "./a.js";
export function make() { const a = new A(); return { a, b: build(), c: new A() }; }
export const two = (f: boolean) => f ? new A() : new B();
class B {}
class S {
  x: ReturnType<typeof make>["a"];
  y: ReturnType<typeof make>["b"];
  z: ReturnType<typeof make>["c"];
  w: ReturnType<typeof two>;
}
"""
    mod = TsModule("s.ts", src, parse(src, "s.ts"))
    mod.run()
    types = {k[1]: v for k, v in mod.field_types.items() if k[0] == "S"}
    assert types.get("x") == types.get("z") == "a#A"
    assert "y" not in types and "w" not in types


def test_a_replace_spanning_the_secrets_slot_masks_it(tmp_path):
    res = audit_group(tmp_path, MASK)
    got = [(f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == "secret-in-tool-result"]
    shown = line_of("server.ts", 'const shown = line.replace(/ \\| sudo -S/, " | sudo");', MASK)
    ret = next(i for i in range(shown, shown + 5) if "return { content" in
               (FIXTURES / MASK / "server.ts").read_text().splitlines()[i - 1])
    assert got == [(ret, "sudo_run_shown",
                    "tool 'sudo_run_shown' returned a value containing secret 'hostConfig.sudo_password' to the caller")]


def test_slot_patterns_need_the_delimiter_on_both_sides_and_plain_text():
    from mcpaudit.analysis.ts.slotmasks import _slot

    assert _slot(r'echo "[^"]+" \| sudo -S') == ('echo "', '" | sudo -S')
    assert _slot(r"--password='[^']*'") == ("--password='", "'")
    assert _slot(r"password=[^&]+&") is None  # the prefix does not end with the delimiter
    assert _slot(r'echo "[^"]+".*') is None  # not plain text after the slot
    assert _slot(r'\w+ "[^"]+"') is None  # a character class escape is no literal text


def test_a_one_line_resolver_wrapper_is_the_resolver(tmp_path):
    res = audit_group(tmp_path, WRAP)
    got = {f.tool: f for f in res.findings if f.rule_id == "tool-path-traversal"}
    assert sorted(got) == ["read_lexical", "read_weak"]
    head = "tool '{}' passes parameter 'path' to fs.readFileSync(): path traversal / arbitrary file access; only a weak check on the way: "
    weak, lexical = got["read_weak"], got["read_lexical"]
    assert (weak.location.path, weak.location.line) == (
        "server.ts", line_of("server.ts", "fs.readFileSync(insideWeak(args.path)", WRAP))
    assert weak.confidence.name == "MEDIUM"
    assert weak.message == head.format("read_weak") + (
        "weak containment check: startsWith(root) without a trailing separator also accepts sibling directories "
        "such as '/allowed-evil' (CVE-2025-53110)")
    assert lexical.location.line == line_of("server.ts", "fs.readFileSync(insideLexical(args.path)", WRAP)
    assert lexical.confidence.name == "MEDIUM"
    assert lexical.message == head.format("read_lexical") + (
        "resolved with a lexical resolver (path.resolve/join/normalize), not fs.realpath: a symlink inside the "
        "allowed root can point outside it (CVE-2025-53109)")


def test_only_a_whole_body_call_of_the_parameters_in_order_is_a_wrapper():
    from mcpaudit.analysis.ts.module import TsModule
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.resolverwrappers import resolver_alias

    src = b"""import path from "node:path";
export function norm(p: string) { return path.normalize(p); }
export const res = (a: string, b: string) => path.resolve(a, b);
export function swapped(a: string, b: string) { return path.resolve(b, a); }
export function based(p: string) { return path.resolve("/srv", p); }
export function logged(p: string) { console.log(p); return path.normalize(p); }
export function lower(p: string) { return p.toLowerCase(); }
"""
    mod = TsModule("w.ts", src, parse(src, "w.ts"))
    mod.run()
    assert {n: resolver_alias(mod.top, n) for n in ("norm", "res", "swapped", "based", "logged", "lower")} == {
        "norm": "path.normalize", "res": "path.resolve", "swapped": None, "based": None, "logged": None,
        "lower": None}
