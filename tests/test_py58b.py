"""HTTP transports the scan did not see (issue 12, branch py58b): a FastAPI app's serving call in
its own module named by the posture's finding, a ``Depends()`` key check that fails open while its
key is unset, and a deploy command that publishes an executor with authentication off. Fixtures
under ``fixtures/py58b/``, each with a safe twin."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.analysis.publicdeploy import _commands, _match
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "py58b"
RULE = "http-transport-no-auth"


def _line(name: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((FIXTURES / name / "server.py").read_text(encoding="utf-8").splitlines(), 1)
            if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _found(tmp_path: Path, name: str) -> List[Tuple[str, int, str, str, list]]:
    """(path, line, confidence, message, flow lines) of each http-transport-no-auth finding, low
    included, of a copy of fixture folder ``name`` (its scan root is the copy)."""
    shutil.copytree(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.message,
             [(s.location.path, s.location.line) for s in f.flow]) for f in res.findings if f.rule_id == RULE]


# 1-2. a hand-written JSON-RPC app served on every interface, its key dependency failing open ------

def test_the_served_app_names_its_serving_call_and_the_fail_open_dependency(tmp_path):
    app = _line("served_app", 'app = FastAPI(title="Notes MCP")')
    served = _line("served_app", 'uvicorn.run(app, host="0.0.0.0", port=5001)')
    dep = _line("served_app", "def verify_api_key(request: Request) -> bool:")
    found = _found(tmp_path, "served_app")
    assert [f[:3] for f in found] == [("server.py", app, "medium")]
    msg = found[0][3]
    assert msg.startswith(f"MCP is served over HTTP (server.py:{app}: the app built here listens on every "
                          f"interface at server.py:{served}) and authentication is optional, off unless configured")
    assert f"the dependency verify_api_key at server.py:{dep} lets every request through while API_KEY is unset" in msg
    assert "chosen at run time" not in msg
    # the flow passes at the serving call (where the bind belongs)
    assert found[0][4] == [("server.py", app), ("server.py", served)]


def test_a_dependency_that_refuses_every_request_while_the_key_is_unset_is_authentication(tmp_path):
    assert _found(tmp_path, "served_app_keyed") == []


# 3. a deploy command that publishes the executor with authentication off ----------------------

def test_a_gcloud_deploy_with_allow_unauthenticated_is_an_open_http_endpoint(tmp_path):
    flag = _line("public_deploy", '"--allow-unauthenticated",')
    found = _found(tmp_path, "public_deploy")
    assert [f[:3] for f in found] == [("server.py", flag, "medium")]
    assert found[0][3].startswith("`gcloud functions deploy ... --allow-unauthenticated` publishes a Cloud Function "
                                  "over HTTP with no authentication: anyone on the internet who learns its URL calls it")


def test_a_deploy_that_keeps_authentication_on_is_quiet(tmp_path):
    assert _found(tmp_path, "private_deploy") == []


def _hits(code: str) -> List[Tuple[str, int]]:
    rows = catalog().python.surface.public_deploys
    out = []
    for node, words in _commands(ast.parse(code)):
        hit = _match(words, rows)
        if hit is not None:
            out.append((" ".join(hit[0]["words"]), (hit[1] or node).lineno))
    return out


def test_command_strings_and_f_strings_count_and_other_programs_do_not():
    assert _hits('import os\nos.system(f"gcloud run deploy {svc} --source . --allow-unauthenticated")\n') == \
        [("gcloud run deploy", 2)]
    assert _hits('cmd = ("/usr/bin/gcloud", "beta", "run", "deploy", name,\n       "--allow-unauthenticated")\n') == \
        [("gcloud beta run deploy", 2)]
    # another program, a describe command, a flag only mentioned: nothing
    assert _hits('run(["echo", "--allow-unauthenticated"])\n'
                 'run(["gcloud", "functions", "describe", "--allow-unauthenticated"])\n'
                 'HELP = "pass --allow-unauthenticated to gcloud"\n') == []
