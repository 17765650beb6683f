"""The bandit prefilter: files in which no enabled bandit test can fire are not given to bandit,
and the findings stay the same."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from mcpaudit.engines import bandit, bandit_prefilter as bp
from mcpaudit.resources import rules_dir

PROFILE = rules_dir() / "bandit.yaml"

IRRELEVANT = textwrap.dedent(
    '''\
    """Handles incoming requests; the shell never runs here."""
    from pydantic import BaseModel, ConfigDict


    class Item(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str
        method: str = "GET"


    PROMPT = "Select a model from the list and update the settings"


    def total(items):
        return sum(len(i.name) for i in items)
    '''
)

SHELL = textwrap.dedent(
    """\
    import subprocess


    def run(cmd: str):
        return subprocess.call(cmd, shell=True)
    """
)

#: Each snippet makes bandit report the test: through an alias, grouping brackets, line breaks,
#: escapes, implicit concatenation, f-string pieces, NFKC identifiers, dynamic imports ...
SOUNDNESS_CASES = {
    "alias_system": ("B605", "from os import system as run_it\n\n\ndef f(cmd):\n    run_it(cmd)\n"),
    "relative_alias": ("B605", "from . import os as o\n\n\ndef f(c):\n    o.system(c)\n"),
    "grouped_call": ("B605", "import os\n\n\ndef f(cmd):\n    (os.system)(cmd)\n"),
    "grouped_base": ("B113", "import requests\n\n\ndef f(url):\n    return (requests).get(url)\n"),
    "fullwidth_name": ("B605", "import os\n\n\ndef f(cmd):\n    os.\uff53\uff59\uff53\uff54\uff45\uff4d(cmd)\n"),
    "shell_over_lines": (
        "B602", "import subprocess as sp\n\n\ndef f(cmd):\n    sp.Popen(cmd, shell  # yes\n             = True)\n"),
    "concat_bind": ("B104", 'import socket\n\n\ndef f(s):\n    s.bind(("0.0" ".0.0", 80))\n'),
    "escaped_tmp": ("B108", 'def f():\n    return open("\\x2ftmp/x", "w")\n'),
    "fstring_debug_tmp": ("B108", 'def f(mp):\n    return f"/t{mp=}"\n'),
    "fstring_sql": ("B608", 'def f(cur, x, y):\n    cur.execute(f"SEL{x}ECT * FROM t WHERE id = {y}")\n'),
    "concat_sql": ("B608", "def f(cur, v):\n    cur.execute(\"sel\" \"ect * from t where a = '%s'\" % v)\n"),
    "continued_sql": ("B608", 'def f(cur, t):\n    cur.execute("SEL\\\nECT * FROM " + t)\n'),
    "format_sql": ("B608", 'def f(cur, t):\n    cur.execute("SELECT * FROM {} WHERE 1".format(t))\n'),
    "escaped_import": ("B401", 'import importlib\n\nm = importlib.import_module("tel\\x6eetlib")\n'),
    "aliased_import": ("B402", 'from importlib import import_module as im\n\nm = im(name="ftplib")\n'),
    "ssl_string": (
        "B502", 'import ssl\n\n\ndef f(s):\n    return ssl.wrap_socket(s, ssl_version="PROTOCOL_\\x53SLv2")\n'),
    "ssl_attr": ("B502", "import ssl\n\n\ndef f(s):\n    return ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv2)\n"),
    "yaml_alias": ("B506", "import yaml as y\nimport yaml\n\n\ndef f(t):\n    return y.load(t)\n"),
    "pickle_alias": ("B301", "from pickle import loads as l\n\n\ndef f(b):\n    return l(b)\n"),
    "trojan_source": ("B613", "x = 1  # \u202e evil\n"),
    "exec_call": ("B102", "def f(c):\n    exec(c)\n"),
    "eval_call": ("B307", "def f(c):\n    return eval(c)\n"),
    "mktemp": ("B306", "import tempfile as t\n\n\ndef f():\n    return t.mktemp()\n"),
    "chmod": ("B103", "import os\nos.chmod('x', 0o777)\n"),
    "tarfile": ("B202", "import tarfile\n\n\ndef f(p):\n    tarfile.open(p).extractall()\n"),
    "httpx_verify": ("B501", "import httpx\n\n\ndef f(u):\n    return httpx.get(u, verify=False, timeout=3)\n"),
    "django_extra": ("B610", "def f(qs, w):\n    return qs.extra(where=[w])\n"),
}


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _keys(out):
    return sorted((f.rule_id, f.location.path, f.location.line) for f in out.findings)


def _manager():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stevedore deprecation chatter from bandit's loader
        import bandit as bandit_pkg
        from bandit.core import extension_loader
    return extension_loader.MANAGER, bandit_pkg.__version__


@pytest.fixture(scope="module")
def prefilter() -> bp.Prefilter:
    filt, reason = bp.build(str(PROFILE))
    assert filt is not None, reason
    return filt


def test_table_covers_the_installed_bandit_with_the_bundled_profile():
    """Fails after a bandit upgrade that adds a test or changes a covered list: extend NEEDS
    (the scan itself stays correct meanwhile: it just passes every file to bandit)."""
    manager, version = _manager()
    profile = yaml.safe_load(PROFILE.read_text())
    assert bp.coverage_problem(manager, profile, version) is None
    assert bp.coverage_problem(manager, {}, version) is None


def test_irrelevant_file_is_not_passed_to_bandit_and_the_shell_call_is_still_reported(tmp_path, prefilter, caplog):
    plain = _write(tmp_path, "models.py", IRRELEVANT)
    shell = _write(tmp_path, "runner.py", SHELL)
    assert not prefilter.may_fire_path(str(plain))
    assert prefilter.may_fire_path(str(shell))

    with caplog.at_level(logging.DEBUG, logger="mcpaudit.engines.bandit"):
        out = bandit.run([plain, shell], tmp_path, timeout=300)
    assert out.ran, out.errors
    assert "bandit prefilter passed 1 of 2 files" in caplog.text
    assert out.details["prefilter"] == {"files": 2, "passed": 1}  # the scan's stats.engines.bandit
    assert [(f.rule_id, f.location.path, f.location.line) for f in out.findings] == [("B602", "runner.py", 5)]
    assert out.findings[0].snippet == "    return subprocess.call(cmd, shell=True)"


def test_alias_of_a_shell_function_is_still_found(tmp_path):
    path = _write(tmp_path, "alias.py", "from os import system as run_it\n\n\ndef go(cmd):\n    run_it(cmd)\n")
    out = bandit.run([path], tmp_path, timeout=300)
    assert out.ran, out.errors
    assert ("B605", "alias.py", 5) in _keys(out)


@pytest.mark.parametrize("name", sorted(SOUNDNESS_CASES))
def test_each_test_keeps_the_files_it_fires_on_by_itself(name):
    tid, source = SOUNDNESS_CASES[name]
    assert bp.for_tests(_manager()[0], {tid}).may_fire(source.encode("utf-8")), (tid, source)
    assert bp.Prefilter({tid}).may_fire(source.encode("utf-8")), (tid, source)  # no blacklist names


def test_tricky_files_give_the_same_findings_with_and_without_the_prefilter(tmp_path):
    files = [_write(tmp_path, f"{name}.py", src) for name, (_, src) in sorted(SOUNDNESS_CASES.items())]
    files.append(_write(tmp_path, "plain.py", IRRELEVANT))
    on = bandit.run(files, tmp_path, timeout=300)
    off = bandit.run(files, tmp_path, timeout=300, prefilter=False)
    assert on.ran and off.ran, (on.errors, off.errors)
    assert _keys(on) == _keys(off)
    found = {(path[:-3], rid) for rid, path, _ in _keys(off)}
    # every snippet really triggers its test (otherwise the case above proves nothing)
    assert {(name, tid) for name, (tid, _) in SOUNDNESS_CASES.items()} <= found


@pytest.mark.parametrize(
    "source",
    [
        IRRELEVANT,
        '"""Runs the shell for incoming requests."""\n',
        "def f(session, u):\n    return session.request(method=\"GET\", url=u)\n",
        'QUERY_HELP = "select the rows you want, then delete them"\n',
        "import logging\n\nlog = logging.getLogger(__name__)\n",
        "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",  # namespace package
    ],
)
def test_files_that_cannot_fire_are_dropped(prefilter, source):
    assert not prefilter.may_fire(source.encode("utf-8"))


@pytest.mark.parametrize(
    "source",
    [
        b"def broken(:\n    pass\n",  # bandit reports the syntax error
        b"x = 1\nif x:\n    pass\n" + b"".join(b"elif x == %d:\n    pass\n" % i for i in range(400)),  # deep
        b"# -*- coding: no-such-codec -*-\nx = 1\n",
        b"x = '\xff\xfe'\n",  # not UTF-8
    ],
)
def test_files_bandit_may_fail_on_are_kept(prefilter, source):
    assert prefilter.may_fire(source)


def test_unknown_enabled_test_disables_the_filter(monkeypatch):
    monkeypatch.delitem(bp.NEEDS, "B602")
    problem = bp.coverage_problem(_manager()[0], {"skips": ["B101"]}, "1.9.4")
    assert problem and "B602" in problem
    # a test the profile skips does not matter
    assert bp.coverage_problem(_manager()[0], {"skips": ["B602"]}, "1.9.4") is None


def test_uncovered_blacklist_name_plugin_options_and_old_bandit_disable_the_filter(monkeypatch):
    manager = _manager()[0]
    assert "profile sets hardcoded_tmp_directory" in bp.coverage_problem(
        manager, {"hardcoded_tmp_directory": {"tmp_dirs": ["/scratch"]}}, "1.9.4")
    assert "older than the table" in bp.coverage_problem(manager, {}, "1.8.6")
    monkeypatch.setitem(bp.NEEDS, "B301", bp.need(bp.qual("pickle")))
    assert "B301:dill.loads" in bp.coverage_problem(manager, {}, "1.9.4")


def test_launcher_passes_every_file_when_coverage_is_incomplete(tmp_path):
    """The guard runs inside the bandit subprocess: with a table that lacks an enabled test the
    launcher says why and hands bandit every file."""
    root = tmp_path / "proj"
    plain = _write(root, "models.py", IRRELEVANT)
    shell = _write(root, "runner.py", SHELL)
    neutral = tmp_path / "neutral"
    neutral.mkdir()
    code = (
        "import sys; from mcpaudit.engines import bandit_prefilter as bp; del bp.NEEDS['B602']; "
        "sys.exit(bp.main(sys.argv[1:]))"
    )
    argv = [sys.executable, "-c", code, "-f", "json", "-c", str(PROFILE), "-q", "--", str(plain), str(shell)]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(argv, cwd=str(neutral), capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode in (0, 1), done.stderr
    stats = json.loads(done.stderr.split(bp.STATS_PREFIX, 1)[1].splitlines()[0])
    assert stats["files"] == stats["passed"] == 2
    assert "B602" in stats["disabled"]
    results = json.loads(done.stdout)["results"]
    assert [(r["test_id"], Path(r["filename"]).name) for r in results] == [("B602", "runner.py")]


def test_launcher_with_nothing_to_scan_prints_empty_results(tmp_path):
    plain = _write(tmp_path, "models.py", IRRELEVANT)
    out = bandit.run([plain], tmp_path, timeout=300)
    assert out.ran and out.findings == [] and out.errors == []


def test_explicit_executable_is_not_filtered(tmp_path):
    """A bandit command of unknown make gets every file (the fake records its arguments)."""
    if os.name != "posix":
        pytest.skip("fake executables are shell scripts")
    plain = _write(tmp_path / "root", "models.py", IRRELEVANT)
    log = tmp_path / "args.txt"
    script = tmp_path / "bandit"
    script.write_text(f"#!/bin/sh\necho \"$@\" > {log}\necho '{{\"results\": [], \"errors\": []}}'\n")
    script.chmod(0o755)
    out = bandit.run([plain], tmp_path / "root", executable=str(script))
    assert out.ran, out.errors
    assert str(plain) in log.read_text()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
