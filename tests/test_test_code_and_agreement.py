"""Findings in test code never gate or score and are hidden by default; pattern-rule hits on
sinks the taint analysis found safe move to the audit view (issue 12)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence, Finding, Location, Severity
from mcpaudit.sources import code_kind

SERVER = '''
import os
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops")
UPTIME = "uptime"


@mcp.tool()
def uptime() -> str:
    return os.popen(UPTIME).read()


@mcp.tool()
def run(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout
'''

TEST = '''
import subprocess


def test_run(tmp_path):
    subprocess.run("echo " + str(tmp_path), shell=True)
    host = "0.0.0.0"  # bandit B104 at medium: a host handed to a program (compared or printed only: low)
    subprocess.run(["serve", "--host", host], check=False)
'''


def _tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "server.py").write_text(textwrap.dedent(SERVER))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_server.py").write_text(textwrap.dedent(TEST))
    return tmp_path


def test_code_kinds():
    assert code_kind("tests/unit/test_a.py") == "test"
    assert code_kind("src/pkg/conftest.py") == "test"
    assert code_kind("examples/weather/server.py") == "example"
    assert code_kind("docs/snippets/tool.py") == "docs"
    assert code_kind("src/pkg/server.py") is None
    assert code_kind("src/testing_utils.py") is None
    assert code_kind("scripts/generate_docs.py") == "tooling"
    assert code_kind("scripts/release/bump.py") == "tooling"
    assert code_kind("src/pkg/scripts/cli.py") is None  # a package's own scripts ship with it
    assert code_kind("scripts.py") is None


TOOLING = '''
import jinja2


def render(template_dir: str, out: str) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir))
    with open(out, "w") as fh:
        fh.write(env.get_template("tools.html.j2").render())
'''

AUTHORIZE = '''
import logging
import os

logger = logging.getLogger(__name__)


def main() -> None:
    client_secret = os.environ["OAUTH_CLIENT_SECRET"]
    logger.info("client secret: %s", client_secret)


if __name__ == "__main__":
    main()
'''


SCRIPT_SERVER = '''
import os
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("disk")


@mcp.tool()
def disk_usage(path: str) -> str:
    """Report disk usage of a directory."""
    return os.popen("du -sh " + path).read()
'''


def test_a_scripts_folder_is_tooling_unless_it_serves_tools(tmp_path):
    # scripts/ holds a docs generator (bandit B701, jinja2 without autoescape rendering an HTML page), an MCP server and
    # an OAuth helper: the generator's pattern hit is hidden and counted, the others are shown
    root = tmp_path
    (root / ".git").mkdir()
    (root / "scripts").mkdir()
    (root / "scripts" / "gen_docs.py").write_text(textwrap.dedent(TOOLING))
    (root / "scripts" / "server.py").write_text(SCRIPT_SERVER)
    (root / "scripts" / "authorize.py").write_text(AUTHORIZE)
    cfg = Config(engines=("cst", "bandit"), cache=False)
    res = api.audit([root], cfg)
    assert {(f.location.path, f.rule_id) for f in res.findings if f.location.path == "scripts/gen_docs.py"} == set()
    shown = [(f.location.path, f.location.line, f.rule_id) for f in res.findings if f.rule_id == "tool-shell-injection"]
    assert shown == [("scripts/server.py", 11, "tool-shell-injection")]
    assert {t.name for t in res.tools} == {"disk_usage"}
    # a traced flow in a tooling script (a setup helper logging the user's secret) stays shown
    assert [(f.location.line, f.rule_id) for f in res.findings if f.location.path == "scripts/authorize.py"] == [
        (10, "secret-in-log")]
    every = api.audit([root], Config(engines=("cst", "bandit"), cache=False, include_tests=True))
    hidden = [f for f in every.findings if f.location.path == "scripts/gen_docs.py"]
    assert [(f.location.line, f.rule_id, f.properties["code"]) for f in hidden] == [(6, "B701", "tooling")]
    assert res.stats.test_code_findings == 1


def test_a_test_harness_module_inside_the_package_is_test_code(tmp_path):
    from mcpaudit.normalise import tag_code_kind
    from mcpaudit.sources import is_test_harness

    harness = "import unittest\n\nclass ServerTestCase(unittest.IsolatedAsyncioTestCase):\n    pass\n"
    assert is_test_harness("pkg/testing.py", harness)
    assert is_test_harness("pkg/test_support.py", "from expecttest import TestCase\nclass E2E(TestCase):\n    pass\n")
    assert not is_test_harness("pkg/testing.py", "def run_tests(path):\n    pass\n")  # a tool that runs tests
    assert not is_test_harness("pkg/server.py", harness)  # a server module with a test class in it
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "testing.py").write_text(harness + "TMP = '/tmp/x'\n")
    (tmp_path / "pkg" / "tools.py").write_text(harness)
    found = [Finding("B108", "bandit", Severity.MEDIUM, Confidence.MEDIUM, "tmp", Location(p, 5))
             for p in ("pkg/testing.py", "pkg/tools.py")]
    tag_code_kind(found, tmp_path)
    assert [f.properties.get("code") for f in found] == ["test", None]


def test_test_code_is_scanned_only_on_request_and_example_code_is_hidden_and_counted(tmp_path):
    root = _tree(tmp_path)
    (root / "examples").mkdir()
    (root / "examples" / "demo.py").write_text(textwrap.dedent(TEST))
    cfg = Config(engines=("cst", "semgrep", "bandit"), cache=False)
    res = api.audit([root], cfg)
    assert not [f for f in res.findings if not f.location.path.startswith("server.py")]
    # the example's findings are hidden and counted; the test file was not scanned at all
    hidden = api.audit([root], Config(engines=("cst", "semgrep", "bandit"), cache=False, include_tests=True))
    in_example = [f for f in hidden.findings if f.location.path == "examples/demo.py"]
    assert in_example and all(f.properties["code"] == "example" for f in in_example)
    assert res.stats.test_code_findings == len(in_example)
    shown = api.audit([root], Config(engines=("cst", "semgrep", "bandit"), cache=False, include_tests=True))
    in_tests = [f for f in shown.findings if f.location.path == "tests/test_server.py"]
    assert in_tests and all("test-code" in f.tags and f.properties["code"] == "test" for f in in_tests)
    # the same score either way: test code never scores
    assert shown.score == res.score
    # and never gates: only the real shell injection in server.py does
    gate_cfg = Config(engines=("cst",), cache=False, include_tests=True, fail_on=Severity.LOW)
    gated = api.audit([root], gate_cfg)
    code, why = api.gate(gated, gate_cfg)
    assert code == 1 and why.startswith("1 finding(s)")


SANITISED = '''
import shlex
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops")


@mcp.tool()
def count(name: str) -> str:
    cmd = "wc -l " + shlex.quote(name)
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
'''


def test_pattern_hit_on_a_sink_the_taint_analysis_found_safe_is_audit_view_only(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "server.py").write_text(SANITISED.lstrip())
    cfg = Config(engines=("cst", "semgrep", "bandit"), cache=False)
    res = api.audit([tmp_path], cfg)
    assert [f for f in res.findings if f.location.line == 11] == []
    # the hits that would have been reported without the taint analysis' verdict
    seen = []
    real = api.apply_agreement

    def spy(findings, project):
        n = real(findings, project)
        seen.extend(f for f in findings if f.properties.get("taint-verdict") == "safe")
        return n

    monkeypatch.setattr(api, "apply_agreement", spy)
    api.audit([tmp_path], cfg)
    assert {(f.engine, f.rule_id, f.location.line) for f in seen} == {
        ("semgrep", "subprocess-shell-true", 11), ("bandit", "B602", 11)}
    assert all(f.confidence == Confidence.LOW and f.message.endswith("(audit view)") for f in seen)
    monkeypatch.setattr(api, "apply_agreement", lambda findings, project: 0)
    noisy = api.audit([tmp_path], cfg)
    assert {f.engine for f in noisy.findings if f.location.line == 11} == {"semgrep"}


ALLOWED_SH = '''
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops")


@mcp.tool()
def update(component: str = "") -> str:
    if component and component not in ["operator", "dashboard"]:
        return "unsupported"
    cmd = f"okctl update {component}"
    result = subprocess.run(
        ["sh", "-c", cmd], capture_output=True, text=True
    )
    return result.stdout
'''


def test_a_pattern_hit_on_another_line_of_a_safe_multi_line_call_is_audit_view_only(tmp_path):
    # the value is empty or allow-listed; the call spans lines 12-14 and semgrep's shell-c-argv
    # reports its argument line 13: the taint verdict covers every line of the call
    (tmp_path / ".git").mkdir()
    (tmp_path / "server.py").write_text(ALLOWED_SH.lstrip())
    res = api.audit([tmp_path], Config(engines=("cst", "semgrep"), cache=False, min_confidence=Confidence.LOW))
    hits = [f for f in res.findings if f.location.line in (12, 13, 14) and f.engine == "semgrep"]
    assert {(f.rule_id, f.location.line) for f in hits} == {("shell-c-argv", 13)}
    assert hits[0].confidence == Confidence.LOW and hits[0].properties.get("taint-verdict") == "safe"
    assert not [f for f in res.findings if f.confidence >= Confidence.MEDIUM]
