"""The Python half of ts24a's guarded-TLS cause (the TypeScript half is in
tests/engines/test_ts_ts24a.py): ``verify=False`` behind a predicate method of the project whose
every ``return`` is false with the settings' defaults (``return url.startswith("https:") and
self.settings.accept_self_signed`` with ``accept_self_signed: bool = False``), or after an early
return taken while a local switch built from an unset environment variable is off
(``fixtures/ts24a_optin_tls``). A predicate on a setting that is on by default, and a client with
no switch, stay default findings; an opted-in finding's message drops the rule's "or off by
default" case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ts24a_optin_tls"

_TLS = ("; certificate checking is off only in a branch on the operator's own setting ({}), whose default "
        "keeps it on: an explicit opt-out, not the default (audit view)")


def _line(needle: str, after: int = 0) -> int:
    lines = (FIXTURE / "fetch.py").read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if i > after and needle in ln)


@pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")
def test_tls_off_behind_a_policy_method_or_an_early_return_is_an_opt_in(tmp_path):
    from mcpaudit.engines import semgrep

    root = tmp_path / "ts24a_optin_tls"
    shutil.copytree(FIXTURE, root)
    out = semgrep.run([root / "fetch.py", root / "settings.py"], root, timeout=600)
    got = {f.location.line: f for f in out.findings if f.rule_id == "tls-verify-disabled"}
    policy = _line("return httpx.get(url, verify=False)")
    internal = _line("return httpx.get(url, verify=False)", policy)
    dev = _line("return httpx.Client(verify=False)")
    lab = _line("return httpx.Client(verify=False)", dev)
    assert sorted(got) == [policy, internal, dev, lab]
    assert got[policy].confidence == Confidence.LOW
    assert got[policy].message == (
        "TLS certificate verification is switched off (verify=False or an equivalent). Anyone on the network "
        "path can impersonate the remote service, read the request (including API keys the server sends) and "
        "forge the response the tool hands back to the model." + _TLS.format("self.policy.allows_invalid_tls(url)"))
    assert got[dev].confidence == Confidence.LOW
    assert got[dev].message.endswith(_TLS.format("insecure"))
    for line in (internal, lab):
        assert got[line].confidence > Confidence.LOW
        assert "or off by default" in got[line].message
