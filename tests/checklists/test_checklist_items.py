"""Every checklist item of every seed document is present in the data files.

The expected items are enumerated here by hand, list by list, from the documents. When the seed
documents are available (``<repo>/../shared/seeds``, where CI puts ``shared/`` beside the clone),
each item's ``source_excerpt`` must occur in its document and every bullet of every list in the
document must be covered by an item — so nothing can be dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcpaudit.analysis.posture import FACTS
from mcpaudit.checklists import (
    SEVERITIES,
    engine_for_rule,
    explain_checklist,
    get_checklist,
    list_checklist_ids,
    load_checklists,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"

# (item id, list, the item as the document words it) — enumerated by hand from the documents
EXPECTED = {
    "mcp-prod-000": [
        ("000-T1", "threats: unauthorized access", "Credential theft and abuse"),
        ("000-T2", "threats: unauthorized access", "Token hijacking and replay attacks"),
        ("000-T3", "threats: unauthorized access", "Privilege escalation attempts"),
        ("000-T4", "threats: unauthorized access", "Session takeover attacks"),
        ("000-T5", "threats: data exposure", "Sensitive data leakage in logs"),
        ("000-T6", "threats: data exposure", "Unencrypted data transmission"),
        ("000-T7", "threats: data exposure", "Information disclosure through errors"),
        ("000-T8", "threats: data exposure", "Cache poisoning attacks"),
        ("000-T9", "threats: code injection", "SQL injection through AI queries"),
        ("000-T10", "threats: code injection", "Command injection via tool parameters"),
        ("000-T11", "threats: code injection", "NoSQL injection attacks"),
        ("000-T12", "threats: code injection", "Template injection vulnerabilities"),
        ("000-T13", "threats: resource abuse", "Denial of Service (DoS) attacks"),
        ("000-T14", "threats: resource abuse", "Resource exhaustion attacks"),
        ("000-T15", "threats: resource abuse", "Rate limit bypass attempts"),
        ("000-T16", "threats: resource abuse", "Memory exhaustion exploits"),
        ("000-C1", "production deployment checklist", "Authentication & Authorization"),
        ("000-C2", "production deployment checklist", "Input Validation & Sanitization"),
        ("000-C3", "production deployment checklist", "Encryption & Data Protection"),
        ("000-C4", "production deployment checklist", "Monitoring & Incident Response"),
        ("000-C5", "production deployment checklist", "Operational Security"),
    ],
    "mcp-guide-001": [
        ("001-D1", "development phase", "Input validation implemented"),
        ("001-D2", "development phase", "Output encoding applied"),
        ("001-D3", "development phase", "Authentication required"),
        ("001-D4", "development phase", "Authorization checks in place"),
        ("001-D5", "development phase", "Secrets stored securely"),
        ("001-D6", "development phase", "Dependencies scanned"),
        ("001-D7", "development phase", "Code reviewed for security"),
        ("001-P1", "deployment phase", "TLS/SSL configured"),
        ("001-P2", "deployment phase", "Firewall rules defined"),
        ("001-P3", "deployment phase", "Rate limiting enabled"),
        ("001-P4", "deployment phase", "Monitoring configured"),
        ("001-P5", "deployment phase", "Backup strategy implemented"),
        ("001-P6", "deployment phase", "Incident response plan ready"),
        ("001-H1", "production minimum: HTTP transport", "Hosted by trusted provider with security certifications"),
        ("001-H2", "production minimum: HTTP transport", "TLS/SSL enabled with valid certificates"),
        ("001-H3", "production minimum: HTTP transport", "Rate limiting implemented"),
        ("001-H4", "production minimum: HTTP transport", "Input validation on all endpoints"),
        ("001-H5", "production minimum: HTTP transport", "Authentication required for all operations"),
        ("001-H6", "production minimum: HTTP transport", "Authorization checks implemented"),
        ("001-H7", "production minimum: HTTP transport", "Logging and monitoring configured"),
        ("001-H8", "production minimum: HTTP transport", "Security headers implemented"),
        ("001-H9", "production minimum: HTTP transport", "Container signed by trusted authority"),
        ("001-H10", "production minimum: HTTP transport", "CORS policies properly configured"),
        ("001-S1", "production minimum: STDIO transport", "Container signed by trusted provider"),
        ("001-S2", "production minimum: STDIO transport", "Minimal container with no unnecessary tools"),
        ("001-S3", "production minimum: STDIO transport", "Syscall restrictions implemented"),
        ("001-S4", "production minimum: STDIO transport", "Read-only filesystem where possible"),
        ("001-S5", "production minimum: STDIO transport", "Resource limits configured"),
        ("001-S6", "production minimum: STDIO transport", "Network isolation when appropriate"),
        ("001-O1", "OWASP API Top 10", "Broken Object Level Authorization"),
        ("001-O2", "OWASP API Top 10", "Broken Authentication"),
        ("001-O3", "OWASP API Top 10", "Excessive Data Exposure"),
        ("001-O4", "OWASP API Top 10", "Lack of Resources & Rate Limiting"),
        ("001-O5", "OWASP API Top 10", "Broken Function Level Authorization"),
        ("001-O6", "OWASP API Top 10", "Mass Assignment"),
        ("001-O7", "OWASP API Top 10", "Security Misconfiguration"),
        ("001-O8", "OWASP API Top 10", "8. Injection"),
        ("001-O9", "OWASP API Top 10", "Improper Assets Management"),
        ("001-O10", "OWASP API Top 10", "Insufficient Logging & Monitoring"),
        ("001-Z1", "zero trust", "Never trust, always verify"),
        ("001-Z2", "zero trust", "Least privilege access"),
        ("001-Z3", "zero trust", "Assume breach mindset"),
        ("001-Z4", "zero trust", "Continuous verification"),
    ],
    "mcp-trust-002": [
        ("002-D1", "deployment checklist", "Enable mutual TLS with valid certificates from a trusted CA"),
        ("002-D2", "deployment checklist", "Rotate certificates every 90 days automatically"),
        ("002-D3", "deployment checklist", "Define and document the minimal permission set for each client"),
        ("002-D4", "deployment checklist", "Implement rate limiting per client (e.g., 100 requests/minute)"),
        ("002-D5", "deployment checklist", "Set operation timeouts (suggest 5–30 seconds depending on workload)"),
        ("002-D6", "deployment checklist", "Never log credentials, API keys, or certificate contents"),
        ("002-D7", "deployment checklist", "Use a secrets manager for all sensitive configuration"),
        ("002-D8", "deployment checklist", "Set up monitoring dashboards for authentication failures and rate limit hits"),
        ("002-D9", "deployment checklist", "Run security audits quarterly, especially before major agent updates"),
        ("002-D10", "deployment checklist", "Test MCP server behavior under failure conditions (network partitions, downstream service timeouts)"),
        # Threat Modeling Your MCP Deployment: the five attacks to enumerate before shipping
        ("002-T1", "threat modeling", "Prompt Injection: A malicious user tricks the LLM into invoking MCP tools with unintended parameters"),
        ("002-T2", "threat modeling", "Lateral Movement: An attacker compromises one MCP client and uses it to pivot to other systems"),
        ("002-T3", "threat modeling", "Denial of Service: A client floods the server with requests, exhausting resources"),
        ("002-T4", "threat modeling", "Man-in-the-Middle: Network traffic is intercepted and modified"),
        ("002-T5", "threat modeling", "Credential Leakage: API keys or certificates are exposed in logs, error messages, or source control"),
    ],
    "mcp-securing-003": [
        ("003-A1", "key audit points", "Unused exposed tools that should be disabled"),
        ("003-A2", "key audit points", "Outdated dependencies with known vulnerabilities"),
        ("003-A3", "key audit points", "Overly permissive access controls"),
        ("003-A4", "key audit points", "Missing logging on sensitive operations"),
        # the controls the document describes, section by section
        ("003-C1", "controls", "Never expose an MCP server to the public internet without authentication mechanisms"),
        ("003-C2", "controls", "Store tokens in secure vaults rather than environment variables"),
        ("003-C3", "controls", "Implement granular permissions"),
        ("003-C4", "controls", "passes it to system commands requires rigorous validation"),
        ("003-C5", "controls", "Use parameterized execution instead of shell string building"),
        ("003-C6", "controls", "Always terminate TLS at your MCP server or behind a reverse proxy"),
        ("003-C7", "controls", "brute-force attempts by implementing rate limiting"),
        ("003-C8", "controls", "Never hardcode API keys, database credentials, or encryption keys"),
        ("003-C9", "controls", "Log all authentication attempts, tool invocations, and errors"),
        ("003-C10", "controls", "Never log full args with secrets"),
        ("003-C11", "controls", "Integrate with SIEM systems for production alerting"),
        ("003-C12", "controls", "# Run as non-root user"),
        ("003-C13", "controls", "Kubernetes network policies to restrict inter-pod communication"),
        ("003-C14", "controls", "Schedule periodic reviews of your MCP server configurations"),
    ],
    "mcp-fundamentals-004": [
        ("004-1", "security checklist", "All tool inputs are validated (type, length, format)"),
        ("004-2", "security checklist", "Path traversal prevention is implemented for file operations"),
        ("004-3", "security checklist", "SQL queries use parameterized statements"),
        ("004-4", "security checklist", "No shell command injection vectors"),
        ("004-5", "security checklist", "Rate limiting is in place"),
        ("004-6", "security checklist", "Audit logging captures all tool invocations"),
        ("004-7", "security checklist", "Sensitive data is filtered from outputs"),
        ("004-8", "security checklist", "Server runs as non-root user"),
        ("004-9", "security checklist", "TLS is configured for network transports"),
        ("004-10", "security checklist", "Dependencies are up to date and audited"),
        ("004-11", "security checklist", "Error messages do not leak internal details"),
        ("004-12", "security checklist", "Resource limits (memory, CPU, file descriptors) are set"),
        # Threat Model for MCP Servers: Attack Surface
        ("004-A1", "attack surface", "Malicious prompts: AI clients may send crafted inputs designed to exploit tool implementations"),
        ("004-A2", "attack surface", "Prompt injection: Users may trick the AI into calling tools with harmful arguments"),
        ("004-A3", "attack surface", "Network attacks: Remote MCP servers are exposed to standard network threats"),
        ("004-A4", "attack surface", "Supply chain: Compromised dependencies can affect server security"),
        ("004-A5", "attack surface", "Data exfiltration: Tools may inadvertently expose sensitive data"),
        # Access Control: Principle of Least Privilege
        ("004-L1", "access control", "Only expose the minimum necessary tools and resources"),
    ],
}
EXPECTED_COUNTS = {"mcp-prod-000": 21, "mcp-guide-001": 43, "mcp-trust-002": 15,
                   "mcp-securing-003": 18, "mcp-fundamentals-004": 18}
DOCUMENTS = {"mcp-prod-000": "000", "mcp-guide-001": "001", "mcp-trust-002": "002",
             "mcp-securing-003": "003", "mcp-fundamentals-004": "004"}


def _seed_text(checklist_id: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    cl = get_checklist(checklist_id)
    path = SEEDS / cl.document
    if not path.is_file():
        pytest.skip(f"seed document {cl.document} not found")
    return path.read_text(encoding="utf-8")


def _bullets(text: str, start: str, stop: str) -> list:
    """Bullet lines between the line ``start`` and the next line starting with ``stop``."""
    lines = text.splitlines()
    i = next(n for n, l in enumerate(lines) if l.strip() == start) + 1
    out = []
    for line in lines[i:]:
        if line.strip().startswith(stop):
            break
        m = re.match(r"^\s*(?:[-•]\s*)+(?:\[ \]\s*)?(?:\d+\.\s*)?(.+)$|^\s*\d+\.\s+(.+)$", line)
        if m:
            out.append((m.group(1) or m.group(2)).strip())
    return out


def test_documents_and_order():
    assert list_checklist_ids() == list(EXPECTED)
    assert [c.id for c in load_checklists()] == list(EXPECTED)


@pytest.mark.parametrize("checklist_id", list(EXPECTED))
def test_every_item_present(checklist_id):
    cl = get_checklist(checklist_id)
    expected = EXPECTED[checklist_id]
    assert len(cl.items) == EXPECTED_COUNTS[checklist_id] == len(expected)
    assert [it.id for it in cl.items] == [e[0] for e in expected]
    for item, (iid, lst, phrase) in zip(cl.items, expected):
        assert item.list == lst, iid
        # the data file quotes the same document wording as the hand enumeration
        assert item.source_excerpt in phrase or phrase in item.source_excerpt, (iid, item.source_excerpt)
    assert set(cl.lists) == {e[1] for e in expected}


@pytest.mark.parametrize("checklist_id", list(EXPECTED))
def test_excerpts_occur_in_document(checklist_id):
    text = _seed_text(checklist_id)
    for item in get_checklist(checklist_id).items:
        assert item.source_excerpt in text, (item.id, item.source_excerpt)
    for _, _, phrase in EXPECTED[checklist_id]:
        assert phrase in text, phrase


def _covered(checklist_id: str, list_name: str, bullets: list):
    items = [it for it in get_checklist(checklist_id).items if it.list == list_name]
    assert bullets, f"no bullets parsed for {list_name}"
    for b in bullets:
        assert any(it.source_excerpt in b or b in it.source_excerpt for it in items), (list_name, b)
    assert len(items) == len(bullets), (list_name, len(items), len(bullets))


def test_000_lists_fully_covered():
    text = _seed_text("mcp-prod-000")
    for heading, lst in (("Unauthorized Access", "threats: unauthorized access"),
                         ("Data Exposure", "threats: data exposure"),
                         ("Code Injection", "threats: code injection"),
                         ("Resource Abuse", "threats: resource abuse")):
        _covered("mcp-prod-000", lst, _bullets(text, heading, ("Data Exposure", "Code Injection",
                                                              "Resource Abuse", "Authentication &")))
    lines = text.splitlines()
    i = lines.index("Production Deployment Security Checklist")
    areas = []
    for line in lines[i + 1:]:
        if line.startswith("Security is Not Optional"):
            break
        if line.strip():
            areas.append(line.strip().split(" ", 1)[1])  # drop the emoji
    _covered("mcp-prod-000", "production deployment checklist", areas)


def test_001_lists_fully_covered():
    text = _seed_text("mcp-guide-001")
    _covered("mcp-guide-001", "development phase", _bullets(text, "Development Phase", "Deployment Phase"))
    _covered("mcp-guide-001", "deployment phase", _bullets(text, "Deployment Phase", "Secure Coding"))
    _covered("mcp-guide-001", "production minimum: HTTP transport",
             _bullets(text, "Server-side (HTTP Transport)", "Client-side"))
    _covered("mcp-guide-001", "production minimum: STDIO transport",
             _bullets(text, "Client-side (STDIO Transport)", "Incident Response"))
    owasp = [re.sub(r"^\d+\.\s*", "", b) for b in _bullets(text, "OWASP Top 10 for APIs", "Security Checklist")]
    assert len(owasp) == 10
    items = [it for it in get_checklist("mcp-guide-001").items if it.list == "OWASP API Top 10"]
    for n, (b, it) in enumerate(zip(owasp, items), 1):
        assert it.source_excerpt.endswith(b) or b in it.source_excerpt or it.source_excerpt in b, (n, b)


def test_002_list_fully_covered():
    text = _seed_text("mcp-trust-002")
    _covered("mcp-trust-002", "deployment checklist", _bullets(text, "Deployment Checklist", "The Bigger Picture"))
    # the threat list: a "-" line, then "Name: what happens. How to mitigate."
    lines = text.splitlines()
    i = lines.index("Before shipping, enumerate realistic attacks:")
    threats = []
    for line in lines[i + 1:]:
        if line.startswith("Runtime Hardening"):
            break
        if line.strip() and line.strip() != "-":
            threats.append(line.split(". ", 1)[0])
    _covered("mcp-trust-002", "threat modeling", threats)


def test_003_audit_points_fully_covered():
    text = _seed_text("mcp-securing-003")
    _covered("mcp-securing-003", "key audit points", _bullets(text, "Key audit points include:", "Summary"))


def test_004_list_fully_covered():
    text = _seed_text("mcp-fundamentals-004")
    # the checklist is repeated in the scraped text; its twelve distinct lines are the items
    boxes = list(dict.fromkeys(m.group(1).strip() for m in re.finditer(r"^- \[ \] (.+)$", text, re.M)))
    assert len(boxes) == 12
    _covered("mcp-fundamentals-004", "security checklist", boxes)
    _covered("mcp-fundamentals-004", "attack surface", _bullets(text, "Attack Surface", "Trust Boundaries"))


def test_001_zero_trust_fully_covered():
    text = _seed_text("mcp-guide-001")
    _covered("mcp-guide-001", "zero trust", _bullets(text, "Zero Trust Architecture", "Network Security"))


def test_item_data_is_well_formed():
    seen = set()
    for cl in load_checklists():
        assert cl.title and cl.source and cl.document.endswith(".txt")
        assert "seeds/" not in cl.source  # reports name the document, not our copy of it
        assert cl.url == "" or cl.url.startswith("https://")
        for it in cl.items:
            assert it.id not in seen
            seen.add(it.id)
            assert it.id.startswith(DOCUMENTS[cl.id] + "-")
            assert it.severity in SEVERITIES
            assert it.text.strip() and it.source_excerpt.strip()
            # one decision, or findings of rules that fail an otherwise fact-decided item
            assert sum(bool(x) for x in (it.rules, it.facts, it.manual)) == 1 or (
                it.rules and it.facts and not it.manual), it.id
            for rid in it.rules:
                assert engine_for_rule(rid) in ("cst", "semgrep", "bandit"), (it.id, rid)
            referenced = [c.fact for c in it.facts] + [c.when.fact for c in it.facts if c.when] \
                + [g.fact for g in it.applies_if] + list(it.hints)
            for fid in referenced:
                assert fid in FACTS, (it.id, fid)
            if it.manual:
                assert len(it.manual) > 20  # says what a reviewer should check


def test_manual_items_are_the_undecidable_ones():
    manual = {it.id for cl in load_checklists() for it in cl.items if it.decision == "manual"}
    # backups, incident response, certificate rotation, audits... are left to a reviewer
    for iid in ("001-P5", "001-P6", "002-D2", "002-D9", "002-D10", "003-C11", "003-C14"):
        assert iid in manual
    # while the twelve items of the 004 checklist are all decided statically
    assert not any(i.startswith("004-") for i in manual)


def test_explain_lists_every_item_and_the_formula():
    from mcpaudit.checklists import FORMULA

    for cid in EXPECTED:
        text = explain_checklist(cid)
        for iid, _, _ in EXPECTED[cid]:
            assert f"  {iid} [" in text
        assert FORMULA in text
    assert explain_checklist("004").startswith("mcp-fundamentals-004:")
    with pytest.raises(KeyError):
        explain_checklist("no-such-checklist")


def test_selection():
    assert [c.id for c in load_checklists(["mcp-trust-002"])] == ["mcp-trust-002"]
    assert [c.id for c in load_checklists(["004", "000"])] == ["mcp-prod-000", "mcp-fundamentals-004"]
    with pytest.raises(ValueError, match="unknown checklist"):
        load_checklists(["nope"])
