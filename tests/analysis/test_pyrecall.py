"""Causes fixed by branch pyrecall (fixtures/taint/pyrecall/, each with a safe twin).

* The member names of an archive the caller names (``ZipFile(path).namelist()``,
  ``tarfile.open(path).getmembers()``) are the caller's: joined under a folder and written, they
  climb out of it (zip-slip). A resolved containment check on the target, or an archive the
  server chose, is safe.
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


def test_member_names_of_the_callers_archive_are_written_where_they_say():
    L = lambda needle: line_of("archives.py", needle)  # noqa: E731
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("archives.py"))
    write = "path traversal / arbitrary file access (write)"
    assert got == sorted([
        ("tool-path-traversal", L('with open(target, "wb") as out:  # expect'), "import_notes",
         f"tool 'import_notes' passes parameter 'archive_path' to open(): {write}"),
        ("tool-path-traversal", L('with open(dest, "wb") as out:  # expect'), "import_backup",
         f"tool 'import_backup' passes parameter 'archive_path' to open(): {write}"),
    ])
    # the flow goes through the archive and the loop over its member names
    flows = {f.tool: [(s.location.line, s.note) for s in f.flow] for f in found("archives.py")}
    notes = L('with open(target, "wb") as out:  # expect')
    assert (notes - 3, "returned by ZipFile()") in flows["import_notes"]
    assert (notes - 2, "loop variable") in flows["import_notes"]  # for name in zf.namelist()
    assert (L("for member in tf.getmembers():"), "loop variable") in flows["import_backup"]


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
