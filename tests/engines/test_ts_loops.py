"""The ts engine evaluates a loop body a second time only when its first pass left state the
second could read (:mod:`mcpaudit.analysis.ts.loops`); and the module pass's cheap test before
the auth-names regex is derived from the regex."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import List, Tuple

from mcpaudit.analysis.ts.module import analyze_module
from mcpaudit.analysis.ts.parse import parse
from mcpaudit.catalog.prefixes import finditer, literal_prefixes
from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

HEAD = """\
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { exec } from "node:child_process";
import { z } from "zod";
const server = new McpServer({ name: "loops", version: "1.0.0" });
server.registerTool("run", { inputSchema: { cmd: z.string() } }, async ({ cmd }) => {
"""
TAIL = """\
  return { content: [] };
});
"""


def _scan(tmp_path: Path, body: str) -> Tuple[str, List[Tuple[int, str]]]:
    src = HEAD + textwrap.indent(textwrap.dedent(body).strip("\n"), "  ") + "\n" + TAIL
    (tmp_path / "server.ts").write_text(src, encoding="utf-8")
    out, _project = ts_engine.run([(str(tmp_path / "server.ts"), "server.ts")], tmp_path, jobs=1,
                                  min_confidence=Confidence.LOW)
    # a traced flow (a template string given to exec with nothing traced into it is a weak hint)
    found = sorted((f.location.line, f.rule_id) for f in out.findings
                   if f.rule_id == "tool-shell-injection" and f.confidence >= Confidence.MEDIUM)
    return src, found


def _line(src: str, needle: str) -> int:
    hits = [i for i, ln in enumerate(src.splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_a_value_set_late_in_one_iteration_reaches_a_use_early_in_the_next(tmp_path):
    src, found = _scan(tmp_path, """
        let prev = "true";
        for (const step of ["a", "b"]) {
          exec(`sh -c ${prev}`);
          prev = cmd;
        }
    """)
    assert found == [(_line(src, "exec(`sh -c ${prev}`)"), "tool-shell-injection")]


def test_a_var_in_the_body_is_carried_to_the_next_iteration(tmp_path):
    # `var` is the function's, not the iteration's: the second pass must see what the first set
    src, found = _scan(tmp_path, """
        for (const step of [1, 2]) {
          if (step > 1) exec(`echo ${late}`);
          var late = cmd;
        }
    """)
    assert found == [(_line(src, "exec(`echo ${late}`)"), "tool-shell-injection")]


def test_nested_loops_carry_an_outer_value_into_the_inner_body(tmp_path):
    src, found = _scan(tmp_path, """
        let last = "ls";
        for (const a of [1, 2]) {
          for (const b of [3, 4]) {
            exec(`run ${last}`);
          }
          last = cmd;
        }
    """)
    assert found == [(_line(src, "exec(`run ${last}`)"), "tool-shell-injection")]


def test_a_let_in_the_body_is_fresh_each_iteration_and_stays_quiet(tmp_path):
    # the body's own `let` is declared before it is read in every iteration: the first pass's
    # tainted value never reaches the earlier use of the enclosing constant
    src, found = _scan(tmp_path, """
        const fixed = "ls -l";
        for (const step of [1, 2]) {
          exec(fixed);
          let mine = cmd;
          exec(`echo ${mine}`);
        }
    """)
    assert found == [(_line(src, "exec(`echo ${mine}`)"), "tool-shell-injection")]


def test_one_callback_called_with_a_constant_and_with_caller_input(tmp_path):
    # the same local helper evaluated at two call sites inside a loop: one finding, with the flow
    # through the call that passes the caller's input, none for the constant
    src = HEAD + textwrap.indent(textwrap.dedent("""
        const run = (what: string) => exec(`git ${what}`);
        for (const x of [1, 2]) {
          run("status");
        }
        for (const y of [1, 2]) {
          run(cmd);
        }
    """).strip("\n"), "  ") + "\n" + TAIL
    (tmp_path / "server.ts").write_text(src, encoding="utf-8")
    out, _ = ts_engine.run([(str(tmp_path / "server.ts"), "server.ts")], tmp_path, jobs=1,
                           min_confidence=Confidence.LOW)
    hits = [f for f in out.findings if f.rule_id == "tool-shell-injection" and f.confidence >= Confidence.MEDIUM]
    assert [f.location.line for f in hits] == [_line(src, "exec(`git ${what}`)")]
    notes = [s.note for s in hits[0].flow]
    assert any("what" in n for n in notes), notes


def test_auth_prefixes_cover_every_alternative_of_the_pattern():
    assert literal_prefixes(r"(?i)(requireBearerAuth|verifyAccessToken|jwt\.verify|\.get\(\s*x|a\s*:)") == (
        "requirebearerauth", "verifyaccesstoken", "jwt.verify", ".get(", "a")
    assert literal_prefixes(r"(?i)(x|y?z)") is None  # an alternative that may start with anything
    assert literal_prefixes(r"(?i)(headers\[\s*[\"'](authorization|api-key)[\"']|b)") == ("headers[", "b")


def test_the_prefix_search_finds_what_the_regex_finds():
    pattern = re.compile(rb"(jwt\.verify|auth\(\{|headers\[\s*[\"'](authorization|x-api-key)[\"']|authmiddleware)")
    text = (b"const a = jwt.verify(t); app.use(auth({ x })); h = req.headers[ 'x-api-key' ];\n"
            b"authmiddlewareauthmiddleware; jwt.verif; headers['other']")
    prefixes = tuple(p.encode() for p in literal_prefixes(pattern.pattern.decode()))
    want = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert [(m.start(), m.end()) for m in finditer(pattern, prefixes, text)] == want and len(want) == 5


def test_a_module_naming_only_verify_access_token_records_auth():
    code = textwrap.dedent("""
        import express from "express";
        import { verifyAccessToken } from "./tokens.js";
        export async function gate(req, res, next) {
          const ok = await verifyAccessToken(String(req.query.t));
          return ok ? next() : res.status(403).end();
        }
    """).encode()
    summary = analyze_module("gate.ts", code, parse(code, "gate.ts"))
    assert [a["detail"] for a in summary.auth] == ["verifyAccessToken", "verifyAccessToken"]
    plain = code.replace(b"verifyAccessToken", b"lookupUser")
    assert analyze_module("gate.ts", plain, parse(plain, "gate.ts")).auth == []
