"""Holdout causes of issue 12 (eighth Python reading, precision): environment variables of the
process state are not credentials (``fixtures/taint/secret_shell_env.py``); a file of a fixed
name in the caller's folder read only for a yes/no is a probe (``fixtures/taint/fixed_names.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _reported(folder: str, rel: str, floor: Confidence):
    """(rule, line, message) of one fixture file scanned alone, at ``floor`` and above."""
    root = FIXTURES / folder
    out, _ = cst_engine.run([(str(root / rel), rel)], root, jobs=1)
    assert not out.errors, out.errors
    return sorted((f.rule_id, f.location.line, f.message) for f in out.findings if f.confidence >= floor)


def test_shell_state_environment_is_not_a_secret():
    assert _reported("taint", "secret_shell_env.py", Confidence.LOW) == [
        ("secret-in-log", 47, "secret 'os.environ['DB_PWD']' is written to a log by logging.getLogger.info()"),
        ("secret-in-tool-result", 48, "tool 'database_login' returned a value containing secret "
         "'os.environ['DB_PWD']' to the caller"),
    ]


def test_state_environment_names_in_both_catalogs():
    from mcpaudit.catalog import catalog
    for models in (catalog().python, catalog().typescript):
        assert not models.is_secret_env("PWD") and not models.is_secret_env("OLDPWD")
        assert models.is_secret_env("DB_PWD") and models.is_secret_env("API_TOKEN")
        assert models.is_secret_name("PWD")  # a variable called pwd may still hold a password


_PROBE = ("path traversal / arbitrary file access (a file of a fixed name in the caller's folder, read only "
          "for a yes/no: existence probing)")


def test_fixed_name_read_for_a_yes_no_is_a_probe():
    assert _reported("taint", "fixed_names.py", Confidence.LOW) == [
        ("tool-path-traversal", 15, f"tool 'find_project_root' passes parameter 'start' to open(): {_PROBE}"),
        ("tool-path-traversal", 24, f"tool 'find_project_root' passes parameter 'start' to .read_text(): {_PROBE}"),
        ("tool-path-traversal", 30, f"tool 'is_go_project' passes parameter 'folder' to open(): {_PROBE}"),
        # the content is kept in a module table: not a yes/no
        ("tool-path-traversal", 40, "tool 'load_settings' passes parameter 'folder' to open(): "
         "path traversal / arbitrary file access"),
        # the fixed name's content is returned; the caller's own path read for a yes/no
        ("tool-path-traversal", 66, "tool 'show_manifest' passes parameter 'folder' to open(): "
         "path traversal / arbitrary file access"),
        ("tool-path-traversal", 71, "tool 'has_config' passes parameter 'path' to open(): "
         "path traversal / arbitrary file access"),
    ]
    assert {line for _, line, _ in _reported("taint", "fixed_names.py", Confidence.MEDIUM)} == {40, 66, 71}


def _audit(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(FIXTURES / "bandit_scope" / name, root)
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, include_tests=True,
                                          min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.rule_id, f.confidence.label, f.properties.get("code"),
                   f.message) for f in res.findings if f.engine == "bandit" or f.rule_id == "http-transport-no-auth")


_B103 = "Chmod setting a permissive mask 0o777 on file"


def test_bandit_hits_outside_the_served_server_leave_the_default_view(tmp_path):
    assert _audit(tmp_path, "stdio") == [
        ("fileperms.py", 5, "B103", "high", None, f"{_B103} (path)."),  # imported by the server
        ("move_fixtures.py", 7, "B103", "high", "tooling", f"{_B103} (name)."),  # nothing imports it
        ("notes_mcp/server.py", 7, "B104", "low", None,
         "Possible binding to all interfaces.; the address is the MCP server object's host, and no HTTP "
         "transport is served (every entry point runs stdio): never bound (audit view)"),
        ("notes_mcp/server.py", 17, "B103", "high", None, f"{_B103} (/srv/notes/index.sh)."),
    ]


def test_bind_all_host_of_a_server_run_over_http_stays(tmp_path):
    assert [(p, line, rule, conf) for p, line, rule, conf, _, _ in _audit(tmp_path, "served")] == [
        ("notes_mcp/server.py", 5, "B104", "medium"),
        ("notes_mcp/server.py", 14, "http-transport-no-auth", "medium"),
    ]


def test_a_value_stored_under_a_body_key_is_not_the_url():
    assert _reported("capabilities", "body_items.py", Confidence.MEDIUM) == [
        ("capability-network-request", 19, "tool 'fetch_document' fetches any URL the caller gives: parameter "
         "'url' reaches self._session.request() as is"),
    ]


def _transport(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    shutil.copytree(FIXTURES / "transports" / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.message) for f in res.findings
            if f.rule_id == "http-transport-no-auth"]


def test_run_time_transport_on_a_protected_loopback_default_is_low(tmp_path):
    assert _transport(tmp_path, "runtime-loopback") == [(
        "app/run.py", 19, "low",
        "app.server.mcp.run(transport=<chosen at run time>) serves MCP over HTTP when configured to, and no "
        "authentication is configured anywhere in the project (bound to 127.0.0.1 by default: reachable from this "
        "machine only; the mcp SDK (>= 1.26.0 required) checks Host and Origin headers for a FastMCP built for a "
        "loopback host, from mcp 1.23.0 on); the address is the default of environment variable LIGHTS_HOST; "
        "HTTP only when configured: the transport is chosen at run time; anyone who reaches it can call: switch")]


def test_run_time_transport_with_an_sdk_that_checks_nothing_stays(tmp_path):
    assert [(p, line, conf) for p, line, conf, _ in _transport(tmp_path, "runtime-loopback-old")] == [
        ("app/run.py", 19, "medium")]
