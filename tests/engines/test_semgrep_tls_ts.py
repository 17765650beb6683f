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
