"""Causes fixed by branch py31c (issue 12), each fixture with a twin.

* An ``auth=`` name set to None and afterwards only under a condition (``auth_verifier = None``;
  ``if provider_spec: auth_verifier = target()``) is optional authentication: the server starts
  without it unless configured (``analysis/noneauth.py``, ``fixtures/transports/py31c/none-auth``).
  Twins: a missing setting stops the server (``raise``), or both branches set the verifier.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.analysis.noneauth import none_unless_set
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "py31c"


def _transport(tmp_path, name):
    """(path, line, confidence, tool, message) of each http-transport-no-auth finding, low included."""
    shutil.copytree(_ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings
            if f.rule_id == "http-transport-no-auth"]


def test_an_auth_name_set_only_under_a_condition_is_optional(tmp_path):
    src = _ROOT / "none-auth" / "open" / "server.py"
    none, ctor = line_in(src, "auth_verifier = None"), line_in(src, 'mcp = FastMCP("runner"')
    assert _transport(tmp_path, "none-auth/open") == [(
        "server.py", line_in(src, "config = uvicorn.Config("), "medium", None,
        "uvicorn.Config() serves MCP over HTTP and authentication is optional, off unless configured: "
        f"auth= passed to the MCP server at server.py:{ctor} is None when no branch sets it (auth_verifier = "
        f"None at line {none}; set only under a condition at line {line_in(src, 'auth_verifier = target()')}) "
        f"(the same server is also built or served at line {line_in(src, 'mcp_app = server.http_app()')}) "
        "(bound to all interfaces by default); the address is the default of environment variable "
        "MCP_SERVER_HOST; anyone who reaches it can call: run_search")]


def test_the_twin_whose_missing_setting_stops_the_server(tmp_path):
    assert _transport(tmp_path, "none-auth/required") == []


def test_the_twin_whose_both_branches_set_the_verifier(tmp_path):
    assert _transport(tmp_path, "none-auth/elsebranch") == []


def test_none_unless_set_reads_the_scope_of_the_use():
    text = ("def build(flag):\n"
            "    auth = None\n"
            "    if flag:\n"
            "        auth = make()\n"
            "    return Server(auth=auth)\n"
            "auth = None\n"
            "try:\n"
            "    auth = make()\n"
            "except ImportError:\n"
            "    raise\n"
            "srv = Server(auth=auth)\n")
    tree = ast.parse(text)
    assert none_unless_set(tree, "auth", 5) == (2, 4)
    assert none_unless_set(tree, "auth", 11) is None  # every path sets it or leaves
    assert none_unless_set(tree, "other", 5) is None
