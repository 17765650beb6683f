"""Causes fixed by branch py20a (twentieth Python holdout, reader A), each on a fixture of its
own with a safe twin.

* SQL sent through an API client: a statement under a query key (``sql``, ``statementText``,
  ``cypher``...) of a request's JSON body or of GraphQL ``variable_values`` is a query sink,
  whatever the URL; a mapping a helper's parameter brings counts only where its caller placed the
  value under such a key (fixtures/taint/keyed_queries.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def audit(src: Path, tmp_path: Path):
    shutil.copy(src, tmp_path / src.name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]


def rows(found) -> List[Tuple[str, int, str]]:
    return sorted((f.rule_id, f.location.line, f.tool) for f in found)


def line_of(src: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


KEYED = TAINT / "keyed_queries.py"


def test_a_statement_under_a_query_key_of_a_request_body_or_graphql_variables_is_a_query(tmp_path):
    found = audit(KEYED, tmp_path)
    assert rows(found) == sorted([
        ("capability-raw-query", line_of(KEYED, "requests.post(endpoint, json=payload"), "run_statement"),
        ("tool-sql-injection", line_of(KEYED, 'json={"sql": f"SELECT COUNT(*)'), "count_rows"),
        ("capability-raw-query", line_of(KEYED, "_session.execute(document, variable_values"), "query_lake"),
    ])  # a search term, a "query" key, a bound argument and a value under another key are quiet
    by_tool = {f.tool: f for f in found}
    assert by_tool["query_lake"].message == (
        "tool 'query_lake' runs query text the caller writes (what the service allows): parameter 'sql' "
        "reaches .execute() with a statement in its GraphQL variables as is; reachable over stdio only, by the "
        "local user who starts the server")
    assert by_tool["count_rows"].message.startswith(
        "tool 'count_rows' passes parameter 'table' to requests.post() with a statement in its JSON body: "
        "SQL injection")
    # the flow starts at the tool's call of the helper, whose parameter brings the mapping
    assert any(s.location.line == line_of(KEYED, "return await _graphql(SQL_DOC, variables)")
               for s in by_tool["query_lake"].flow)
