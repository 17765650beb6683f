"""Causes of the thirty-ninth Python holdout (issue 12, branch py53a), each with a twin that stays
reported (``fixtures/taint/py53a``, ``fixtures/py53a``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, copied_rule_rows, line_in, rows

files = FixtureFiles("py53a")
#: the folder fixtures: each its own project (authentication is a server-wide fact)
ROOT = TAINT_FIXTURES.parent / "py53a"


# 1. a caller's value whose fallback is the server's secret ------------------------------------

def test_a_url_parameter_that_falls_back_to_the_servers_token_is_not_that_token_on_the_wire(tmp_path):
    # if not token: token = os.getenv(...); requests.post(f"{BASE}/{token}"): the caller's token
    # or the server's, never both; nothing else of the server's on the request: no default finding
    assert rows(files.audit("fallbacktoken.py", tmp_path)) == []


def test_the_same_fill_with_the_servers_token_in_a_header_or_a_query_value_stays_reported(tmp_path):
    found = files.audit("fallbackheader.py", tmp_path)
    header = files.line_of("fallbackheader.py", 'f"{HOME}/api/services/notify/{device}"')
    query = files.line_of("fallbackheader.py", 'f"https://push.example.com/send/{token}?sig={sig}"')
    assert [(f.rule_id, f.location.line, f.tool, f.confidence.label) for f in sorted(found, key=lambda f: f.location.line)] \
        == [("tool-ssrf", header, "notify_device", "medium"), ("tool-ssrf", query, "push_signed", "medium")]
    by_tool = {f.tool: f.message for f in found}
    # the reason is the server's token on the request, not a path containment check: the prefix
    # test is on a literal name ("notify."), which holds no separator
    assert by_tool["notify_device"] == (
        "tool 'notify_device' passes parameter 'device' to requests.post(): server-side request forgery; only a "
        "weak check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints "
        "of that host with the server's credential (the 'headers' argument), sent with the server's configured "
        "os.environ['HOME_ACCESS_TOKEN']")
    assert "startswith" not in by_tool["notify_device"]
    assert by_tool["push_signed"].endswith(
        "it fills the path under the fixed host push.example.com; '../' reaches other endpoints of push.example.com "
        "with the server's credential (a secret of the server's in the URL)")


# 2. a path fill whose only credential is the caller's own --------------------------------------

def test_a_path_fill_whose_headers_hold_only_the_callers_token_is_an_audit_result(tmp_path):
    assert rows(files.audit("callertoken.py", tmp_path)) == []


def test_a_path_fill_whose_helper_headers_hold_the_operators_token_stays_reported(tmp_path):
    found = files.audit("operatortoken.py", tmp_path)
    line = files.line_of("operatortoken.py", "r = requests.get(url, params=params or {}")
    assert [(f.rule_id, f.location.line, f.tool, f.parameter) for f in found] == [
        ("tool-ssrf", line, "repo_issues", "owner")]
    assert found[0].message.endswith(
        "it fills the path under the fixed host api.github.com; '../' reaches other endpoints of api.github.com "
        "with the server's credential (the 'headers' argument), sent with the server's configured "
        "os.environ['GITHUB_TOKEN']")


# 3. a branch the tool callers switch off with constants; a join that replaces both separators ---

def test_a_callee_branch_every_tool_caller_switches_off_with_constants_is_not_entered(tmp_path):
    # find_papers passes save_file=False, save_to=None (if save_file or save_to: <write>);
    # read_paper passes False before an "if not save_file: return": neither write runs
    assert rows(files.audit("savebranch.py", tmp_path)) == []


def test_a_tool_that_turns_the_branch_on_or_passes_a_value_keeps_the_flow(tmp_path):
    found = files.audit("savebranch_on.py", tmp_path)
    line = files.line_of("savebranch_on.py", 'with open(path, "w", encoding="utf-8") as fh:')
    assert rows(found) == [
        ("capability-file-access", line, "find_into", "tool 'find_into' reads and writes any file the caller names: "
                                                      "parameter 'folder' reaches open() as is"),
        ("tool-path-traversal", line, "find_and_save",
         "tool 'find_and_save' passes parameter 'keywords' to open(): path traversal / arbitrary file access (write)"),
    ]
    flow = next(f for f in found if f.tool == "find_and_save").flow
    assert [(s.location.line, s.note) for s in flow][:2] == [
        (files.line_of("savebranch_on.py", "def find_and_save(keywords: str)"),
         "parameter 'keywords' of MCP tool 'find_and_save' (caller-controlled)"),
        (files.line_of("savebranch_on.py", "return search_papers(keywords, 10, True)"), "passed to search_papers()")]


def test_a_character_join_that_replaces_both_separators_makes_one_name(tmp_path):
    assert rows(files.audit("joinsanitize.py", tmp_path)) == []


def test_a_character_join_that_keeps_the_slash_stays_reported(tmp_path):
    found = files.audit("joinsanitize_sep.py", tmp_path)
    line = files.line_of("joinsanitize_sep.py", 'path.write_text(text, encoding="utf-8")')
    assert rows(found) == [("tool-path-traversal", line, "save_note", "tool 'save_note' passes parameter 'title' to "
                            ".write_text(): path traversal / arbitrary file access (write)")]


# 4. a key check that fails open -----------------------------------------------------------------

def test_a_key_check_that_allows_everything_while_the_key_is_unset_is_optional_authentication(tmp_path):
    found = copied_rule_rows(ROOT, "failopen_key", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "failopen_key" / "server.py", 'uvicorn.run(app, host="0.0.0.0", port=5001)')
    check = line_in(ROOT / "failopen_key" / "server.py", "if not verify_api_key(request):")
    assert [f[:4] for f in found] == [("server.py", line, "medium", None)]
    assert found[0][4].startswith(
        "uvicorn.run() serves MCP over HTTP and authentication is optional, off unless configured: the check at "
        f"server.py:{check} rejects a request only when API_KEY is set: unauthenticated unless configured")
    assert found[0][4].endswith("anyone who reaches it can call: read_inbox")


def test_a_key_check_that_refuses_everything_while_the_key_is_unset_is_authentication(tmp_path):
    assert copied_rule_rows(ROOT, "failclosed_key", tmp_path, "http-transport-no-auth") == []


# 5. middleware on a bound method -----------------------------------------------------------------

def test_auth_middleware_added_to_the_app_method_itself_is_never_installed(tmp_path):
    found = copied_rule_rows(ROOT, "method_middleware", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "method_middleware" / "server.py", "await self.mcp.run_streamable_http_async(host=host")
    assert found == [("server.py", line, "medium", None,
                      "self.mcp.run_streamable_http_async() serves MCP over HTTP and no authentication is configured "
                      "anywhere in the project; anyone who reaches it can call: search")]


def test_auth_middleware_added_to_the_app_the_method_builds_is_authentication(tmp_path):
    assert copied_rule_rows(ROOT, "called_middleware", tmp_path, "http-transport-no-auth") == []
