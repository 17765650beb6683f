"""The thirty-third TypeScript holdout's open rows, by general cause (``fixtures/typescript/ts48a``).

* a containment predicate's ``.some`` callback that spells out the filesystem root (``if (dir ===
  path.sep) return p.startsWith(path.sep)``: a root "/" holds every path) and a Windows drive root
  (``if (...) { const d = ...; return sameDrive && p.startsWith(dir.replace(/\\\\?$/, "\\\\")); }``,
  a separator ensured at the end) is still the containment it is; a check of a normalised copy of
  the realpath (``isInside(normalizePath(real), roots)``) vouches for the realpath behind the
  lexical check made before it (``rootcases_safe``). Twins: the "/" case tests the caller's path
  (``rootcases``: "/" is admitted), and the drive case's replacement may not add a separator
  (``sepplus``: ``/\\\\+$/`` leaves a root without one as a bare prefix).
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "ts48a"
_PATH = ("tool-path-traversal", "capability-file-access")


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


def _unverified(g):
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    return [("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.MEDIUM,
             "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file "
             "access; only a weak check on the way: checked by isInsideRoots() (not verified by mcpaudit)")]


def test_root_and_drive_cases_of_a_roots_predicate_contain(tmp_path):
    res = audit_low(tmp_path, f"{G}/rootcases_safe")
    assert _reports(res, _PATH) == []
    assert not [c for c in res.capabilities if c.rule_id == "capability-file-access"]


def test_a_slash_case_of_the_callers_path_is_no_containment(tmp_path):
    g = f"{G}/rootcases"
    assert _reports(audit_low(tmp_path, g), _PATH) == _unverified(g)


def test_a_separator_replaced_only_when_present_is_a_bare_prefix(tmp_path):
    g = f"{G}/sepplus"
    assert _reports(audit_low(tmp_path, g), _PATH) == _unverified(g)
