"""Causes of the twenty-fourth Python holdout, reader A (issue 12, branch py24a), each with a twin
(``fixtures/taint/py24a``): tool functions handed to a registry of the project as a list of bound
methods, stored in records and run by the dispatcher ``call_tool`` hands the name to; names that
say what a credential is called, counted or paired with."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "py24a"
groups = FlowGroups("py24a")


def test_bound_methods_handed_to_a_registry_are_the_dispatched_tools():
    reg = FLOWS / "registry"
    # each method carries its SDK Tool declaration (name, schema); the shutdown hook stored in
    # another table, run by no call_tool, is no tool
    assert groups.tools("registry") == ["mirror_fetch", "mirror_publish", "mirror_status"]
    tool = next(t for t in groups.run("registry")[1].tools if t.name == "mirror_fetch")
    assert (tool.location.path, tool.function, [p.name for p in tool.parameters]) == (
        "mirror/tools.py", "_Tools.fetch", ["site"])
    assert tool.description == "Fetch the index of a mirror site"
    service = reg / "mirror" / "service.py"
    assert groups.rows("registry") == sorted([
        ("mirror/service.py", line_in(service, 'print(f"{key}: {value}")'), "secret-in-log", "mirror_fetch"),
        ("mirror/service.py", line_in(service, 'session.get(url + "/index"'), "tool-ssrf", "mirror_fetch"),
        ("mirror/service.py", line_in(service, 'with open(source, "rb")'), "capability-file-access",
         "mirror_publish"),
    ])
    assert groups.message("registry", "tool-ssrf", "mirror_fetch").startswith(
        "tool 'mirror_fetch' passes parameter 'arguments['site']' to aiohttp.ClientSession.get(): "
        "server-side request forgery")
    # twins: a region looked up in a fixed table (mirror_status), and the hook's delete
    assert not [f for f in groups.found("registry", low=True) if f.tool == "mirror_status"]
    assert not [f for f in groups.found("registry", low=True)
                if f.location.line == line_in(service, "os.remove(")]


def test_qiniu_uploads_read_the_local_file_they_are_given():
    row = catalog().python.sink_calls["qiniu.put_file"]
    assert row.family == "path"


def test_names_about_a_credential_are_not_the_credential():
    server = FLOWS / "secret_names" / "server.py"
    found = groups.found("secret_names")
    rows = sorted((f.location.line, f.rule_id, f.message) for f in found)
    # token_name (what the token is called), total_secrets (a count), the member id item of a
    # record named for the token (read from what a project method returned), and the access
    # key of a pair whose secret key the module reads: none is a secret
    assert rows == sorted([
        (line_in(server, "# twin: the service's only key"), "secret-in-log",
         "secret 'solo.access_key' is written to a log by logging.getLogger.info()"),
        (line_in(server, "# twin: the token itself"), "secret-in-log",
         "secret 'self.api_token' is written to a log by logging.getLogger.debug()"),
        (line_in(server, "# twin: an item named for the credential"), "secret-in-log",
         "secret 'self.session.token_info' is written to a log by logging.getLogger.info()"),
    ])


def test_secret_name_exceptions_are_catalog_data():
    M = catalog().python
    assert not M.is_secret_name("token_name") and not M.is_secret_name("token_label")
    assert not M.is_secret_name("total_secrets") and not M.is_secret_name("num_tokens")
    assert not M.is_secret_name("files_with_secrets") and M.is_secret_name("client_secret")
    assert M.is_secret_name("api_token") and M.is_secret_name("access_key")
    assert M.public_half_name.search("access_key_id") and not M.public_half_name.search("secret_access_key")


def test_header_items_printed_one_by_one_carry_the_bearer_key():
    service = FLOWS / "registry" / "mirror" / "service.py"
    hit = [f for f in groups.found("registry") if f.rule_id == "secret-in-log"]
    assert [(f.location.line, f.tool, f.message) for f in hit] == [
        (line_in(service, 'print(f"{key}: {value}")'), "mirror_fetch",
         "secret 'self.api_token' is written to a log by print()")]
