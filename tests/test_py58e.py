"""Causes from the forty-fifth Python holdout (issue 12, branch py58e): registration lists of module
attributes, SDK uploaders that open a path, a launcher's own command-line secret, ``.run`` on an
object imported from the project, and RestrictedPython handed a leaky module. Each project fixture
(``fixtures/py58e``) beside its twin."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "py58e"


def _audit(name: str, tmp_path: Path):
    shutil.copytree(PROJECTS / name, tmp_path / name)
    return api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((PROJECTS / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(res, rule: str):
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message)
            for f in res.findings if f.rule_id == rule]


def _caps(res):
    return sorted((f.tool, f.rule_id, f.location.path, f.location.line) for f in res.capabilities)


# -- 1. tools registered in a loop over (name, text, module.fn) rows -----------------------
def test_registration_rows_of_an_imported_modules_functions_register_tools(tmp_path):
    res = _audit("modlist_vuln", tmp_path)
    assert sorted(t.name for t in res.tools) == ["list_notes", "read_note"]
    line = _line("modlist_vuln/pkg/tools.py", "with open(os.path.join(NOTES_DIR, name)) as fh:")
    assert _rows(res, "tool-path-traversal") == [
        ("pkg/tools.py", line, "high", "read_note",
         "tool 'read_note' passes parameter 'name' to open(): path traversal / arbitrary file access")]


def test_registration_rows_twin_with_a_listed_name_reports_nothing(tmp_path):
    res = _audit("modlist_safe", tmp_path)
    assert sorted(t.name for t in res.tools) == ["list_notes", "read_note"]
    assert _rows(res, "tool-path-traversal") == []


# -- 2. SDK uploaders that open a local path -----------------------------------------------
def test_slack_and_discord_uploads_read_the_callers_path(tmp_path):
    res = _audit("slackupload_vuln", tmp_path)
    assert _caps(res) == sorted([
        ("send_attachment", "capability-file-access", "bot.py", _line("slackupload_vuln/bot.py", "discord.File(path)")),
        ("upload_file", "capability-file-access", "server.py",
         _line("slackupload_vuln/server.py", "await slack.files_upload(**kwargs)")),
        ("share_report", "capability-file-access", "server.py",
         _line("slackupload_vuln/server.py", "await slack.files_upload_v2(channel=channel, file=report_path)")),
    ])
    words = {f.tool: f.message for f in res.capabilities}
    assert "reads any file the caller names: parameter 'file_path' reaches slack_sdk .files_upload(file=...)" \
        in words["upload_file"]
    assert "parameter 'report_path' reaches slack_sdk .files_upload_v2(file=...)" in words["share_report"]
    assert "parameter 'path' reaches discord.File(fp=...)" in words["send_attachment"]


def test_uploads_of_text_or_a_fixed_file_read_nothing_of_the_callers(tmp_path):
    res = _audit("slackupload_safe", tmp_path)
    assert _caps(res) == []
    assert _rows(res, "tool-path-traversal") == []


# -- 3. a launcher's own --token printed back ----------------------------------------------
def test_a_launchers_own_command_line_secret_printed_back_is_the_audit_view(tmp_path):
    res = _audit("launcher_safe", tmp_path)
    rows = _rows(res, "secret-in-log")
    assert sorted((r[1], r[2]) for r in rows) == sorted([
        (_line("launcher_safe/run_tunnel.py", 'print(f"could not set the tunnel token: {self.auth_token}")'), "low"),
        (_line("launcher_safe/run_tunnel.py", 'print(f"token in use: {args.tunnel_token}")'), "low"),
    ])
    for r in rows:
        assert r[0] == "run_tunnel.py" and r[3] is None
        assert "the program's own command-line option, printed back to the terminal of the operator" in r[4]
        assert r[4].endswith("(audit view)")


def test_a_logged_or_environment_secret_of_a_launcher_stays_a_finding(tmp_path):
    res = _audit("launcher_vuln", tmp_path)
    rows = _rows(res, "secret-in-log")
    assert sorted((r[1], r[2]) for r in rows) == sorted([
        (_line("launcher_vuln/run_tunnel.py", 'log.error(f"could not set the tunnel token: {self.auth_token}")'), "high"),
        (_line("launcher_vuln/run_tunnel.py", "print(f\"token in use: {os.environ['TUNNEL_TOKEN']}\")"), "high"),
    ])
    assert all("command-line option" not in r[4] for r in rows)


# -- 4. .run on an object imported from the project ----------------------------------------
def test_run_on_an_imported_project_object_is_followed_not_read_as_a_query(tmp_path):
    res = _audit("projrun_vuln", tmp_path)
    assert _rows(res, "tool-sql-injection") == []
    line = _line("projrun_vuln/core/reports.py", 'out = subprocess.run(f"make-report --period {period} {report_name}"')
    rows = _rows(res, "tool-shell-injection")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("core/reports.py", line, "high", "build_report")]
    assert "passes parameter 'period' to subprocess.run(shell=True): OS command injection" in rows[0][4]


def test_run_on_an_imported_project_object_twin_reports_nothing(tmp_path):
    res = _audit("projrun_safe", tmp_path)
    assert _rows(res, "tool-sql-injection") == []
    assert [r for r in res.findings if r.confidence >= Confidence.MEDIUM] == []


# -- 5. RestrictedPython handed a leaky module ---------------------------------------------
def test_restricted_python_with_pandas_in_its_globals_is_code_injection(tmp_path):
    res = _audit("restricted_vuln", tmp_path)
    rows = _rows(res, "tool-code-injection")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("server.py", _line("restricted_vuln/server.py", "exec(byte_code, scope, scope)"), "high", "run_strategy")]
    assert "RestrictedPython code is given the pandas module in its globals (as 'pd')" in rows[0][4]
    assert "pd.read_pickle() unpickles (runs code)" in rows[0][4]


def test_restricted_python_with_plain_functions_in_its_globals_is_no_injection(tmp_path):
    res = _audit("restricted_safe", tmp_path)
    assert _rows(res, "tool-code-injection") == []
