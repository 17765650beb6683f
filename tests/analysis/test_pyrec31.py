"""Causes fixed by branch pyrec31 (issue 12), each fixture with its twins.

* A credentialed-host row's host field assigned after the object was built with the operator's
  credential (``analysis/fieldhosts.py``): ``config.authority_url = url`` on a config built with
  ``client_cred=os.getenv(...)`` sends that credential to the caller's host
  (``fixtures/taint/pyrec31/field_host.py``). Twins: the caller's own credential, and a host
  fixed by a constant prefix.
* JSON-schema validation is a shape check (``analysis/schemachecks.py``,
  ``fixtures/taint/pyrec31/schema_check.py``). Twin: a validator of another package stays weak.
* An ``elif`` chain of prefix strips refuses nothing (``analysis/strips.py``,
  ``fixtures/taint/pyrec31/strip_chain.py``). Twin: the chain ending in a refusing ``else``.
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


def test_a_host_field_set_after_the_credential(tmp_path):
    src = _TAINT / "field_host.py"
    shutil.copy(src, tmp_path / "field_host.py")
    assert _findings(tmp_path / "field_host.py") == [(
        "tool-ssrf", line_in(src, "config.authority_url = authority_url  # expect"), "high", "create_onedrive_source",
        "tool 'create_onedrive_source' passes parameter 'authority_url' to "
        "unstructured_client.models.shared.OneDriveSourceConnectorConfigInput() field 'authority_url': "
        "server-side request forgery (the server's credential goes with it)")]


def test_the_field_host_twins_stay_quiet(tmp_path):
    src = _TAINT / "field_host.py"
    shutil.copy(src, tmp_path / "field_host.py")
    tools = {f[3] for f in _findings(tmp_path / "field_host.py")}
    assert "create_onedrive_source_own" not in tools  # the caller's own credential
    assert "create_onedrive_source_tenant" not in tools  # a fixed login host


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


def _capabilities(root: Path):
    res = api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.line, f.tool, f.message) for f in res.capabilities]


def test_an_elif_chain_of_prefix_strips_is_no_check(tmp_path):
    src = _TAINT / "strip_chain.py"
    shutil.copy(src, tmp_path / "strip_chain.py")
    lines = src.read_text().splitlines()
    runs = [n for n, text in enumerate(lines, 1) if "return subprocess.run(command, shell=True" in text]
    assert _capabilities(tmp_path / "strip_chain.py") == [(
        "capability-command-execution", runs[0], "run_device_command",
        "tool 'run_device_command' runs commands the caller chooses: parameter 'command' reaches "
        "subprocess.run(shell=True) as is; reachable over stdio only, by the local user who starts the server")]
    # the twin, whose chain ends in a refusing else: the prefix test is a (weak) check
    assert [f for f in _findings(tmp_path / "strip_chain.py") if f[2] != "low"] == [(
        "tool-shell-injection", runs[1], "medium", "run_device_command_checked",
        "tool 'run_device_command_checked' passes parameter 'command' to subprocess.run(shell=True): OS command "
        "injection; only a weak check on the way: weak containment check: str.startswith(root) without a trailing "
        "separator also accepts sibling directories such as '/allowed-evil' (CVE-2025-53110)")]
