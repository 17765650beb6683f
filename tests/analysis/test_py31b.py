"""Holdout causes of issue 12 (thirty-first Python reading, reader B, py31b): hub downloads of a
model the operator configures (B615), shell scripts whose every value is shell-quoted
(shell-c-argv)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _line(path: Path, marker: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text)


# -- B615: a hub download of the instance's configured model, without remote code ------------

def test_hub_downloads_of_a_configured_model_move_to_the_audit_view(tmp_path):
    from mcpaudit.engines import bandit

    src = FIXTURES / "bandit_args" / "hub_downloads.py"
    shutil.copy(src, tmp_path / src.name)
    out = bandit.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.rule_id, f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "B615")
    low = [_line(src, "expect-low: the instance's setting"), _line(src, "expect-low: a weights file"),
           _line(src, "expect-low: a field of the loaded")]
    stay = [_line(src, "trust_remote_code=True"), _line(src, "snapshot_download(repo_id=path)")]
    assert got == sorted([("B615", n, "low") for n in low] + [("B615", n, "high") for n in stay])
    msg = next(f.message for f in out.findings if f.location.line == low[1])
    assert "the model name is the operator's configuration" in msg and "not a value the function is given" in msg
    assert msg.endswith("(audit view)")


def test_b615_demotion_reads_parameters_through_local_names():
    from mcpaudit.engines.bandit_args import demotions

    text = ("from transformers import AutoModel\n"
            "def load(name):\n"
            "    path = name + '/main'\n"
            "    return AutoModel.from_pretrained(path)\n"
            "def fixed(self):\n"
            "    return AutoModel.from_pretrained(self.cfg['model'])\n")
    assert sorted(demotions(text, [("B615", 4), ("B615", 6)])) == [("B615", 6)]


# -- shell-c-argv: every runtime piece of the script shell-quoted --------------------------------

def test_quoted_scripts_are_recognised_by_line():
    from mcpaudit.engines.semgrep.quotedscript import WHY, quoted_lines

    src = FIXTURES / "shell_quoted" / "remote.py"
    text = src.read_text()
    lines = [_line(src, "# quoted: every value"), _line(src, "# quoted too"), _line(src, "stays: inside quotes"),
             _line(src, "stays: pasted bare")]
    assert quoted_lines(text, lines) == {lines[0]: WHY, lines[1]: WHY}


def test_shell_c_argv_on_quoted_scripts_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines import semgrep

    src = FIXTURES / "shell_quoted" / "remote.py"
    shutil.copy(src, tmp_path / src.name)
    out = semgrep.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.rule_id, f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "shell-c-argv")
    assert got == sorted([
        ("shell-c-argv", _line(src, "# quoted: every value"), "low"),
        ("shell-c-argv", _line(src, "# quoted too"), "low"),
        ("shell-c-argv", _line(src, "stays: inside quotes"), "medium"),
        ("shell-c-argv", _line(src, "stays: pasted bare"), "medium"),
    ])
    low = next(f for f in out.findings if f.location.line == _line(src, "# quoted too"))
    assert low.message.endswith("the commands are the code's own (audit view)")
    assert low.properties["script-context"].startswith("every runtime piece of the shell script is shell-quoted")


# -- B108: a temp folder listed among the roots paths are compared against ----------------------

def test_temp_folder_in_an_allow_list_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines import bandit
    from mcpaudit.engines.bandit_tmplists import WHY

    src = FIXTURES / "bandit_cleanup" / "tmp_allowlist.py"
    shutil.copy(src, tmp_path / src.name)
    out = bandit.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.rule_id, f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "B108")
    assert got == [("B108", _line(src, "expect-low: only tested"), "low"),
                   ("B108", _line(src, "expect-low: an allow-list entry"), "low"),
                   ("B108", _line(src, "stays: B108"), "medium")]
    low = next(f for f in out.findings if f.location.line == _line(src, "expect-low: an allow-list entry"))
    assert low.message.endswith(f"; {WHY} (audit view)") and low.properties["tmp-context"] == WHY


# -- B507: the OpenSSH client told not to verify host keys --------------------------------------

def test_ssh_argv_with_host_key_checking_off_is_reported_as_b507(tmp_path):
    from mcpaudit.engines import bandit

    shutil.copytree(FIXTURES / "ssh_hostkeys", tmp_path / "ssh_hostkeys")
    root = tmp_path / "ssh_hostkeys"
    out = bandit.run(sorted((root / "app").glob("*.py")), root, timeout=300)
    assert out.ran, out.errors
    src = FIXTURES / "ssh_hostkeys" / "app" / "remote.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.confidence.label, f.cwe[0])
                 for f in out.findings if f.rule_id == "B507")
    want = [_line(src, "reported: an imported constant"), _line(src, "reported: written in place"),
            _line(src, "reported: a command line"), _line(src, "reported: options added")]
    assert got == [("B507", "app/remote.py", n, "medium", "CWE-295") for n in want]
    first = next(f for f in out.findings if f.rule_id == "B507")
    assert first.message == ("OpenSSH client run with StrictHostKeyChecking=no: the host's key is not verified, so "
                             "anyone on the network path can impersonate the host and receive the commands, files and "
                             "credentials sent to it")
    assert first.properties["host-key-option"] == "StrictHostKeyChecking=no"


def test_host_key_rows_are_in_the_process_models():
    from mcpaudit.catalog import catalog

    off = catalog().python.host_key_off
    assert off["ssh"] == frozenset({"StrictHostKeyChecking=no", "StrictHostKeyChecking=off"})
    assert {"scp", "sftp"} <= set(off)


# -- argv: the script an interpreter runs, named by the setting that holds its path -------------

def test_options_of_a_script_named_by_its_setting_take_the_callers_values():
    from pyflowgroups import FlowGroups

    g = FlowGroups("py31b")
    assert g.rows("script_options") == []
    line = g.line_of("script_options_bare", "server.py", "create_subprocess_exec")
    assert g.rows("script_options_bare") == [("server.py", line, "tool-argument-injection", "sql_scan")]
    assert g.message("script_options_bare", "tool-argument-injection", "sql_scan").startswith(
        "tool 'sql_scan' passes parameter 'target' to asyncio.create_subprocess_exec(): argument injection")


def test_script_named_reads_only_a_path_setting_of_a_described_program():
    import libcst as cst

    from mcpaudit.analysis.namedprog import script_named
    from mcpaudit.catalog import catalog

    M = catalog().python
    attr = cst.parse_expression("settings.sqlmap_path")
    assert script_named(M, ["python", None, "-u", None], [None, attr, None, None]) == ["python", "sqlmap", "-u", None]
    plain = cst.parse_expression("settings.sqlmap")
    assert script_named(M, ["python", None, "-u", None], [None, plain, None, None]) == ["python", None, "-u", None]
    assert script_named(M, ["nmap", None], [None, attr]) == ["nmap", None]


# -- tools: fastmcp's direct form registering a bound method (app.tool(self.method, ...)) -------

def test_direct_tool_registration_of_a_bound_method_is_a_tool():
    from pyflowgroups import FlowGroups

    g = FlowGroups("py31b")
    assert g.tools("bound_direct") == ["docker_compose"]
    line = g.line_of("bound_direct", "server.py", "docker compose -p")
    assert g.rows("bound_direct") == [("server.py", line, "tool-shell-injection", "docker_compose")]
    assert g.message("bound_direct", "tool-shell-injection", "docker_compose").startswith(
        "tool 'docker_compose' passes parameter 'action' to subprocess.run(shell=True): OS command injection")
