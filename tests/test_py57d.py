"""Causes of the forty-fourth Python holdout's wrong rows and misses (issue 12, branch py57d), each with a
twin (``fixtures/py57d``): a kernel client built by the factory method of a manager typed only by an
annotation (a parameter, ``self.manager = manager``, across modules), TLS verification turned off through a
local set in a branch on a parameter every caller passes off (and ``ssl=self.attr`` read in an ``async
with`` header), a dash-led value right after an option that takes a value, and B108 on container tmpfs specs
and on defaults nobody uses."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "py57d"


def _copy(name: str, tmp_path: Path) -> Path:
    dst = tmp_path / name
    shutil.copytree(ROOT / name, dst)
    return dst


def _audit(root: Path, engines):
    return api.audit([root], Config(engines=tuple(engines), cache=False, min_confidence=Confidence.LOW))


def _rows(res, rule: str):
    return sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == rule)


def _line(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


# -- 1. a factory method on a receiver typed by an annotation -----------------------------------------------

def test_kernel_client_of_an_annotated_manager_runs_code_not_a_query(tmp_path):
    root = _copy("kernel_factory", tmp_path)
    res = _audit(root, ["cst"])
    svc = root / "kpkg" / "service.py"
    assert not _rows(res, "tool-sql-injection")
    caps = sorted((c.rule_id, c.location.path, c.location.line, c.tool) for c in res.capabilities)
    assert caps == [
        ("capability-code-execution", "kpkg/service.py", _line(svc, "return s.client.execute(source)"), "run_in_session57d"),
        ("capability-code-execution", "kpkg/service.py", _line(svc, "return kc.execute(source)"), "run_once57d")]
    msgs = {c.tool: c.message for c in res.capabilities}
    assert "kernel client .execute()" in msgs["run_in_session57d"]
    assert "evaluates code the caller writes" in msgs["run_once57d"]


def test_a_cursor_typed_by_an_annotation_keeps_its_query_sink(tmp_path):
    root = _copy("cursor_param", tmp_path)
    res = _audit(root, ["cst"])
    src = root / "server.py"
    rows = _rows(res, "tool-sql-injection")
    assert [(p, ln) for p, ln, _, _ in rows] == [
        ("server.py", _line(src, "WHERE title")), ("server.py", _line(src, "WHERE tag"))]
    assert all("SQL injection" in m and c == "high" for _, _, c, m in rows)


# -- 2. TLS off through a local in a branch on a parameter, and ssl=self.attr in an async with -----------

def test_tls_off_through_a_parameter_every_caller_passes_off_is_reported(tmp_path):
    root = _copy("tls_param_off", tmp_path)
    res = _audit(root, ["semgrep"])
    src = root / "fetcher.py"
    rows = _rows(res, "tls-verify-disabled")
    assert [(p, ln, c) for p, ln, c, _ in rows] == [
        ("fetcher.py", _line(src, "ssl=ssl_context"), "high"), ("fetcher.py", _line(src, "ssl=self.verify_ssl"), "high")]
    assert "every call of fetch_to() in the project turns it off (server.py:" in rows[0][3]


def test_tls_switch_every_caller_keeps_on_goes_to_the_audit_view(tmp_path):
    root = _copy("tls_param_on", tmp_path)
    res = _audit(root, ["semgrep"])
    src = root / "fetcher.py"
    rows = _rows(res, "tls-verify-disabled")
    assert [(p, ln, c) for p, ln, c, _ in rows] == [("fetcher.py", _line(src, "ssl=ssl_context"), "low")]
    assert "every call of fetch_to() in the project keeps it on" in rows[0][3]
    assert "(audit view)" in rows[0][3]


# -- 3. a dash-led value right after an option that takes one (agent CLIs) --------------------------------

def test_prompt_right_after_copilot_p_is_its_value(tmp_path):
    root = _copy("agent_cli_prompt", tmp_path)
    res = _audit(root, ["cst"])
    assert _rows(res, "tool-argument-injection") == []


def test_prompt_after_a_switch_or_after_claude_print_stays_reported(tmp_path):
    root = _copy("agent_cli_operand", tmp_path)
    res = _audit(root, ["cst"])
    src = root / "server.py"
    rows = _rows(res, "tool-argument-injection")
    assert [(p, ln, c) for p, ln, c, _ in rows] == [
        ("server.py", _line(src, "return subprocess.run(cmd"), "high"),
        ("server.py", _line(src, '["claude", "-p", prompt]'), "high")]
    assert all("a value starting with '-' is read as an option" in m for _, _, _, m in rows)
    assert "the models do not say whether claude -p takes the next element as its value" in rows[1][3]


def test_copilot_value_options_are_catalog_data():
    from mcpaudit.catalog import catalog

    ops = catalog().python.option_operands
    assert {"-p", "--prompt", "--add-dir", "--model"} <= set(ops["copilot"])
    assert "claude" not in ops and "gemini" not in ops


# -- 4. B108 on a container's tmpfs mount point, and on defaults every call overrides ---------------------

def _b108(root: Path):
    res = _audit(root, ["bandit"])
    return _rows(res, "B108")


def test_tmpfs_mount_point_of_a_container_run_list_goes_to_the_audit_view(tmp_path):
    root = _copy("container_tmpfs", tmp_path)
    src = root / "sandbox.py"
    rows = _b108(root)
    assert [(p, ln, c) for p, ln, c, _ in rows] == [
        ("sandbox.py", _line(src, '"/tmp:rw,noexec'), "low"), ("sandbox.py", _line(src, '"/tmp/sandbox-share'), "medium")]
    assert "the mount point of a fresh tmpfs" in rows[0][3] and "(audit view)" in rows[0][3]


def test_defaults_every_call_and_construction_override_go_to_the_audit_view(tmp_path):
    root = _copy("tmp_defaults_overridden", tmp_path)
    rows = _b108(root)
    assert [(p, ln, c) for p, ln, c, _ in rows] == [
        ("wspkg/config.py", _line(root / "wspkg" / "config.py", '"/tmp/mirror-cache"'), "low"),
        ("wspkg/store.py", _line(root / "wspkg" / "store.py", '"/tmp/blob-store"'), "low")]
    assert "field 'cache_dir' of dataclass Settings, and every construction in the project passes its own value" \
        " (e.g. wspkg/config.py:" in rows[0][3]
    assert "parameter 'root' of BlobStore(), and every construction" in rows[1][3]
    assert "(e.g. wspkg/server.py:8)" in rows[1][3]


def test_a_construction_that_leaves_the_default_keeps_the_hit(tmp_path):
    root = _copy("tmp_defaults_used", tmp_path)
    rows = _b108(root)
    assert [(p, c) for p, _, c, _ in rows] == [("wspkg/config.py", "medium"), ("wspkg/store.py", "medium")]
    assert all("never the path used" not in m for _, _, _, m in rows)


# -- 5. capability reach agrees with the transport finding ------------------------------------------------

def test_capability_reach_says_no_auth_when_only_rest_routes_are_guarded(tmp_path):
    root = _copy("rest_key_mcp_open", tmp_path)
    res = api.audit([root], Config(cache=False))
    src = root / "app.py"
    assert [(f.rule_id, f.location.line) for f in res.findings if f.rule_id == "http-transport-no-auth"] == [
        ("http-transport-no-auth", _line(src, "uvicorn.run(app"))]
    caps = [(c.rule_id, c.location.line, c.severity.label) for c in res.capabilities]
    assert caps == [("capability-command-execution", _line(src, '["bash", "-c", script]'), "critical")]
    assert res.capabilities[0].message.endswith("reachable over HTTP without authentication by anyone who can reach the port")


def test_capability_reach_keeps_with_authentication_when_the_mcp_app_verifies_tokens(tmp_path):
    root = _copy("rest_key_mcp_guarded", tmp_path)
    res = api.audit([root], Config(cache=False))
    assert not [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert [c.message.rsplit("; ", 1)[-1] for c in res.capabilities] == ["reachable over HTTP, with authentication"]
