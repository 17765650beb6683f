"""Issue 12, branch py48b: resolve-then-refuse egress guards (``fixtures/taint/py48b``).

A function that resolves its URL parameter's host (``socket.getaddrinfo``, an event loop's
``getaddrinfo``; itself or through a helper of its module) and raises when an answer fails an
``ipaddress`` address test (``.is_global``, ``.is_private``; itself or through a helper) guards the
URL against server-side request forgery, and so does a function that hands the URL on to such a
guard, in its module or another, as a statement (or inside a ``try`` whose handlers re-raise),
behind early returns that are operator switches or non-network prefixes (egressguard.py). The
twins: a literal-IP test with no resolution, a loopback-only test, a guard that only logs, an early return on plain
``http://``, a guard of another parameter, a guard whose refusal is swallowed.
"""

from __future__ import annotations

from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

groups = FlowGroups("py48b")
OPEN = TAINT_FIXTURES / "py48b" / "egress_guard_open" / "server.py"


def test_resolve_then_refuse_guards_clean_the_url_for_ssrf():
    """Inline, async, delegated through two modules (one import local to the function, an
    operator switch and a 'raw:' prefix before it), and a non-validator-named guard of another
    module called directly: no SSRF finding and no network capability, at any confidence."""
    traced = [f for f in groups.found("egress_guard", low=True) if f.tool]
    assert traced == []


def test_guards_that_do_not_refuse_leave_the_capability_or_the_finding():
    assert groups.rows("egress_guard_open") == sorted([
        ("server.py", line_in(OPEN, "expect: tool-ssrf"), "tool-ssrf", "fetch_swallowed"),
        *[("server.py", groups.line_of("egress_guard_open", "server.py", f"def {t}(") + 3,
           "capability-network-request", t)
          for t in ("fetch_literal", "fetch_warned", "fetch_plain", "fetch_other", "fetch_loopback_checked")],
    ])
    assert groups.message("egress_guard_open", "tool-ssrf", "fetch_swallowed") == (
        "tool 'fetch_swallowed' passes parameter 'url' to httpx.get(): server-side request forgery; "
        "only a weak check on the way: checked by _swallowed() (not verified by mcpaudit)")
    assert groups.message("egress_guard_open", "capability-network-request", "fetch_plain") == (
        "tool 'fetch_plain' fetches any URL the caller gives: parameter 'url' reaches httpx.get() as is")
    swallowed = next(f for f in groups.found("egress_guard_open") if f.tool == "fetch_swallowed")
    assert swallowed.confidence == Confidence.MEDIUM
