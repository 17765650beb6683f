"""Causes read on the fifth Python holdout (issue 12), each on fixtures of our own
(``fixtures/taint``): the vulnerable shape is reported with its message, the safe twin is not."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Tuple

import pytest

from mcpaudit.analysis.regexshape import inert_families, negated_class_chars
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _findings(name: str) -> Dict[Tuple[int, str], str]:
    files = [(str(TAINT / name), name)]
    out, _ = cst_engine.run(files, TAINT, jobs=1)
    assert not out.errors, out.errors
    return {(f.location.line, f.rule_id): f.message for f in out.findings if f.confidence >= Confidence.MEDIUM}


def test_query_methods_on_other_libraries_objects_are_not_sql():
    got = _findings("typed_receivers.py")
    assert got == {
        (47, "tool-sql-injection"): "tool 'rows' passes parameter 'table' to .fetch(): SQL injection (the query is an f-string)",
        (51, "tool-sql-injection"): "tool 'user' passes parameter 'name' to .execute(): SQL injection (the query is an f-string)",
        (57, "tool-sql-injection"): "tool 'user' passes parameter 'name' to .execute(): SQL injection (the query is an f-string)",
        (62, "tool-sql-injection"): "tool 'user_untyped' passes parameter 'name' to .fetch(): SQL injection (the query is an f-string)",
    }


def test_character_allow_lists_without_dot_or_separator_confine_a_name():
    got = _findings("san_charfilter.py")
    assert set(got) == {(line, "tool-path-traversal") for line in (44, 50, 56, 62, 68, 74)}
    # py23a: no separator survives the allow-list; '..' alone is still a whole component: a weak flow
    assert got[(56, "tool-path-traversal")] == (
        "tool 'note_dot_kept' passes parameter 'name' to .read_text(): path traversal / arbitrary file access; "
        "only a weak check on the way: a value a character allow-list kept holds no '/', but '..' alone names "
        "the folder above the one it is joined to")


@pytest.mark.parametrize("pattern,kept", [
    (r"[^\w\-]", True), (r"[^A-Za-z0-9_.-]+", True), (r"[^a-z]", True),
    (r"[^\s]", False), (r"[/\\]", False), (r"x[^a]", False), (r"[^a-z]*", False),
])
def test_negated_class_chars(pattern, kept):
    assert (negated_class_chars(pattern) is not None) is kept


def test_inert_families_of_kept_characters():
    no_dot = inert_families(set("abc_-"), set("abc_-"))
    assert "path" in no_dot and "shell" in no_dot and "argument" not in no_dot
    dot = inert_families(set("abc_.-"), set("abc"))  # a dot, never first: no '..' segment
    assert "path" in dot and "ssrf" not in dot and "argument" in dot
    dot_first = inert_families(set("abc_.-"), set("abc."))
    assert "path" not in dot_first and "ssrf" not in dot_first and "argument" in dot_first
    assert inert_families(set("ab/"), set("ab")) == frozenset()


def test_mail_client_debug_output_logs_the_password():
    assert _findings("debug_log.py") == {
        (21, "secret-in-log"): "secret 'os.environ['MAIL_PASSWORD']' is written to a log by .login() "
                               "with smtplib's debug output on (stderr)",
        (33, "secret-in-log"): "secret 'os.environ['POP_PASSWORD']' is written to a log by .pass_() "
                               "with poplib's debug output on (stdout)",
    }
