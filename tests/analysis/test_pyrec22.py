"""Causes fixed by branch pyrec22 (fixtures/taint/pyrec22/, each with a safe twin).

* A project helper that sets up the logging package (``logger = setup_logging(debug)``,
  ``configure_logging``, ``init_logging``: the catalog's ``logger`` receiver ``factories``)
  returns a logger: a secret its result logs is reported (``secret-in-log``). The twins: the same
  logger given no secret, and a helper of another name whose object has an ``info()`` method.
"""

from __future__ import annotations

import shutil

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import TAINT_FIXTURES, line_in

_ROOT = TAINT_FIXTURES / "pyrec22"


def _audit_pkg(name, tmp_path, low=False):
    shutil.copytree(_ROOT / name, tmp_path / name)
    cfg = Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW if low else Confidence.MEDIUM)
    return api.audit([tmp_path], cfg).findings


def test_a_logger_returned_by_a_project_setup_helper_is_a_log_sink(tmp_path):
    server = _ROOT / "logpkg" / "server.py"
    found = [f for f in _audit_pkg("logpkg", tmp_path) if f.rule_id == "secret-in-log"]
    assert [(f.location.path, f.location.line, f.tool, f.message) for f in found] == [
        ("logpkg/server.py", line_in(server, 'logger.debug(f"sending headers {headers}")'), None,
         "secret 'os.environ['RELAY_API_KEY']' is written to a log by logpkg.logsetup.configure_logging.debug()"),
    ]
    (tmp_path / "low").mkdir()
    low = _audit_pkg("logpkg", tmp_path / "low", low=True)
    # the twins: the logger given only the caller's path, the counter helper's info()
    assert [f.location.line for f in low if f.rule_id == "secret-in-log"] == [found[0].location.line]
