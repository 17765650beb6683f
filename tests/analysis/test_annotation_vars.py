"""Tool annotations passed as a variable (fixtures/capabilities/annotation_vars.py): a module-level
ToolAnnotations, a dict local to the registering function, add_tool(fn, annotations=var) of a
nested function, and a hint given by a module-level True/False constant are read like inline
annotations."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities" / "annotation_vars.py"


def _scan():
    out, project = cst_engine.run([(str(FIXTURE), FIXTURE.name)], FIXTURE.parent, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def line_of(needle: str, nth: int = 0) -> int:
    hits = [i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    return hits[nth]


def test_annotation_variables_resolve_like_inline_annotations():
    findings, project = _scan()
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in findings if f.rule_id == "tool-read-only-bypass")
    writes = [i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if "# expect: tool-read-only-bypass" in ln]
    assert got == [
        ("tool-read-only-bypass", writes[0], "list_unseen",
         "tool 'list_unseen' is annotated readOnlyHint=True but writes files (open())"),
        ("tool-read-only-bypass", writes[1], "list_pending",
         "tool 'list_pending' is annotated readOnlyHint=True but writes files (open())"),
        ("tool-read-only-bypass", writes[2], "list_archived",
         "tool 'list_archived' is annotated readOnlyHint=True but writes files (open())"),
        ("tool-read-only-bypass", writes[3], "list_recent",
         "tool 'list_recent' is annotated readOnlyHint=True but writes files (open())"),
    ]
    tools = {t.name: t for t in project.tools}
    assert tools["list_pending"].annotations == {"readOnlyHint": True, "destructiveHint": False}
    assert tools["list_archived"].annotations == {"readOnlyHint": True}
    assert tools["mark_all_seen"].annotations == {"readOnlyHint": False}
    # a module-level True/False constant as the hint's value
    assert tools["list_recent"].annotations == {"readOnlyHint": True}
    assert tools["clean_notes"].annotations == {"readOnlyHint": False}
