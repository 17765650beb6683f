"""Every way servers choose an HTTP transport, on real-shaped examples: the posture fact
``transport.http`` and the rule ``http-transport-no-auth`` answer from one decision (issue 13)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

HEAD = "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"srv\")\n\n\n@mcp.tool()\ndef hello(name: str) -> str:\n    return name\n\n\n"

WAYS = {
    "literal": {"server.py": HEAD + 'if __name__ == "__main__":\n    mcp.run(transport="sse")\n'},
    "env-var": {"server.py": "import os\n" + HEAD + 'if __name__ == "__main__":\n'
                '    mcp.run(transport=os.environ.get("MCP_TRANSPORT", "streamable-http"))\n'},
    "cli-option": {"server.py": "import argparse\n" + HEAD + 'def main():\n    p = argparse.ArgumentParser()\n'
                   '    p.add_argument("--transport", choices=["stdio", "sse"], default="stdio")\n'
                   '    args = p.parse_args()\n    mcp.run(transport=args.transport)\n'},
    "settings-object": {
        "settings.py": 'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n'
                       '    transport: str = "streamable-http"\n    port: int = 8000\n\n\nsettings = Settings()\n',
        "server.py": "from settings import settings\n" + HEAD + 'if __name__ == "__main__":\n'
                     '    mcp.run(transport=settings.transport)\n'},
    "run_sse_async": {"server.py": "import asyncio\n" + HEAD + 'if __name__ == "__main__":\n'
                      '    asyncio.run(mcp.run_sse_async())\n'},
    "run_streamable_http_async": {"server.py": "import asyncio\n" + HEAD + 'if __name__ == "__main__":\n'
                                  '    asyncio.run(mcp.run_streamable_http_async())\n'},
    "starlette-mount": {"server.py": "import uvicorn\nfrom starlette.applications import Starlette\n"
                        "from starlette.routing import Mount\n" + HEAD +
                        'app = Starlette(routes=[Mount("/mcp", app=mcp.streamable_http_app())])\n\n'
                        'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8000)\n'},
    "dockerfile-cmd": {"server.py": "import sys\n" + HEAD + 'if __name__ == "__main__":\n'
                       '    mcp.run(transport=sys.argv[1] if len(sys.argv) > 1 else "stdio")\n',
                       "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/server.py", "--transport", "sse"]\n'},
}


def _scan(root: Path, files: dict):
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    # every confidence: a server left on the SDK's loopback default is reported at low
    return api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))


@pytest.mark.parametrize("way", sorted(WAYS))
def test_http_transport_chosen_any_way_is_seen_by_fact_and_rule(tmp_path, way):
    res = _scan(tmp_path, WAYS[way])
    facts = {f.id: f for f in res.facts}
    assert facts["transport.http"].value is True, way
    assert facts["transport.http"].evidence, way  # with the place it was decided
    assert facts["http.auth"].value is False
    rule = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert rule, way  # the rule agrees with the fact
    assert res.exposure["http"] is True


def test_stdio_choice_at_run_time_is_not_http(tmp_path):
    res = _scan(tmp_path, {"server.py": "import os\n" + HEAD + 'if __name__ == "__main__":\n'
                           '    mcp.run(transport=os.environ.get("MCP_TRANSPORT", "stdio"))\n'})
    facts = {f.id: f.value for f in res.facts}
    assert facts["transport.http"] is False and facts["transport.stdio"] is True
    assert not [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_auth_drops_the_rule_and_bind_all(tmp_path):
    src = ("from mcp.server.auth.settings import AuthSettings\nfrom mcp.server.fastmcp import FastMCP\n\n"
           "mcp = FastMCP(\"srv\", host=\"0.0.0.0\", token_verifier=VERIFIER, auth=AuthSettings(issuer_url=\"https://a.example\", "
           "resource_server_url=\"https://m.example\"))\n\n\n@mcp.tool()\ndef hello(name: str) -> str:\n    return name\n\n\n"
           'if __name__ == "__main__":\n    mcp.run(transport="streamable-http")\n')
    (tmp_path / ".git").mkdir()
    (tmp_path / "server.py").write_text(src)
    res = api.audit([tmp_path], Config(engines=("cst", "bandit"), cache=False))
    facts = {f.id: f.value for f in res.facts}
    assert facts["http.auth"] is True and facts["transport.http"] is True
    assert not [f for f in res.findings if f.rule_id in ("http-transport-no-auth", "B104")]


# --------------------------------------------------------------------------- run lines (issue 13)

ENV_STDIO = "import os\n" + HEAD + 'if __name__ == "__main__":\n    mcp.run(transport=os.environ.get("MCP_TRANSPORT", "stdio"))\n'
STATIC_STDIO = HEAD + 'if __name__ == "__main__":\n    mcp.run()\n'


@pytest.mark.parametrize("readme,how", [
    ("## Remote\n\n```bash\nMCP_TRANSPORT=sse uvx srv\n```\n", "README.md:4 runs it with MCP_TRANSPORT=sse"),
    ("Run it over HTTP:\n\n    uvx srv --transport streamable-http\n", "README.md:3 runs it with --transport streamable-http"),
    ("Serve it:\n\n    uvx srv --port 8000\n", "README.md:3 runs it on a port"),
])
def test_a_documented_run_line_is_http_when_the_code_reads_the_transport(tmp_path, readme, how):
    res = _scan(tmp_path, {"server.py": ENV_STDIO, "README.md": readme})
    facts = {f.id: f for f in res.facts}
    assert facts["transport.http"].value is True and facts["transport.stdio"].value is True
    assert [(e.path, e.line) for e in facts["transport.http"].evidence] == [("README.md", int(how.split(":")[1].split()[0]))]
    assert facts["transport.http"].note.startswith(how)
    assert "the transport is read from argv/env at server.py:13" in facts["transport.http"].note
    rule = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert len(rule) == 1 and how in rule[0].message  # the finding states the evidence


def test_a_documented_run_line_does_not_count_when_the_code_fixes_stdio(tmp_path):
    # the code calls run() with no transport: whatever a README passes, argv is not read
    res = _scan(tmp_path, {"server.py": STATIC_STDIO, "README.md": "uvx srv --transport sse --port 8000\n"})
    facts = {f.id: f.value for f in res.facts}
    assert facts["transport.http"] is False and facts["transport.stdio"] is True
    assert not [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_readme_without_run_lines_keeps_stdio(tmp_path):
    res = _scan(tmp_path, {"server.py": ENV_STDIO, "README.md": "Set MCP_TRANSPORT to choose a transport.\n"})
    assert {f.id: f.value for f in res.facts}["transport.http"] is False


def test_pyproject_script_and_dockerfile_entrypoint_state_their_evidence(tmp_path):
    res = _scan(tmp_path, {
        "server.py": "import sys\n" + HEAD + 'if __name__ == "__main__":\n'
                     '    mcp.run(transport=sys.argv[1] if len(sys.argv) > 1 else "stdio")\n',
        "pyproject.toml": '[project]\nname = "srv"\n\n[tool.poe.tasks]\nserve = "python server.py --transport sse"\n',
        "Dockerfile": 'FROM python:3.12-slim\nENTRYPOINT ["python", "server.py", "--transport", "streamable-http"]\n'})
    http = {f.id: f for f in res.facts}["transport.http"]
    assert http.value is True
    assert {(e.path, e.line) for e in http.evidence} == {("Dockerfile", 2), ("pyproject.toml", 5)}
    assert 'Dockerfile:2 passes --transport", "streamable-http' in http.note
    assert "pyproject.toml:5 passes --transport sse" in http.note


def test_the_rules_auth_evidence_is_the_facts(tmp_path):
    # auth middleware the cst engine recognises (add_middleware(<name with auth>)) keeps the rule
    # quiet; the fact reads the same evidence, so no finding is added back from the posture
    src = ("import uvicorn\nfrom starlette.applications import Starlette\n" + HEAD +
           "app = Starlette()\napp.mount('/', mcp.sse_app())\napp.add_middleware(TeamAuthGate)\n\n"
           'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8000)\n')
    res = _scan(tmp_path, {"server.py": src})
    facts = {f.id: f for f in res.facts}
    assert facts["transport.http"].value is True
    assert facts["http.auth"].value is True
    assert ("server.py", 15) in {(e.path, e.line) for e in facts["http.auth"].evidence}
    assert not [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert res.exposure["level"] == "http-auth"


def test_a_tool_named_like_auth_is_not_auth(tmp_path):
    # a tool called verify_token checks the caller's input, it does not protect the transport:
    # neither the rule nor the fact takes it for authentication, and the rule reports the site
    src = (HEAD + '@mcp.tool()\ndef verify_token(token: str) -> str:\n    return "ok" if len(token) == 32 else "bad"\n\n\n'
           'if __name__ == "__main__":\n    mcp.run(transport="sse")\n')
    res = _scan(tmp_path, {"server.py": src})
    assert {f.id: f.value for f in res.facts}["http.auth"] is False
    rule = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert [(f.location.path, f.location.line) for f in rule] == [("server.py", 17)]
    assert "decided_by" not in rule[0].properties  # the rule's own site, not added back from the posture


# --------------------------------------------------------------------------- where run() binds (issue 12)

RUN_SSE = '\nif __name__ == "__main__":\n    mcp.run(transport="sse")\n'


@pytest.mark.parametrize("built,host,default", [
    ('FastMCP("srv")', "127.0.0.1", True),  # the SDK's loopback default
    ('FastMCP("srv", host="localhost")', "localhost", False),
])
def test_run_on_the_loopback_the_server_was_built_for_is_low(tmp_path, built, host, default):
    src = HEAD.replace('FastMCP("srv")', built) + RUN_SSE
    res = _scan(tmp_path, {"server.py": src})
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.line, f.confidence) == (13, Confidence.LOW)
    by = " by default" if default else ""
    assert f.message == ("mcp.run(transport='sse') serves MCP over HTTP and no authentication is configured anywhere "
                         f"in the project (bound to {host}{by}: reachable from this machine and, through DNS rebinding, "
                         "from web pages); anyone who reaches it can call: hello")


@pytest.mark.parametrize("setting,shown", [
    ('mcp.settings.host = "0.0.0.0"\n', " (bound to all interfaces)"),  # set after it was built
    ('import os\nmcp.settings.host = os.environ["HOST"]\n', ""),  # chosen at deployment
])
def test_run_on_a_host_set_later_or_at_run_time_stays_medium(tmp_path, setting, shown):
    src = HEAD + setting + RUN_SSE
    res = _scan(tmp_path, {"server.py": src})
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert f.confidence == Confidence.MEDIUM
    assert f.message.startswith("mcp.run(transport='sse') serves MCP over HTTP and no authentication is configured "
                                "anywhere in the project" + shown)


def test_run_given_a_host_chosen_at_run_time_stays_medium(tmp_path):
    src = "import os\n" + HEAD + 'if __name__ == "__main__":\n    mcp.run(transport="sse", host=os.getenv("HOST", "0.0.0.0"))\n'
    res = _scan(tmp_path, {"server.py": src})
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert f.confidence == Confidence.MEDIUM and f.location.line == 13


def test_host_set_in_another_module_counts(tmp_path):
    res = _scan(tmp_path, {"server.py": HEAD, "main.py": 'from server import mcp\n\nmcp.settings.host = "0.0.0.0"\n'
                           'mcp.run(transport="streamable-http")\n'})
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line, f.confidence) == ("main.py", 4, Confidence.MEDIUM)
    assert "(bound to all interfaces)" in f.message


@pytest.mark.parametrize("cmd,http", [
    # exec form: the code is the array element after -c
    ('CMD ["python", "-c", "import sys; sys.path.insert(0, \'src\'); from server import mcp; '
     'mcp.run(transport=\'sse\', host=\'0.0.0.0\', port=8000)"]', "sse"),
    # shell form, double quotes around the code
    ('CMD python3 -c "from server import mcp; mcp.run(transport=\'streamable-http\')"', "streamable-http"),
    # the safe twins: inline Python that serves stdio, or names no transport
    ('CMD ["python", "-c", "from server import mcp; mcp.run(transport=\'stdio\')"]', None),
    ('CMD ["python", "-c", "from server import mcp; mcp.run()"]', None),
])
def test_inline_python_in_a_dockerfile_is_read_for_its_transport(tmp_path, cmd, http):
    # never executed: parsed for a run(transport=<constant>) call
    res = _scan(tmp_path, {"server.py": STATIC_STDIO, "Dockerfile": f"FROM python:3.12-slim\nCOPY . /app\n{cmd}\n"})
    facts = {f.id: f for f in res.facts}
    rule = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    if http is None:
        assert facts["transport.http"].value is False and not rule
        return
    assert facts["transport.http"].value is True
    assert [(e.path, e.line) for e in facts["transport.http"].evidence] == [("Dockerfile", 3)]
    assert len(rule) == 1 and (rule[0].location.path, rule[0].location.line) == ("Dockerfile", 3)
    assert f"Dockerfile:3 runs inline Python that serves transport='{http}'" in rule[0].message
