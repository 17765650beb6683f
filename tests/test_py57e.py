"""A URL scheme check as a prefix test (issue 12, branch py57e; ``fixtures/py57e``).

``url.startswith("https://")`` and ``url.startswith("http")`` check a URL's scheme and fix no host,
as ``url.startswith(("http://", "https://"))`` does. The single-string forms marked the value as
checked (the constant prefix proves it is no option), so a tool that declares it posts to or fetches
the caller's URL reported a high SSRF instead of its network capability, and ``startswith("http")``
did not keep a crawler that also reads ``file://`` URLs to the network. A tool that declares no URL
keeps its SSRF, and a prefix that fixes the host still cleans the value."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.analysis.narrowing import scheme_only
from mcpaudit.config import Config
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "py57e" / "scheme_check"


def _scan(name: str):
    res = api.audit([ROOT / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    ssrf = sorted((f.location.path.rsplit("/", 1)[-1], f.location.line, f.confidence.label, f.tool, f.message)
                  for f in res.findings if f.rule_id == "tool-ssrf" and f.tool)
    caps = sorted((c.tool, c.rule_id, c.location.line, c.message) for c in res.capabilities)
    return ssrf, caps


def _line(name: str, needle: str) -> int:
    path = ROOT / name / "server.py"
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_scheme_only_prefixes():
    for prefix in ("http", "https", "HTTP", "https:", "http://", "https://", "wss://", "ftp"):
        assert scheme_only(prefix), prefix
    for prefix in ("https://api.example.org/", "https://hooks", "file://", "/srv/", "report_", "-", "h"):
        assert not scheme_only(prefix), prefix


def test_undeclared_urls_behind_a_scheme_check_stay_ssrf():
    ssrf, caps = _scan("vulnerable")
    post = _line("vulnerable", 'res = requests.post(f"{base}/{topic}"')
    hook = _line("vulnerable", "return requests.post(hook,")
    crawl = _line("vulnerable", "result = await crawler.arun(url=url)")
    assert [(p, ln, conf, tool) for p, ln, conf, tool, _ in ssrf] == [
        ("server.py", post, "high", "push_topic57"),
        ("server.py", hook, "high", "push_hook57"),
        ("server.py", crawl, "high", "crawl_page57"),
    ]
    msgs = {tool: msg for _, _, _, tool, msg in ssrf}
    assert "parameter 'topic' to requests.post(): server-side request forgery" in msgs["push_topic57"]
    assert "parameter 'hook' to requests.post()" in msgs["push_hook57"]
    assert "AsyncWebCrawler.arun()" in msgs["crawl_page57"] and "file:// URLs" in msgs["crawl_page57"]
    assert caps == []


def test_declared_urls_behind_a_scheme_check_are_the_tools_capability():
    ssrf, caps = _scan("safe")
    assert ssrf == []
    post = _line("safe", 'res = requests.post(f"{base}", json=')
    hook = _line("safe", "return requests.post(webhook_url,")
    crawl = _line("safe", "result = await crawler.arun(url=url)")
    got = [(tool, rule, ln) for tool, rule, ln, _ in caps]
    assert got == [("crawl_page57", "capability-network-request", crawl),
                   ("push_topic57", "capability-network-request", post),
                   ("push_webhook57", "capability-network-request", hook)]
    msgs = {tool: msg for tool, _, _, msg in caps}
    assert "parameter 'topic'" in msgs["push_topic57"] and "requests.post()" in msgs["push_topic57"]
    assert "parameter 'webhook_url'" in msgs["push_webhook57"]
    # startswith("http") keeps the crawler to the network: no file:// read is reported
    assert "parameter 'url'" in msgs["crawl_page57"] and "file://" not in msgs["crawl_page57"]
