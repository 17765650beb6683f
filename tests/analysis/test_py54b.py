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


def _rows(res, rule: str):
    return [(f.location.path, f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == rule]


def test_a_library_callable_run_through_a_project_wrapper_returns_what_the_library_returns(tmp_path):
    # safe_call(self.client.download_artifacts, run_id, path, dst) in another module, the call made
    # in a nested retry closure: the local path MLflow writes under a fixed folder is not the
    # caller's path (before: every argument, so open() of it was reported); the same wrapper given
    # os.path.join carries the caller's name to open() as a direct join does (before: not reported)
    res = _audit(tmp_path, "wrapper_call", engines=("cst",))
    line = _line("wrapper_call", 'with open(path, encoding="utf-8")')
    assert _rows(res, "tool-path-traversal") == [
        ("server.py", line, "read_report",
         "tool 'read_report' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]
    flow = next(f for f in res.findings if f.rule_id == "tool-path-traversal").flow
    assert any("safe_call()" in step.note for step in flow), [s.note for s in flow]


def test_removing_the_temporary_file_the_tool_made_through_path_unlink_is_cleanup(tmp_path):
    # Path(tmp.name).unlink() of NamedTemporaryFile(delete=False), Path(p).unlink() of mkstemp's p:
    # no delete of a read-only tool's (before: both reported); a caller-named path stays
    res = _audit(tmp_path, "temp_cleanup", engines=("cst",))
    line = _line("temp_cleanup", "Path(image_path).unlink(missing_ok=True)")
    assert _rows(res, "tool-read-only-bypass") == [
        ("server.py", line, "read_and_forget",
         "tool 'read_and_forget' is annotated readOnlyHint=True but deletes files (.unlink())"),
    ]
