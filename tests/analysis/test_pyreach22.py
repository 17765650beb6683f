"""Branch pyreach22 (issue 12): the DNS-rebinding guard of the mcp SDK behind a loopback server
whose transport is chosen at run time (fixtures/pyreach22/{oldsdk,newsdk,floor}), and reachability
from a Python server's entry points (fixtures/pyreach22/reach*)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "pyreach22"


def _audit(name: str):
    res = api.audit([FIX / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return res.findings


def _http(name: str):
    return [f for f in _audit(name) if f.rule_id == "http-transport-no-auth"]


def test_a_loopback_server_whose_locked_sdk_predates_the_guard_stays_at_default():
    [f] = _http("oldsdk")
    assert f.confidence == Confidence.MEDIUM
    assert f.location.line == line_in(FIX / "oldsdk" / "server.py", "# expect: http-transport-no-auth")
    assert "bound to 127.0.0.1 by default" in f.message
    assert "mcp 1.12.4 is locked in" in f.message and "checks neither Host nor Origin before mcp 1.23.0" in f.message
    assert "add_note" in f.message


def test_a_loopback_server_whose_locked_sdk_has_the_guard_goes_to_the_audit_view():
    [f] = _http("newsdk")  # the twin: the lock holds 1.23.1
    assert f.confidence == Confidence.LOW
    assert "reachable from this machine only" in f.message
    assert "checks Host and Origin headers for a FastMCP built for a loopback host, from mcp 1.23.0 on" in f.message


def test_a_lower_bound_alone_resolves_the_newest_sdk_which_has_the_guard():
    [f] = _http("floor")
    assert f.confidence == Confidence.LOW
    assert "requires mcp>=1.8.0 with nothing locking it" in f.message
    assert "from mcp 1.23.0 on; the older releases the bound allows do not" in f.message
