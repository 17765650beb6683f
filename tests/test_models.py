"""Every example of every library-model row is a test (rules/models/README.md).

A row's example is expanded for each function or method the row names (``$CALL``,
``$METHOD``, ``$OBJECT``), placed in a FastMCP tool whose parameter ``x`` is caller input
(unless the example is a whole module), scanned with the cst engine, and compared with what the
row expects: a finding of its family's rule on the marked line (``# expect``, else the line with
the placeholder), no finding at all (``none``), or a discovered tool (``tool:<name>``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from mcpaudit.catalog import catalog
from mcpaudit.catalog.models import Example
from mcpaudit.engines import cst as cst_engine

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
