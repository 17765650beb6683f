"""Causes fixed by branch pyrecall (fixtures/taint/pyrecall/, each with a safe twin).

* A browser-use agent's task (``Agent(task=...)``) is an instruction: wherever the caller's words
  sit in it, they choose where the server's browser goes. That is such a tool's purpose, shown as
  its network capability (models kind ``instruction``), even inside the server's own prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "pyrecall"
_FOUND: Dict[str, List[Finding]] = {}


def found(name: str) -> List[Finding]:
    """Default-view findings (medium and above) of one fixture file scanned alone."""
    if name not in _FOUND:
        out, _ = cst_engine.run([(str(FIXTURES / name), name)], FIXTURES, jobs=1)
        assert not out.errors, out.errors
        _FOUND[name] = [f for f in out.findings if f.confidence >= Confidence.MEDIUM
                        and not f.rule_id.startswith("capability-")]
    return _FOUND[name]


def line_of(name: str, needle: str) -> int:
    text = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_a_browser_agents_task_is_where_it_goes_by_purpose():
    L = lambda needle: line_of("browser_agent.py", needle)  # noqa: E731
    out, _ = cst_engine.run([(str(FIXTURES / "browser_agent.py"), "browser_agent.py")], FIXTURES, jobs=1)
    got = sorted((f.rule_id, f.location.line, f.tool, f.message.split(";")[0]) for f in out.findings
                 if f.confidence >= Confidence.MEDIUM)
    assert got == [
        # the caller's task alone, or the caller's URL inside the server's own prompt: the agent
        # goes there by the tool's purpose (a capability, not tool-ssrf); the fixed task is quiet
        ("capability-network-request", L("agent = Agent(task=task"), "run_agent",
         "tool 'run_agent' fetches any URL the caller gives: parameter 'task' reaches browser-use Agent(task=) as is"),
        ("capability-network-request", L('agent = Agent(task=f"Open {url}'), "review_page",
         "tool 'review_page' fetches any URL the caller gives: parameter 'url' reaches browser-use Agent(task=) as is"),
    ]
