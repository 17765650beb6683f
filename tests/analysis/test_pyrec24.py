"""Causes fixed by branch pyrec24 (fixtures/credentials/pyrec24/, each with a safe twin).

* A credential taken from the URL's query string of an HTTP request (``analysis/querycreds.py``,
  the catalog's ``http.query-credentials``, reported by ``secret-in-log``): the access log of
  the HTTP server writes every request line with its query string. Twins: the key taken from a
  header (a query read of a plain setting beside it), and the query-string key on a server
  whose access log is turned off.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "credentials" / "pyrec24"


def _logged(tmp_path, name):
    """(path, line, confidence, tool, message) of each secret-in-log finding, low included."""
    shutil.copytree(_ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings
            if f.rule_id == "secret-in-log"]


def _words(function, key):
    return (f"{function}() takes the credential '{key}' from the URL's query string of an HTTP request: the HTTP "
            "server's access log (uvicorn's at INFO by default) and any proxy write every request line with its "
            "query string, the secret included")


def test_a_credential_read_from_the_query_string_is_written_by_the_access_log(tmp_path):
    src = _ROOT / "query" / "server.py"
    assert _logged(tmp_path, "query") == [
        # a constant key whose value is a credential name, read on the request of the context
        ("server.py", line_in(src, "key = request.query_params.get(KEY_PARAM)"), "medium", None,
         _words("caller_key", "apiKey")),
        # a copy of the query mapping, read by subscript after a plain setting
        ("server.py", line_in(src, 'secret = params["password"]'), "medium", None,
         _words("caller_account", "password")),
    ]


def test_the_twins_a_header_and_an_access_log_turned_off(tmp_path):
    assert _logged(tmp_path, "header") == []
    assert _logged(tmp_path, "quiet-log") == []
