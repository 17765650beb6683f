"""TypeScript argv and shell leftovers (ts57a, ``fixtures/typescript/ts57a``; issue 14).

* ``fishquote``: a POSIX single-quote escaper (``'`` -> ``'\\''``) trusted for a command line fish
  runs (``which("fish") || "/opt/homebrew/bin/fish"`` behind a local spawn wrapper, and a literal
  ``spawn("fish", ["-c", ...])``): fish reads ``\\'`` inside single quotes, so the escape keeps
  nothing in its word. Twin ``fishquote_safe``: the same with bash, where the escape is right.
* ``branchsep``: ``if (fixed) args.push("-F", "--"); args.push(pattern)``: the ``'--'`` does not
  cover the pattern on the way without it (``analysis/ts/branchlists.py``); ``cond ? ["--",
  ...paths] : []`` spread into the argv places the paths after ``'--'``. Twin ``branchsep_safe``:
  the ``'--'`` pushed on every way.
* ``compoundguard``: ``if (x && x.length > 64) throw`` proves nothing; twin ``compoundguard_safe``:
  ``if (x && x.startsWith("-")) throw`` and ``if (x && !/^\\w+$/.test(x)) throw`` check x after the
  ``if``, as the plain forms do.
* ``sqlident``: identifiers pasted raw; twin ``sqlident_safe``: quoted with ``mysql.escapeId``,
  ``pool.escapeId``, ``escapeId`` of mysql2, pg-format's ``format("%I.%I ... %L")`` and
  ``format.ident`` (sanitizer rows of ``rules/models/typescript/sql.yaml``).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

from mcpaudit.analysis.taintvalue import BACKSLASH_QUOTES, POSIX_QUOTED, Info
from mcpaudit.analysis.ts.branchlists import merged
from mcpaudit.models import Confidence

G = "ts57a"
_ALL = ["fishquote", "fishquote_safe", "branchsep", "branchsep_safe", "compoundguard", "compoundguard_safe",
        "sqlident", "sqlident_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in _ALL])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


# -- 1. POSIX quoting under fish ---------------------------------------------------------------


def test_a_posix_quoted_value_run_by_fish_is_shell_injection():
    g = f"{G}/fishquote"
    wrapped = line_of("index.mjs", 'await runCapture(fishBin, ["-lc", line]', g)
    literal = line_of("index.mjs", 'spawn("fish", ["-c"', g)
    assert _rows("fishquote") == [
        ("tool-shell-injection", "index.mjs", wrapped, "find_bookmarks",
         "tool 'find_bookmarks' passes parameter 'tag' to child_process.spawn() ['fish', '-lc', …]: "
         "OS command injection (the value is run as a fish script)"),
        ("tool-shell-injection", "index.mjs", literal, "count_bookmarks",
         "tool 'count_bookmarks' passes parameter 'tag' to child_process.spawn() ['fish', '-c', …]: "
         "OS command injection (the value is run as a fish script)"),
    ]


def test_the_same_quoting_under_bash_is_quiet():
    assert _rows("fishquote_safe") == []


def test_the_posix_mark_counts_only_under_a_backslash_quote_shell():
    quoted = Info(clean=frozenset({"shell", POSIX_QUOTED}))
    assert quoted.is_clean("shell")
    assert not quoted.replace(clean=quoted.clean | {BACKSLASH_QUOTES}).is_clean("shell")
    assert Info(clean=frozenset({"shell", BACKSLASH_QUOTES})).is_clean("shell")  # cleaned another way


# -- 2. a '--' pushed on one way only ----------------------------------------------------------


def test_a_separator_pushed_in_a_branch_does_not_cover_later_pushes():
    g = f"{G}/branchsep"
    line = line_of("index.ts", 'execFileSync("grep", args', g)
    rows = _rows("branchsep")
    assert [r[:4] for r in rows] == [("tool-argument-injection", "index.ts", line, "grep_notes")]
    msg = rows[0][4]
    assert "parameter 'pattern'" in msg and "argument injection" in msg and "no '--' before it" in msg


def test_a_separator_on_every_way_and_a_ternary_list_after_it_are_quiet():
    assert _rows("branchsep_safe") == []
    out, _ = scan(f"{G}/branchsep_safe")
    assert not [f for f in out.findings if f.tool == "changed_files"]  # cond ? ["--", ...paths] : []


def test_merged_lists_keep_a_one_way_separator_for_its_own_elements_only():
    base = [(None, {}, "-r", False)]
    sep, v = (None, {}, "--", False), (None, {("p", "x"): Info()}, None, False)
    out = merged(base + [sep, v], base)
    assert [e[2] for e in out] == ["-r", None, None]  # the '--' no longer counts for what follows
    assert out[2][1][("p", "x")].is_clean("argument")  # but the element pushed after it is placed
    both = merged(base + [sep], base + [(None, {}, "--", False)])
    assert [e[2] for e in both] == ["-r", "--", "--"]


# -- 3. compound tests narrowed on their false side --------------------------------------------


def test_a_compound_test_that_proves_nothing_leaves_the_findings():
    g = f"{G}/compoundguard"
    rows = _rows("compoundguard")
    assert [r[:4] for r in rows] == [
        ("tool-argument-injection", "index.ts", line_of("index.ts", 'await run("git"', g), "show_branch"),
        ("tool-sql-injection", "index.ts", line_of("index.ts", "await pool.query(", g), "table_count"),
    ]
    assert "parameter 'name'" in rows[0][4] and "parameter 'db'" in rows[1][4] and "SQL injection" in rows[1][4]


def test_compound_option_and_pattern_checks_narrow_after_the_if():
    assert _rows("compoundguard_safe") == []


# -- 4. SQL identifier quoting -----------------------------------------------------------------


def test_raw_identifiers_are_sql_injection():
    g = f"{G}/sqlident"
    rows = _rows("sqlident")
    want = [("describe_table", "SHOW COLUMNS FROM"), ("sample_rows", '"SELECT * FROM " + table'),
            ("count_rows", "SELECT COUNT(*) AS n"), ("pg_sample", "%s.%I"), ("pg_count", 'COUNT(*) FROM "')]
    assert [r[:4] for r in rows] == [("tool-sql-injection", "index.ts", line_of("index.ts", needle, g), tool)
                                     for tool, needle in want]
    assert "parameter 'schema'" in rows[3][4] and "SQL injection" in rows[3][4]


def test_identifiers_quoted_by_the_drivers_are_quiet():
    assert _rows("sqlident_safe") == []
