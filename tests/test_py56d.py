"""Causes of the forty-third Python holdout's wrong rows and misses (issue 12, branch py56d), each with a
twin (``fixtures/py56d``): hyphenated placeholder env fallbacks, a bind default of a listener nothing
starts, an operator CLI subcommand printing its own token, ``mcp.tool(fn)`` on an untyped server parameter
of a registrar helper (with caldav's ``DAVClient`` as a network sink), and a transport handed to
``FastMCP.run`` positionally."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.engines.semgrep.placeholder import is_placeholder
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "py56d"


def _copy(name: str, tmp_path: Path) -> Path:
    """A copy of fixture folder ``name`` out of the checkout (its scan root is the copy), with
    ``pyproject.toml.in`` as its ``pyproject.toml``."""
    dst = tmp_path / name
    shutil.copytree(ROOT / name, dst)
    for kept in dst.rglob("*.toml.in"):
        kept.rename(kept.with_suffix(""))
    return dst


def _scan(root: Path, engines, rule: str):
    res = api.audit([root], Config(engines=tuple(engines), cache=False, min_confidence=Confidence.LOW))
    return res, sorted((f.location.path, f.location.line, f.confidence.label, f.tool, f.message)
                       for f in res.findings if f.rule_id == rule)


def _line(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


# -- 1. hyphenated placeholder env fallbacks ------------------------------------------------------

def test_joined_lower_case_words_with_a_placeholder_marker_are_placeholders():
    for value in ("local-app-password", "your-token-here", "your_api_key_here", "sample_backup_password",
                  "changeme", "admin"):
        assert is_placeholder(value), value
    for value in ("Xk9-rT2q-88aa", "app-specific-password", "prod-db-2024-Qx", "kx81-zz93-pl02",
                  "a-b-c-d-e-f-g-h-local"):
        assert not is_placeholder(value), value


def test_hyphenated_placeholder_fallbacks_handed_to_a_client_go_to_the_audit_view(tmp_path):
    from mcpaudit.engines import semgrep

    root = _copy("placeholder", tmp_path)
    out = semgrep.run([root / "server.py"], root, timeout=300)
    assert out.ran, out.errors
    src = root / "server.py"
    got = sorted((f.location.line, f.confidence.label, f.properties.get("credential-context"))
                 for f in out.findings if f.rule_id == "hardcoded-credential")
    assert got == [
        (_line(src, '"local-app-password"'), "low", "placeholder-login"),
        (_line(src, '"sample_backup_password"'), "low", "placeholder-login"),
        (_line(src, '"Xk9-rT2q-88aa"'), "medium", None),  # twin: a real-looking secret
        (_line(src, '"local-admin-password"'), "medium", None),  # twin: a login compared with it
    ]
    low = next(f for f in out.findings if f.location.line == _line(src, '"local-app-password"'))
    assert low.message.endswith("the fallback is a placeholder word handed to a client as its login: a guess of the "
                                "service's default, no secret of the project (weak-default configuration, audit view)")


# -- 2. a bind default of a listener nothing starts ----------------------------------------------

UNREACHED = ("Possible binding to all interfaces.; the address is a default of a function nothing runs: no entry "
             "point, console script, __main__ block or other module reaches it, so the listener is never started "
             "(audit view)")


def test_a_bind_default_of_a_listener_nothing_starts_goes_to_the_audit_view(tmp_path):
    root = _copy("listener_unreached", tmp_path)
    line = _line(root / "mailpkg" / "server.py", '"0.0.0.0"')
    assert _scan(root, ("bandit",), "B104")[1] == [("mailpkg/server.py", line, "low", None, UNREACHED)]


def test_the_same_listener_started_by_its_main_block_stays(tmp_path):
    root = _copy("listener_started", tmp_path)
    line = _line(root / "mailpkg" / "server.py", '"0.0.0.0"')
    assert _scan(root, ("bandit",), "B104")[1] == [
        ("mailpkg/server.py", line, "medium", None, "Possible binding to all interfaces.")]


def test_the_same_listener_named_by_a_console_script_or_imported_stays(tmp_path):
    root = _copy("listener_unreached", tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "mailpkg"\n\n[project.scripts]\n'
                                         'mail-tcp = "mailpkg.server:main"\n')
    assert [r[2] for r in _scan(root, ("bandit",), "B104")[1]] == ["medium"]
    (root / "pyproject.toml").unlink()
    (root / "mailpkg" / "tcp.py").write_text("from mailpkg.server import main\n\nmain()\n")
    assert [r[2] for r in _scan(root, ("bandit",), "B104")[1]] == ["medium"]


# -- 3. an operator CLI subcommand printing its own token -------------------------------------------

def test_an_operator_cli_subcommand_printing_its_token_goes_to_the_audit_view(tmp_path):
    root = _copy("operator_cli", tmp_path)
    cli, srv = root / "notifypkg" / "cli.py", root / "notifypkg" / "server.py"

    def cli_row(fn: str, line: int):
        return ("notifypkg/cli.py", line, "low", None,
                f"secret 'config.bot_token' is written to a log by print(); {fn}() is a subcommand of a command-line "
                "program that imports no MCP SDK: it prints to the terminal of the operator who runs it, no tool "
                "reaches it (audit view)")

    shown = _line(cli, 'print(f"Bot token: {config.bot_token}")')
    show_cmd = _line(cli, "def cmd_show(") + 2
    token_cmd = _line(cli, "def cmd_token(") + 3
    assert _scan(root, ("cst",), "secret-in-log")[1] == sorted([
        cli_row("show_config", shown),  # @cli.command() (click)
        cli_row("cmd_show", show_cmd),  # argparse: set_defaults(func=cmd_show)
        # twins: the same value through logging, a subcommand a tool calls, a print a tool reaches
        ("notifypkg/cli.py", _line(cli, "logger.info("), "high", None,
         "secret 'config.bot_token' is written to a log by logging.getLogger.info()"),
        ("notifypkg/cli.py", token_cmd, "high", None, "secret 'config.bot_token' is written to a log by print()"),
        ("notifypkg/cli.py", _line(cli, 'print(f"serving with token'), "high", None,  # a command that serves
         "secret 'config.bot_token' is written to a log by print()"),
        ("notifypkg/server.py", _line(srv, 'print(f"using token'), "high", None,
         "secret 'config.bot_token' is written to a log by print()"),
    ])


def test_the_pattern_rules_hit_on_an_operator_cli_print_joins_the_audit_view(tmp_path):
    root = _copy("operator_cli", tmp_path)
    cli = root / "notifypkg" / "cli.py"
    res = api.audit([root], Config(engines=("cst", "semgrep"), cache=False, min_confidence=Confidence.LOW))
    shown = _line(cli, 'print(f"Bot token: {config.bot_token}")')
    at = [f for f in res.findings if f.location.path == "notifypkg/cli.py" and f.location.line == shown]
    assert at and all(f.confidence == Confidence.LOW for f in at)


# -- 4. mcp.tool(fn) in a registrar helper of another module; caldav's DAVClient ---------------------

def test_tools_registered_by_param_tool_fn_in_a_registrar_helper_of_another_module(tmp_path):
    root = _copy("registrar_tool", tmp_path)
    accounts = root / "calpkg" / "tools" / "accounts.py"
    res, shell = _scan(root, ("cst",), "tool-shell-injection")
    assert sorted(t.name for t in res.tools) == ["connect_account56", "remove_account56"]  # not export_calendar56
    run = _line(accounts, "subprocess.run(")
    assert shell[0] == ("calpkg/tools/accounts.py", run, "high", "remove_account56",
                        "tool 'remove_account56' passes parameter 'alias' to subprocess.run(shell=True): OS command "
                        "injection")  # defined below the helper that registers it
    # the twin: tool("export_calendar56") is a decorator factory never applied: no tool, audit view only
    assert [r[2:4] for r in shell[1:]] == [("low", None)]
    assert shell[1][0] == "calpkg/tools/calendars.py"
    caps = [c for c in res.capabilities if c.tool == "connect_account56"]
    assert [(c.rule_id, c.location.path, c.location.line) for c in caps] == [
        ("capability-network-request", "calpkg/tools/accounts.py", _line(accounts, "caldav.DAVClient("))]
    assert "fetches any URL the caller gives: parameter 'url' reaches caldav.DAVClient() as is" in caps[0].message


def test_the_models_read_caldavs_client_url_as_a_network_target():
    M = catalog().python
    for call in ("caldav.DAVClient", "caldav.davclient.DAVClient"):
        assert (M.sink_calls[call].family, M.sink_calls[call].kind) == ("ssrf", "base-url")


# -- 5. a transport handed to FastMCP.run positionally ----------------------------------------------

def test_a_transport_enum_value_passed_to_run_positionally_serves_http(tmp_path):
    root = _copy("run_positional", tmp_path)
    line = _line(root / "grafpkg" / "cli.py", "mcp.run(transport.value)")
    assert _scan(root, ("cst",), "http-transport-no-auth")[1] == [
        ("grafpkg/cli.py", line, "medium", None,
         ".mcp.run(transport=<chosen at run time>) serves MCP over HTTP when configured to, and no authentication "
         "is configured anywhere in the project (bound to all interfaces by default; mcp==1.2.0 is pinned in "
         "pyproject.toml, and the mcp SDK's FastMCP binds to 0.0.0.0 by default before mcp 1.9.1); HTTP only when "
         "configured: the transport is chosen at run time; anyone who reaches it can call: list_dashboards56")]


def test_the_first_pass_keeps_a_module_passing_a_transport_positionally(tmp_path):
    # at the default confidence the first pass leaves modules out: cli.py (no MCP SDK import, the
    # server imported from the package) must stay in for its run(transport.value)
    root = _copy("run_positional", tmp_path)
    res = api.audit([root], Config(engines=("cst",), cache=False))
    assert [(f.location.path, f.confidence.label) for f in res.findings if f.rule_id == "http-transport-no-auth"] == [
        ("grafpkg/cli.py", "medium")]


def test_a_positional_stdio_run_and_asyncio_run_serve_no_http(tmp_path):
    root = _copy("run_positional_stdio", tmp_path)
    assert _scan(root, ("cst",), "http-transport-no-auth")[1] == []


def test_mcp_tool_fn_in_a_helper_above_the_function_it_registers(tmp_path):
    # a forward reference: setup() is defined before connect56, which mcp.tool(connect56) registers
    (tmp_path / "srv.py").write_text(
        "import subprocess\nfrom fastmcp import FastMCP\n\nmcp = FastMCP('x')\n\n\ndef setup():\n"
        "    mcp.tool(connect56)\n\n\ndef connect56(cmd: str) -> str:\n    \"\"\"Run.\"\"\"\n"
        "    return subprocess.run(cmd, shell=True).stdout\n\n\nsetup()\n")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    assert [t.name for t in res.tools] == ["connect56"]
