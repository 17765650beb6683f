"""Every example of every library-model row is a test (rules/models/README.md).

A row's example is expanded for each function or method the row names (``$CALL``,
``$METHOD``, ``$OBJECT``), placed in a tool whose parameter ``x`` is caller input (a FastMCP
tool for ``rules/models/python``, an ``McpServer`` tool for ``rules/models/typescript``; unless
the example is a whole module), scanned with the language's engine (cst, ts), and compared with
what the row expects: a finding of its family's rule on the marked line (``# expect`` /
``// expect``, else the line with the placeholder), no finding at all (``none``), or a
discovered tool (``tool:<name>``).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from mcpaudit.catalog import catalog
from mcpaudit.catalog.models import Example
from mcpaudit.engines import cst as cst_engine
from mcpaudit.engines import ts as ts_engine

_WRAP = '''{imports}from mcp.server.fastmcp import FastMCP

mcp = FastMCP("models")


@mcp.tool()
def probe(x: str, y: str) -> str:
{body}
    return "ok"
'''


def _cases() -> List[Tuple[str, Example, str]]:
    out = []
    for ex in catalog().python.examples:
        for name in ex.names or ("",):
            out.append((f"{ex.origin}:{name or 'example'}", ex, name))
    return out


def _source(ex: Example, name: str) -> Tuple[str, Set[int]]:
    """The module to scan, and the lines the expected finding is on (``# expect`` markers, else
    the example's first line with the placeholder)."""
    template = textwrap.dedent(ex.code).rstrip("\n").splitlines()
    marked = {i for i, line in enumerate(template) if line.rstrip().endswith("# expect")}
    if not marked and ex.placeholder:
        marked = {next(i for i, line in enumerate(template) if ex.placeholder in line)}
    code = "\n".join(template).replace(ex.placeholder, name) if ex.placeholder else "\n".join(template)
    offset = 1
    if any(line.startswith(("def probe", "async def probe")) for line in template):
        # a whole module whose tool is `probe`: register it
        head = "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP(\"models\")\n"
        code = head + code.replace("\ndef probe", "\n@mcp.tool()\ndef probe").replace("\nasync def probe", "\n@mcp.tool()\nasync def probe")
        shift = {i: i + 2 + sum(1 for ln in template[:i + 1] if ln.startswith(("def probe", "async def probe"))) for i in marked}
        return code, {shift[i] + 1 for i in marked}
    if not any(line.startswith(("@", "def ", "class ")) for line in template):
        top = name.split(".")[0] if ex.placeholder in ("$CALL", "$OBJECT") and "." in name else ""
        imports = f"import {top}\n" if top else ""
        head = _WRAP.split("{body}")[0].format(imports=imports)
        offset += head.count("\n")
        code = _WRAP.format(imports=imports, body=textwrap.indent(code, "    "))
    return code, {i + offset for i in marked}


def _scan(tmp_path: Path, code: str):
    path = tmp_path / "server.py"
    path.write_text(code)
    out, project = cst_engine.run([(str(path), "server.py")], tmp_path, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


@pytest.mark.parametrize("case,ex,name", _cases(), ids=[c[0] for c in _cases()])
def test_model_example(tmp_path, case, ex: Example, name: str):
    code, lines = _source(ex, name)
    findings, project = _scan(tmp_path, code)
    _check(case, ex, code, lines, findings, project)


def _check(case: str, ex: Example, code: str, lines: Set[int], findings, project) -> None:
    """The findings of a scanned example against what its row expects."""
    got = sorted((f.rule_id, f.location.line) for f in findings)
    if ex.expect == "none":
        assert got == [], f"{case}: expected no finding in\n{code}"
        return
    if ex.expect.startswith("tool:"):
        assert ex.expect[5:] in {t.name for t in project.tools}, f"{case}: tool not discovered in\n{code}"
        return
    cat = catalog()
    fams = cat.families
    rules = {fams[ex.expect].rule} if ex.expect in fams else {ex.expect}
    if ex.expect in fams and fams[ex.expect].capability:
        # a parameter that reaches the sink as is is the tool's capability: the row works either way
        rules.add(cat.capability_rules()[fams[ex.expect].capability])
    hits = {line for rid, line in got if rid in rules}
    assert hits == lines, f"{case}: expected {sorted(rules)} on lines {sorted(lines)}, got {got} in\n{code}"


def test_every_row_has_an_example_per_name():
    """A row without names (a surface section) still has one example; a row with names is
    expanded for each of them, so no function of a model goes untested."""
    m = catalog().python
    named = {n for ex in m.examples for n in ex.names}
    assert set(m.sink_calls) <= named
    assert m.drops | m.undoes | set(m.clears) <= named
    assert m.resolver_calls | m.resolver_methods | m.url_parsers <= named



# ------------------------------------------------------------------------------------------
# TypeScript / JavaScript (rules/models/typescript)

_TS_WRAP = '''import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
{imports}
const server = new McpServer({ name: "models", version: "1.0.0" });

server.registerTool("probe", { inputSchema: { x: z.string(), y: z.string() } }, async ({ x, y }) => {
{body}
  return { content: [{ type: "text", text: "ok" }] };
});
'''


def _ts_cases() -> List[Tuple[str, Example, str]]:
    out = []
    for ex in catalog().typescript.examples:
        for name in ex.names or ("",):
            out.append((f"ts:{ex.origin}:{name or 'example'}", ex, name))
    return out


def _ts_name(name: str, placeholder: str) -> Tuple[str, str]:
    """(import line, expression) for a model name: globals as they are, ``module.export`` as a
    named import, deeper paths through a namespace import, a callable module as a default
    import."""
    M = catalog().typescript
    if placeholder != "$CALL" or name.split(".")[0] in M.globals or name in M.globals:
        return "", name
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    if dot < 0:
        return f'import mod from "{name}";', "mod"
    spec, members = name[:dot], name[dot + 1:]
    if "." not in members:
        return f'import {{ {members} as member }} from "{spec}";', "member"
    return f'import * as mod from "{spec}";', "mod." + members


def _ts_source(ex: Example, name: str) -> Tuple[str, Set[int]]:
    template = textwrap.dedent(ex.code).rstrip("\n").splitlines()
    marked = {i for i, line in enumerate(template) if re.search(r"//\s*expect\b", line)}
    whole = any(("McpServer(" in ln or "Server(" in ln or "FastMCP(" in ln) for ln in template)
    imports, expr = _ts_name(name, ex.placeholder) if ex.placeholder else ("", "")
    lines = [ln.replace(ex.placeholder, expr) if ex.placeholder else ln for ln in template]
    if whole:
        if not marked and ex.placeholder:
            marked = {next(i for i, line in enumerate(template) if ex.placeholder in line)}
        return "\n".join(lines) + "\n", {i + 1 for i in marked}
    hoisted = [ln for ln in lines if ln.startswith("import ")]
    body_idx = [i for i, ln in enumerate(lines) if not ln.startswith("import ")]
    if not marked and ex.placeholder:
        marked = {next(i for i, line in enumerate(template) if ex.placeholder in line)}
    head = _TS_WRAP.split("{body}")[0].replace("{imports}", "\n".join([imports] + hoisted).strip())
    offset = head.count("\n")
    body = "\n".join("  " + lines[i] for i in body_idx)
    code = head + body + _TS_WRAP.split("{body}")[1]
    where = {i: k for k, i in enumerate(body_idx)}
    return code, {where[i] + offset + 1 for i in marked if i in where}


@pytest.mark.parametrize("case,ex,name", _ts_cases(), ids=[c[0] for c in _ts_cases()])
def test_ts_model_example(tmp_path, case, ex: Example, name: str):
    code, lines = _ts_source(ex, name)
    path = tmp_path / "server.ts"
    path.write_text(code)
    out, project = ts_engine.run([(str(path), "server.ts")], tmp_path, jobs=1)
    assert not [e for e in out.errors if e.fatal or "partially" in e.message], (out.errors, code)
    _check(case, ex, code, lines, out.findings, project)


def test_every_ts_row_has_an_example_per_name():
    m = catalog().typescript
    named = {n for ex in m.examples for n in ex.names}
    assert set(m.sink_calls) <= named
    assert m.drops | m.undoes | set(m.clears) <= named
    assert m.resolver_calls | m.url_parsers <= named
