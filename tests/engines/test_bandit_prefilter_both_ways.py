"""bandit with and without the prefilter on real shapes: every fixture file, a sample of the
MCP server snapshots (when ``$BENCH_MIRROR`` or ``../.mirror`` holds them), and the tree check of
B113 (request_without_timeout). The findings must be identical."""

from __future__ import annotations

import os
import random
import subprocess
import textwrap
from pathlib import Path

import pytest

from mcpaudit.engines import bandit, bandit_prefilter as bp

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def _mirror() -> Path:
    env = os.environ.get("BENCH_MIRROR")
    return Path(env) if env else REPO.parent / ".mirror"


def _keys(out):
    return sorted((f.rule_id, f.location.path, f.location.line, f.location.column, f.message) for f in out.findings)


def _both_ways(files, root):
    on = bandit.run(files, root, timeout=900)
    off = bandit.run(files, root, timeout=900, prefilter=False)
    assert on.ran and off.ran, (on.errors, off.errors)
    assert _keys(on) == _keys(off)
    assert sorted(e.path or "" for e in on.errors) == sorted(e.path or "" for e in off.errors)
    return off


def _manager():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from bandit.core import extension_loader
    return extension_loader.MANAGER


def test_every_fixture_file_gives_the_same_findings_with_and_without_the_prefilter():
    files = sorted(p for p in FIXTURES.rglob("*.py"))
    assert len(files) > 50
    off = _both_ways(files, FIXTURES)
    assert off.findings  # the fixtures do trip bandit: the comparison is not empty


#: Files per snapshot: some that mention what the enabled tests look for, some at random.
SAMPLE_HITS, SAMPLE_ANY = 3, 1
_HIT_WORDS = r"requests\.|httpx\.|subprocess|execute\(|yaml\.|pickle|0\.0\.0\.0|/tmp|eval\(|exec\("


def _mirror_sample(dest: Path):
    mirror = _mirror()
    if not mirror.is_dir():
        pytest.skip(f"no snapshots in {mirror}")
    files = []
    for repo in sorted(p for p in mirror.iterdir() if (p / "repo").exists()):
        git = ["git", "-C", str(repo / "repo")]
        listed = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True)
        hits = subprocess.run([*git, "grep", "-l", "-E", _HIT_WORDS, "HEAD", "--", "*.py"], capture_output=True,
                              text=True)
        if listed.returncode:
            continue
        py = sorted(f for f in listed.stdout.splitlines() if f.endswith(".py"))
        hit = sorted(line.split(":", 1)[1] for line in hits.stdout.splitlines() if ":" in line)
        rnd = random.Random(repo.name)
        chosen = set(rnd.sample(hit, min(SAMPLE_HITS, len(hit)))) | set(rnd.sample(py, min(SAMPLE_ANY, len(py))))
        for rel in sorted(chosen):
            blob = subprocess.run([*git, "show", f"HEAD:{rel}"], capture_output=True)
            if blob.returncode:
                continue
            path = dest / repo.name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob.stdout)
            files.append(path)
    if len(files) < 20:
        pytest.skip("too few snapshot files")
    return files


@pytest.mark.slow  # about 400 git processes and bandit twice over ~250 files: run with -m slow
def test_a_sample_of_real_servers_gives_the_same_findings_with_and_without_the_prefilter(tmp_path):
    files = _mirror_sample(tmp_path)
    off = _both_ways(files, tmp_path)
    assert off.findings


#: request_without_timeout, as bandit 1.9.4 reads it: (reported?, source)
B113_CASES = {
    "no_timeout": (True, "import requests\n\n\ndef f(u):\n    return requests.get(u)\n"),
    "alias_module": (True, "import requests as r\n\n\ndef f(u):\n    return r.post(u, json={})\n"),
    "alias_function": (True, "from requests import delete as rm\n\n\ndef f(u):\n    return rm(u)\n"),
    "timeout_call": (True, "import requests\n\n\ndef f(u, t):\n    return requests.get(u, timeout=int(t))\n"),
    "timeout_none": (True, "import requests\n\n\ndef f(u):\n    return requests.put(u, timeout=None)\n"),
    "httpx_none": (True, "import httpx\n\n\ndef f():\n    return httpx.AsyncClient(timeout=None)\n"),
    "httpx_none_string": (True, "import httpx\n\n\ndef f(u):\n    return httpx.get(u, timeout='None')\n"),
    "kwargs_only": (True, "import requests\n\n\ndef f(u, **kw):\n    return requests.get(u, **kw)\n"),
    "timeout_number": (False, "import requests\n\n\ndef f(u):\n    return requests.get(u, timeout=10)\n"),
    "timeout_tuple": (False, "import requests\n\n\ndef f(u, c):\n    return requests.get(u, timeout=(c, 10))\n"),
    "timeout_name": (False, "import requests\n\n\ndef f(u, t):\n    return requests.get(u, timeout=t)\n"),
    "timeout_attr": (False, "import requests\n\n\ndef f(u, s):\n    return requests.get(u, timeout=s.timeout)\n"),
    "httpx_missing": (False, "import httpx\n\n\ndef f(u):\n    return httpx.get(u)\n"),
    "httpx_call": (False, "import httpx\n\n\ndef f():\n    return httpx.AsyncClient(timeout=httpx.Timeout(5.0))\n"),
    "session_call": (False, "import requests\n\ns = requests.Session()\n\n\ndef f(u):\n    return s.get(u)\n"),
    "chained_call": (False, "import requests\n\n\ndef f(u):\n    return requests.Session().get(u)\n"),
}


def test_b113_tree_check_keeps_exactly_the_files_bandit_reports(tmp_path):
    files = {}
    for name, (_, src) in B113_CASES.items():
        path = tmp_path / f"{name}.py"
        path.write_text(src, encoding="utf-8")
        files[name] = path
    off = _both_ways(list(files.values()), tmp_path)
    reported = {f.location.path[:-3] for f in off.findings if f.rule_id == "B113"}
    assert reported == {name for name, (fires, _) in B113_CASES.items() if fires}
    only_b113 = bp.for_tests(_manager(), {"B113"})
    assert only_b113.confirmed == {"B113"}
    for name, (fires, src) in B113_CASES.items():
        assert only_b113.may_fire(src.encode()) == fires, name


def test_b113_tree_check_is_off_when_the_plugin_source_changed(monkeypatch):
    monkeypatch.setitem(bp.TREE_CONFIRMED, "B113", "0" * 16)
    filt = bp.for_tests(_manager(), {"B113"})
    assert filt.confirmed == frozenset()
    assert filt.may_fire(B113_CASES["timeout_number"][1].encode())  # the tokens alone decide


def test_every_tree_confirmed_test_has_text_tokens_too():
    assert set(bp.TREE_CONFIRMED) <= set(bp.NEEDS)


def test_a_file_with_only_a_safe_request_is_not_given_to_bandit(tmp_path):
    src = textwrap.dedent('''\
        import requests

        TIMEOUT = 10


        def fetch(url):
            return requests.get(url, timeout=TIMEOUT).json()
        ''')
    filt, reason = bp.build(str(bandit.default_profile()))
    assert filt is not None, reason
    assert not filt.may_fire(src.encode())
