"""Causes fixed by branch pyrec31 (issue 12), each fixture with its twins.

* A credentialed-host row's host field assigned after the object was built with the operator's
  credential (``analysis/fieldhosts.py``): ``config.authority_url = url`` on a config built with
  ``client_cred=os.getenv(...)`` sends that credential to the caller's host
  (``fixtures/taint/pyrec31/field_host.py``). Twins: the caller's own credential, and a host
  fixed by a constant prefix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

_TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "pyrec31"


def _findings(root: Path):
    res = api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings]


_FIELD = ("tool '{tool}' passes parameter 'authority_url' to unstructured_client.models.shared."
          "OneDriveSourceConnectorConfigInput(){field}: server-side request forgery (the server's credential goes with it)")


def test_a_host_field_set_after_the_credential(tmp_path):
    """Twins stay quiet: the caller's own credential (field and constructor forms), a host fixed
    by a constant prefix."""
    src = _TAINT / "field_host.py"
    shutil.copy(src, tmp_path / "field_host.py")
    field = " field 'authority_url'"
    assert _findings(tmp_path / "field_host.py") == [
        ("tool-ssrf", line_in(src, "# expect: tool-ssrf (set after"), "high",
         "create_onedrive_source", _FIELD.format(tool="create_onedrive_source", field=field)),
        ("tool-ssrf", line_in(src, "# expect: tool-ssrf (the constructor's host"), "high",
         "create_onedrive_source_default", _FIELD.format(tool="create_onedrive_source_default", field=field)),
        ("tool-ssrf", line_in(src, "authority_url=authority_url,  # expect"), "high",
         "create_onedrive_source_direct", _FIELD.format(tool="create_onedrive_source_direct", field="")),
    ]


def test_one_credential_check_for_the_constructor_and_the_field(tmp_path):
    """The constructor's host keyword and a host field set afterwards accept the same credential:
    an environment read under a name that does not look secret (ONEDRIVE_CLIENT_CRED)."""
    from mcpaudit.catalog import catalog

    assert not catalog().python.is_secret_env("ONEDRIVE_CLIENT_CRED")
    src = _TAINT / "field_host.py"
    shutil.copy(src, tmp_path / "field_host.py")
    tools = [f[3] for f in _findings(tmp_path / "field_host.py")]
    assert "create_onedrive_source_direct" in tools and "create_onedrive_source_direct_own" not in tools


def test_json_schema_validation_is_no_content_check(tmp_path):
    src = _TAINT / "schema_check.py"
    shutil.copy(src, tmp_path / "schema_check.py")
    lines = src.read_text().splitlines()
    opens = [n for n, text in enumerate(lines, 1) if "with open(path) as f:  # expect" in text]
    msg = "tool '{}' passes parameter 'path' to open(): path traversal / arbitrary file access"
    assert _findings(tmp_path / "schema_check.py") == [
        ("tool-path-traversal", opens[0], "high", "read_note", msg.format("read_note")),
        ("tool-path-traversal", opens[1], "high", "read_note_entry", msg.format("read_note_entry")),
        # the twin: a validator of another package, not read: still the weak check
        ("tool-path-traversal", opens[2], "medium", "read_note_checked", msg.format("read_note_checked")
         + "; only a weak check on the way: checked by validate_note_path() (not verified by mcpaudit)")]
