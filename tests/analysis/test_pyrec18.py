"""Causes fixed by branch pyrec18 (fixtures/taint/pyrec18/, each with a safe twin).

* A driver's query object (``neo4j.Query(text)``, ``cassandra.query.SimpleStatement(text)``)
  carries the caller's statement text on to the driver's execute (models ``passes``).
* A compiled pattern of control characters only (``CONTROL_RE.sub("", command)``) strips those
  and leaves the rest of the caller's value as it was (charfilter.strips_controls); any other
  compiled pattern's ``.sub()`` stays opaque.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "pyrec18"


def scan(name: str, tmp_path: Path) -> List[Tuple[str, int, str, str]]:
    """(rule, line, tool, message head) of the default-view findings and capabilities of one
    fixture file scanned alone (cst engine)."""
    shutil.copy(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return sorted((f.rule_id, f.location.line, f.tool, f.message.split(";")[0])
                  for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM)


def line_of(name: str, needle: str) -> int:
    text = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_a_query_object_carries_the_callers_statement(tmp_path):
    L = lambda needle: line_of("query_objects.py", needle)  # noqa: E731
    assert scan("query_objects.py", tmp_path) == [
        ("capability-raw-query", L("execute_query(query_obj)"), "read_cypher",
         "tool 'read_cypher' runs query text the caller writes (reads and writes): parameter 'query' "
         "reaches .execute_query() as is"),
    ]


def test_stripping_control_characters_leaves_the_command(tmp_path):
    L = lambda needle: line_of("control_strip.py", needle)  # noqa: E731
    assert scan("control_strip.py", tmp_path) == [
        ("tool-shell-injection", L('"du -sh " + line'), "run_line",
         "tool 'run_line' passes parameter 'command' to subprocess.run(shell=True): OS command injection"),
    ]
