"""mend49p: the review of stop 48's Python modules (issue 12).

Groups under ``fixtures/taint/mend49p/`` run through the cst engine alone (and the all-fixtures
scan); groups under ``fixtures/mend49p/`` need another engine (semgrep, bandit) and are audited as
their own project."""

from __future__ import annotations

import shutil

from pyflowgroups import TAINT_FIXTURES, FlowGroups, line_in

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

G = FlowGroups("mend49p")
OWN = TAINT_FIXTURES.parent / "mend49p"
TLS_MSG = ("This TLS setup does not verify the peer's certificate or host name. Connections made with it "
           "accept any certificate, so a network attacker can impersonate the remote service (and receive "
           "the password a client logs in with over it).")


def _audit(tmp_path, name: str, engines):
    root = tmp_path / name
    shutil.copytree(OWN / name, root)
    res = api.audit([root], Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW))
    return res.findings


def _all(name: str):
    """(path, line, rule, confidence, tool, message) of every finding of a cst group, low included."""
    return sorted((f.location.path, f.location.line, f.rule_id, f.confidence.label, f.tool, f.message)
                  for f in G.found(name, low=True))


# -- 1. a function that only hands its URL on to a guard is a guard (egressguard) ---------------------

def test_a_guard_reached_through_functions_without_a_raise_cleans_the_url():
    src = G.root / "egress_handoff" / "server.py"
    assert _all("egress_handoff") == [(
        "server.py", line_in(src, "expect: tool-ssrf"), "tool-ssrf", "medium", "fetch_logged",
        "tool 'fetch_logged' passes parameter 'url' to httpx.get(): server-side request forgery; only a weak "
        "check on the way: checked by validate_logged_url() (not verified by mcpaudit)")]


# -- 2. an early return on a local derived from the URL is no operator switch (egressguard) ----------

def test_an_early_return_on_the_urls_host_is_no_operator_switch():
    src = G.root / "egress_local_skip" / "server.py"
    assert _all("egress_local_skip") == [(
        "server.py", line_in(src, "expect: tool-ssrf"), "tool-ssrf", "medium", "fetch_known_hosts",
        "tool 'fetch_known_hosts' passes parameter 'url' to httpx.get(): server-side request forgery; only a "
        "weak check on the way: checked by _ensure_public_but_known() (not verified by mcpaudit)")]


# -- 3. a closure that connects with an unverifying context (semgrep localctx) -----------------------

def test_an_unverifying_context_a_closure_connects_with_stays_reported(tmp_path):
    found = [f for f in _audit(tmp_path, "closure_tls", ("cst", "semgrep")) if f.rule_id == "ssl-unverified-context"]
    src = OWN / "closure_tls" / "server.py"
    later = line_in(src, "def fetch_later(") + 2
    lam = line_in(src, "def fetch_lambda(") + 2
    pair = line_in(src, "def key_pair_matches(") + 2
    assert sorted((f.location.line, f.confidence.label) for f in found) == [
        (later, "high"), (later + 1, "high"), (lam, "high"), (lam + 1, "high"), (pair, "low"), (pair + 1, "low")]
    for f in found:
        assert f.message.startswith(TLS_MSG)
        assert ("audit view" in f.message) == (f.location.line >= pair)
    low = next(f for f in found if f.location.line == pair)
    assert low.message.endswith("; the context 'ctx' is only configured and loaded with local material "
                                "(load_cert_chain()) in key_pair_matches(): it is never used for a "
                                "connection, returned or passed on (audit view)")


# -- 5. a checking loop over literal values that may break out checks nothing (literalloops) ---------

def test_a_checking_loop_that_may_break_out_leaves_the_later_values_unchecked():
    src = G.root / "loop_break" / "server.py"
    assert _all("loop_break") == [(
        "server.py", line_in(src, "expect: tool-path-traversal"), "tool-path-traversal", "high", "read_member",
        "tool 'read_member' passes parameter 'namespace' to open(): path traversal / arbitrary file access")]


# -- 6. a field moved into another through a local mixes the two (fieldlocal) -------------------------

def test_a_post_init_hook_moving_a_field_through_a_local_mixes_fields():
    src = G.root / "field_via_local" / "server.py"
    assert _all("field_via_local") == [(
        "server.py", line_in(src, "expect: tool-shell-injection"), "tool-shell-injection", "high", "sync_mirror",
        "tool 'sync_mirror' passes parameter 'host' to subprocess.run(shell=True): OS command injection")]
    assert _all("field_via_local_safe") == []


def _hook(src: str) -> bool:
    import libcst as cst

    from mcpaudit.analysis.fieldlocal import field_local

    return field_local(cst.parse_module(src).body[0])


def test_field_local_follows_fields_through_locals():
    assert not _hook("def __post_init__(self):\n    host = self.host\n    self.url = f'https://{host}/x'\n")
    assert not _hook("def __post_init__(self):\n    a = self.host\n    b = a.lower()\n    self.url = b\n")
    assert not _hook("def __post_init__(self):\n    for h in self.hosts:\n        self.url = h\n")
    assert not _hook("def __post_init__(self):\n    if (h := self.host):\n        self.url = h\n")
    assert _hook("def __post_init__(self):\n    p = self.proxy\n    if p:\n        self.proxy = parse(p)\n")


# -- 7. a credential part of a test does not veto the operator's switch (credtests) -----------------

TLS_OFF = "TLS certificate verification is switched off (verify=False or an equivalent)"


def test_an_operator_switch_joined_to_a_token_test_is_an_opt_in(tmp_path):
    found = [f for f in _audit(tmp_path, "tls_optin_token", ("semgrep",)) if f.rule_id == "tls-verify-disabled"]
    src = OWN / "tls_optin_token" / "server.py"
    lines = [i for i, ln in enumerate(src.read_text().splitlines(), 1) if "verify=False" in ln]
    assert sorted((f.location.line, f.confidence.label) for f in found) == list(zip(lines, ["low", "low", "high", "high"]))
    by = {f.location.line: f.message for f in found}
    for line, switch in zip(lines[:2], ("INSECURE", "SKIP_TOKEN_VERIFY")):
        assert by[line].startswith(TLS_OFF)
        assert by[line].endswith(f"; certificate checking is off only in a branch on the operator's own setting "
                                 f"({switch}), whose default keeps it on: an explicit opt-out, not the default "
                                 "(audit view)")
    for line in lines[2:]:
        assert by[line].startswith(TLS_OFF) and "audit view" not in by[line]


def test_credential_tests_are_pure_truth_tests_of_credentials():
    import ast

    from mcpaudit.engines.semgrep.credtests import credential_test, without_credentials

    def t(src):
        return ast.parse(src, mode="eval").body

    assert credential_test(t("not token")) and credential_test(t("settings.api_key is None"))
    assert credential_test(t("GITHUB_TOKEN and cfg.apiKey"))
    assert not credential_test(t("skip_token_verify")) and not credential_test(t("INSECURE and token"))
    assert ast.unparse(without_credentials(t("INSECURE and token"))) == "INSECURE"
    assert ast.unparse(without_credentials(t("A and not token and B"))) == "A and B"
    assert without_credentials(t("INSECURE or token")) is None
    assert without_credentials(t("INSECURE and len(token) > 3")) is None
    assert ast.unparse(without_credentials(t("skip_token_verify"))) == "skip_token_verify"


# -- 8. egress_verified answers do not depend on the order of queries ---------------------------------

class _P:
    def __init__(self, name):
        self.name, self.kind = name, "pos"


class _Fn:
    def __init__(self, qualname, refs):
        self.qualname, self.params = qualname, [_P("url")]
        self.egress_guard = {"url": refs}


class _Linker:
    def __init__(self, fns):
        self.fns = fns

    def resolve(self, path, caller, target):
        return ("m.py", self.fns[target], False) if target in self.fns else None


def _chain(names, last_refs):
    fns = {}
    for a, b in zip(names, names[1:]):
        fns[a] = _Fn(a, (f"{b}|0",))
    fns[names[-1]] = _Fn(names[-1], last_refs)
    return fns


def test_a_delegation_cut_at_the_depth_limit_is_not_remembered_as_no_guard():
    from mcpaudit.analysis.egressguard import DIRECT, egress_verified

    names = [f"f{i}" for i in range(10)]
    fns = _chain(names, (DIRECT,))
    linker, memo = _Linker(fns), {}
    assert not egress_verified(linker, "m.py", fns["f0"], "url", memo)  # nine hops: past the limit
    assert egress_verified(linker, "m.py", fns["f3"], "url", memo)      # six hops: a guard
    assert egress_verified(linker, "m.py", fns["f3"], "url", {})


def test_a_guard_reached_through_a_delegation_cycle_is_a_guard_whatever_was_asked_first():
    from mcpaudit.analysis.egressguard import DIRECT, egress_verified

    fns = {"a": _Fn("a", ("b|0", "c|0")), "b": _Fn("b", ("a|0",)), "c": _Fn("c", (DIRECT,))}
    linker = _Linker(fns)
    for order in (("a", "b"), ("b", "a")):
        memo = {}
        assert [egress_verified(linker, "m.py", fns[n], "url", memo) for n in order] == [True, True]
    lone = {"x": _Fn("x", ("y|0",)), "y": _Fn("y", ("x|0",))}
    assert not egress_verified(_Linker(lone), "m.py", lone["x"], "url", {})
