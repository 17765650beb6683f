"""Argument injection into security and network tools, read per program (kali-mcp-server, issue 12,
branch py58d): option values as data (dnsrecon -d, theHarvester -d, gobuster dns -d, nikto -h,
smbclient -L), an http-scheme default and a conditional-expression allow-list as leading-dash
guards, query-only lookups and one-operand scanners in the audit view with the reason, and a
caller's text pasted inside an interpreter's command text reported as code injection. Fixtures
under ``fixtures/py58d/``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "py58d"
ARG = "tool-argument-injection"
CODE = "tool-code-injection"


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((FIXTURES / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _scan(rel: str):
    return api.audit([FIXTURES / rel], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))


def _rows(rel: str, rule: str) -> List[Tuple[int, str, str, str]]:
    """(line, confidence, tool, message) of each ``rule`` finding of one fixture file, low included."""
    res = _scan(rel)
    return sorted((f.location.line, f.confidence.label, f.tool or "", f.message)
                  for f in res.findings if f.rule_id == rule and f.tool)


def test_recon_safe_twin_has_no_tool_argument_injection():
    # dnsrecon -d, theHarvester -d, gobuster dns -d, nikto -h, smbclient -L take the next element as
    # their value; wafw00f/curl get a value pinned to an http scheme; whatweb -a and the
    # crackmapexec protocol are allow-listed by a conditional expression
    res = _scan("recon/safe.py")
    assert [(f.location.path, f.location.line) for f in res.findings if f.rule_id == ARG and f.tool] == []


def test_recon_vulnerable_twin_names_each_open_value():
    rows = _rows("recon/vulnerable.py", ARG)
    rel = "recon/vulnerable.py"
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (_line(rel, '"gobuster", "dir", "-d", url'), "high", "dir_brute"),
        (_line(rel, '"smbclient", "-N", host'), "high", "list_shares"),
        (_line(rel, '"curl", "-sSI", url'), "high", "headers"),
        (_line(rel, '"whatweb", "-a", level'), "high", "fingerprint"),
        (_line(rel, '"nmap", chosen'), "high", "lab_scan"),
    ]
    by_tool = {r[2]: r[3] for r in rows}
    assert "parameter 'url'" in by_tool["dir_brute"] and "after 'gobuster dir -d'" in by_tool["dir_brute"]
    assert "parameter 'host'" in by_tool["list_shares"] and "after 'smbclient -N'" in by_tool["list_shares"]
    assert "parameter 'aggression'" in by_tool["fingerprint"]
    assert "parameter 'mode'" in by_tool["lab_scan"] and "after 'nmap'" in by_tool["lab_scan"]
    assert all("argument injection" in m and "read as an option" in m for m in by_tool.values())


def test_query_programs_and_one_operand_scanners_are_audit_view_with_the_reason():
    rel = "lookups/safe.py"
    rows = _rows(rel, ARG)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (_line(rel, '"whois", domain'), "low", "whois_lookup"),
        (_line(rel, '"host", "-a", domain'), "low", "host_lookup"),
        (_line(rel, '"nslookup", domain'), "low", "ns_lookup"),
        (_line(rel, '"sslscan", "--no-colour"'), "low", "tls_ciphers"),
        (_line(rel, '"enum4linux", "-U"'), "low", "smb_enum"),
        (_line(rel, '"searchsploit", query'), "low", "exploit_lookup"),
    ]
    msgs = {r[2]: r[3] for r in rows}
    assert "audit view: whois's options" in msgs["whois_lookup"]
    assert "only changes the lookup the tool already makes" in msgs["ns_lookup"]
    assert "sslscan takes exactly 1 positional argument" in msgs["tls_ciphers"]
    assert "as --targets (hosts read from a file)" in msgs["tls_ciphers"]
    assert "enum4linux refuses to run it" in msgs["smb_enum"]
    assert "take it from a next element there is not" in msgs["exploit_lookup"]


def test_lookups_with_file_options_stay_reported_and_name_them():
    rel = "lookups/vulnerable.py"
    rows = _rows(rel, ARG)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (_line(rel, '"dig", domain'), "high", "dns_any"),
        (_line(rel, '"nbtscan", target'), "high", "netbios_scan"),
        (_line(rel, '"sslscan", host'), "high", "tls_ciphers"),
        (_line(rel, '"searchsploit", query, "--json"'), "high", "exploit_lookup"),
    ]
    msgs = {r[2]: r[3] for r in rows}
    assert "dig options that run a program, touch a file or send a credential elsewhere: -f, -k" in msgs["dns_any"]
    assert "nbtscan options that run a program, touch a file or send a credential elsewhere: -f" in msgs["netbios_scan"]
    assert "audit view" not in msgs["tls_ciphers"]  # sslscan --targets=FILE as the whole element


def test_a_value_pasted_into_console_command_text_is_code_injection():
    rel = "lookups/vulnerable.py"
    rows = _rows(rel, CODE)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (_line(rel, '"msfconsole", "-q", "-x", f"search {query}; exit"'), "high", "msf_search"),
        (_line(rel, '"python3", "-c"'), "high", "python_version_of"),
    ]
    msg = rows[0][3]
    assert "parameter 'query'" in msg and "code injection" in msg
    assert "run as Metasploit console commands by msfconsole" in msg
    assert "pasted into the command text after 'search'" in msg and "a ';' or a newline in it adds commands" in msg
    res = _scan(rel)
    assert not [c for c in res.capabilities if c.tool == "msf_search"]


def test_the_whole_console_script_stays_the_tools_capability():
    rel = "lookups/safe.py"
    res = _scan(rel)
    assert not [f for f in res.findings if f.rule_id == CODE]
    caps = [(c.rule_id, c.location.line, c.tool) for c in res.capabilities if c.tool == "msf_execute"]
    assert caps == [("capability-code-execution", _line(rel, '"msfconsole", "-q", "-x", commands'), "msf_execute")]
