"""A fair score (issue 13): items that do not apply are n/a and out of the denominator, an
incomplete surface says so, test code never fails an item, one finding caps a score only when it
is high confidence and on an exposed path; and the three hard requirements."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.checklists import CRITICAL_FAIL_CAP, FORMULA, evaluate, explain_checklist, load_checklists, score_items
from mcpaudit.config import Config
from mcpaudit.models import Confidence, Finding, Location, PostureFact, Severity

from mcpaudit.analysis.posture import FACTS


def facts(**values):
    """Every posture fact, false/null by default, with overrides (dots written as __)."""
    out = {fid: False for fid in FACTS}
    out.update({"tools.count": 0, "http.frameworks": []})
    for k, v in values.items():
        out[k.replace("__", ".")] = v
    return [PostureFact(fid, v) for fid, v in out.items()]


def item(results, iid):
    return next(it for r in results for it in r.items if it.id == iid)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
README = Path(__file__).resolve().parents[2] / "README.md"

WEATHER = '''
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather")


@mcp.tool()
def forecast(city: str) -> str:
    """Forecast for a city."""
    return f"sunny in {city}"


if __name__ == "__main__":
    mcp.run()
'''

EXEC_HTTP = '''
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops", host="0.0.0.0")


@mcp.tool()
def python(code: str) -> str:
    """Run Python code."""
    return repr(eval(code))


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
'''


def _scan(root: Path, files: dict, engines=("cst",), **kw):
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    return api.audit([root], Config(engines=engines, cache=False, **kw))


def _items(res):
    return {it.id: it for c in res.checklists for it in c.items}


# --------------------------------------------------------------------------- hard requirements

def test_stdio_server_without_findings_or_deployment_files_gets_at_least_b(tmp_path):
    # no lock file, no CI, no logging, no rate limiter: the worst a clean stdio server can look
    res = _scan(tmp_path, {"server.py": WEATHER})
    assert res.findings == [] and res.capabilities == []
    assert res.exposure["level"] == "stdio"
    assert res.grade in ("A", "B") and res.score >= 80, res.score
    items = _items(res)
    # deployment items are n/a, visible, with the reason
    for iid in ("000-T15", "000-T14", "001-P3", "004-12"):
        assert items[iid].status == "not-applicable", iid
        assert "container files" in items[iid].note
    assert {f.id: f.value for f in res.facts}["deploy.present"] is False


def test_unauthenticated_network_code_execution_is_at_most_d(tmp_path):
    res = _scan(tmp_path, {"server.py": EXEC_HTTP})
    caps = {f.tool: f for f in res.capabilities}
    assert caps["python"].severity == Severity.CRITICAL
    assert res.exposure["level"] == "http-no-auth"
    assert res.score <= CRITICAL_FAIL_CAP and res.grade in ("D", "F")


def test_unauthenticated_network_execution_caps_even_when_every_item_passes():
    cap = Finding(rule_id="capability-code-execution", engine="cst", severity=Severity.CRITICAL,
                  confidence=Confidence.HIGH, message="tool 'python' evaluates code", location=Location("s.py", 3),
                  tool="python", tags=["capability"])
    clean = facts(transport__stdio=True, deps__lockfile=True, deps__pinned=True, ci__dependency_scan=True)
    _, free, _ = evaluate(load_checklists(None), [], clean, {"cst", "semgrep", "bandit"}, {})
    _, capped, grade = evaluate(load_checklists(None), [], clean, {"cst", "semgrep", "bandit"}, {},
                                capabilities=[cap])
    assert free > CRITICAL_FAIL_CAP and capped == CRITICAL_FAIL_CAP and grade == "D"


def test_safe_and_vulnerable_twins_differ_by_30_points(tmp_path):
    scores = {}
    for name in ("safe", "vulnerable"):
        dst = tmp_path / name
        shutil.copytree(FIXTURES / name, dst)
        (dst / ".git").mkdir()
        scores[name] = api.audit([dst], Config(engines=("cst",), cache=False)).score
    assert scores["safe"] - scores["vulnerable"] >= 30, scores


# --------------------------------------------------------------------------- applicability

def test_deployment_items_apply_with_http_or_container_files(tmp_path):
    http = _scan(tmp_path / "http", {"server.py": WEATHER.replace("mcp.run()", 'mcp.run(transport="sse")')})
    assert _items(http)["000-T15"].status == "fail"  # an HTTP server without a rate limiter
    docker = _scan(tmp_path / "docker", {"server.py": WEATHER, "Dockerfile": "FROM python:3.12-slim\nUSER app\n"})
    assert {f.id: f.value for f in docker.facts}["deploy.present"] is True
    assert _items(docker)["000-T15"].status == "fail"
    compose = _scan(tmp_path / "compose", {"server.py": WEATHER, "compose.yaml": "services:\n  app:\n    image: x\n"})
    assert {f.id: f.value for f in compose.facts}["deploy.present"] is True


def test_role_gates_apply_over_http_only():
    stdio = facts(transport__stdio=True, tools__privileged_ungated=True, tools__count=2)
    res, _, _ = evaluate(load_checklists(None), [], stdio, {"cst", "semgrep", "bandit"}, {})
    assert item(res, "001-D4").status == "not-applicable"
    http = facts(transport__http=True, http__auth=True, tools__privileged_ungated=True, tools__count=2)
    res, _, _ = evaluate(load_checklists(None), [], http, {"cst", "semgrep", "bandit"}, {})
    assert item(res, "001-D4").status == "fail"


def test_raw_execution_half_fails_on_stdio_and_fails_over_http():
    stdio = facts(transport__stdio=True, tools__raw_exec=True, tools__count=1)
    res, _, _ = evaluate(load_checklists(None), [], stdio, {"cst", "semgrep", "bandit"}, {})
    assert item(res, "003-A1").status == "partial"
    http = facts(transport__http=True, http__auth=True, tools__raw_exec=True, tools__count=1)
    res, _, _ = evaluate(load_checklists(None), [], http, {"cst", "semgrep", "bandit"}, {})
    assert item(res, "003-A1").status == "fail"


def test_not_applicable_items_are_out_of_the_denominator():
    base = facts(transport__stdio=True)
    res, _, _ = evaluate(load_checklists(["mcp-trust-002"]), [], base, {"cst", "semgrep", "bandit"}, {})
    assert item(res, "002-D4").status == "not-applicable"
    rest = [(i.status, i.severity or "medium", i.caps) for i in res[0].items if i.id != "002-D4"]
    assert res[0].score == score_items(rest)  # the n/a item is not in the denominator


# --------------------------------------------------------------------------- incomplete surface

def test_sdk_without_discovered_tools_is_an_incomplete_surface(tmp_path):
    res = _scan(tmp_path, {"server.py": '''
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("classes")
        REGISTRY = {}


        def load():
            for name, cls in REGISTRY.items():
                mcp.add_tool(cls().run, name=name)
        '''}, engines=("cst", "semgrep", "bandit"))
    assert res.tools == []
    assert res.surface == {"complete": False, "evidence": "server.py:1",
                           "reason": "the project imports an MCP SDK but no tool was discovered",
                           "unfollowed": [{  # and the registration it could not follow is named
                               "path": "server.py", "line": 10, "callee": "cls().run", "kind": "registration",
                               "why": "a tool is registered with cls().run, which the analysis could not resolve "
                                      "to any function of the project"}]}
    assert res.grade_note.startswith("incomplete: the project imports an MCP SDK but no tool was discovered")
    it = _items(res)["004-4"]  # "no shell command injection vectors": silence proves nothing here
    assert it.status == "not-assessed" and "incomplete surface" in it.note


def test_code_serving_mcp_itself_without_discovered_tools_is_an_incomplete_surface(tmp_path):
    """No MCP SDK the analysis knows, but the code answers MCP's ``tools/call`` itself (an own or
    vendored framework): the tools exist, none was discovered."""
    res = _scan(tmp_path, {"rpc_server.py": '''
        HANDLERS = {}


        def handle(request: dict) -> dict:
            if request["method"] == "tools/call":
                params = request["params"]
                return HANDLERS[params["name"]](**params["arguments"])
            return {}
        '''})
    assert res.tools == []
    assert res.surface == {"complete": False, "evidence": "rpc_server.py:6",
                           "reason": "the project handles MCP's tools/call itself (no MCP SDK the analysis "
                                     "knows) but no tool was discovered"}


def test_a_server_with_tools_has_a_complete_surface(tmp_path):
    res = _scan(tmp_path, {"server.py": WEATHER}, engines=("cst", "semgrep", "bandit"))
    assert res.surface["complete"] is True and res.grade_note == ""
    assert "incomplete" not in _items(res)["004-4"].note


# --------------------------------------------------------------------------- test code and caps

def test_findings_in_test_code_never_fail_items(tmp_path):
    res = _scan(tmp_path, {"server.py": WEATHER, "tests/test_server.py": '''
        import subprocess


        def test_shell(tmp_path):
            cmd = input()
            subprocess.run(cmd, shell=True)
            password = "hunter2-hunter2"
        '''}, engines=("cst", "semgrep", "bandit"), include_tests=True)
    assert [f.location.path for f in res.findings if "test-code" in f.tags]
    items = _items(res)
    assert items["004-4"].status != "fail" and items["000-T1"].status != "fail"
    assert items["000-T10"].status == "pass"


def _critical(confidence, tool):
    return Finding(rule_id="tool-shell-injection", engine="cst", severity=Severity.CRITICAL, confidence=confidence,
                   message="shell", location=Location("s.py", 4), tool=tool)


@pytest.mark.parametrize("confidence,tool,caps", [
    (Confidence.HIGH, "run", True),       # reached from a tool parameter, high confidence: caps
    (Confidence.MEDIUM, "run", False),    # not sure enough to decide a grade alone
    (Confidence.HIGH, None, False),       # not on a path from a tool parameter
])
def test_a_single_finding_caps_only_when_high_confidence_on_an_exposed_path(confidence, tool, caps):
    res, total, _ = evaluate(load_checklists(["mcp-prod-000"]), [_critical(confidence, tool)],
                             facts(transport__stdio=True), {"cst", "semgrep", "bandit"}, {})
    assert item(res, "000-T10").status == "fail"
    assert item(res, "000-T10").caps is caps
    uncapped = score_items([(i.status, i.severity or "medium", False) for i in res[0].items])
    assert uncapped > CRITICAL_FAIL_CAP
    assert res[0].score == (CRITICAL_FAIL_CAP if caps else uncapped)


def test_formula_in_explain_and_readme():
    text = explain_checklist("mcp-prod-000")
    for phrase in ("not-applicable (n/a)", "exposed path", "incomplete", "weighted by its sum(w)"):
        assert phrase in FORMULA and phrase in text
    readme = README.read_text()
    assert "exposed path" in readme and "incomplete" in readme and "n/a" in readme
