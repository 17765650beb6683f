"""The forty-fourth Python holdout's wrong and missed rows (issue 12, branch py57c), each with a
twin under ``fixtures/py57c``: a MotherDuck connection in SaaS mode read as read-only, a shell
helper every call of which passes a literal, a top-level ``setup.py`` build script, bandit's
"seems safe" literal shell, a settings temp-folder default that is only created, and the bind
address a framework's settings read from ``FASTMCP_HOST`` in the project's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "py57c"


def _audit(tmp_path, name, engines=("cst",), low=True):
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    conf = Config(engines=engines, cache=False, min_confidence=Confidence.LOW if low else Confidence.MEDIUM)
    return api.audit([root], conf)


def _line(rel: str, text: str) -> int:
    lines = (PROJECTS / rel).read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def _rows(res, *rules):
    return sorted((f.rule_id, f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id in rules)


# -- 1. MotherDuck in SaaS mode ------------------------------------------------------------------
def test_a_motherduck_saas_mode_connection_opened_read_only_holds(tmp_path):
    res = _audit(tmp_path, "motherduck_saas")
    assert not [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-raw-query"]
    assert (cap.location.path, cap.location.line) == ("server.py", _line("motherduck_saas/server.py", "conn.execute(sql)"))
    assert cap.message.startswith("tool 'query' runs query text the caller writes (read-only, enforced by the database): "
                                  "parameter 'sql' reaches .execute() as is")


def test_the_twin_on_a_local_file_opened_read_only_is_still_a_bypass(tmp_path):
    res = _audit(tmp_path, "duckdb_local_ro")
    line = _line("duckdb_local_ro/server.py", "conn.execute(sql)")
    [f] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.path, f.location.line, f.confidence, f.tool) == ("server.py", line, Confidence.HIGH, "query")
    assert "on a connection opened with duckdb.connect(read_only=...)" in f.message and "COPY ... TO still writes" in f.message
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-raw-query"]
    assert "(reads and writes)" in cap.message


def test_saas_mode_is_read_from_the_connection_path_itself(tmp_path):
    from mcpaudit.catalog import catalog

    path = catalog().python.read_only_not_enough_unless_path
    assert path.search("md: analytics ? saas_mode=true & session_hint= 7")
    assert path.search("md:analytics?attach_mode=single&motherduck_saas_mode=1")
    assert not path.search("local.duckdb?saas_mode=true")  # not MotherDuck
    assert not path.search("md:analytics")  # MotherDuck with local access on
    # SaaS-mode text elsewhere in the module does not hold a local file's read-only connection
    (tmp_path / "srv").mkdir()
    (tmp_path / "srv" / "server.py").write_text(
        "import duckdb\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('d')\n"
        "CLOUD = 'md:analytics?saas_mode=true'\nCONN = duckdb.connect('local.duckdb', read_only=True)\n\n\n"
        "@mcp.tool()\ndef query(sql: str) -> str:\n    return str(CONN.execute(sql).fetchall())\n")
    res = api.audit([tmp_path / "srv"], Config(engines=("cst",), cache=False))
    assert [(f.rule_id, f.location.line) for f in res.findings] == [("tool-read-only-bypass", 11)]


# -- 2. shell helpers given only literals, setup.py, "seems safe" --------------------------------
def test_a_shell_helper_every_call_of_which_passes_a_literal_is_below_default(tmp_path):
    res = _audit(tmp_path, "helper_literal", engines=("cst", "semgrep", "bandit"), low=False)
    assert not [f for f in res.findings if f.location.path == "install.py"]
    res = _audit(tmp_path / "low", "helper_literal", engines=("semgrep", "bandit"))
    rows = _rows(res, "subprocess-shell-true", "B602")
    call = _line("helper_literal/install.py", "subprocess.run(cmd, shell=True")
    popen = _line("helper_literal/install.py", 'subprocess.Popen("uv build"')
    # (bandit's B602 on the helper's call merges into semgrep's hit: also_reported_by)
    assert [r[:4] for r in rows] == [("B602", "install.py", popen, "low"), ("subprocess-shell-true", "install.py", call, "low")]
    helper = [r[4] for r in rows if r[0] == "subprocess-shell-true"][0]
    assert helper.endswith("the command is parameter 'cmd' of run_command(), and every call of run_command() in the "
                           "project (2) passes a string literal: the shell runs only the author's commands (audit view)")
    assert rows[0][4].endswith("; the command is a string literal: the shell runs only the author's command (audit view)")


def test_the_twin_whose_helper_is_given_a_runtime_value_keeps_the_finding(tmp_path):
    res = _audit(tmp_path, "release_script", engines=("cst", "semgrep", "bandit"), low=False)
    line = _line("release_script/release.py", "subprocess.run(cmd, shell=True")
    [(rule, path, at, conf, msg)] = _rows(res, "subprocess-shell-true", "B602", "tool-shell-injection")
    assert (rule, path, at, conf) == ("subprocess-shell-true", "release.py", line, "medium")
    assert msg.startswith("subprocess.run() runs a command string built at runtime through the system shell")


def test_a_top_level_setup_py_is_a_build_script(tmp_path):
    from mcpaudit.rootscripts import RootScripts

    res = _audit(tmp_path, "setup_script", engines=("cst", "semgrep", "bandit"), low=False)
    assert not [f for f in res.findings if f.location.path == "setup.py"]
    assert RootScripts(tmp_path / "setup_script").is_script("setup.py")
    assert not RootScripts(tmp_path / "setup_script").is_script("src/main.py")
    assert not RootScripts(PROJECTS / "release_script").is_script("release.py")  # no package: a script of the server's


# -- 3. a settings temp folder only created ------------------------------------------------------
def test_a_settings_temp_default_only_created_is_below_default(tmp_path):
    res = _audit(tmp_path, "tmp_made_only", engines=("bandit",))
    line = _line("tmp_made_only/app/config.py", 'default=Path("/tmp/reports-mcp")')
    [(rule, path, at, conf, msg)] = _rows(res, "B108")
    assert (rule, path, at, conf) == ("B108", "app/config.py", line, "low")
    assert msg.endswith("; the temp folder is the default of setting 'work_dir', and every read of it only creates the "
                        "folder or tests for it (makedirs): no file is written to or read from a path under it (audit view)")


def test_the_twin_that_writes_a_file_under_the_temp_folder_keeps_b108(tmp_path):
    res = _audit(tmp_path, "tmp_written", engines=("bandit",))
    line = _line("tmp_written/app/config.py", 'default=Path("/tmp/reports-mcp")')
    [(rule, path, at, conf, msg)] = _rows(res, "B108")
    assert (rule, path, at, conf) == ("B108", "app/config.py", line, "medium")
    assert msg == "Probable insecure usage of temp file/directory."


# -- 4. FASTMCP_HOST in the project's files ------------------------------------------------------
def test_fastmcp_host_in_env_example_binds_an_sdk_that_reads_it(tmp_path):
    res = _audit(tmp_path, "sdk_env_pinned")
    line = _line("sdk_env_pinned/server.py", 'mcp.run(transport="streamable-http")')
    [(rule, path, at, conf, msg)] = _rows(res, "http-transport-no-auth")
    assert (rule, path, at, conf) == ("http-transport-no-auth", "server.py", line, "medium")
    assert "(bound to all interfaces); .env.example:2 sets FASTMCP_HOST=0.0.0.0, the variable the mcp SDK's FastMCP " \
           "reads the address from; anyone who reaches it can call: query" in msg


def test_the_twin_whose_declared_sdk_ignores_fastmcp_host_stays_on_loopback(tmp_path):
    res = _audit(tmp_path, "sdk_env_range")
    [(rule, path, at, conf, msg)] = _rows(res, "http-transport-no-auth")
    assert (rule, path, conf) == ("http-transport-no-auth", "server.py", "low")
    assert "bound to 127.0.0.1 by default: reachable from this machine only" in msg and "FASTMCP_HOST" not in msg


def test_fastmcp_host_in_a_dockerfile_binds_fastmcp(tmp_path):
    res = _audit(tmp_path, "fastmcp2_env_docker")
    line = _line("fastmcp2_env_docker/server.py", 'mcp.run(transport="http")')
    [(rule, path, at, conf, msg)] = _rows(res, "http-transport-no-auth")
    assert (rule, path, at, conf) == ("http-transport-no-auth", "server.py", line, "medium")
    assert "(bound to all interfaces); Dockerfile:5 sets FASTMCP_HOST=0.0.0.0, the variable fastmcp reads the " \
           "address from" in msg


def test_bandit_alone_reads_the_helper_callers_too(tmp_path):
    res = _audit(tmp_path, "helper_literal", engines=("bandit",))
    call = _line("helper_literal/install.py", "subprocess.run(cmd, shell=True")
    [(rule, path, at, conf, msg)] = [r for r in _rows(res, "B602") if r[2] == call]
    assert (rule, path, conf) == ("B602", "install.py", "low")
    assert "every call of run_command() in the project (2) passes a string literal" in msg
