"""TLS verification switched off in TypeScript/JavaScript (rules/semgrep/tls-verify-disabled-ts.yaml):
``rejectUnauthorized: false``, an option on only when an environment variable says "true", and
``NODE_TLS_REJECT_UNAUTHORIZED = "0"`` for the whole process. The rule writes the Python rule's
hazard again for another language, so its findings carry that rule's id
(``mcpaudit-reports-as``, mcpaudit/engines/semgrep/results.py)."""

from __future__ import annotations

import textwrap

import pytest

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable

needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")

CLIENT = textwrap.dedent("""\
    import { Agent } from "undici";

    export function vaultClient(cfg: { verifyTls: boolean }) {
        if (!cfg.verifyTls) {
            process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
        }
        const insecure = new Agent({ connect: { rejectUnauthorized: false } });
        const optIn = new Agent({ connect: { rejectUnauthorized: process.env.VAULT_VERIFY_TLS === "true" } });
        const optOut = new Agent({ connect: { rejectUnauthorized: process.env.VAULT_SKIP_VERIFY !== "true" } });
        const pinned = new Agent({ connect: { rejectUnauthorized: true, ca: process.env.VAULT_CA } });
        return [insecure, optIn, optOut, pinned];
    }
    """)


@needs_semgrep
def test_tls_off_in_typescript_reports_as_tls_verify_disabled(tmp_path):
    (tmp_path / "client.ts").write_text(CLIENT)
    out = semgrep.run([tmp_path / "client.ts"], tmp_path, timeout=600)
    got = sorted((f.rule_id, f.location.line) for f in out.findings if "tls" in f.rule_id)
    assert got == [("tls-verify-disabled", 5), ("tls-verify-disabled", 7), ("tls-verify-disabled", 8)]
    f = next(f for f in out.findings if f.location.line == 5)
    assert f.message.startswith("TLS certificate verification is switched off")
    assert f.cwe == ["CWE-295"]


@needs_semgrep
def test_tls_off_only_behind_a_switch_that_defaults_to_off_goes_to_the_audit_view(tmp_path):
    """``rejectUnauthorized: false`` in a helper called only under ``if (allowInsecureTls)``, whose
    binding defaults to false, or under a constant ``process.env.X === "true"``: an operator's
    opt-in (fixtures/typescript/ts18a/optintls); a switch with no default, or none, stays."""
    import shutil
    from pathlib import Path

    from mcpaudit.models import Confidence

    src = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "ts18a" / "optintls" / "request.ts"
    shutil.copy(src, tmp_path / "request.ts")
    out = semgrep.run([tmp_path / "request.ts"], tmp_path, timeout=600)
    lines = src.read_text().splitlines()
    at = [i for i, ln in enumerate(lines, 1) if "rejectUnauthorized: false" in ln]
    got = {f.location.line: f for f in out.findings if f.rule_id == "tls-verify-disabled"}
    assert sorted(got) == at
    helper, legacy, direct, always = at
    assert got[helper].confidence == Confidence.LOW
    assert got[helper].message.endswith(
        "; certificate checking is off only where allowInsecureTls holds, a switch that is off unless set "
        "(allowInsecureTls = false at line 17): an explicit opt-out, not the default (audit view)")
    assert got[direct].confidence == Confidence.LOW
    assert "SKIP_VERIFY holds" in got[direct].message
    assert 'SKIP_VERIFY = process.env.FETCH_INSECURE_TLS === "true" at line 28' in got[direct].message
    assert got[legacy].confidence > Confidence.LOW  # `legacy` has no default in sight
    assert got[always].confidence > Confidence.LOW


@needs_semgrep
def test_tls_off_only_when_a_default_on_verify_switch_is_turned_off_goes_to_the_audit_view(tmp_path):
    """``VERIFY ? undefined : new Agent({ rejectUnauthorized: false })`` or ``if (!VERIFY)``, with
    ``VERIFY = process.env.X !== "false"`` (on unless the operator writes "false"), and an inline
    ``if (process.env.X === "true")``: the operator's opt-out (fixtures/typescript/ts20a/verifyswitch);
    a switch with no default in sight stays a default finding."""
    import shutil
    from pathlib import Path

    from mcpaudit.models import Confidence

    src = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "ts20a" / "verifyswitch" / "client.ts"
    shutil.copy(src, tmp_path / "client.ts")
    out = semgrep.run([tmp_path / "client.ts"], tmp_path, timeout=600)
    lines = src.read_text().splitlines()
    objects = [i for i, ln in enumerate(lines, 1) if "new https.Agent({" in ln]
    got = {f.location.line: f for f in out.findings if f.rule_id == "tls-verify-disabled"}
    ssl = next(i for i, ln in enumerate(lines, 1) if "ssl: {" in ln)
    assert sorted(got) == objects + [ssl]
    # TLS turned on by an opt-in, its checks off unless a second variable says "true": stays
    assert got[ssl].confidence > Confidence.LOW
    ternary, no_default, inline_env, negated = objects
    assert got[ternary].confidence == Confidence.LOW
    assert got[ternary].message.endswith(
        "; certificate checking is off only where !VERIFY_TLS holds, a switch that is off unless set "
        '(VERIFY_TLS = process.env.API_VERIFY_TLS !== "false" at line 7): an explicit opt-out, not the default '
        "(audit view)")
    assert got[negated].confidence == Confidence.LOW
    assert got[inline_env].confidence == Confidence.LOW
    assert 'process.env.API_INSECURE_TLS === "true" holds' in got[inline_env].message
    assert got[no_default].confidence > Confidence.LOW


@needs_semgrep
def test_tls_off_only_when_a_default_on_field_switch_is_turned_off_goes_to_the_audit_view(tmp_path):
    """``this.verifyTls = options.verifyTls ?? true`` and then ``this.verifyTls ? undefined : new
    Agent({ connect: { rejectUnauthorized: false } })``: the class field is on unless the operator
    sets it false (fixtures/typescript/tsrec21/fieldswitch); a field assigned with no default
    stays a default finding."""
    import shutil
    from pathlib import Path

    from mcpaudit.models import Confidence

    src = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "tsrec21" / "fieldswitch" / "client.ts"
    shutil.copy(src, tmp_path / "client.ts")
    out = semgrep.run([tmp_path / "client.ts"], tmp_path, timeout=600)
    got = sorted((f.location.line, f) for f in out.findings if f.rule_id == "tls-verify-disabled")
    assert len(got) == 2
    (_, field), (_, legacy) = got
    assert field.confidence == Confidence.LOW
    assert field.message.endswith(
        "; certificate checking is off only where !this.verifyTls holds, a switch that is off unless set "
        "(this.verifyTls = options.verifyTls ?? true at line 17): an explicit opt-out, not the default (audit view)")
    assert legacy.confidence > Confidence.LOW
