"""speed24: the shapes of Python code semgrep's credential rules need (``mcpaudit-requires-python``,
:mod:`mcpaudit.engines.semgrep.shapes`) keep those rules off the files they cannot match, with
the findings of running every rule on every file."""

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

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "semgrep_shapes"
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep is not installed")


def _metadata(rule_id: str):
    return yaml.safe_load((rules_dir() / "semgrep" / f"{rule_id}.yaml").read_text())["rules"][0]["metadata"]


def _gate(rule_id: str):
    return semgrep_scoping._RuleGate.of(rule_id, _metadata(rule_id))


def _passes(rule_id: str, text: str) -> bool:
    """The rule's shapes alone (its text gates are older and tested elsewhere)."""
    return _gate(rule_id).shapes.test(Facts.of(text))


@needs_semgrep
def test_the_fixture_gives_the_findings_of_running_every_rule_and_its_quiet_twin_runs_none(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(FIXTURE, root)
    files = sorted(root.glob("*.py"))
    scoped = semgrep.run(files, root, timeout=600, min_confidence=Confidence.MEDIUM)
    unscoped = semgrep.run(files, root, timeout=600, min_confidence=Confidence.MEDIUM, scope=False)
    assert scoped.ran and unscoped.ran
    found = sorted((f.rule_id, f.location.path, f.location.line, f.engine) for f in scoped.findings)
    assert found == sorted((f.rule_id, f.location.path, f.location.line, f.engine) for f in unscoped.findings)
    assert found == [
        ("credential-logged", "hazards.py", 23, "semgrep"),  # warning() imported as warn_about
        ("hardcoded-credential", "hazards.py", 11, "semgrep"),  # a tuple assigned to a tuple
        ("hardcoded-credential", "hazards.py", 12, "semgrep"),  # a key named by a constant
        ("hardcoded-credential", "hazards.py", 13, "semgrep"),  # getenv's name in a constant
        ("hardcoded-credential", "hazards.py", 18, "semgrep"),  # annotated, folded pieces
    ]
    logged = next(f for f in scoped.findings if f.rule_id == "credential-logged")
    assert "refresh_token" in logged.message and logged.tool is None
    assert all(f.message.startswith("A credential appears to be written into the source code")
               for f in scoped.findings if f.rule_id == "hardcoded-credential")
    _pack, scoping = semgrep_runner._rule_pack(None, Confidence.MEDIUM, True)
    scoping.select([str(p) for p in files], str(root))
    ids = [r["id"] for r in scoping.rules]
    quiet = {ids[i] for i in scoping.may_match[str(root / "quiet.py")]}
    hazards = {ids[i] for i in scoping.may_match[str(root / "hazards.py")]}
    assert {"hardcoded-credential", "credential-logged"} <= hazards
    assert not quiet & {"hardcoded-credential", "credential-logged"}


def test_the_quiet_twin_passes_the_text_gates_and_fails_only_the_shapes():
    text = semgrep_scoping._Text((FIXTURE / "quiet.py").read_text(), True)
    for rule_id in ("hardcoded-credential", "credential-logged"):
        gate = _gate(rule_id)
        assert gate.in_code.test(text.code())
        assert not gate.test(text)
        assert gate.shapes.test(None)  # a file ast cannot read may hold anything


@pytest.mark.parametrize("source", [
    "password = 'Zq8vLm3pXr7tWy2'\n",
    "cfg.api_key = 'a' + 'b'\n",
    "user, db_secret = name, 'Zq8vLm3pXr7tWy2'\n",
    "(a, [b, *c_token]) = 1, [2, 'x']\n",
    "class A:\n    jwt_signing_key: Annotated[\n        str, Field()\n    ] = 'Zq8vLm3p'\n",
    "if (auth_token := f'Zq8{x}'):\n    pass\n",
    "connect(refresh_token=b'Zq8vLm3pXr7tWy2')\n",
    "def f(x, *, secret='Zq8vLm3pXr7tWy2'):\n    pass\n",
    "f = lambda credentials='Zq8vLm3pXr7tWy2': 1\n",
    "d = {'client_secret': 'Zq8vLm3pXr7tWy2'}\n",
    "d = {NAME: 'Zq8vLm3pXr7tWy2'}\n",
    "d = {'api_' + 'key': 'Zq8vLm3pXr7tWy2'}\n",
    "match x:\n    case {'password': 'Zq8vLm3pXr7tWy2'}:\n        pass\n",
    "import os\nv = os.getenv('DB_PASSWORD', 'Zq8vLm3pXr7tWy2')\n",
    "from os import getenv as ge\nv = ge(ENV_NAME, 'Zq8vLm3p')\n",
    "v = os.environ.get('API_' + 'TOKEN', 'Zq8vLm3p')\n",
    "print 'python 2: ast cannot read this file', password\n",
])
def test_hardcoded_credential_shapes(source):
    assert _passes("hardcoded-credential", source)


@pytest.mark.parametrize("source", [
    "def f(token: str, api_key: Optional[str] = None):\n    return token\n",
    "token = os.environ.get('X_TOKEN')\n",
    "secret = str('Zq8vLm3pXr7tWy2')\n",
    "api_token = x or 'Zq8vLm3pXr7tWy2'\n",
    "password = PASSWORD\n",
    "password_file = 'Zq8vLm3pXr7tWy2'\n",
    "d = {'token_url': 'https://x', 'max_tokens': 'Zq8'}\n",
    "v = os.getenv('HOME_DIR', 'Zq8vLm3pXr7tWy2')\n",
    "v = os.getenv('DB_PASSWORD', None)\n",
    "v = cache.lookup('DB_PASSWORD', 'Zq8vLm3pXr7tWy2')\n",
])
def test_hardcoded_credential_quiet_twins(source):
    assert not _passes("hardcoded-credential", source)


@pytest.mark.parametrize("source", [
    "logger.info('token: %s', api_token)\n",
    "logging.debug(f'{self.client_secret}')\n",
    "print('value', cfg['password'])\n",
    "sys.stderr.write(creds.refresh_token)\n",
    "from logging import error as oops\noops(auth_header)\n",
    "log.warning('x', extra={'k': session.cookie})\n",
    "console.log(*tokens, secret)\n",
])
def test_credential_logged_shapes(source):
    assert _passes("credential-logged", source)


@pytest.mark.parametrize("source", [
    "logger.info('token set: %s', bool(token))\n",  # passes: bool(token) is for semgrep to drop
    "logger.info('limits %d', max_tokens)\n",
    "logger.info('token set')\n",
    "token = fetch()\nstore(token)\nlogger.info('done')\n",
    "from mymod import emit as note\nnote(api_token)\n",
])
def test_credential_logged_quiet_twins(source):
    expected = source.startswith("logger.info('token set: %s', bool")
    assert _passes("credential-logged", source) is expected


def test_bad_shape_entries_are_rule_pack_errors():
    for bad in ([], [{"assigned-string": "("}], [{"unknown": "x"}], [{"call-argument": {"call": "x"}}],
                [{"env-default": "x"}], ["text"]):
        with pytest.raises(ValueError):
            Shapes("r", bad)
    with pytest.raises(ValueError, match="narrows"):
        semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires-python": [{"assigned-string": "x"}]})


def test_facts_of_unreadable_text_are_none_and_read_once():
    assert Facts.of("def f(:\n") is None
    assert Facts.of("x = '\0'\n" + "(" * 300 + ")" * 300) is None or True  # never raises
    text = semgrep_scoping._Text("password = 'Zq8vLm3pXr7tWy2'\n", True)
    assert text.facts() is text.facts()


def test_the_early_index_shares_a_tree_only_for_the_same_text_and_stops_waiting_when_done():
    import ast
    import threading

    from mcpaudit import pipeline

    early = pipeline.EarlyIndex()
    got = []
    waiter = threading.Thread(target=lambda: got.append(early.tree("a.py", "x = 1\n")))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # waits for the first pass
    tree = ast.parse("x = 1\n")
    early.start({"a.py": "x = 1\n"}, {"a.py": tree})
    waiter.join(5)
    assert got == [tree]
    assert early.tree("a.py", "x = 2\n") is None and early.tree("b.py", "x = 1\n") is None
    early.release()
    assert early.tree("a.py", "x = 1\n") is None
    never = pipeline.EarlyIndex()
    never.done()
    assert never.tree("a.py", "x = 1\n") is None  # no first pass: no wait


@needs_semgrep
def test_a_scan_gates_semgrep_with_the_first_pass_trees_and_finds_the_same(tmp_path, monkeypatch):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.engines.semgrep import shapes

    root = tmp_path / "tree"
    shutil.copytree(FIXTURE, root)
    parsed, shared = [], []
    real_of, real_tree = shapes.Facts.of, __import__("mcpaudit.pipeline", fromlist=["x"]).EarlyIndex.tree
    monkeypatch.setattr(shapes.Facts, "of", staticmethod(lambda text: parsed.append(text) or real_of(text)))

    def tree(self, path, text):
        got = real_tree(self, path, text)
        shared.append((path, got is not None))
        return got

    from mcpaudit import pipeline
    monkeypatch.setattr(pipeline.EarlyIndex, "tree", tree)
    config = Config(cache=False, engines=["cst", "semgrep"])
    with_trees = api.audit([root], config)
    # each file is looked up once; the trees are dropped after the posture pass, so a file
    # semgrep's thread reaches later (a race on a tree this small) is parsed there instead
    assert sorted(p for p, _ in shared) == ["hazards.py", "quiet.py"]
    assert len(parsed) == sum(1 for _, got in shared if not got)
    keys = _semgrep_keys(with_trees)
    assert keys == [("credential-logged", "hazards.py", 23), ("hardcoded-credential", "hazards.py", 11),
                    ("hardcoded-credential", "hazards.py", 12), ("hardcoded-credential", "hazards.py", 13),
                    ("hardcoded-credential", "hazards.py", 18)]
    before = len(parsed)
    alone = api.audit([root], Config(cache=False, engines=["semgrep"]))  # no first pass: parsed here
    assert len(parsed) - before == 2
    assert _semgrep_keys(alone) == keys


def _semgrep_keys(result):
    """semgrep's findings in a report, also those merged into another engine's at one line."""
    out = set()
    for f in result.findings:
        rules = [f.rule_id] if f.engine == "semgrep" else []
        rules += [r.split(":", 1)[1] for r in f.also_reported_by if r.startswith("semgrep:")]
        out.update((r, f.location.path, f.location.line) for r in rules)
    return sorted(out)
