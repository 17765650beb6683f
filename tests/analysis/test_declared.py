"""Validation a tool's input schema declares (issue 12, neo4j memory): pydantic patterns on
parameters and on model fields, Literal/Enum/scalar fields, checked by FastMCP before the handler
runs, or by the handler's own model validation on the low-level Server
(``fixtures/taint/declared/graphapp``; each safe case has an unsafe twin)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.analysis.regexshape import anchored_at_start
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "declared"
_SQL = "to .execute_query(): SQL injection (the query is an f-string)"


def _reported():
    files = [(str(p), str(p.relative_to(ROOT))) for p in sorted(ROOT.rglob("*.py"))]
    out, _ = cst_engine.run(files, ROOT, jobs=1)
    assert not out.errors, out.errors
    return sorted((f.rule_id, f.location.path, f.location.line, f.message) for f in out.findings
                  if f.confidence >= Confidence.MEDIUM)


def test_declared_constraints_are_checks_only_where_they_exclude_the_sinks_characters():
    assert _reported() == [
        # low-level Server: arguments read before validation are unchecked; after
        # Node.model_validate(arguments) the label is checked, the field that admits a backtick is not
        ("tool-sql-injection", "graphapp/lowlevel.py", 21, f"tool 'label_count' passes parameter 'arguments['label']' {_SQL}"),
        ("tool-sql-injection", "graphapp/lowlevel.py", 24, f"tool 'label_count' passes parameter 'arguments' {_SQL}"),
        # a pattern that admits anything
        ("tool-sql-injection", "graphapp/server.py", 64, f"tool 'label_open' passes parameter 'label' {_SQL}"),
        # a pattern not anchored at the start; one admitting a backtick; a field with no pattern
        ("tool-sql-injection", "graphapp/store.py", 17, f"tool 'create_loose' passes parameter 'nodes' {_SQL}"),
        ("tool-sql-injection", "graphapp/store.py", 21, f"tool 'create_spaced' passes parameter 'nodes' {_SQL}"),
        ("tool-sql-injection", "graphapp/store.py", 25, f"tool 'create_named' passes parameter 'nodes' {_SQL}"),
        # a nested model handed on: its unconstrained field
        ("tool-sql-injection", "graphapp/store.py", 39, f"tool 'link_nodes' passes parameter 'link.node' {_SQL}"),
    ]


def test_search_patterns_must_be_anchored_at_the_start():
    assert anchored_at_start(r"^[a-z]+$") and anchored_at_start(r"\A[a-z]+") and anchored_at_start(r"(^a|^b)c")
    assert not anchored_at_start(r"[a-z]+$")
    assert not anchored_at_start(r"^a|b")
    assert not anchored_at_start(r"(?m)^[a-z]+$")


def test_declared_constraint_rows_in_the_catalog():
    from mcpaudit.catalog import catalog
    rc = catalog().python.record_classes
    assert {"Field", "constr", "StringConstraints"} <= rc["constraints"]
    assert "pattern" in rc["search-patterns"] and "regex" in rc["match-patterns"]
    assert rc["validated-by"] == frozenset({"fastmcp", "fastmcp2"})
    assert "model_validate" in rc["validating-methods"] and "BaseModel" in rc["validating-bases"]


def test_class_constant_base_is_the_fixed_host():
    """neo4j Aura (cause 3 of the twelfth holdout): ``self.BASE_URL``, a class constant, fixes the
    scheme and host; an id in the path, sent with the server's token, is the path-only finding at
    medium (the policy of analysis/reqcreds.py), an encoded one nothing."""
    path = Path(__file__).resolve().parents[2] / "fixtures" / "precision" / "class_base_url.py"
    out, _ = cst_engine.run([(str(path), path.name)], path.parent, jobs=1)
    assert not out.errors, out.errors
    assert sorted((f.rule_id, f.location.line, f.confidence, f.message) for f in out.findings
                  if f.confidence >= Confidence.MEDIUM) == [
        ("tool-ssrf", 19, Confidence.MEDIUM,
         "tool 'get_instance' passes parameter 'instance_id' to requests.get(): server-side request forgery; only a "
         "weak check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints "
         "of that host with the server's credential (the 'headers' argument)")]
