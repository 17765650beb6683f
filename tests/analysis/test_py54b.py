"""Wrong rows of the fortieth Python holdout (issue 12, branch py54b), each with a twin that stays
reported (``fixtures/py54b``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "py54b"
_BIND = "Possible binding to all interfaces."


def _audit(tmp_path, name: str, engines=("cst", "bandit")):
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return api.audit([root], Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW))


def _line(name: str, needle: str, file: str = "server.py") -> int:
    lines = (FIXTURES / name / file).read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def _b104(res):
    return [(f.location.path, f.location.line, f.confidence.label, f.message) for f in res.findings
            if f.rule_id == "B104"]


def test_b104_on_a_status_app_with_constant_routes_goes_to_the_audit_view(tmp_path):
    line = _line("constant_app", 'uvicorn.run(app, host="0.0.0.0"')
    assert _b104(_audit(tmp_path, "constant_app")) == [
        ("server.py", line, "low", _BIND + "; the bound app 'app' serves only constant routes (/health, /) that take "
         "no input and read nothing; it neither mounts nor wraps the MCP server (audit view)"),
    ]


def test_b104_stays_when_the_app_mounts_or_wraps_the_mcp_server_or_a_route_takes_input(tmp_path):
    for name in ("mounted_app", "wrapped_app", "input_app"):
        line = _line(name, 'uvicorn.run(app, host="0.0.0.0"')
        assert _b104(_audit(tmp_path, name)) == [("server.py", line, "medium", _BIND)], name
