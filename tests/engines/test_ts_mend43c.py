"""Review mends of stop 43's TypeScript modules (mend43c, ``fixtures/typescript/mend43c``).

``helperextras``: an exported registration helper calling ``server.tool(name, description,
handler)`` is no ``registerTool`` config (its description is the caller's second argument), and
a helper's config naming the description by shorthand (``{ description, inputSchema: schema }``)
keeps it (``analysis/ts/sharedwrappers.py``). ``tabword``: a tab is no separator of
``split(" ")``, so a value placed after a tab is still in the first word, the program
(``analysis/ts/shellwords.py``); the safe twin puts a space there. ``cutslash``: a path made
to start with '/' and then cut (``led.slice(1)``) no longer fills the path after the host: the
caller chooses the host (``analysis/ts/cutmarks.py``); the twin places the slash-led path itself.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of, scan

from mcpaudit.analysis.ts.sharedwrappers import REGWRAP, exported_wrappers
from mcpaudit.analysis.ts.shellwords import placed
from mcpaudit.analysis.taintvalue import AFTER_BLANK, Info

EXTRAS = "mend43c/helperextras"
TAB = "mend43c/tabword"
NOTES = "src/tools/notes.ts"


def test_a_helpers_description_argument_and_shorthand_description_reach_the_tool():
    _, project = scan(EXTRAS)
    tools = {t.name: t for t in project.tools}
    assert set(tools) == {"list-notes", "read-note"}
    assert tools["list-notes"].description == "List the stored notes."
    assert tools["read-note"].description == "Read a note by its file name."


def test_the_shorthand_helpers_tool_is_still_followed(tmp_path):
    res = audit_group(tmp_path, EXTRAS)
    read = line_of(NOTES, "fs.readFileSync(`/srv/notes/${args.file}`", EXTRAS)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (NOTES, read, "read-note")
    assert f.message.startswith("tool 'read-note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


_HELPERS = b"""
export function registerPlain(server: any, name: string, description: string, handler: any) {
  server.tool(name, description, handler);
}
export function registerWhole(server: any, name: string, config: any, handler: any) {
  server.registerTool(name, config, handler);
}
export function registerShort(server: any, name: string, description: string, inputSchema: any, cb: any) {
  server.registerTool(name, { description, inputSchema }, cb);
}
"""


def test_only_register_tool_takes_a_parameter_as_its_config():
    caller = b'import { registerPlain, registerWhole, registerShort } from "./helpers.js";\n'
    got = exported_wrappers([("src/helpers.ts", _HELPERS), ("src/a.ts", caller)])
    assert got["src/helpers#registerPlain"] == REGWRAP + "tool:0:1:3:2"
    assert got["src/helpers#registerWhole"] == REGWRAP + "toolcfg:0:1:3:2"
    assert got["src/helpers#registerShort"] == REGWRAP + "tool:0:1:4:2,3"


def test_a_value_after_a_tab_is_still_in_the_first_word_of_a_space_split(tmp_path):
    res = audit_group(tmp_path, TAB)
    shell = [f for f in res.findings if f.rule_id == "tool-shell-injection"]
    run = line_of("server.ts", "spawnSync(command, rest, { encoding: \"utf-8\" });  // expect", TAB)
    [f] = shell
    assert (f.location.path, f.location.line, f.tool, f.parameter) == ("server.ts", run, "run_nice", "checker")
    assert f.message == ("tool 'run_nice' passes parameter 'checker' to child_process.spawnSync(): "
                         "OS command injection (the program to run comes from the caller)")


def test_after_blank_is_marked_only_after_a_space():
    v = {"p": Info()}
    assert AFTER_BLANK not in placed(v, "nice\t")["p"].clean
    assert AFTER_BLANK in placed(v, "nice ")["p"].clean


CUT = "mend43c/cutslash"


def test_a_slash_led_path_cut_by_slice_chooses_the_host(tmp_path):
    res = audit_group(tmp_path, CUT)
    ssrf = {f.location.line: f for f in res.findings if f.rule_id == "tool-ssrf"}
    cut = line_of("server.ts", "${led.slice(1)}", CUT)
    led = line_of("server.ts", "atlassian.net${led}`", CUT)
    assert set(ssrf) == {cut, led}
    assert (ssrf[cut].tool, ssrf[cut].confidence.name) == ("get_cut", "HIGH")
    assert ssrf[cut].message.startswith("tool 'get_cut' passes parameter 'path' to fetch(): server-side request "
                                        "forgery (the request carries the server's credential 'TOKEN' to the host")
    assert (ssrf[led].tool, ssrf[led].confidence.name) == ("get_led", "MEDIUM")  # the twin: a path fill
    assert "it fills the path under the host" in ssrf[led].message


def test_cutting_methods_drop_the_shape_marks_and_a_split_keeps_them():
    from mcpaudit.analysis.taintvalue import FIRST_WORD, SLASH_LED
    from mcpaudit.analysis.ts.cutmarks import uncut

    from mcpaudit.analysis.taintvalue import CUT

    v = {"p": Info().replace(clean=frozenset({SLASH_LED, AFTER_BLANK, FIRST_WORD, "x"}))}
    # (ts30a: a cut or a split also marks the text no longer a whole file name, CUT: onename.py)
    assert uncut("slice", v)["p"].clean == frozenset({"x", CUT})
    assert uncut("replace", v)["p"].clean == frozenset({"x", CUT})
    assert uncut("split", v)["p"].clean == v["p"].clean | {CUT} and uncut("toLowerCase", v) is v


def test_a_wrapper_of_a_wrapper_defined_later_is_the_resolver():
    from mcpaudit.analysis.ts.module import TsModule
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.resolverwrappers import resolver_alias

    src = b"""import path from "node:path";
export function outer(p: string) { return middle(p); }
export function middle(p: string) { return inner(p); }
export function inner(p: string) { return path.resolve(p); }
export function other(p: string) { return nothing(p); }
"""
    mod = TsModule("w.ts", src, parse(src, "w.ts"))
    mod.run()
    assert {n: resolver_alias(mod.top, n) for n in ("outer", "middle", "inner", "other")} == {
        "outer": "path.resolve", "middle": "path.resolve", "inner": "path.resolve", "other": None}


def test_a_relative_import_is_resolved_against_the_importers_folder():
    beside = b'import { registerPlain } from "./helpers.js";\n'
    up = b'import { registerPlain } from "../lib/helpers";\n'
    alias = b'import { registerPlain } from "@/lib/helpers";\n'
    helpers = ("src/lib/helpers.ts", _HELPERS)
    key = "src/lib/helpers#registerPlain"
    assert key not in exported_wrappers([helpers, ("src/tools/a.ts", beside)])  # src/tools/helpers: another module
    assert exported_wrappers([helpers, ("src/tools/a.ts", up)])[key] == REGWRAP + "tool:0:1:3:2"
    assert exported_wrappers([helpers, ("src/lib/a.ts", beside)])[key] == REGWRAP + "tool:0:1:3:2"
    assert exported_wrappers([helpers, ("src/tools/a.ts", alias)])[key] == REGWRAP + "tool:0:1:3:2"


SLOT = "mend43c/slotonce"


def test_a_secret_framed_twice_in_a_template_is_masked_only_by_a_global_replace(tmp_path, monkeypatch):
    import mcpaudit.analysis.ts.calls as calls
    from mcpaudit.analysis.ts.slotmasks import slot_masked

    seen = []

    def spy(fa, pattern, by, recv=None):
        seen.append((_text(fa, pattern), slot_masked(fa, pattern, by, recv)))
        return seen[-1][1]

    monkeypatch.setattr(calls, "slot_masked", spy)
    res = audit_group(tmp_path, SLOT)
    once, every = '/echo "[^"]+" \\| sudo -S/', '/echo "[^"]+" \\| sudo -S/g'
    assert set(seen) == {(once, False), (once, True), (every, True)}  # framed twice; each template once
    got = [(f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == "secret-in-tool-result"]
    ret = line_of("server.ts", "// expect: secret-in-tool-result", SLOT)
    assert got == [(ret, "sudo_twice", "tool 'sudo_twice' returned a value containing secret "
                                      "'hostConfig.sudo_password' to the caller")]


def _text(fa, node) -> str:
    return fa.data[node.start_byte:node.end_byte].decode()


def test_a_command_lines_declaration_is_found_in_its_own_scope_or_the_module():
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.refoptions import _declared

    src = b"""let line = "docker build";
function build(tag: string) {
  const helper = () => { let line = "echo"; return line; };
  line += ` --secret ${tag}`;
}
"""
    root = parse(src, "r.ts").root_node
    [body] = [c for c in root.named_children if c.type == "function_declaration"]
    [aug] = list(N.descendants(body.child_by_field_name("body"), "augmented_assignment_expression"))
    init = _declared(src, aug.child_by_field_name("right"), "line")
    assert init is not None and N.text(src, init) == '"docker build"'
