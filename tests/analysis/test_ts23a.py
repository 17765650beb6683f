"""The Python side of ts23a (issues 12 and 14), each with a twin (``fixtures/taint/ts23a``): a
FastMCP resource template's simple ``{name}`` pasted into a URL path stays one segment (a tool's
free string does not), and ``GOOGLE_APPLICATION_CREDENTIALS`` names the key file, not the key."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "ts23a"
groups = FlowGroups("ts23a")


def test_a_template_value_is_one_url_segment():
    src = FLOWS / "templatevars" / "server.py"
    assert groups.rows("templatevars") == [("server.py", line_in(src, "# expect: tool-ssrf"), "tool-ssrf", "summary")]
    assert groups.message("templatevars", "tool-ssrf", "summary").startswith(
        "tool 'summary' passes parameter 'project_id' to httpx.get(): server-side request forgery; only a weak "
        "check on the way: it fills the path under the fixed host api.ledger.example")


def test_a_key_files_path_is_no_secret():
    src = FLOWS / "keypath" / "server.py"
    assert groups.rows("keypath") == [("server.py", line_in(src, "# expect: secret-in-log"), "secret-in-log", None)]
    assert groups.found("keypath")[0].message == (
        "secret 'os.environ['BILLING_API_KEY']' is written to a log by logging.getLogger.info()")
    M = catalog().python
    assert not M.is_secret_env("GOOGLE_APPLICATION_CREDENTIALS") and M.is_secret_env("GOOGLE_CREDENTIALS")
