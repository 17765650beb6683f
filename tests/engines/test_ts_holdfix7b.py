"""General causes read from the seventh TypeScript holdout (issue 14, part b), each on a fixture
of our own with a safe twin.

``logshapes``: a boolean, a length, a comparison of a secret and the text after it in a split
(``url.split(token)[1]``) are not the secret; a name for the kind of a token (``token_use``) is
no credential; a secret logged through the project's logging helper is reported once, where it
is logged, not again at each console write of the helper's level branches.
``urlshapes``: caller values in the query after a fixed origin; a predicate helper allowing a
domain and its subdomains is a host allow-list. ``loopback``: a fallback default host, a 403 to
every non-loopback Origin, and the project's own deployment overriding the default.
``fixedcommands``: a constant sign-in line given to the exec wrapper keeps destructiveHint=false.
``loopcommands``: tools registered by a loop over a command object (module-level or returned by
a factory) link each entry's handler.
"""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, scan, steps


@pytest.mark.parametrize("name", ["logshapes"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def _logs(group):
    out, _ = scan(group)
    return {(f.location.path, f.location.line): f for f in out.findings if f.rule_id == "secret-in-log"}


def test_booleans_lengths_and_the_text_after_a_secret_are_not_the_secret():
    logs = _logs("logshapes")
    for quiet in ("hasToken: !!token", "given: Boolean(token)", "same: token ===", "to: url.toString()"):
        assert ("relay.ts", line_of("relay.ts", quiet, "logshapes")) not in logs, quiet
    f = logs[("relay.ts", line_of("relay.ts", "log.info(\"relay refused\"", "logshapes"))]
    # (tsrec18: a secret-named property of a parameter is a secret where it is read, so the
    # message names where the token comes from, the route's ctx.params.token)
    assert f.message == "secret 'ctx.params.token' is written to a log by log.info()"
    assert ("relay.ts", line_of("relay.ts", "+ token }", "logshapes")) in logs


def test_the_kind_of_a_token_is_no_credential():
    logs = _logs("logshapes")
    assert ("claims.ts", line_of("claims.ts", "token_use: payload", "logshapes")) not in logs
    assert ("claims.ts", line_of("claims.ts", "payload.tokenKind", "logshapes")) not in logs
    f = logs[("claims.ts", line_of("claims.ts", "access_token:", "logshapes"))]
    assert f.message == "secret 'payload.access_token' is written to a log by log.debug()"


def test_a_secret_logged_through_the_logging_helper_is_reported_once_where_it_is_logged():
    logs = _logs("logshapes")
    assert not [k for k in logs if k[0] == "logger.ts"]
    f = logs[("direct.ts", line_of("direct.ts", "console.error(line)", "logshapes"))]
    assert f.message == ("secret 'process.env.SERVICE_API_KEY' is written to a log by console.error() "
                         f"(the same flow is also written at line {line_of('direct.ts', 'console.log(line)', 'logshapes')})")
    assert ("direct.ts", line_of("direct.ts", "emitRecord(level, {", "logshapes"), "passed to emitRecord()") in steps(f)
    assert ("direct.ts", line_of("direct.ts", "console.log(line)", "logshapes")) not in logs


# -- URLs: query values after a fixed origin, host allow-lists in predicate helpers -------------

@pytest.mark.parametrize("name", ["urlshapes", "fixedcommands", "loopcommands"])
def test_url_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def _ssrf(group):
    out, _ = scan(group)
    return {f.tool: f for f in out.findings if f.rule_id in ("tool-ssrf", "capability-network-request")}


def test_caller_values_in_the_query_after_a_fixed_origin_cannot_move_the_request():
    found = _ssrf("urlshapes")
    assert "web_search" not in found
    f = found["mirror_search"]
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("server.ts", 'fetch(mirror + "/search?"', "urlshapes")
    assert f.message == "tool 'mirror_search' passes parameter 'mirror' to fetch(): server-side request forgery"


def test_a_predicate_helper_allowing_a_domain_and_its_subdomains_is_a_host_allow_list():
    found = _ssrf("urlshapes")
    assert "import_export" not in found  # helper of another module, verified when linked
    assert "import_doc" not in found  # helper of the same module
    f = found["import_mirror_page"]  # a suffix without the leading dot admits look-alike hosts
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("server.ts", "await fetch(target); // expect", "urlshapes")
    assert f.message.endswith("only a weak check on the way: checked by isAllowedMirrorHost() (not verified by mcpaudit)")


# -- HTTP: a loopback default and an Origin guard ---------------------------------------------

def _transport(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(test_ts_engine.FIXTURES / "loopback" / name, root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts", "cst"), cache=False, min_confidence=Confidence.LOW))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_loopback_fallback_host_behind_a_loopback_origin_guard_is_not_a_default_finding(tmp_path):
    from mcpaudit.models import Confidence

    [f] = _transport(tmp_path, "guarded")
    assert f.confidence == Confidence.LOW  # the audit view only
    guard = line_of("guarded/http.ts", "if (origin && !isLoopbackOrigin(origin))", "loopback")
    assert f.message.endswith(
        f"(bound to 127.0.0.1 by default: reachable from this machine only; the request handler answers 403 at "
        f"http.ts:{guard} unless the Origin's host is localhost (a DNS-rebinding guard))")


def test_every_interface_by_default_is_reported_whatever_the_origin_check(tmp_path):
    from mcpaudit.models import Confidence

    [f] = _transport(tmp_path, "open")
    assert f.confidence == Confidence.MEDIUM
    assert f.location.line == line_of("open/http.ts", "new StreamableHTTPServerTransport(", "loopback")
    assert f.message.endswith("(bound to all interfaces by default)")


# -- a constant sign-in command run by the shared credential lookup ----------------------------

def test_a_constant_sign_in_command_given_to_a_wrapper_keeps_destructive_hint_false():
    out, _ = scan("fixedcommands")
    mism = [f for f in out.findings if f.rule_id == "tool-annotation-mismatch"]
    assert [(f.location.path, f.location.line, f.tool) for f in mism] == [
        ("lib/cmd.ts", line_of("lib/cmd.ts", "exec(command", "fixedcommands"), "get_site_fresh")]
    assert mism[0].message == ("tool 'get_site_fresh' is annotated destructiveHint=False but runs programs "
                               "(child_process.exec())")


def test_the_command_of_a_constant_line():
    from mcpaudit.analysis.argvcommand import non_destructive, shell_command
    from mcpaudit.catalog import catalog

    known = catalog().python.non_destructive
    assert shell_command("netlify login") == "netlify login"
    assert shell_command("/usr/bin/gh auth login --web") == "gh auth login"
    assert shell_command("svc login; rm -rf ~") == ""
    assert non_destructive("netlify login", known) and non_destructive("gh auth login", known)
    assert not non_destructive("svc cache purge", known)


# -- tools registered by a loop over a command object -----------------------------------------

def test_each_entry_of_a_command_object_registered_in_a_loop_is_a_tool_handler():
    out, _ = scan("loopcommands")
    inj = sorted((f.location.path, f.location.line) for f in out.findings if f.rule_id == "tool-argument-injection")
    assert inj == [
        ("commands.ts", line_of("commands.ts", '"get-schema", args.provider]', "loopcommands")),
        ("commands.ts", line_of("commands.ts", 'execFileSync("pkgtool", ["package", "get-schema", provider])',
                                "loopcommands")),
    ]
    f = next(f for f in out.findings if f.location.line == inj[1][1])
    # the entry's key names the tool the flow serves (the registered name adds a prefix to it)
    assert f.message.startswith("tool 'get-type' passes parameter 'args['provider']' to child_process.execFileSync(): "
                                "argument injection")
    assert ("server.ts", line_of("server.ts", "pkg-registry-", "loopcommands") + 2, "passed to handler()") in steps(f)
    assert steps(f)[-1][1:] == (inj[1][1], "reaches child_process.execFileSync()")


def test_a_name_stripped_to_word_characters_is_a_safe_file_name():
    out, _ = scan("loopcommands")
    assert not [f for f in out.findings if f.rule_id == "tool-path-traversal"]


def test_a_loopback_default_the_projects_own_deployment_overrides_binds_every_interface(tmp_path):
    from mcpaudit.models import Confidence

    [f] = _transport(tmp_path, "deployed")
    assert f.confidence == Confidence.MEDIUM
    assert "(bound to all interfaces by the project's deployment (chart/templates/deployment.yaml sets "\
           "HOST=0.0.0.0))" in f.message
    # nothing sets HOST: loopback; the SDK transport checks neither Host nor Origin without
    # enableDnsRebindingProtection, so web pages reach it (ts30b: the default view)
    [g] = _transport(tmp_path, "envdefault")
    assert g.confidence == Confidence.MEDIUM
    assert "(bound to localhost by default: reachable from this machine and, through DNS rebinding, " in g.message
    assert "with no enableDnsRebindingProtection: true at " in g.message


def test_what_deployment_files_set_a_variable_to(tmp_path):
    from mcpaudit.analysis.deployenv import deployed_value

    (tmp_path / "Dockerfile").write_text("FROM node:20\nENV HOST=0.0.0.0\nCMD [\"node\", \"server.js\"]\n")
    assert deployed_value(str(tmp_path), "HOST") == ("0.0.0.0", "Dockerfile")
    (tmp_path / "Dockerfile").write_text("FROM node:20\nCMD [\"node\", \"server.js\"]\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  mcp:\n    environment:\n      - HOST=0.0.0.0\n")
    assert deployed_value(str(tmp_path), "HOST") == ("0.0.0.0", "docker-compose.yml")
    assert deployed_value(str(tmp_path), "PORT") is None


# -- listen(port) with no host (ts19b) ------------------------------------------------------------

def test_a_port_with_no_host_is_bound_to_every_interface(tmp_path):
    from mcpaudit.models import Confidence

    [f] = _transport(tmp_path, "portonly")
    assert f.confidence == Confidence.MEDIUM
    assert f.location.line == line_of("portonly/sse.ts", "new SSEServerTransport(", "loopback")
    assert "(bound to all interfaces)" in f.message


def test_a_socket_path_is_no_interface(tmp_path):
    found = _transport(tmp_path, "socketpath")
    assert all("all interfaces" not in f.message for f in found)
