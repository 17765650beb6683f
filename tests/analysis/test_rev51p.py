"""The review of stop 50's Python modules (issue 12, branch rev51p): each cause a counter-example
fixture of ``fixtures/taint/rev51p`` or ``fixtures/rev51p`` with a twin that keeps the old answer."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FlowGroups, copied_rule_rows, line_in

G = FlowGroups("rev51p")
STREAMS = TAINT_FIXTURES.parent / "rev51p"

# -- compprefix: a head of dots alone is no prefix ---------------------------------------------------------


def test_a_value_behind_a_bare_dot_in_the_file_name_climbs_with_no_directory_made():
    # f"{ROOT}/.{name}": '.' then './x' is '..', which every folder has: no audit view
    line = G.line_of("dot_prefix", "server.py", 'with open(path, "w") as fh:')
    found = [f for f in G.found("dot_prefix", low=True) if f.rule_id == "tool-path-traversal"]
    assert [(f.location.line, f.confidence.label, f.tool) for f in found] == [(line, "high", "save_dotfile")]
    assert found[0].message == ("tool 'save_dotfile' passes parameter 'name' to open(): path traversal / arbitrary "
                                "file access (write)")


def test_fixed_text_that_is_not_only_dots_or_a_dot_after_a_value_stays_in_the_audit_view():
    # f"{ROOT}/.cache_{name}" needs .cache_<x>; f"{ROOT}/{REPORT_STEM}.{ext}" needs report.<x>
    path = G.root / "dot_prefix_twin" / "server.py"
    lines = [i for i, ln in enumerate(path.read_text().splitlines(), 1) if 'with open(path, "w") as fh:' in ln]
    assert G.rows("dot_prefix_twin") == []
    found = [f for f in G.found("dot_prefix_twin", low=True) if f.rule_id == "tool-path-traversal"]
    assert [(f.location.line, f.confidence.label, f.tool) for f in found] == [
        (lines[0], "low", "save_dotfile"), (lines[1], "low", "save_report")]
    assert "the value follows the fixed text '.cache_' in the file name" in found[0].message
    assert "the value follows the fixed text '.' in the file name" in found[1].message


# -- membuffers: the models' buffer row, resolved through the imports -------------------------------------


def test_a_project_class_named_bytesio_is_no_in_memory_buffer():
    # class BytesIO of the module opens the file the caller names: img.save(out) writes it
    first = G.line_of("own_buffer", "server.py", "img.save(name)")
    second = G.line_of("own_buffer", "server.py", "img.save(out)")
    found = G.found("own_buffer")
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [("capability-file-access", first, "save_thumbnail")]
    assert found[0].properties["sinks"] == [f"server.py:{first}", f"server.py:{second}"]


def test_ios_bytesio_imported_by_its_bare_name_is_memory():
    assert G.found("own_buffer_twin", low=True) == []


def test_the_buffer_constructors_are_the_models_rows():
    from mcpaudit.catalog import catalog

    assert catalog().python.memory_buffers == frozenset({"io.BytesIO", "io.StringIO"})


# -- urlprefixes: a module tuple of prefixes that a function rebinds --------------------------------------


def test_url_prefixes_a_tool_rebinds_with_global_fix_no_host():
    line = G.line_of("rebound_prefix", "server.py", "return httpx.get(url).text")
    assert G.rows("rebound_prefix") == [("server.py", line, "tool-ssrf", "fetch_page")]
    assert G.message("rebound_prefix", "tool-ssrf", "fetch_page").startswith(
        "tool 'fetch_page' passes parameter 'url' to httpx.get(): server-side request forgery")


def test_url_prefixes_nothing_rebinds_fix_the_host():
    assert G.found("rebound_prefix_twin", low=True) == []


# -- streamservers: a credential's name, asyncio's own listener, its default host -------------------------

_STREAM = ("asyncio.start_server() serves a hand-written endpoint (handle_http) that calls the MCP tools (a handler "
           "taken from HANDLERS, the table call_tool dispatches through), and the handler checks no credential ")


def test_a_handler_naming_progress_tokens_and_token_counts_checks_no_credential(tmp_path):
    line = line_in(STREAMS / "stream_progress" / "server.py", "await asyncio.start_server(handle_http")
    assert copied_rule_rows(STREAMS, "stream_progress", tmp_path, "http-transport-no-auth") == [
        ("server.py", line, "medium", None, _STREAM + "(bound to all interfaces by default)")]


def test_a_listener_given_no_host_is_bound_to_all_interfaces(tmp_path):
    line = line_in(STREAMS / "stream_default_host" / "server.py", "await asyncio.start_server(handle_http")
    assert copied_rule_rows(STREAMS, "stream_default_host", tmp_path, "http-transport-no-auth") == [
        ("server.py", line, "medium", None, _STREAM + "(bound to all interfaces by default)")]


def test_a_project_method_named_start_server_is_no_asyncio_listener(tmp_path):
    assert copied_rule_rows(STREAMS, "stream_own_helper", tmp_path, "http-transport-no-auth") == []


def test_credential_strings_a_handler_holds():
    from mcpaudit.analysis.streamservers import _CREDENTIAL, _CREDENTIAL_ENV

    said = [s for s in ("authorization: bearer ", "Authorization", "x-api-key", "X-Auth-Token", "Bearer ", "token",
                        "api_key", "cookie")
            if _CREDENTIAL.search(s)]
    assert len(said) == 8 and _CREDENTIAL_ENV.match("TOOL_TOKEN") and _CREDENTIAL_ENV.match("MCP_API_KEY")
    assert not any(_CREDENTIAL.search(s) or _CREDENTIAL_ENV.match(s)
                   for s in ("progressToken", "max_tokens", "Set-Cookie", "invalid token", "tokens", "_meta"))
