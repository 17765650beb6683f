"""Causes of the thirty-seventh Python holdout, DevOps/messaging/productivity group (issue 12,
branch py51b), each beside a twin (``fixtures/py51b``, ``fixtures/taint/py51b``)."""

from __future__ import annotations

import shutil

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, copied_rule_rows, line_in, rows

from mcpaudit.analysis.modnames import root_dotted, root_package
from mcpaudit.analysis.selfname import self_name

files = FixtureFiles("py51b")
#: the folder fixtures: each its own project, out of the taint tree
ROOT = TAINT_FIXTURES.parent / "py51b"

SSRF = ("tool 'get_job' passes parameter 'params.job_id' to requests.get(): server-side request forgery; only a "
        "weak check on the way: it fills the path under the host its base URL fixes")


def test_a_package_root_checked_out_under_another_name_is_named_by_its_own_imports(tmp_path):
    # the folder is "checkout", the modules import "deploykit.adapter", "deploykit.schemas.job"
    shutil.copytree(ROOT / "selfpkg", tmp_path / "checkout")
    assert self_name(str(tmp_path / "checkout")) == "deploykit"
    assert root_package(str(tmp_path / "checkout")) == ("deploykit",)
    assert root_dotted(tmp_path / "checkout") == "deploykit"


def test_the_package_root_s_tools_reach_their_adapter_through_the_self_import(tmp_path):
    found = copied_rule_rows(ROOT, "selfpkg", tmp_path, "tool-ssrf")
    line = line_in(ROOT / "selfpkg" / "adapter.py", 'url = f"{JOB_SERVER}/job/{job_id}"') + 1
    assert [r for r in found if r[2] != "low"] == [("adapter.py", line, "medium", "get_job", found[0][4])]
    assert found[0][4].startswith(SSRF)


def test_the_twin_percent_encodes_the_id_and_stays_quiet(tmp_path):
    found = copied_rule_rows(ROOT, "selfpkg_safe", tmp_path, "tool-ssrf")
    assert [r for r in found if r[2] != "low"] == []
    assert self_name(str(ROOT / "selfpkg_safe")) == "deploykit"


def test_a_library_import_or_the_folder_s_own_name_is_no_self_import(tmp_path):
    pkg = tmp_path / "tools"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "adapters.py").write_text("X = 1\n")
    # requests is a library the models know, though this package holds an adapters.py too
    (pkg / "server.py").write_text("from requests import adapters\nimport json.decoder\n")
    assert self_name(str(pkg)) is None
    assert root_package(str(pkg)) == ("tools",)
    # a package that imports itself by its own folder name keeps it
    (pkg / "server.py").write_text("from tools import adapters\nfrom somelib import adapters as a2\n")
    assert self_name(str(pkg)) is None
    # a folder that is no package is never renamed
    (pkg / "__init__.py").unlink()
    (pkg / "server.py").write_text("from deploykit import adapters\n")
    assert self_name(str(pkg)) is None


ARGV = "argument injection (a value starting with '-' is read as an option (no '--' before it))"


def test_words_after_a_fixed_osascript_script_operand_are_the_script_s_data(tmp_path):
    # osascript <temp script> title body; osascript /opt/notes/reminder.applescript text: options end
    # at the script file and `on run argv` reads a plain list, so no option of anything
    assert rows(files.audit("scriptdata.py", tmp_path)) == []


def test_a_word_before_the_script_after_python_m_or_for_an_option_parsing_script_stays_an_option(tmp_path):
    found = files.audit("scriptopts.py", tmp_path)
    pip = files.line_of("scriptopts.py", '"-m", "pip", "show", package]')
    osa = files.line_of("scriptopts.py", '["osascript", flags, ')
    report = files.line_of("scriptopts.py", '["python3", "/opt/tools/report.py", name]')
    assert rows(found) == sorted([
        ("tool-argument-injection", pip, "pip_show", f"tool 'pip_show' passes parameter 'package' to subprocess.run(): {ARGV}"),
        ("tool-argument-injection", osa, "osascript_flags",
         f"tool 'osascript_flags' passes parameter 'flags' to subprocess.run(): {ARGV}"),
        ("tool-argument-injection", report, "run_report",
         f"tool 'run_report' passes parameter 'name' to subprocess.run(): {ARGV}"),
    ])


TLS_MSG = ("This TLS setup does not verify the peer's certificate or host name. Connections made with it "
           "accept any certificate, so a network attacker can impersonate the remote service")
DEAD = ("; it is in MailReceiver.receive_pop3(), a method nothing in the project calls or registers (no call, "
        "attribute, string or decorator names it) (audit view)")


def _tls(tmp_path, name: str):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    shutil.copytree(ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("semgrep",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.message) for f in res.findings
            if f.rule_id == "ssl-unverified-context"]


def test_an_unverified_client_in_a_method_nothing_names_goes_to_the_audit_view(tmp_path):
    line = line_in(ROOT / "deadpop" / "receiver.py", "pop = poplib.POP3_SSL(self.host, 995)")
    [(path, at, conf, msg)] = _tls(tmp_path, "deadpop")
    assert (path, at, conf) == ("receiver.py", line, "low")
    assert msg.startswith(TLS_MSG) and msg.endswith(DEAD)


def test_the_twin_s_tool_calls_the_method_and_the_finding_stays(tmp_path):
    line = line_in(ROOT / "deadpop_called" / "receiver.py", "pop = poplib.POP3_SSL(self.host, 995)")
    [(path, at, conf, msg)] = _tls(tmp_path, "deadpop_called")
    assert (path, at, conf) == ("receiver.py", line, "high")
    assert msg.startswith(TLS_MSG) and "audit view" not in msg


def test_an_override_a_decorated_method_or_a_prefix_lookup_counts_as_used(tmp_path):
    from mcpaudit.engines.semgrep.deadmethods import _parse_all, dead_method

    def dead(src: str) -> bool:
        (tmp_path / "m.py").write_text(src)
        trees = _parse_all([str(tmp_path / "m.py")], tmp_path)
        line = next(i for i, ln in enumerate(src.splitlines(), 1) if "POP3_SSL" in ln)
        return dead_method(trees, str(tmp_path / "m.py"), line, tmp_path) is not None

    body = "    def fetch_pop(self):\n        return poplib.POP3_SSL('h')\n"
    assert dead("import poplib\nclass R:\n" + body)
    assert not dead("import poplib\nimport socketserver\nclass R(socketserver.BaseRequestHandler):\n" + body)
    assert not dead("import poplib\nclass R:\n    @property\n" + body)
    assert not dead("import poplib\nclass R:\n" + body + "def go(r, kind):\n    return getattr(r, f'fetch_{kind}')()\n")
    assert not dead("import poplib\nclass R:\n" + body + "def go(r):\n    return r.fetch_pop()\n")


def _no_auth(tmp_path, name: str):
    return [r for r in copied_rule_rows(ROOT, name, tmp_path, "http-transport-no-auth") if r[2] != "low"]


OFF = ("mcp.run(transport='http') serves MCP over HTTP and authentication is optional, off by default: "
       "Middleware(ApiKeyMiddleware) at server.py:{site} is added, but ")


def test_a_middleware_checking_only_in_a_mode_the_default_is_not_leaves_http_open(tmp_path):
    src = ROOT / "modegate" / "server.py"
    run, site = line_in(src, "mcp.run(transport="), line_in(src, "middleware = [Middleware(")
    [(path, line, conf, tool, msg)] = _no_auth(tmp_path, "modegate")
    assert (path, line, conf, tool) == ("server.py", run, "medium", None)
    assert msg.startswith(OFF.format(site=site) + "it rejects a request only when MODE is 'production' (any case), "
                          "and MODE defaults to 'Development'")


def test_an_expected_key_that_defaults_to_empty_lets_a_request_without_the_header_in(tmp_path):
    src = ROOT / "emptykey" / "server.py"
    run, site = line_in(src, "mcp.run(transport="), line_in(src, "middleware = [Middleware(")
    [(path, line, conf, tool, msg)] = _no_auth(tmp_path, "emptykey")
    assert (path, line, conf, tool) == ("server.py", run, "medium", None)
    assert msg.startswith(OFF.format(site=site) + "it compares a header read with the default '' with API_KEY, "
                          "which defaults to '': a request without the header passes")


def test_the_twin_checks_by_default_and_refuses_an_empty_key(tmp_path):
    assert _no_auth(tmp_path, "modegate_on") == []
