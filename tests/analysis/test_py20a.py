"""Causes fixed by branch py20a (twentieth Python holdout, reader A), each on a fixture of its
own with a safe twin.

* SQL sent through an API client: a statement under a query key (``sql``, ``statementText``,
  ``cypher``...) of a request's JSON body or of GraphQL ``variable_values`` is a query sink,
  whatever the URL; a mapping a helper's parameter brings counts only where its caller placed the
  value under such a key (fixtures/taint/keyed_queries.py).
* A caller's command line split into the argv of one fixed program, with no command word of the
  author's before it, is the tool's command-execution capability (fixtures/taint/cli_lines.py).
* A per-element check inside ``any()``/``all()`` over a word list checks the list
  (fixtures/taint/token_checks.py).
* A bool ``relative_to`` helper judges its own unresolved parameter; a resolved argument is
  contained (fixtures/taint/resolved_helpers.py).
* A leading-slash strip is no check (fixtures/taint/prefix_strips.py).
* The project's own ``http.server`` API its tools call is an HTTP entry point with no
  authentication (fixtures/transports/handler-api, twin handler-api-guarded).
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


CLI = TAINT / "cli_lines.py"


def test_a_split_command_line_after_a_fixed_program_is_the_tools_command_execution(tmp_path):
    found = audit(CLI, tmp_path)
    at = line_of(CLI, '"--profile", profile, *_auth_args(profile), *shlex.split(command)]')
    assert rows(found) == sorted([
        ("tool-argument-injection", at, "run_cloud_command"),
        ("capability-command-execution", at, "run_cloud_command"),
        ("tool-argument-injection", line_of(CLI, '["git", "log", *shlex.split(extra_args)]'), "show_log"),
        ("tool-argument-injection", line_of(CLI, '["cloud", *selector.split()]'), "bucket_usage"),
    ])  # a fixed subcommand (git log) and a tool that does not say it runs commands: no capability
    [cap] = [f for f in found if f.rule_id == "capability-command-execution"]
    assert cap.message.startswith("tool 'run_cloud_command' runs commands the caller chooses: parameter 'command' "
                                  "reaches subprocess.run() as is")


TOKENS = TAINT / "token_checks.py"


def test_a_per_element_anchored_fullmatch_in_any_or_all_checks_every_word(tmp_path):
    found = audit(TOKENS, tmp_path)
    assert rows(found) == sorted([
        ("tool-argument-injection", line_of(TOKENS, 'return "words too long"') + 1, "short_help"),
        ("tool-argument-injection", _last(TOKENS, "filtered_help"), "filtered_help"),
    ])  # command_help (any(... is None) in a helper) and topic_help (not all(...)) are quiet


def _last(src: Path, function: str) -> int:
    """The line of the subprocess call in ``function``."""
    lines = src.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if f"def {function}(" in ln)
    return next(i for i, ln in enumerate(lines[start:], start + 1) if "subprocess.run(" in ln)


RESOLVED = TAINT / "resolved_helpers.py"


def test_a_resolved_argument_is_contained_by_a_bool_relative_to_helper(tmp_path):
    found = audit(RESOLVED, tmp_path)
    [f] = found  # upload resolves before the helper: contained; upload_raw does not
    assert (f.rule_id, f.location.line, f.tool) == (
        "tool-path-traversal", line_of(RESOLVED, 'with open(p, "rb") as f:  # expect'), "upload_raw")
    assert "relative_to() on a path that was not resolved first" in f.message


STRIPS = TAINT / "prefix_strips.py"


def test_a_leading_slash_strip_is_no_weak_check(tmp_path):
    [f] = audit(STRIPS, tmp_path)
    assert (f.rule_id, f.location.line, f.tool) == ("tool-ssrf", line_of(STRIPS, "requests.get(_build_url(path)"),
                                                    "get_ticket")
    assert "startswith" not in f.message
    assert "it fills the path under the host its base URL fixes" in f.message


HANDLER = Path(__file__).resolve().parents[2] / "fixtures" / "transports"


def _handler_findings(name: str):
    root = HANDLER / name
    res = api.audit([root], Config(engines=("cst",), cache=False))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_the_projects_own_http_server_api_is_an_unauthenticated_entry_point():
    [f] = _handler_findings("handler-api")
    src = HANDLER / "handler-api" / "plugin" / "api.py"
    assert (f.location.path, f.location.line, f.confidence) == (
        "fixtures/transports/handler-api/plugin/api.py", line_of(src, "HTTPServer((self.host, self.port), handler)"),
        Confidence.MEDIUM)
    assert f.message == (
        "HTTPServer() serves the project's own HTTP API (ApiHandler: /layers, /renameLayer, /saveDocument) that its "
        "MCP tools call, and the handler checks no credential (bind address chosen at run time); it answers "
        "Access-Control-Allow-Origin: *, so any web page can call it and read the answers; GET routes that act on a "
        "request a page sends without preflight: /saveDocument, /renameLayer")
    # twins: the same API checking a bearer token, and an OAuth redirect catcher with one route
    assert _handler_findings("handler-api-guarded") == []
