"""speed25b: tls-verify-disabled's gate reads the shapes of code its patterns need
(``bound-name``, ``string``: :mod:`mcpaudit.engines.semgrep.shapes`) instead of the words
``verify``/``ssl`` anywhere in the text, with the findings of running the rule on every file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.engines.semgrep import runner as semgrep_runner
from mcpaudit.engines.semgrep import scoping as semgrep_scoping
from mcpaudit.engines.semgrep.shapes import Facts, Shapes
from mcpaudit.models import Confidence
from mcpaudit.resources import rules_dir

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "semgrep_tls_shapes"
RULE = "tls-verify-disabled"
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep is not installed")


def _gate():
    md = yaml.safe_load((rules_dir() / "semgrep" / f"{RULE}.yaml").read_text())["rules"][0]["metadata"]
    return semgrep_scoping._RuleGate.of(RULE, md)


def _passes(text: str) -> bool:
    return _gate().shapes.test(Facts.of(text))


def _line(needle: str) -> int:
    lines = (FIXTURE / "hazards.py").read_text().splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, needle
    return hits[0]


@needs_semgrep
def test_the_fixture_gives_the_findings_of_running_the_rule_everywhere_and_its_quiet_twin_runs_none(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(FIXTURE, root)
    files = sorted(root.glob("*.py"))
    scoped = semgrep.run(files, root, timeout=600, min_confidence=Confidence.MEDIUM)
    unscoped = semgrep.run(files, root, timeout=600, min_confidence=Confidence.MEDIUM, scope=False)
    assert scoped.ran and unscoped.ran
    found = sorted((f.rule_id, f.location.path, f.location.line, f.engine) for f in scoped.findings if f.rule_id == RULE)
    assert found == sorted((f.rule_id, f.location.path, f.location.line, f.engine)
                           for f in unscoped.findings if f.rule_id == RULE)
    assert found == sorted((RULE, "hazards.py", _line(needle), "semgrep") for needle in (
        "verify=False).status_code",  # a keyword argument
        "session.verify = False",  # an attribute target
        'insecure = os.getenv("API_VERIFY"',  # a literal dict key ("verify": insecure)
        'os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"',  # the variable's literal name
        "httpx.AsyncClient(verify=False)",
    ))
    assert all(f.message.startswith("TLS certificate verification is switched off")
               for f in scoped.findings if f.rule_id == RULE)
    _pack, scoping = semgrep_runner._rule_pack(None, Confidence.MEDIUM, True)
    scoping.select([str(p) for p in files], str(root))
    ids = [r["id"] for r in scoping.rules]
    assert RULE in {ids[i] for i in scoping.may_match[str(root / "hazards.py")]}
    assert RULE not in {ids[i] for i in scoping.may_match.get(str(root / "quiet.py"), ())}


def test_the_quiet_twin_passes_the_words_and_fails_only_the_shapes():
    text = semgrep_scoping._Text((FIXTURE / "quiet.py").read_text(), True)
    gate = _gate()
    assert gate.in_code.test(text.code())  # "verify" and "ssl" in its code
    assert not gate.test(text)
    assert gate.shapes.test(None)  # a file ast cannot read may hold anything


@pytest.mark.parametrize("source", [
    "requests.post(u, json=b, verify=False)\n",
    "aiohttp.TCPConnector(ssl=False)\n",
    "Elasticsearch(hosts, verify_certs=OFF)\n",
    "class C(Base, verify_ssl=False):\n    pass\n",
    "self.client.verify = False\n",
    "a.verify_ssl, b = False, 1\n",
    "s.verify: bool = False\n",
    "def f(url, verify=False):\n    return get(url, verify=verify)\n",
    "opts = {'verify': flag}\n",
    "KEY = 'verify_certs'\nopts = {KEY: flag}\n",
    "opts = {'ver' + 'ify': flag}\n",
    "os.putenv('OAUTHLIB_INSECURE_TRANSPORT', '1')\n",
    "NAME = 'OAUTHLIB_' + 'INSECURE_TRANSPORT'\nos.environ[NAME] = '1'\n",
    "print 'python 2: ast cannot read this file', verify\n",
])
def test_tls_shapes(source):
    assert _passes(source)


@pytest.mark.parametrize("source", [
    "import ssl\nctx = ssl.create_default_context()\n",
    "def verify_token(token):\n    return jwt.decode(token, KEY)\n",
    "ok = verifier.verify(signature)\n",
    "conn = psycopg.connect(dsn, sslmode='require')\n",
    "help = 'set verify to false to skip the check'\n",
    "d = {'ssl': True, 'verify_mode': 1}\n",
    "b = b'verify'\n",
])
def test_tls_quiet_twins(source):
    assert not _passes(source)


def test_bad_bound_name_and_string_entries_are_rule_pack_errors():
    for entry in ({"bound-name": ["verify"]}, {"string": "("}, {"string": {"call": "x", "name": "y"}}):
        with pytest.raises(ValueError):
            Shapes(RULE, [entry])
