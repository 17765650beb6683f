"""General causes read from the eighteenth TypeScript holdout (ts18b), each on a fixture of our
own with a safe twin (``fixtures/typescript/ts18b``):

* a containment helper written ``if (!r.startsWith(root + sep) && r !== root) throw`` (or ``r ===
  root || r.startsWith(root + sep)``) is the same check as without the root disjunct: the
  equality with a value that carries no caller input proves what the prefix side proves
  (``containment``);
* a wildcard address that is only compared with (an operand of ``===``, an element of a host
  list that also names a loopback address) is not a bind address (``hostlist``);
* dockerode's ``container.exec({Cmd})`` and ``docker.run(image, cmd)`` run one argv array, its
  program first, in a container: ``bash -c <command>`` is the tool's command execution, a fixed
  program's operand an option when it starts with '-' (``dockerexec``);
* ``python3 -c <source>`` and ``node -e <source>`` with the caller's text in the source are code
  injection, not a shell's (``interpreters``);
* an axios error's text (``String(error)``, `` `${error}` ``) holds no header of the request it
  carries; an id read from a cookie is no secret by its name, a session id is (``errortext``);
* a method handed to a helper as a callback, bound to its object (``this.settings.registryFor
  .bind(this.settings)``), is followed like a call of it: the URL origin it returns is the
  operator's, the caller's package fills only the path (``boundgetter``);
* one caller object whose fields land in a URL's path and in its query fills the path (the
  weaker of the two), not the whole URL (``pathquery``);
* a value after a constant first path segment (`` `crates/${name}` ``) is a relative path: on its
  own it names no host, given to ``new URL(path, base)`` it keeps the base's; headers picked by a
  ternary from two constant configurations are read, not taken for a credential (``relpath``);
* VS Code's ``session.customRequest("evaluate", {expression})`` runs the expression in the
  debugged program (``debugeval``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

GROUPS = ["ts18b/containment", "ts18b/dockerexec", "ts18b/interpreters", "ts18b/errortext",
          "ts18b/boundgetter", "ts18b/pathquery", "ts18b/relpath",
          "ts18b/debugeval"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_containment_check_that_also_admits_the_root_is_a_weak_check():
    group = "ts18b/containment"
    found = by_rule(group, "tool-path-traversal")
    read = line_of("server.ts", "fs.readFileSync(safe,", group)
    write = line_of("server.ts", "fs.writeFileSync(rootOrBelow(", group)
    assert sorted(found) == [("server.ts", read), ("server.ts", write)]
    for (_, line), tool, verb in ((("", read), "load_export", "fs.readFileSync()"),
                                  (("", write), "save_export", "fs.writeFileSync()")):
        f = found[("server.ts", line)]
        assert f.tool == tool and f.confidence == Confidence.MEDIUM
        assert f.message.startswith(f"tool '{tool}' passes parameter 'arguments['file']' to {verb}: path traversal")
        assert "only a weak check on the way: resolved with a lexical resolver" in f.message


def test_the_helper_skipped_reads_any_file(tmp_path):
    res = audit_group(tmp_path, "ts18b/containment")
    caps = [(c.rule_id, c.tool) for c in res.capabilities]
    assert caps == [("capability-file-access", "load_any")]


def _bind(tmp_path, name):
    res = audit_group(tmp_path, f"ts18b/hostlist/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_wildcard_address_in_a_list_of_hosts_compared_with_is_no_bind_address(tmp_path):
    found, res = _bind(tmp_path, "loopback")
    assert found == []
    assert res.exposure.get("bind_all") in (False, None)


def test_a_wildcard_default_host_still_binds_every_interface(tmp_path):
    found, _ = _bind(tmp_path, "wildcard")
    assert [(f.location.path, f.confidence) for f in found] == [("server.ts", Confidence.MEDIUM)]
    assert found[0].message.startswith("a web server of the project's own listens on every interface")


def test_a_command_run_in_a_container_through_dockerode_is_command_execution(tmp_path):
    group = "ts18b/dockerexec"
    res = audit_group(tmp_path, group)
    caps = {(c.location.line, c.tool): c for c in res.capabilities}
    exec_line = line_of("server.ts", 'container.exec({ Cmd: ["/bin/bash", "-c", command]', group)
    run_line = line_of("server.ts", 'docker.run("alpine:3"', group)
    assert sorted(caps) == [(exec_line, "exec"), (run_line, "run_job")]
    assert caps[(exec_line, "exec")].rule_id == "capability-command-execution"
    assert caps[(exec_line, "exec")].message.startswith(
        "tool 'exec' runs commands the caller chooses: parameter 'command' reaches container.exec() "
        "['bash', '-c', …] as is")
    assert caps[(run_line, "run_job")].message.startswith(
        "tool 'run_job' runs commands the caller chooses: parameter 'command' reaches docker.run() ['sh', '-c', …]")


def test_a_callers_operand_of_a_fixed_program_in_a_container_is_an_option():
    group = "ts18b/dockerexec"
    found = by_rule(group, "tool-argument-injection")
    line = line_of("server.ts", 'Cmd: ["ls", "-la", dir]', group)
    f = found[("server.ts", line)]
    assert f.tool == "list_files" and f.confidence == Confidence.HIGH
    assert f.message == ("tool 'list_files' passes parameter 'dir' to box.exec(): argument injection (a value "
                         "starting with '-' is read as an option (no '--' before it))")
    quiet = line_of("server.ts", 'Cmd: ["cat", "/etc/os-release"]', group)
    assert not [g for g in test_ts_engine.scan(group)[0].findings if g.location.line == quiet]


def test_caller_text_in_an_interpreters_command_line_program_is_code_injection():
    group = "ts18b/interpreters"
    found = by_rule(group, "tool-code-injection")
    py = line_of("server.ts", 'run("python3", ["-c", source])', group)
    js = line_of("server.ts", 'run("node", ["-e",', group)
    assert sorted(found) == [("server.ts", py), ("server.ts", js)]
    assert found[("server.ts", py)].message == (
        "tool 'doc_summary' passes parameter 'lib' to child_process.execFile() ['python3', '-c', …]: code "
        "injection (run as Python source by python3)")
    assert found[("server.ts", js)].message == (
        "tool 'package_version' passes parameter 'pkg' to child_process.execFile() ['node', '-e', …]: code "
        "injection (run as JavaScript by node)")
    assert by_rule(group, "tool-shell-injection") == {}


def test_an_http_errors_text_holds_no_credential_of_its_request():
    group = "ts18b/errortext"
    assert by_rule(group, "secret-in-tool-result") == {}
    logs = by_rule(group, "secret-in-log")
    whole = line_of("server.ts", 'console.error("registry request failed:", error)', group)
    session = line_of("server.ts", 'console.error("session", { sessionIdFromCookie })', group)
    assert sorted(logs) == [("server.ts", whole), ("server.ts", session)]
    assert logs[("server.ts", whole)].message == "secret 'TOKEN' is written to a log by console.error()"
    assert logs[("server.ts", session)].message == (
        "secret 'sessionIdFromCookie' is written to a log by console.error()")


PATH_FILL = ("only a weak check on the way: it fills the path under the host its base URL fixes; '../' reaches "
             "other endpoints of that host with the server's credential (the 'headers' option)")


def test_a_bound_getter_handed_to_a_helper_is_followed_for_the_origin_it_returns():
    group = "ts18b/boundgetter"
    found = by_rule(group, "tool-ssrf")
    bound = line_of("docs.ts", "axios.get(`${config.registry}/${pkg}`, { headers })", group)
    unread = line_of("docs.ts", "axios.get(`${config.registry}/${pkg}/readme`)", group)
    assert sorted(found) == [("docs.ts", bound), ("docs.ts", unread)]
    f = found[("docs.ts", bound)]
    assert f.tool == "describe_package" and f.confidence == Confidence.MEDIUM
    assert f.message == f"tool 'describe_package' passes parameter 'pkg' to axios.get(): server-side request forgery; {PATH_FILL}"
    g = found[("docs.ts", unread)]  # a library's getter: what it returns is not known
    assert g.tool == "readme_via" and g.confidence == Confidence.HIGH


def test_one_callers_object_in_a_urls_path_and_query_fills_the_path():
    group = "ts18b/pathquery"
    found = by_rule(group, "tool-ssrf")
    line = line_of("api.ts", "const response = await axios(", group)
    f = found[("api.ts", line)]
    assert f.tool == "set_folder_properties" and f.confidence == Confidence.MEDIUM
    assert f.message == ("tool 'set_folder_properties' passes parameter 'arguments['folder']' to axios(): server-side "
                         "request forgery; " + PATH_FILL)


def test_a_relative_path_under_a_fixed_base_keeps_the_bases_host():
    group = "ts18b/relpath"
    out, _ = test_ts_engine.scan(group)
    line = line_of("client.ts", "const response = await fetch(url.toString()", group)
    ssrf = [f for f in out.findings if f.rule_id == "tool-ssrf" and f.location.line == line]
    assert [(f.tool, f.confidence) for f in ssrf] == [("crate_info", Confidence.LOW)]
    assert ssrf[0].message.startswith(
        "tool 'crate_info' passes parameter 'name' to fetch(): server-side request forgery; only a weak check on "
        "the way: it fills only the path under the host its base URL fixes; '../' reaches other endpoints of "
        "that host, but the request carries no credential of the server's")
    caps = [f for f in out.findings if f.rule_id == "capability-network-request"]
    assert [(f.tool, f.location.line) for f in caps] == [("doc_page", line)]


def test_a_debug_adapters_evaluate_request_runs_the_callers_expression():
    group = "ts18b/debugeval"
    caps = by_rule(group, "capability-code-execution")
    line = line_of("extension.ts", 'session.customRequest("evaluate"', group)
    assert list(caps) == [("extension.ts", line)]
    f = caps[("extension.ts", line)]
    assert f.tool == "evaluate" and f.message.startswith(
        "tool 'evaluate' evaluates code the caller writes: parameter 'expression' reaches session.customRequest() as is")
