"""A workspace jail whose root comes from a helper call (fixtures/typescript/rootcalls, ts30a):
``!p.startsWith(root + sep) && p !== root`` with ``root = path.resolve(getWorkspaceDir())`` is the
containment check (the equality side proves the path the root, a value the server computes from
nothing the caller passed), and a void helper that realpaths its argument and throws outside the
root (``await verifyPathSafety(p)``, of another module or of this one) makes the lexical check
whole. A root the caller passes proves nothing by equality; a helper not awaited rejects too late."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

from mcpaudit.models import Confidence

G = "rootcalls"
LEXICAL = ("only a weak check on the way: resolved with a lexical resolver (path.resolve/join/normalize), "
           "not fs.realpath: a symlink inside the allowed root can point outside it (CVE-2025-53109)")


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_realpath_helper_after_the_lexical_jail_contains_the_path():
    out, _ = scan(G)
    assert not {f.tool for f in out.findings} & {"read_checked", "read_local"}


def _lexical(tool: str, needle: str):
    out, _ = scan(G)
    f = only(out.findings, tool=tool)
    assert f.rule_id == "tool-path-traversal"
    assert f.confidence == Confidence.MEDIUM
    assert f.location.line == line_of("server.ts", needle, G)
    assert f.message == (f"tool '{tool}' passes parameter 'filename' to fs/promises.readFile(): path traversal / "
                         "arbitrary file access; " + LEXICAL)
    return f


def test_the_equality_with_a_root_from_a_helper_call_keeps_the_check():
    f = _lexical("read_inline", "text: await fs.readFile(resolved,")
    assert any(s.note.startswith("checked: startsWith(root + sep)") for s in f.flow)


def test_the_lexical_jail_alone_stays_weak():
    out, _ = scan(G)
    f = only(out.findings, tool="read_lexical")
    assert f.confidence == Confidence.MEDIUM and f.message.endswith(LEXICAL)
    assert [s.location.path for s in f.flow if s.note.startswith("checked:")] == ["lib/workspace.ts"]


def test_an_unawaited_local_helper_is_no_check():
    out, _ = scan(G)
    f = only(out.findings, tool="read_unawaited")
    assert f.rule_id == "tool-path-traversal" and f.message.endswith(LEXICAL)


def test_a_root_the_caller_passes_proves_nothing_by_equality():
    out, _ = scan(G)
    f = only(out.findings, tool="read_under")
    assert f.rule_id == "tool-path-traversal" and f.confidence == Confidence.HIGH
    assert f.message == ("tool 'read_under' passes parameter 'base' to fs/promises.readFile(): path traversal / "
                         "arbitrary file access")
