"""Attribute and variable types through conditionals, defaults and annotated parameters
(fixtures/taint/attr_types.py), and project methods named like library methods."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "attr_types.py"


def _scan(root: Path, files) -> List[Finding]:
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


_FOUND: List[Finding] = []


def found() -> List[Finding]:
    if not _FOUND:
        _FOUND.extend(_scan(FIXTURE.parent, [(str(FIXTURE), FIXTURE.name)]))
    return _FOUND


def line_of(needle: str) -> int:
    hits = [i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_attribute_set_from_a_conditional_expression_is_typed():
    [f] = [f for f in found() if f.tool == "run_program" and f.rule_id == "tool-argument-injection"]
    assert f.location.line == line_of("create_subprocess_exec(*argv)")
    # the caller's whole argv (the program too): running their commands is also its capability
    [cap] = [c for c in found() if c.tool == "run_program" and c.rule_id == "capability-command-execution"]
    assert cap.location.line == f.location.line
    assert f.message.startswith("tool 'run_program' passes parameter 'command' to asyncio.create_subprocess_exec(): "
                                "argument injection")
    notes = [s.note for s in f.flow]
    assert "passed to start()" in notes


def test_attribute_set_from_an_annotated_parameter_and_its_get_is_the_project_method():
    [f] = [f for f in found() if f.tool == "doc_entry"]
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("httpx.get(path, timeout=5)"))
    assert f.message == "tool 'doc_entry' passes parameter 'url' to httpx.get(): server-side request forgery"


def test_variable_built_by_a_default_is_typed():
    [f] = [f for f in found() if f.tool == "doc_status"]
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("httpx.head(path, timeout=5)"))
    assert f.message == "tool 'doc_status' passes parameter 'url' to httpx.head(): server-side request forgery"


def test_an_attribute_a_base_class_assigns_is_typed_in_a_subclass_method():
    [f] = [f for f in found() if f.tool == "stack_logs"]
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("subprocess.run(line, shell=True)"))
    assert f.message.startswith("tool 'stack_logs' passes parameter 'service' to subprocess.run(shell=True)")
    assert "passed to execute()" in [s.note for s in f.flow]
    assert not [f for f in found() if f.tool == "stack_status"]


def test_a_dict_default_keeps_the_dict_model():
    assert not [f for f in found() if f.tool == "cached_entry"]


def test_get_on_a_project_object_with_a_tainted_receiver_is_followed(tmp_path):
    (tmp_path / "server.py").write_text(textwrap.dedent('''
        import httpx
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("t")


        class Mirror:
            def __init__(self, base: str):
                self.base = base

            def get(self, name: str) -> str:
                return open("/srv/mirror/" + name).read()


        @mcp.tool()
        def mirror_entry(base: str, name: str) -> str:
            """Show an entry of a documentation mirror."""
            mirror = Mirror(base)
            return mirror.get(name)
    ''').lstrip(), encoding="utf-8")
    got = _scan(tmp_path, [(str(tmp_path / "server.py"), "server.py")])
    assert [(f.rule_id, f.location.line, f.parameter) for f in got] == [("tool-path-traversal", 12, "name")]
    assert got[0].message.startswith("tool 'mirror_entry' passes parameter 'name' to open(): path traversal")
