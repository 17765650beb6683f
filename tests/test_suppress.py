"""Inline suppressions: ``# mcpaudit: ignore[rule-id] reason``."""

from __future__ import annotations

from typing import List

import pytest

from mcpaudit.models import Confidence, Finding, Location, Severity
from mcpaudit.suppress import apply_inline, parse_directives

KNOWN = {"tool-shell-injection", "sql-fstring", "secret-in-log", "B602"}


def finding(line: int, rule: str = "tool-shell-injection", path: str = "s.py") -> Finding:
    return Finding(rule_id=rule, engine="cst", severity=Severity.HIGH,
                   confidence=Confidence.HIGH, message="m", location=Location(path, line, 1))


def run(text: str, findings: List[Finding], no_ignores: bool = False, path: str = "s.py"):
    return apply_inline(findings, {path: text.splitlines()}, KNOWN, no_ignores)


def test_ignore_with_id_on_the_same_line() -> None:
    src = "import os\nos.system(cmd)  # mcpaudit: ignore[tool-shell-injection] cmd is a constant\n"
    f = finding(2)
    kept, suppressed, warnings = run(src, [f])
    assert kept == [] and suppressed == [f] and warnings == []
    assert f.suppression is not None
    assert f.suppression.kind == "inline"
    assert f.suppression.justification == "cmd is a constant"
    assert f.suppression.location == Location("s.py", 2, 17)


def test_id_list_suppresses_each_named_rule_only() -> None:
    src = "x = run(q)  # mcpaudit: ignore[sql-fstring, tool-shell-injection] reviewed\n"
    a, b, c = finding(1, "sql-fstring"), finding(1, "tool-shell-injection"), finding(1, "secret-in-log")
    kept, suppressed, warnings = run(src, [a, b, c])
    assert suppressed == [a, b] and kept == [c] and warnings == []


def test_comment_only_line_above_applies() -> None:
    src = (
        "def f(cmd):\n"
        "    # mcpaudit: ignore[tool-shell-injection] -- wrapper validates cmd\n"
        "    os.system(cmd)\n"
        "    os.system(cmd)\n"
    )
    first, second = finding(3), finding(4)
    kept, suppressed, _ = run(src, [first, second])
    assert suppressed == [first] and kept == [second]
    assert first.suppression.justification == "wrapper validates cmd"


def test_stacked_comment_block_above() -> None:
    src = (
        "# mcpaudit: ignore[sql-fstring] ok\n"
        "# mcpaudit: ignore[tool-shell-injection] ok too\n"
        "do(x)\n"
    )
    a, b = finding(3, "sql-fstring"), finding(3)
    kept, suppressed, _ = run(src, [a, b])
    assert suppressed == [a, b] and kept == []


def test_trailing_comment_on_the_line_above_does_not_apply() -> None:
    src = "a = 1  # mcpaudit: ignore[tool-shell-injection] for line 1 only\nos.system(cmd)\n"
    f = finding(2)
    kept, suppressed, _ = run(src, [f])
    assert kept == [f] and suppressed == []


def test_bare_ignore_warns_and_suppresses_nothing() -> None:
    src = "os.system(cmd)  # mcpaudit: ignore\n"
    f = finding(1)
    kept, suppressed, warnings = run(src, [f])
    assert kept == [f] and suppressed == []
    assert len(warnings) == 1 and warnings[0].startswith("s.py:1:") and "bare" in warnings[0]


def test_unknown_id_warns_and_names_file_and_line() -> None:
    src = "\n\nos.system(cmd)  # mcpaudit: ignore[tool-shel-injection] typo\n"
    f = finding(3)
    kept, suppressed, warnings = run(src, [f])
    assert kept == [f]
    assert warnings and warnings[0].startswith("s.py:3:") and "tool-shel-injection" in warnings[0]


def test_warnings_even_without_a_finding_there() -> None:
    _, _, warnings = run("x = 1  # mcpaudit: ignore[nope] r\ny = 2  # mcpaudit: ignore\n", [])
    assert [w.split(":")[1] for w in warnings] == ["1", "2"]


def test_hash_inside_a_string_is_not_a_comment() -> None:
    src = 'os.system("echo # mcpaudit: ignore[tool-shell-injection] no")\n'
    f = finding(1)
    kept, suppressed, warnings = run(src, [f])
    assert kept == [f] and suppressed == [] and warnings == []


def test_directive_inside_a_multiline_string_is_not_a_comment() -> None:
    src = 'DOC = """\n# mcpaudit: ignore[tool-shell-injection] not a comment\n"""\nos.system(c)\n'
    f = finding(4)
    kept, suppressed, _ = run(src, [f])
    assert kept == [f] and suppressed == []
    assert parse_directives("s.py", src.splitlines()) == []


def test_no_ignores_keeps_everything_but_still_warns() -> None:
    src = "os.system(c)  # mcpaudit: ignore[tool-shell-injection] ok\nx()  # mcpaudit: ignore\n"
    f = finding(1)
    kept, suppressed, warnings = run(src, [f], no_ignores=True)
    assert kept == [f] and suppressed == [] and f.suppression is None
    assert len(warnings) == 1 and warnings[0].startswith("s.py:2:")


def test_merged_finding_matches_other_engines_rule_id() -> None:
    src = "os.system(c)  # mcpaudit: ignore[B602] accepted in bandit terms\n"
    f = finding(1)
    f.also_reported_by = ["bandit:B602"]
    _, suppressed, _ = run(src, [f])
    assert suppressed == [f]


def test_other_files_and_lines_untouched() -> None:
    src = "os.system(c)  # mcpaudit: ignore[tool-shell-injection] ok\n"
    elsewhere = finding(1, path="other.py")
    kept, suppressed, _ = run(src, [elsewhere])
    assert kept == [elsewhere] and suppressed == []


def test_file_with_syntax_error_still_reads_real_comments() -> None:
    src = "def broken(:\n    pass\nos.system(c)  # mcpaudit: ignore[tool-shell-injection] ok\n"
    f = finding(3)
    _, suppressed, _ = run(src, [f])
    assert suppressed == [f]


@pytest.mark.parametrize(
    "comment",
    [
        "# mcpaudit:ignore[tool-shell-injection] r",
        "#mcpaudit: ignore[tool-shell-injection] r",
        "# noqa: S602  # mcpaudit: ignore[tool-shell-injection] r",
        "# MCPAUDIT: IGNORE[tool-shell-injection] r",
    ],
)
def test_spelling_variants(comment: str) -> None:
    f = finding(1)
    _, suppressed, _ = run(f"os.system(c)  {comment}\n", [f])
    assert suppressed == [f]


def test_malformed_bracket_warns() -> None:
    f = finding(1)
    kept, _, warnings = run("os.system(c)  # mcpaudit: ignore[tool-shell-injection oops\n", [f])
    assert kept == [f] and warnings and "malformed" in warnings[0]


def test_file_that_does_not_tokenize_falls_back_line_by_line() -> None:
    # the dedent on line 3 matches no outer level: tokenize stops there
    src = (
        "if x:\n"
        "        a = 1\n"
        "    b = 2\n"
        "os.system(c)  # mcpaudit: ignore[tool-shell-injection] ok\n"
        'os.system("# mcpaudit: ignore[tool-shell-injection] in a string")\n'
    )
    first, second = finding(4), finding(5)
    kept, suppressed, _ = run(src, [first, second])
    assert suppressed == [first] and kept == [second]
