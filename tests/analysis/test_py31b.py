"""Holdout causes of issue 12 (thirty-first Python reading, reader B, py31b): hub downloads of a
model the operator configures (B615), shell scripts whose every value is shell-quoted
(shell-c-argv)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _line(path: Path, marker: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text)


def _marked(path: Path, marker: str) -> list:
    return [i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text]


# -- B615: a hub download of the instance's configured model, without remote code ------------

def test_hub_downloads_of_a_configured_model_move_to_the_audit_view(tmp_path):
    from mcpaudit.engines import bandit

    src = FIXTURES / "bandit_args" / "hub_downloads.py"
    shutil.copy(src, tmp_path / src.name)
    out = bandit.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.rule_id, f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "B615")
    low, stay = _marked(src, "# expect-low"), _marked(src, "# stays")
    assert len(low) == 3 and len(stay) == 8
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


def test_b615_a_value_read_from_a_parameter_is_given():
    from mcpaudit.engines.bandit_args import demotions

    text = ("from transformers import AutoModel\n"
            "from huggingface_hub import hf_hub_download, snapshot_download\n"
            "def a(arguments):\n"
            "    return hf_hub_download(repo_id=arguments['repo_id'], filename='c.json')\n"
            "def b(req):\n"
            "    return AutoModel.from_pretrained(req.model_name)\n"
            "def c(name):\n"
            "    return AutoModel.from_pretrained(name.strip())\n"
            "def d(models):\n"
            "    for m in models:\n"
            "        AutoModel.from_pretrained(m)\n"
            "def e(repo):\n"
            "    def inner():\n"
            "        return AutoModel.from_pretrained(repo)\n"
            "def f(self):\n"
            "    return AutoModel.from_pretrained(self.settings.model.strip())\n"
            "def g(self):\n"
            "    return hf_hub_download(repo_id=self.repo, filename='model.pkl')\n"
            "def h(self):\n"
            "    return snapshot_download(repo_id=self.repo, allow_patterns=['*.gguf'])\n"
            "def i(self):\n"
            "    return snapshot_download(repo_id=self.repo)\n")
    hits = [("B615", n) for n in (4, 6, 8, 11, 14, 16, 18, 20, 22)]
    assert sorted(demotions(text, hits)) == [("B615", 16), ("B615", 20)]


# -- shell-c-argv: every runtime piece of the script shell-quoted --------------------------------

def test_quoted_scripts_are_recognised_by_line():
    from mcpaudit.engines.semgrep.quotedscript import WHY, quoted_lines

    src = FIXTURES / "shell_quoted" / "remote.py"
    quoted, stays = _marked(src, "# quoted"), _marked(src, "# stays")
    assert len(quoted) == 3 and len(stays) == 9
    assert quoted_lines(src.read_text(), quoted + stays) == {n: WHY for n in quoted}


def test_a_name_cycle_in_a_script_is_no_quoted_value():
    from mcpaudit.engines.semgrep.quotedscript import quoted_lines

    text = ("import subprocess\n"
            "def f(flag):\n"
            "    prefix = 'ls'\n"
            "    saved = prefix\n"
            "    prefix = saved\n"
            "    subprocess.run(['sh', '-c', f'test -d {prefix}'])\n")
    assert quoted_lines(text, [6]) == {}


def test_a_quoted_word_the_shell_parses_again_is_no_quoted_value():
    from mcpaudit.engines.semgrep.quotedscript import WHY, quoted_lines

    forms = {"eval {q}": False, "timeout 5 sh -c {q}": False, "python3 -c {q}": False, "{q} --help": False,
             "ls; {q}": False, "echo $({q})": False, "ssh host cat {q}": False, "ls {q!r}": False,
             "ls {q}": True, "cd /srv && ls -l {q}": True}
    for form, quoted in forms.items():
        script = form.replace("{q}", "{shlex.quote(v)}").replace("{q!r}", "{shlex.quote(v)!r}")
        text = f"import shlex, subprocess\ndef f(v):\n    subprocess.run(['sh', '-c', f\"{script}\"])\n"
        assert quoted_lines(text, [3]) == ({3: WHY} if quoted else {}), form


def test_quoted_scripts_read_the_scans_first_pass_tree():
    import ast

    from mcpaudit.engines.semgrep.quotedscript import demote_quoted_scripts
    from mcpaudit.models import Confidence, Finding, Location, Severity

    root = FIXTURES / "shell_quoted"
    asked = []

    def first_pass_tree(rel, text):
        asked.append(rel)
        return ast.parse(text)

    line = _line(root / "remote.py", "# quoted too")
    hit = Finding(rule_id="shell-c-argv", engine="semgrep", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                  message="m", location=Location("remote.py", line, 1, line, None))
    demote_quoted_scripts([hit], root, first_pass_tree)
    assert asked == ["remote.py"] and hit.confidence.label == "low"


def test_shell_c_argv_on_quoted_scripts_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines import semgrep

    src = FIXTURES / "shell_quoted" / "remote.py"
    shutil.copy(src, tmp_path / src.name)
    out = semgrep.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.rule_id, f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "shell-c-argv")
    assert got == sorted([("shell-c-argv", n, "low") for n in _marked(src, "# quoted")]
                         + [("shell-c-argv", n, "medium") for n in _marked(src, "# stays")])
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
    assert len(_marked(src, "# expect-low")) == 2 and len(_marked(src, "# stays: B108")) == 3
    assert got == sorted([("B108", n, "low") for n in _marked(src, "# expect-low")]
                         + [("B108", n, "medium") for n in _marked(src, "# stays: B108")])
    low = next(f for f in out.findings if f.location.line == _line(src, "expect-low: an allow-list entry"))
    assert low.message.endswith(f"; {WHY} (audit view)") and low.properties["tmp-context"] == WHY


def test_a_temp_root_list_another_module_can_reach_is_no_allow_list():
    from mcpaudit.engines.bandit_tmplists import WHY, listed_roots

    def verdict(head: str, name: str) -> dict:
        text = f"{head}{name} = ('/var/tmp', '/srv')\ndef ok(p):\n    return p in {name}\n"
        return listed_roots(text, [text.splitlines().index(f"{name} = ('/var/tmp', '/srv')") + 1])

    assert verdict("", "_ROOTS") == {1: WHY}
    assert verdict("", "ROOTS") == {}  # public: ``from mod import ROOTS`` elsewhere
    assert verdict("__all__ = ['_ROOTS']\n", "_ROOTS") == {}  # exported


# -- B507: the OpenSSH client told not to verify host keys --------------------------------------

def test_ssh_argv_with_host_key_checking_off_is_reported_as_b507(tmp_path):
    from mcpaudit.engines import bandit

    shutil.copytree(FIXTURES / "ssh_hostkeys", tmp_path / "ssh_hostkeys")
    root = tmp_path / "ssh_hostkeys"
    out = bandit.run(sorted((root / "app").glob("*.py")), root, timeout=300)
    assert out.ran, out.errors
    src = FIXTURES / "ssh_hostkeys" / "app" / "remote.py"
    consts = FIXTURES / "ssh_hostkeys" / "app" / "constants.py"
    got = sorted((f.rule_id, f.location.path, f.location.line, f.confidence.label, f.cwe[0])
                 for f in out.findings if f.rule_id == "B507")
    want = [_line(src, "reported: written in place"), _line(src, "reported: a command line"),
            _line(src, "reported: options added")]
    assert got == [("B507", "app/constants.py", _line(consts, "reported: a constant"), "medium", "CWE-295")] + [
        ("B507", "app/remote.py", n, "medium", "CWE-295") for n in want]
    first = next(f for f in out.findings if f.rule_id == "B507" and f.location.path == "app/remote.py")
    assert first.message == ("OpenSSH client run with StrictHostKeyChecking=no: the host's key is not verified, so "
                             "anyone on the network path can impersonate the host and receive the commands, files and "
                             "credentials sent to it")
    assert first.properties["host-key-option"] == "StrictHostKeyChecking=no"


def _b507(result) -> list:
    return sorted((f.location.path, f.location.line) for f in result.findings if f.rule_id == "B507")


def test_b507_of_each_file_depends_on_its_own_bytes_with_the_cache_on(tmp_path):
    """A change to the constants module alone is seen through the per-file cache: the constant
    is reported where it is defined, never through a module that imports it."""
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    root = tmp_path / "ssh_hostkeys"
    shutil.copytree(FIXTURES / "ssh_hostkeys", root)
    consts = root / "app" / "constants.py"
    config = Config(engines=("bandit",), cache_dir=tmp_path / "cache", jobs=1)
    line = _line(consts, "reported: a constant")
    assert ("app/constants.py", line) in _b507(audit([root], config))
    consts.write_text(consts.read_text().replace('"StrictHostKeyChecking=no"', '"StrictHostKeyChecking=accept-new"'))
    warm = _b507(audit([root], config))
    assert warm == _b507(audit([root], Config(engines=("bandit",), cache=False, jobs=1)))
    assert not any(path == "app/constants.py" for path, _ in warm)
    assert ("app/remote.py", _line(root / "app" / "remote.py", "SSH_NO_HOST_CHECK,")) not in warm


def test_b507_text_shown_to_a_person_is_no_command_line():
    from mcpaudit.engines.bandit_hostkeys import _shown
    import ast

    from mcpaudit.astparents import parents

    for code, shown in (('Field(description="ssh -o StrictHostKeyChecking=no")', True),
                        ('p.add_argument("--x", help="ssh -o StrictHostKeyChecking=no")', True),
                        ('raise ValueError("run ssh -o StrictHostKeyChecking=no")', True),
                        ('run(cmd="ssh -o StrictHostKeyChecking=no")', False)):
        tree = ast.parse(code)
        node = next(n for n in ast.walk(tree) if isinstance(n, ast.Constant) and "ssh" in str(n.value))
        assert _shown(node, parents(tree)) is shown, code


def test_host_key_rows_are_in_the_process_models():
    from mcpaudit.catalog import catalog

    off = catalog().python.host_key_off
    assert off["ssh"] == frozenset({"StrictHostKeyChecking=no", "StrictHostKeyChecking=off", "UserKnownHostsFile=/dev/null"})
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
    from types import SimpleNamespace

    import libcst as cst

    from mcpaudit.analysis.namedprog import named_script, script_named
    from mcpaudit.catalog import catalog

    tainted = cst.parse_expression("req.sqlmap_path")
    sm = SimpleNamespace(M=catalog().python, ev_quiet=lambda node: {"p"} if node is tainted else set())
    attr = cst.parse_expression("settings.sqlmap_path")
    assert script_named(sm, ["python", None, "-u", None], [None, attr, None, None]) == ["python", "sqlmap", "-u", None]
    plain = cst.parse_expression("settings.sqlmap")
    assert script_named(sm, ["python", None, "-u", None], [None, plain, None, None]) == ["python", None, "-u", None]
    assert script_named(sm, ["nmap", None], [None, attr]) == ["nmap", None]
    # a path the caller chooses is no script of the code's: one reading for both call sites
    assert script_named(sm, ["python", None, "-u", None], [None, tainted, None, None]) == ["python", None, "-u", None]
    assert named_script(sm, plain, set()) == "" and named_script(sm, attr, set()) == "sqlmap"


# -- tools: fastmcp's direct form registering a bound method (app.tool(self.method, ...)) -------

def test_direct_tool_registration_of_a_bound_method_is_a_tool():
    from pyflowgroups import FlowGroups

    g = FlowGroups("py31b")
    assert g.tools("bound_direct") == ["docker_compose"]
    line = g.line_of("bound_direct", "server.py", "docker compose -p")
    assert g.rows("bound_direct") == [("server.py", line, "tool-shell-injection", "docker_compose")]
    assert g.message("bound_direct", "tool-shell-injection", "docker_compose").startswith(
        "tool 'docker_compose' passes parameter 'action' to subprocess.run(shell=True): OS command injection")
