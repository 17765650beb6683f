"""Whose credential rides on a path fill (issue 12, branch py49a; analysis/credowner.py): a caller's
value pasted into the path of a request under a fixed host is a default ``tool-ssrf`` finding when
the request carries a credential the operator configured (its message names it), and an audit
result when every value that carries the credential comes from the MCP request itself (its
headers, the tool's arguments). Twins: ``fixtures/caller_keys/per_request`` and
``fixtures/caller_keys/operator_token``."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "caller_keys"
_PER_REQUEST = FIXTURES / "per_request" / "server.py"
_OPERATOR = FIXTURES / "operator_token" / "server.py"
_WEAK = "only a weak check on the way: "


def _ssrf(tmp_path, name: str):
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    res = api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.line, f.tool, f.confidence.label, f.message) for f in res.findings
                  if f.rule_id == "tool-ssrf")


def _own(tool, param, sink, under, cred):
    return (f"tool '{tool}' passes parameter '{param}' to {sink}: server-side request forgery; {_WEAK}it fills only the "
            f"path under {under}; '../' reaches other endpoints of that host, but the credential it carries ({cred}) is "
            "the caller's own, taken from the MCP request and from nothing the operator configured: nothing the caller "
            "could not fetch itself")


def _server(tool, param, sink, cred, held):
    return (f"tool '{tool}' passes parameter '{param}' to {sink}: server-side request forgery; {_WEAK}it fills the "
            f"path under the host its base URL fixes; '../' reaches other endpoints of that host with the server's "
            f"credential ({cred}), sent with the server's configured {held}")


def test_a_path_fill_sent_with_the_callers_own_token_is_an_audit_result(tmp_path):
    base = "the host its base URL fixes"
    assert _ssrf(tmp_path, "per_request") == [
        # the HTTP request's Authorization header through get_http_headers()
        (line_in(_PER_REQUEST, '/tickets/{ticket_id}"'), "get_ticket", "low",
         _own("get_ticket", "ticket_id", "requests.get()", base, "the 'headers' argument")),
        # a client built in the tool with the header of the context's request
        (line_in(_PER_REQUEST, '/comments/{comment_id}"'), "get_comment", "low",
         _own("get_comment", "comment_id", "httpx.Client.get()", base, "the client's 'headers' argument")),
        # a credential parameter of the tool, with no default
        (line_in(_PER_REQUEST, '/boards/{board_id}"'), "get_board", "low",
         _own("get_board", "board_id", "requests.get()", base, "the 'headers' argument")),
        # a helper that reads the request's headers through a local bound to them
        (line_in(_PER_REQUEST, '/sprints/{sprint_id}"'), "get_sprint", "low",
         _own("get_sprint", "sprint_id", "requests.get()", base, "the 'headers' argument")),
    ]


def test_a_path_fill_sent_with_the_operators_token_stays_default_and_names_it(tmp_path):
    env = "os.environ['TICKETS_API_TOKEN']"
    assert _ssrf(tmp_path, "operator_token") == [
        (line_in(_OPERATOR, '/tickets/{ticket_id}"'), "get_ticket", "medium",
         _server("get_ticket", "ticket_id", "requests.get()", "the 'headers' argument", env)),
        # the caller's header, else the environment's token: the operator's may ride along
        (line_in(_OPERATOR, '/comments/{comment_id}"'), "get_comment", "medium",
         _server("get_comment", "comment_id", "requests.get()", "the 'headers' argument", env)),
        # a credential parameter whose default is the environment's key
        (line_in(_OPERATOR, '/boards/{board_id}"'), "get_board", "medium",
         _server("get_board", "board_id", "requests.get()", "the 'headers' argument",
                 "os.environ.get(\"TICKETS_API_KEY\", \"\") (the default of 'api_key')")),
        # a helper's fallback to a settings object's token
        (line_in(_OPERATOR, '/sprints/{sprint_id}"'), "get_sprint", "medium",
         _server("get_sprint", "sprint_id", "requests.get()", "the 'headers' argument", "Settings().api_token")),
    ]
