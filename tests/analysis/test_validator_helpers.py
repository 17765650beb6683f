"""Validator helpers in other modules and methods narrow the value once modules are linked
(issue 12); fixture ``fixtures/taint/validators``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _default():
    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted((ROOT / "validators").rglob("*.py"))]
    out, _ = cst_engine.run(files, ROOT, jobs=1)
    assert not out.errors, out.errors
    return {f.location.line: f for f in out.findings if f.confidence >= Confidence.MEDIUM}


def test_anchored_helpers_clean_and_loose_ones_stay_weak():
    found = _default()
    # columns (raising helper), count (bool helper), sample (method), describe and preview (a dotted
    # name: a group with an escaped dot) are quiet
    assert sorted(found) == [25, 39, 75, 81]
    assert {f.rule_id for f in found.values()} == {"tool-sql-injection"}
    assert found[25].message.endswith("only a weak check on the way: checked by validate_loose() (not verified by mcpaudit)")
    assert found[39].message.endswith("only a weak check on the way: checked by is_valid_loose() (not verified by mcpaudit)")
    assert "\x1f" not in found[25].message + found[39].message  # the link-time reference is never shown
    # a dotted pattern whose end is not anchored, or whose group allows a space, proves nothing
    assert found[75].message == ("tool 'describe_open' passes parameter 'table' to .execute(): SQL injection "
                                 "(the query is an f-string)")
    assert found[81].message.startswith("tool 'describe_spaced' passes parameter 'table' to .execute()")


def test_a_parse_tree_with_every_call_rejected_is_a_code_validator_and_a_deny_list_is_not():
    out, _ = cst_engine.run([(str(ROOT / "code_astguard.py"), "code_astguard.py")], ROOT, jobs=1)
    shown = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    assert [(f.location.line, f.rule_id) for f in shown] == [(34, "tool-code-injection")]
    assert shown[0].message == ("tool 'compute_denylist' passes parameter 'expr' to eval(): code injection; only a weak "
                                "check on the way: checked by validate_formula_denylist() (not verified by mcpaudit)")
