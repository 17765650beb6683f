"""Causes fixed by branch pyrec20 (fixtures/taint/pyrec20/, each with a safe twin).

* A code runner whose interpreter comes from a module table keyed by the caller's language
  (``RUNNERS[language]["command"] + [path]``) runs the file the tool wrote the caller's text
  into: code execution (scriptfiles.table_argv). A table of formatters runs nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "pyrec20"


def audit(name: str, tmp_path: Path):
    shutil.copy(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]


def rows(found) -> List[Tuple[str, int, str, str]]:
    """(rule, line, tool, message head) of the default-view findings and capabilities."""
    return sorted((f.rule_id, f.location.line, f.tool, f.message.split(";")[0]) for f in found)


def line_of(name: str, needle: str) -> int:
    text = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_an_interpreter_picked_from_a_language_table_runs_the_written_file(tmp_path):
    L = lambda needle: line_of("language_table.py", needle)  # noqa: E731
    found = audit("language_table.py", tmp_path)
    assert rows(found) == [
        ("capability-code-execution", L("# expect: capability-code-execution"), "run_snippet",
         "tool 'run_snippet' evaluates code the caller writes: parameter 'code' reaches subprocess.run() as is"),
    ]
    low = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)).findings
    assert any("run by python3 or node, with the caller's text written in it" in f.message for f in low)
    assert not any(f.location.line > L("def format_snippet") and f.rule_id.startswith("tool-code") for f in low)
