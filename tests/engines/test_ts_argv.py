"""Argument vectors built in one function and run by a wrapper in another
(fixtures/typescript/crossmod/lib/git.ts): the function that builds the list knows which element
holds each value, so a value that can be read as an option is reported at the wrapper's sink as
surely as in a direct call, and one after '--' or behind a constant prefix is not; a list the
analysis did not see built stays in the audit view."""

from __future__ import annotations

import textwrap

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

from test_ts_engine import line_of, only, scan, steps


def test_a_value_placed_where_an_option_can_start_is_reported_at_the_wrappers_sink():
    out, _ = scan("crossmod")
    f = only(out.findings, rule_id="tool-argument-injection", tool="branch_log")
    assert (f.location.path, f.location.line) == ("lib/git.ts", line_of("lib/git.ts", 'execFileSync("git", args, { encoding', "crossmod"))
    assert f.confidence == Confidence.HIGH and f.parameter == "branch"
    assert f.message == ("tool 'branch_log' passes parameter 'branch' to child_process.execFileSync(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")
    assert [s[2] for s in steps(f)][-3:] == ["passed to git()", "parameter 'args'", "reaches child_process.execFileSync()"]


def test_values_after_double_dash_or_a_constant_prefix_stay_quiet():
    out, _ = scan("crossmod")
    assert not [f for f in out.findings if f.tool == "file_log"]


def _scan(tmp_path, code: str):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "run.ts").write_text(textwrap.dedent("""\
        import { execFileSync } from "node:child_process";
        export function run(args: string[]): string {
          return execFileSync("tool", args, { encoding: "utf8" });
        }
        """))
    (tmp_path / "server.ts").write_text(textwrap.dedent(code))
    files = [(str(tmp_path / p), p) for p in ("server.ts", "lib/run.ts")]
    out, _ = ts_engine.run(files, tmp_path, jobs=1)
    return [f for f in out.findings if f.rule_id == "tool-argument-injection"]


_HEAD = """\
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    import { run } from "./lib/run.js";
    const server = new McpServer({ name: "argv", version: "1.0.0" });
    """


def test_a_list_the_caller_passes_whole_stays_in_the_audit_view(tmp_path):
    found = _scan(tmp_path, _HEAD + """\
    server.registerTool("raw", { inputSchema: { argv: z.array(z.string()) } }, async ({ argv }) => {
      return { content: [{ type: "text", text: run(argv) }] };
    });
    """)
    assert [(f.tool, f.confidence) for f in found] == [("raw", Confidence.LOW)]
    assert "argv built elsewhere" in found[0].message


def test_a_value_after_a_spread_of_an_unknown_list_has_no_known_place(tmp_path):
    found = _scan(tmp_path, _HEAD + """\
    server.registerTool("after_base", { inputSchema: { name: z.string(), base: z.array(z.string()) } },
      async ({ name, base }) => {
        return { content: [{ type: "text", text: run([...base, name]) }] };
      });
    """)
    assert found and all(f.confidence == Confidence.LOW for f in found)


def test_the_value_of_an_option_that_takes_one_is_not_an_option_at_the_wrappers_sink():
    # rules/models/typescript/process.yaml option-operands: kubectl -n takes the next element
    out, _ = scan("crossmod")
    assert not [f for f in out.findings if f.tool == "namespace_events"]
    f = only(out.findings, rule_id="tool-argument-injection", tool="watch_pod")
    assert (f.location.path, f.location.line) == ("lib/kube.ts", line_of("lib/kube.ts", 'execFileSync("kubectl"', "crossmod"))
    assert f.confidence == Confidence.HIGH and f.parameter == "pod"
    assert [s[2] for s in steps(f)][-3:] == ["passed to kubectl()", "parameter 'args'", "reaches child_process.execFileSync()"]


def test_the_operand_rule_is_the_programs_own_in_a_direct_call():
    out, _ = scan("sinks")
    assert not [f for f in out.findings if f.tool == "pods_in_namespace"]
    f = only(out.findings, rule_id="tool-argument-injection", tool="grep_numbered_unsafe")
    assert f.location.line == line_of("argument.ts", '["-n", pattern', "sinks")
    assert [s[2] for s in steps(f)][-1] == "reaches child_process.execFileSync()"


def test_an_argv_filtered_of_empty_elements_keeps_its_order():
    # [...].filter(Boolean) drops only empty elements: the image before any '--' is an option at
    # high confidence (not a list "built elsewhere"), the one after '--' stays an operand
    out, _ = scan("sinks")
    f = only(out.findings, tool="container_start_unsafe")
    assert f.rule_id == "tool-argument-injection" and f.confidence == Confidence.HIGH
    assert f.location.line == line_of("argument.ts", 'execFileSync("docker", args)', "sinks")
    assert f.message == ("tool 'container_start_unsafe' passes parameter 'image' to child_process.execFileSync(): "
                         "argument injection (a value starting with '-' is read as an option (no '--' before it))")
    assert [s[2] for s in steps(f)] == [
        "parameter 'image' of MCP tool 'container_start_unsafe' (caller-controlled)",
        "reaches child_process.execFileSync()"]
    assert not [f for f in out.findings if f.tool == "container_start_safe"]


def test_curls_output_option_takes_the_next_element_whole(tmp_path):
    # rules/models/typescript/process.yaml option-operands: curl -o <file> (as in the Python models)
    (tmp_path / "server.ts").write_text(textwrap.dedent("""\
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { execFileSync } from "node:child_process";
        import { z } from "zod";
        const server = new McpServer({ name: "dl", version: "1.0.0" });
        server.registerTool("save", { inputSchema: { out: z.string() } }, async ({ out }) => {
          execFileSync("curl", ["-L", "-o", out, "https://files.example.com/latest"]);
          return { content: [{ type: "text", text: out }] };
        });
        server.registerTool("fetch_flag", { inputSchema: { name: z.string() } }, async ({ name }) => {
          execFileSync("curl", ["-L", name, "-o", "/srv/latest"]);
          return { content: [{ type: "text", text: name }] };
        });
        """))
    out, _ = ts_engine.run([(str(tmp_path / "server.ts"), "server.ts")], tmp_path, jobs=1)
    found = [f for f in out.findings if f.rule_id == "tool-argument-injection"]
    assert [(f.tool, f.parameter, f.location.line) for f in found] == [("fetch_flag", "name", 10)]
