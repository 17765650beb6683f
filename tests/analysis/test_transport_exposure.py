"""HTTP exposure is reported once per server and scaled by what reaches it (issue 12): the bind
address, and Host/Origin checks (DNS-rebinding protection) configured or provided by the mcp SDK
for the version the project requires. Fixtures: ``fixtures/transports`` (one project per folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.analysis.depversion import at_least, declared_version, minimum_version, predating
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports"
RULE = "http-transport-no-auth"


def expectations(root: Path):
    return {(p.relative_to(root).as_posix(), n, RULE) for p in sorted(root.rglob("*.py"))
            for n, line in enumerate(p.read_text().splitlines(), 1) if f"# expect: {RULE}" in line}


#: loopback servers: each evidence that nothing checks Host/Origin, and its safe twin
LOOPBACK = ["loopback-lock", "loopback-lock-new", "loopback-pin", "loopback-pin-new", "loopback-floor",
            "loopback-script", "loopback-script-new", "loopback-fastmcp2", "loopback-fastmcp2-new", "loopback-off",
            "loopback-bare", "loopback-bare-settings",
            "loopback-on"]


def _findings(name: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.rule_id == RULE]


@pytest.mark.parametrize("name", ["sdk-loopback", "sdk-too-old", "all-interfaces", "explicit-settings", "explicit-off",
                                  "upstream-bearer", "optional-key", "option-loopback", "option-wide",
                                  "option-passed", *LOOPBACK])
def test_default_findings_equal_annotations(name):
    found = _findings(name)
    # one server, one finding (option-wide serves from two functions: two entry points)
    assert len(found) == (2 if name == "option-wide" else 1), [f.message for f in found]
    shown = {(f.location.path, f.location.line, f.rule_id) for f in found if f.confidence >= Confidence.MEDIUM}
    assert shown == expectations(ROOT / name)


def test_sdk_protection_on_loopback_is_credited_with_its_version():
    (f,) = _findings("sdk-loopback")
    assert f.confidence == Confidence.LOW and f.location.line == 26
    assert "bound to 127.0.0.1 by default: reachable from this machine only" in f.message
    assert "the mcp SDK (>= 1.26.0 required) checks Host and Origin headers" in f.message
    assert "from mcp 1.23.0 on" in f.message
    assert "also built or served at lines 22, 23" in f.message


def test_older_sdk_and_all_interfaces_stay_default():
    (old,) = _findings("sdk-too-old")
    assert old.confidence == Confidence.MEDIUM and "Host and Origin" not in old.message
    (wide,) = _findings("all-interfaces")
    assert "bound to all interfaces" in wide.message
    assert "a client on the network passes by sending a loopback Host header" in wide.message


def test_explicit_transport_security_settings():
    (on,) = _findings("explicit-settings")
    assert on.confidence == Confidence.LOW
    # the address is a settings attribute whose default the project declares (loopback)
    assert "bound to 127.0.0.1 by default: reachable from this machine only; DNS-rebinding protection is configured" in on.message
    assert "the address is the default of the HOST setting (config.py:2)" in on.message
    (off,) = _findings("explicit-off")
    assert off.confidence == Confidence.MEDIUM
    assert "through DNS rebinding, from web pages, since nothing checks Host or Origin" in off.message


def test_minimum_version_from_declarations(tmp_path):
    (tmp_path / ".git").mkdir()
    pkg = tmp_path / "src" / "pkg"
    pkg.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["mcp[cli]>=1.23.0,<2", "fastmcp>=2.0"]\n')
    assert minimum_version(pkg, "mcp") == (1, 23, 0)
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "mcp"\nversion = "1.26.0"\n')
    assert minimum_version(pkg, "mcp") == (1, 26, 0)  # a lock file says what is installed
    (pkg / "requirements.txt").write_text("mcp~=1.9\n")
    assert minimum_version(pkg, "mcp") == (1, 9)  # the nearest declaration wins
    assert minimum_version(pkg, "httpx") is None


UNCHECKED = "reachable from this machine and, through DNS rebinding, from web pages, since nothing checks Host or Origin: "
MCP_OLD = ", and the mcp SDK's FastMCP checks neither Host nor Origin before mcp 1.23.0)"


@pytest.mark.parametrize("name,path,line,evidence", [
    # uv.lock at the repository's top, the server two folders down (pyproject.toml allows 1.2.0 too)
    ("loopback-lock", "src/notes_mcp/server.py", 21, "(bound to 127.0.0.1: " + UNCHECKED +
     "mcp 1.6.0 is locked in uv.lock" + MCP_OLD),
    ("loopback-pin", "server.py", 25, "(bound to 127.0.0.1 by default: " + UNCHECKED +
     "mcp==1.5.0 is pinned in requirements.txt" + MCP_OLD),
    ("loopback-script", "server.py", 25, "(bound to 127.0.0.1 by default: " + UNCHECKED +
     "the inline script metadata of server.py requires mcp>=1.6,<1.10" + MCP_OLD),
    ("loopback-fastmcp2", "server.py", 19, "(bound to 127.0.0.1 by default: " + UNCHECKED +
     "fastmcp==2.8.0 is pinned in pyproject.toml, and fastmcp checks neither Host nor Origin before fastmcp 3.4.3)"),
    ("loopback-off", "server.py", 26, "(bound to 127.0.0.1: " + UNCHECKED +
     "TransportSecuritySettings(enable_dns_rebinding_protection=False) at server.py:23 switches them off)"),
])
def test_a_loopback_server_nothing_checks_host_for_is_default(name, path, line, evidence):
    (f,) = _findings(name)
    assert (f.rule_id, f.location.path, f.location.line, f.confidence) == (RULE, path, line, Confidence.MEDIUM)
    assert evidence in f.message


@pytest.mark.parametrize("name,path,line,words", [
    ("loopback-lock-new", "src/notes_mcp/server.py", 21, "(bound to 127.0.0.1: reachable from this machine only; "
     "the mcp SDK (>= 1.26.0 required) checks Host and Origin headers for a FastMCP built for a loopback host"),
    ("loopback-pin-new", "server.py", 24, "(bound to 127.0.0.1 by default: reachable from this machine only; "
     "the mcp SDK (>= 1.25.0 required) checks Host and Origin"),
    ("loopback-script-new", "server.py", 24, "(bound to 127.0.0.1 by default: reachable from this machine only; "
     "the mcp SDK (>= 1.23.1 required) checks Host and Origin"),
    # a lower bound alone: an install resolves the newest version, which checks; low, naming the
    # bound and the version of the guard (pyreach22)
    ("loopback-floor", "server.py", 20, "(bound to 127.0.0.1 by default: reachable from this machine only; "
     "pyproject.toml requires mcp>=1.8.0 with nothing locking it: an install resolves the newest release"),
    # fastmcp 3.4.3 and later check them or not by a setting: unknown, so low, saying nothing of checks
    ("loopback-fastmcp2-new", "server.py", 18, "(bound to 127.0.0.1 by default: reachable from this machine and, "
     "through DNS rebinding, from web pages); anyone"),
    ("loopback-on", "server.py", 26, "(bound to 127.0.0.1: reachable from this machine only; "
     "DNS-rebinding protection is configured (TransportSecuritySettings))"),
])
def test_a_loopback_server_with_checks_or_no_evidence_stays_low(name, path, line, words):
    (f,) = _findings(name)
    assert (f.rule_id, f.location.path, f.location.line, f.confidence) == (RULE, path, line, Confidence.LOW)
    assert words in f.message


def test_declared_version_says_where_and_how(tmp_path):
    (tmp_path / ".git").mkdir()
    script = tmp_path / "tool.py"
    script.write_text('# /// script\n# dependencies = [\n#   "mcp[cli]>=1.2.0,<2",\n# ]\n# ///\nimport mcp\n')
    (tmp_path / "requirements.txt").write_text("mcp==1.5.0\n")
    found = declared_version(script, "mcp")
    assert (found.version, found.path, found.how, found.spec, found.script) == ((1, 2, 0), script, "bounded",
                                                                                ">=1.2.0,<2", True)
    # the script allows 1.23.0 and later, but a pin beside it (pip install -r) allows only 1.5.0
    found = predating(script, "mcp", "1.23.0")
    assert (found.path.name, found.how, found.spec, found.script) == ("requirements.txt", "pinned", "==1.5.0", False)
    # the folder's own declarations when the file has no script metadata
    found = declared_version(tmp_path / "other.py", "mcp")
    assert (found.version, found.path.name, found.how, found.spec) == ((1, 5, 0), "requirements.txt", "pinned", "==1.5.0")
    # a script block that does not name the package is not a declaration of it
    script.write_text('# /// script\n# dependencies = ["httpx"]\n# ///\n')
    assert declared_version(script, "mcp").path.name == "requirements.txt"


@pytest.mark.parametrize("spec,old", [
    ("mcp==1.22.9", True), ("mcp==1.23.0", False), ("mcp>=1.2,<1.23", True), ("mcp>=1.2,<1.23.1", False),
    ("mcp<=1.22", True), ("mcp~=1.9.0", True), ("mcp~=1.9", False), ("mcp==1.9.*", True), ("mcp>=1.2", False),
])
def test_only_a_declaration_bounded_above_predates_a_release(tmp_path, spec, old):
    (tmp_path / "requirements.txt").write_text(spec + "\n")
    assert (predating(tmp_path, "mcp", "1.23.0", stop=tmp_path) is not None) is old
    # a lock is what is installed
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "mcp"\nversion = "1.22.0"\n')
    assert predating(tmp_path, "mcp", "1.23.0", stop=tmp_path).how == "locked"


def test_versions_compare_padded(tmp_path):
    (tmp_path / "requirements.txt").write_text("mcp>=1.23\n")
    assert declared_version(tmp_path, "mcp", stop=tmp_path).version == (1, 23)
    assert at_least((1, 23), (1, 23, 0)) and not at_least((1, 22, 9), (1, 23))


def test_declarations_are_read_no_higher_than_the_scan_root(tmp_path):
    # no .git: the folders around the scanned one are not the project's
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "mcp"\nversion = "1.6.0"\n')
    pkg = tmp_path / "scanned" / "pkg"
    pkg.mkdir(parents=True)
    assert minimum_version(pkg, "mcp", stop=tmp_path / "scanned") is None
    assert minimum_version(pkg, "mcp", stop=tmp_path) == (1, 6, 0)


def _audited(tmp_path: Path, name: str):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    dst = tmp_path / name
    shutil.copytree(ROOT / name, dst)
    result = api.audit([dst], Config(engines=("cst",), cache=False, jobs=1))
    return result, {f.id: f for f in result.facts}


def test_an_authorization_header_sent_upstream_is_not_server_auth(tmp_path):
    # the server sends a Bearer token to an API and handles that API's 401: nothing checks its callers
    result, facts = _audited(tmp_path, "upstream-bearer")
    assert facts["http.auth"].value is False
    (f,) = [f for f in result.findings if f.rule_id == RULE]
    assert (f.location.path, f.location.line, f.confidence) == ("server.py", 25, Confidence.MEDIUM)
    assert f.message.startswith("mcp.run(transport='streamable-http') serves MCP over HTTP and no authentication")


def test_an_authorization_header_read_from_the_request_next_to_a_401_is_server_auth(tmp_path):
    result, facts = _audited(tmp_path, "request-bearer")
    assert facts["http.auth"].value is True
    assert [(l.path, l.line) for l in facts["http.auth"].evidence] == [("server.py", 20)]
    assert not [f for f in result.findings if f.rule_id == RULE]


def test_auth_added_only_when_configured_is_optional_and_reported(tmp_path):
    result, facts = _audited(tmp_path, "optional-key")
    assert facts["http.auth"].value is False
    assert "authentication is optional" in facts["http.auth"].note
    (f,) = [f for f in result.findings if f.rule_id == RULE]
    assert (f.location.path, f.location.line, f.confidence) == ("server.py", 44, Confidence.MEDIUM)
    assert ("serves MCP over HTTP and authentication is optional, off unless configured: "
            "add_middleware(APIKeyMiddleware) at server.py:34 is added conditionally (if api_key)") in f.message


def test_auth_middleware_always_added_is_auth(tmp_path):
    assert not [f for f in _findings("required-key")]
    result, facts = _audited(tmp_path, "required-key")
    assert facts["http.auth"].value is True
    assert not [f for f in result.findings if f.rule_id == RULE]


def test_auth_on_object_state_is_not_judged_optional(tmp_path):
    # `if self.verifier:` may be enforced where the object is built (a server that refuses to
    # start without a verifier): only a test on the function's own names is configuration
    (tmp_path / "server.py").write_text('''
import uvicorn
from mcp.server.fastmcp import FastMCP
from starlette.middleware.authentication import AuthenticationMiddleware


class Server(FastMCP):
    def __init__(self, verifier):
        super().__init__("x")
        if verifier is None:
            raise SystemExit("a token verifier is required")
        self.verifier = verifier

    def streamable_http_app(self):
        app = super().streamable_http_app()
        if self.verifier:
            app.add_middleware(AuthenticationMiddleware, backend=self.verifier)
        return app


def main(verifier):
    uvicorn.run(Server(verifier).streamable_http_app(), host="0.0.0.0", port=8000)
''')
    files = [(str(tmp_path / "server.py"), "server.py")]
    out, project = cst_engine.run(files, tmp_path, jobs=1)
    assert [a.get("optional") for a in project.transport_auth()] == [None]
    assert not [f for f in out.findings if f.rule_id == RULE]


def test_bind_address_from_a_command_line_option_default():
    # argparse add_argument("--mcp-host", default="127.0.0.1") read as args.mcp_host
    (low,) = _findings("option-loopback")
    assert low.confidence == Confidence.LOW and low.location.line == 25
    assert "bound to 127.0.0.1 by default: reachable from this machine and, through DNS rebinding" in low.message
    # click.option("--host", default="0.0.0.0") bound to the parameter host; dest= names the attribute
    wide, legacy = sorted(_findings("option-wide"), key=lambda f: f.location.line)
    assert wide.confidence == Confidence.MEDIUM and wide.location.line == 23
    assert "(bound to all interfaces by default)" in wide.message
    # argparse's dest= names the attribute the other entry point reads
    assert legacy.confidence == Confidence.MEDIUM and legacy.location.line == 30
    assert "(bound to all interfaces by default)" in legacy.message
    # a helper's own parameter default is not used when its callers pass the address
    (passed,) = _findings("option-passed")
    assert passed.confidence == Confidence.MEDIUM and "bound to" not in passed.message


def test_each_function_that_builds_and_serves_an_app_is_a_server_of_its_own(tmp_path):
    # run_sse() serves with no auth at all; run_http() adds Middleware(OAuthMiddleware) to its
    # Starlette app only `if oauth:` (off by default): two servers, two findings
    found = _findings("optional-middleware-list")
    shown = {(f.location.path, f.location.line, f.rule_id) for f in found if f.confidence >= Confidence.MEDIUM}
    assert shown == expectations(ROOT / "optional-middleware-list") and len(found) == 2
    sse, http = sorted(found, key=lambda f: f.location.line)
    assert ("authentication is optional, off unless configured: Middleware(OAuthMiddleware) at server.py:37 "
            "is added conditionally (if oauth)") in http.message
    # the middleware wraps the other function's app: this one has none
    assert ("uvicorn.run() serves MCP over HTTP and no authentication is configured for it "
            "(Middleware(OAuthMiddleware) at server.py:37 wraps another server)") in sse.message
    assert not [f for f in found if "also built or served" in f.message]
    result, facts = _audited(tmp_path, "optional-middleware-list")
    assert facts["http.auth"].value is False
    assert sorted(f.location.line for f in result.findings if f.rule_id == RULE) == [31, 39]


def test_one_packages_token_verifier_does_not_guard_another_packages_server(tmp_path):
    found = _findings("monorepo")
    assert [(f.location.path, f.location.line) for f in found] == [("open/open_mcp/server.py", 16)]
    assert ("no authentication is configured for it (what there is guards another package's server: "
            "token_verifier= passed to the MCP server at secured/secured_mcp/server.py:12)") in found[0].message
    assert found[0].message.endswith("anyone who reaches it can call: uptime")
    result, facts = _audited(tmp_path, "monorepo")
    assert facts["http.auth"].value is True  # the repository has authentication, in one package
    assert [(f.location.path, f.location.line) for f in result.findings if f.rule_id == RULE] == \
        [("open/open_mcp/server.py", 16)]


def test_a_closure_that_serves_is_its_functions_server(tmp_path):
    # uvicorn.run inside a nested function: recorded for the closure and for the function around
    # it, one server, one finding
    (tmp_path / "server.py").write_text('''
import uvicorn
from mcp.server.fastmcp import FastMCP
from starlette.applications import Starlette

mcp = FastMCP("x")


def main(port: int = 8000):
    app = Starlette(routes=mcp.sse_app().routes)  # the MCP server's routes (py28a: an app serving no MCP is another app)

    def serve():
        uvicorn.run(app, host="0.0.0.0", port=port)

    serve()
''')
    out, _ = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    assert [(f.location.line, f.rule_id) for f in out.findings if f.rule_id == RULE] == [(13, RULE)]


def test_the_sdk_default_address_of_a_pinned_version_before_1_9_1_is_every_interface():
    (f,) = _findings("older-default-pin")
    assert (f.rule_id, f.location.path, f.location.line, f.confidence) == (RULE, "server.py", 17, Confidence.MEDIUM)
    assert ("(bound to all interfaces by default; mcp==1.5.0 is pinned in requirements.txt, and the mcp SDK's "
            "FastMCP binds to 0.0.0.0 by default before mcp 1.9.1)") in f.message
