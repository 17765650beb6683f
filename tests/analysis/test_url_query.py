"""A value placed in a URL's query string, or in its path after the configured host, cannot
choose where the request goes (issue 12): quiet in the query or as one encoded path segment, a
weaker finding in the path as it is (an audit one with no credential of the server's); fixture ``fixtures/taint/ssrf_query.py``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def test_query_and_segment_values_are_quiet_path_values_weak_and_a_caller_origin_reported():
    out, _ = cst_engine.run([(str(ROOT / "ssrf_query.py"), "ssrf_query.py")], ROOT, jobs=1)
    shown = [f for f in out.findings if f.confidence >= Confidence.LOW and f.rule_id == "tool-ssrf"]
    assert [(f.location.line, f.rule_id, f.confidence) for f in shown] == [
        (29, "tool-ssrf", Confidence.LOW), (43, "tool-ssrf", Confidence.HIGH)]
    # no credential of the server's on the request: the path-only value is an audit result (reqcreds.py)
    assert shown[0].message == ("tool 'fetch_entry' passes parameter 'path' to httpx.get(): server-side request "
                                "forgery; only a weak check on the way: it fills only the path under the host its "
                                "base URL fixes; '../' reaches other endpoints of that host, but the request carries "
                                "no credential of the server's: nothing the caller could not fetch itself")
    assert shown[1].message == "tool 'catalogue_of' passes parameter 'origin' to httpx.get(): server-side request forgery"
