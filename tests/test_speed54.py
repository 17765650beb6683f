"""speed54 (issue 15): the TypeScript link reads a string default without libcst.

The linker's branch facts (``analysis/guards.py``) give a parameter left at its string default
the fact of that default (``mode = "plain"`` is truthy and the word ``plain``). The default is
kept as written, and its fact was computed by parsing it with libcst's ``parse_expression``:
for a TypeScript helper's default that imported libcst (~0.15-0.35 s of CPU) in a process that
analyses no Python -- the ts child of a mixed tree (forked before the cst engine imports libcst)
and a TypeScript-only scan. A lone single- or double-quoted literal is now evaluated the way
libcst's ``SimpleString.evaluated_value`` evaluates it (``ast.literal_eval`` of the token); any
other default still goes through libcst. No timing here: the modules a scan loads and the facts.
"""

from __future__ import annotations

import json

import pytest

from mcpaudit.analysis import guards
from test_speed52 import PYTHON_ANALYSIS, ROOT, _modules, _top

#: defaults as a signature spells them: lone literals (the fast path) and others (libcst's)
DEFAULTS = ['"GET"', "'get'", '"plain"', '""', "''", '"read-only"', '"a b"', '"/tmp/x"', "'it\\'s'",
            '"tab\\tname"', '"\\u0041BC"', '"x" ', "'y'\t", '"0"', '"abcdefghijklmnopqrstuvwxyz"',
            '"a\\\nb"', '"\\d"', '"\\x4"', '"""doc"""', "'''x'''", '"a" "b"', '"a" + "b"', '"a".upper()',
            '"a" if x else "b"', '"GET"  # comment', '"unterminated', '"a"b', "'mixed\"", '"é"']


@pytest.mark.parametrize("text", DEFAULTS)
def test_a_default_s_fact_is_libcst_s(text):
    import warnings

    from mcpaudit.lazycst import cst

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes, as both readings see them
        try:
            expected = guards.arg_fact(cst.parse_expression(text))
        except Exception:  # noqa: BLE001 - what _default_fact makes of a default libcst rejects
            expected = None
        assert guards._default_fact(text) == expected


def test_lone_literals_take_the_path_without_libcst():
    lone = [t for t in DEFAULTS if guards._ONE_STRING.fullmatch(t)]
    assert '"GET"' in lone and "'it\\'s'" in lone and '"a\\\nb"' in lone
    for other in ('"""doc"""', '"a" "b"', '"a" + "b"', '"GET"  # comment', '"unterminated', '"a"b'):
        assert not guards._ONE_STRING.fullmatch(other), other


@pytest.mark.parametrize("jobs", [["-j", "1"], []])
def test_a_typescript_scan_with_a_string_default_loads_no_libcst(tmp_path, jobs):
    """``runLookup(target, mode = "plain")`` called without ``mode``: the link reads the default
    (the shell arm is skipped for that caller) and libcst stays unloaded (before: loaded)."""
    g = ROOT / "fixtures" / "typescript" / "open52t" / "literalbranch_safe"
    report = tmp_path / "r.json"
    loaded = _modules(tmp_path, ["scan", str(g), "--no-cache", "-f", "json", "-o", str(report), "--fail-on", "never",
                                 "--min-confidence", "low", *jobs])
    assert "mcpaudit.analysis.guards" in loaded and "mcpaudit.analysis.ts.paramguards" in loaded
    assert not _top(loaded, "libcst")
    assert not [m for m in PYTHON_ANALYSIS if m in loaded]
    text = (g / "src" / "server.ts").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if "await execAsync(`whois ${target}`)" in t)
    got = [(f["rule_id"], f["line"], f["tool"], f["confidence"]) for f in json.loads(report.read_text())["findings"]
           if f["rule_id"] == "tool-shell-injection"]
    assert got == [("tool-shell-injection", line, None, "low")]  # no tool's flow: the default decides the arm
