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


def test_a_schema_mark_survives_only_where_both_paths_carry_it_and_goes_when_the_value_changes():
    from mcpaudit.analysis.taintvalue import SCHEMA_REF, unclean

    label = ("p", "payload")
    mark = SCHEMA_REF + "src/server.ts\x1fsrc/schemas#VideoSchema\x1furl"
    parsed = {label: Info((), clean=frozenset({mark, "log"}))}
    raw = {label: Info(())}
    assert mark in union(parsed, dict(parsed))[label].clean
    assert mark not in union(parsed, raw)[label].clean
    # decoded after the parse: the proof, whatever families it names, no longer holds
    assert unclean(parsed, frozenset({"shell"}))[label].clean == frozenset({"log"})


def test_a_value_in_a_urls_query_and_in_its_path_merges_as_a_path_fill():
    from mcpaudit.analysis.reqcreds import HOST_MARK
    from mcpaudit.analysis.urlpath import URL_PATH

    label = ("p", "args")
    in_path = {label: Info((), clean=frozenset({URL_PATH, HOST_MARK + "api.example.com", "argument"}))}
    in_query = {label: Info((), clean=frozenset({"ssrf", "argument"}))}
    merged = union(in_query, in_path)[label].clean
    assert merged == frozenset({URL_PATH, HOST_MARK + "api.example.com", "argument"})
    assert not union(in_path, {label: Info(())})[label].clean  # the value as is on the other: nothing


def test_a_constant_first_path_segment_puts_what_follows_in_the_path():
    from mcpaudit.analysis.urlpath import in_url_path

    assert in_url_path("crates/") and in_url_path("/api/") and in_url_path("../v2/")
    assert not in_url_path("//") and not in_url_path("crates") and not in_url_path("mailto:a/")
    assert not in_url_path("\0crates/")  # after a value: that value may be the host
