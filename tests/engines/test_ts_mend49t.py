"""The review of stop 48's TypeScript modules, items 5-9 (mend49t, ``fixtures/typescript/mend49t``).

* ``secretmember``: a credential check inside ``if (config.apiKey)`` with the key empty unless
  configured is optional authentication; the twin refuses to start without ``config.apiKey``
  (``if (!config.apiKey) throw``), which the start-up check now reads as a member
  (``secretmember_safe``; before, ``!config.apiKey`` was never matched and the twin was reported).
* ``twoloaders``: two folders of tool modules registered in two loops the linker cannot follow,
  one reading ``tool.method``, the other ``job.id``: each loop's tool modules are tools (before,
  the first unfollowable registration decided for all, and the admin folder's tools were lost).
* ``hostlist``: a helper testing a list against ``u.hostname`` (a host deny-list) tests more than
  the URL's form: its verdict is a check, so the fetch the tool declares is a finding; the twin
  tests ``["http:", "https:"].includes(u.protocol)`` only, and the fetch is its capability.
  A ``startsWith`` prefix is a scheme test only when it is a bare scheme (``"https://"``).
* ``partialopen_safe``: ``fsPromises.open(p, "w")`` then ``unlink(p)`` on failure is the write's
  undo, no deletion; ``partialcallback``: a write in a callback that may never run does not make
  the delete beside it an undo (``destructiveHint: false`` is then broken).
* ``pairscope``/``pairscope_unknown``: a loop over a list of pairs takes its names from a constant
  list of the module (or a block around the loop), not from a list of that name declared in
  another block.
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "mend49t"


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


def test_a_check_inside_if_config_member_is_optional_auth(tmp_path):
    g = f"{G}/secretmember"
    res = audit_low(tmp_path, g)
    transport = line_of("src/server.ts", "const transport = new StreamableHTTPServerTransport(", g)
    gate = line_of("src/server.ts", "  if (config.apiKey) {", g)
    got = _reports(res, ("http-transport-no-auth",))
    assert [r[:5] for r in got] == [("http-transport-no-auth", "src/server.ts", transport, None, Confidence.MEDIUM)]
    assert got[0][5].startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        "configured: if (config.apiKey) { ...the credential check... } (skipped while !config.apiKey: no secret "
        f"configured) at src/server.ts:{gate} is added conditionally")


def test_a_config_member_the_server_will_not_start_without_is_auth(tmp_path):
    res = audit_low(tmp_path, f"{G}/secretmember_safe")
    assert _reports(res, ("http-transport-no-auth",)) == []


def _tool_names(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def test_each_unfollowable_registration_reads_tool_modules_by_its_own_properties(tmp_path):
    g = f"{G}/twoloaders"
    res = audit_low(tmp_path, g)
    assert _tool_names(res) == ["pingHost", "restartService"]
    line = line_of("src/admin/restartService.ts", "return execSync(`systemctl restart ${args.service}`)", g)
    shell = [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in res.findings
             if f.rule_id == "tool-shell-injection"]
    assert shell == [("tool-shell-injection", "src/admin/restartService.ts", line, "restartService",
                      "tool 'restartService' passes parameter 'service' to child_process.execSync(): "
                      "OS command injection")]


def test_two_loaders_safe_twin(tmp_path):
    res = audit_low(tmp_path, f"{G}/twoloaders_safe")
    assert _tool_names(res) == ["pingHost", "restartService"]
    assert [f for f in res.findings if f.rule_id == "tool-shell-injection"] == []


def test_a_host_list_in_a_helper_is_a_check_not_a_form_test(tmp_path):
    g = f"{G}/hostlist"
    res = audit_low(tmp_path, g)
    line = line_of("src/index.ts", "const r = await fetch(url);", g)
    assert _reports(res, ("tool-ssrf",)) == [
        ("tool-ssrf", "src/index.ts", line, "get_status", Confidence.HIGH,
         "tool 'get_status' passes parameter 'url' to fetch(): server-side request forgery")]


def test_a_scheme_list_in_a_helper_is_a_form_test(tmp_path):
    res = audit_low(tmp_path, f"{G}/hostlist_safe")
    assert [r for r in _reports(res, ("tool-ssrf",)) if r[3] is not None] == []


def _form_calls(src: bytes):
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.formchecks import _form_call
    from mcpaudit.analysis.ts.parse import parse

    tree = parse(src, "x.ts")
    return {N.text(src, c): _form_call(src, c) for c in N.nodes_under(tree.root_node, "call_expression")}


def test_scheme_prefixes_and_lists_by_what_they_test():
    got = _form_calls(b'''s.startsWith("https://"); s.startsWith("http:"); s.startsWith("https://api.x.com/");
["http:", "https:"].includes(u.protocol); ["localhost", "api.github.com"].includes(u.hostname);
["http", "https"].includes(scheme);''')
    assert got == {'s.startsWith("https://")': True, 's.startsWith("http:")': True,
                   's.startsWith("https://api.x.com/")': False,
                   '["http:", "https:"].includes(u.protocol)': True,
                   '["localhost", "api.github.com"].includes(u.hostname)': False,
                   '["http", "https"].includes(scheme)': True}


def test_a_file_opened_with_w_and_removed_on_failure_is_no_deletion(tmp_path):
    res = audit_low(tmp_path, f"{G}/partialopen_safe")
    assert _reports(res, ("tool-annotation-mismatch", "tool-read-only-bypass")) == []


def test_a_write_in_a_callback_does_not_make_the_delete_an_undo(tmp_path):
    g = f"{G}/partialcallback"
    res = audit_low(tmp_path, g)
    line = line_of("src/server.ts", "fsPromises.unlink(targetPath)", g)
    assert _reports(res, ("tool-annotation-mismatch",)) == [
        ("tool-annotation-mismatch", "src/server.ts", line, "download_file", Confidence.HIGH,
         "tool 'download_file' is annotated destructiveHint=False but deletes files (fs/promises.unlink())")]


def test_a_pair_loop_reads_the_modules_own_constant_list(tmp_path):
    res = audit_low(tmp_path, f"{G}/pairscope")
    assert _tool_names(res) == ["checkout_branch", "count_commits", "count_stashes", "count_tags", "current_branch"]


def test_a_pair_loop_over_a_list_read_at_run_time_names_no_tools(tmp_path):
    res = audit_low(tmp_path, f"{G}/pairscope_unknown")
    assert _tool_names(res) == ["checkout_branch", "count_commits", "current_branch"]


def test_a_refusal_only_in_production_leaves_the_member_check_optional(tmp_path):
    # if (environment === "production" && !config.apiKey) throw: the operator must opt in to
    # production (NODE_ENV defaults to development), so the server starts without the key by
    # default and the check inside if (config.apiKey) is still optional auth (secretmember_prodonly)
    g = f"{G}/secretmember_prodonly"
    res = audit_low(tmp_path, g)
    transport = line_of("src/server.ts", "const transport = new StreamableHTTPServerTransport(", g)
    gate = line_of("src/server.ts", "  if (config.apiKey) {", g)
    got = _reports(res, ("http-transport-no-auth",))
    assert [r[:5] for r in got] == [("http-transport-no-auth", "src/server.ts", transport, None, Confidence.MEDIUM)]
    assert got[0][5].startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        "configured: if (config.apiKey) { ...the credential check... } (skipped while !config.apiKey: no secret "
        f"configured) at src/server.ts:{gate} is added conditionally")
