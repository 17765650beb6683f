"""Where two paths of a value merge, what they are both clean for: "*" (clean for every family)
meets the other path's set (mcpaudit/analysis/taintvalue.py: meet, merge_info, union)."""

from __future__ import annotations

from mcpaudit.analysis.taintvalue import ALL, Info, meet, union


def test_meet_with_every_family_is_the_other_side():
    assert meet(frozenset({ALL}), frozenset({"sql", "argument"})) == frozenset({"sql", "argument"})
    assert meet(frozenset({"sql"}), frozenset({ALL})) == frozenset({"sql"})
    assert meet(frozenset({"sql", "path"}), frozenset({"sql", "shell"})) == frozenset({"sql"})
    assert meet(frozenset({ALL}), frozenset()) == frozenset()


def test_a_number_path_and_a_quoted_path_merge_clean_for_sql():
    label = ("p", "value")
    number = {label: Info((), clean=frozenset({ALL}))}  # typeof value === "number": String(value)
    quoted = {label: Info((), clean=frozenset({"sql"}))}  # value.replace(/'/g, "''")
    merged = union(number, quoted)
    assert merged[label].is_clean("sql") and not merged[label].is_clean("shell")
