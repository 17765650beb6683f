"""Bandit post-filter of the twenty-fifth Python holdout, reader A (issue 12, branch py25a): hits in
a library module's ``__main__`` self-test move to the audit view; an entry point's block keeps them."""

from __future__ import annotations

import ast
from pathlib import Path

from mcpaudit.engines import bandit
from mcpaudit.engines.bandit_selftest import SELF_TEST, self_test_hits
from mcpaudit.models import Confidence

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "bandit_cleanup" / "selftest"


def _line(name: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((FIX / name).read_text().splitlines(), 1) if needle in ln]
    assert len(hits) == 1, needle
    return hits[0]


def test_self_test_blocks_of_library_modules_only():
    for name, needle, expected in (("fetcher.py", "# a self-test's scratch folder", True),
                                   ("server.py", "# twin: in the entry point's block", False),
                                   ("tool.py", "# twin: beside the call of main()", False)):
        line = _line(name, needle)
        got = self_test_hits(ast.parse((FIX / name).read_text()), [line])
        assert got == ({line: SELF_TEST} if expected else {}), name


def test_bandit_hits_in_a_self_test_move_to_the_audit_view():
    out = bandit.run(sorted(FIX.glob("*.py")), FIX, timeout=300)
    got = sorted((f.location.path, f.location.line, f.rule_id, f.confidence) for f in out.findings)
    assert got == [("fetcher.py", _line("fetcher.py", "# a self-test's scratch folder"), "B108", Confidence.LOW),
                   ("server.py", _line("server.py", 'FastMCP("notes", host="0.0.0.0")'), "B104", Confidence.MEDIUM),
                   ("server.py", _line("server.py", "# twin: in the entry point's block"), "B108", Confidence.MEDIUM),
                   ("tool.py", _line("tool.py", "# twin: beside the call of main()"), "B108", Confidence.MEDIUM)]
    low = next(f for f in out.findings if f.location.path == "fetcher.py")
    assert low.message.endswith(f"; {SELF_TEST} (audit view)")
    assert low.properties["self-test"] == SELF_TEST
