"""General causes of the twenty-fourth TypeScript holdout, part A (ts24a), each on a fixture of our
own with a twin that keeps the finding (``fixtures/typescript/ts24a``):

* a generated API client's answer (OpenAPI Generator's ``<Tag>Api`` classes: ``await
  filesApi.startFileUpload({ ... })``, ``server.api.imageApi.render(...)``) is the service's
  record, not the caller's arguments; a library call (a parser, a URL normaliser) and a client
  built from the caller's own host still pass the caller's value on (``apianswers``);
* ``JSON.stringify(params)`` as one argv element starts with ``{``: no option (``argvjson``);
* TLS verification off only behind a setting that is off by default, read through a policy
  method of the project, or behind the operator's ``NODE_TLS_REJECT_UNAUTHORIZED === "0"`` before
  an early return, goes to the audit view, and its message no longer says "off by default"
  (``guardedtls``, semgrep)."""

from __future__ import annotations

from pathlib import Path

import pytest

import test_ts_engine
from test_ts_engine import FIXTURES, line_of, only, scan

from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

GROUPS = ["ts24a/apianswers", "ts24a/argvjson"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


# -- apianswers: a generated client's answer -------------------------------------------------------

def test_a_generated_clients_answer_is_not_the_callers_value():
    out, _ = scan("ts24a/apianswers")
    tools = {f.tool for f in out.findings}
    assert "upload_document" not in tools  # the presigned uploadUrl of filesApi.startUpload
    assert "render_image" not in tools  # studio.api.renderApi.render: the URL and imageId it returns


def test_a_library_call_and_a_client_built_from_the_callers_host_still_pass_the_value_on():
    g = "ts24a/apianswers"
    out, _ = scan(g)
    f = only(out.findings, tool="open_manifest")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("server.ts", "readFile(doc.entry", g))
    assert f.message == ("tool 'open_manifest' passes parameter 'manifest' to fs/promises.readFile(): "
                         "path traversal / arbitrary file access")
    c = only(out.findings, tool="fetch_attachment")
    assert (c.rule_id, c.location.line) == ("capability-network-request",
                                            line_of("server.ts", "fetch(item.downloadUrl)", g))
    assert c.message == ("tool 'fetch_attachment' fetches any URL the caller gives: parameter 'instance' "
                         "reaches fetch() as is")
    m = only(out.findings, tool="mirror_page")
    assert (m.rule_id, m.location.line) == ("capability-network-request", line_of("server.ts", "fetch(normalize(url))", g))


# -- argvjson: JSON text as one argv element ---------------------------------------------------------

def test_json_text_in_an_argv_element_is_no_option_and_a_bare_element_is():
    g = "ts24a/argvjson"
    out, _ = scan(g)
    assert not [f for f in out.findings if f.tool == "create_scene"]
    f = only(out.findings, tool="open_scene")
    assert (f.rule_id, f.location.line) == ("tool-argument-injection", line_of("server.ts", 'ops.gd", scenePath]', g))
    assert f.message == ("tool 'open_scene' passes parameter 'scenePath' to child_process.execFile(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")


# -- guardedtls: TLS off behind a switch that is off by default ------------------------------------

needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")


@needs_semgrep
def test_tls_off_behind_a_policy_setting_or_the_operators_switch_goes_to_the_audit_view(tmp_path):
    import shutil

    from mcpaudit.engines import semgrep

    src = FIXTURES / "ts24a" / "guardedtls"
    root = tmp_path / "guardedtls"
    shutil.copytree(src, root)
    out = semgrep.run([root / n for n in ("fetcher.ts", "policy.ts", "settings.ts")], root, timeout=600)
    got = {f.location.line: f for f in out.findings if f.rule_id == "tls-verify-disabled"}
    lines = (src / "fetcher.ts").read_text().splitlines()
    at = [i for i, ln in enumerate(lines, 1) if "rejectUnauthorized: false" in ln]
    assert sorted(got) == at
    policy, legacy, dev, always = at
    assert {got[policy].tool, got[dev].tool} == {None}
    assert got[policy].confidence == Confidence.LOW
    assert got[policy].message == (
        "TLS certificate verification is switched off (rejectUnauthorized false, a database driver told to trust "
        "any server certificate, or NODE_TLS_REJECT_UNAUTHORIZED set to 0 for the whole process). Anyone on the network path can impersonate the remote service, read "
        "the request (including API keys the server sends) and forge the response the tool hands back to the "
        "model.; certificate checking is off only where this.policy.permitsUnverifiedTls(url) holds, a switch "
        "that is off unless set (permitsUnverifiedTls() returns this.settings.network.acceptSelfSigned, "
        "acceptSelfSigned: false at settings.ts:7): an explicit opt-out, not the default (audit view)")
    assert got[dev].confidence == Confidence.LOW
    assert "off by default" not in got[dev].message
    assert got[dev].message.endswith(
        '(insecure = protocol === "https" && process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0" at line 32): '
        "an explicit opt-out, not the default (audit view)")
    # a policy method that reads no setting, and a test of the protocol only: default findings,
    # with the rule's whole message
    for line in (legacy, always):
        assert got[line].confidence > Confidence.LOW
        assert "or off by default" in got[line].message


@needs_semgrep
def test_a_setting_the_projects_source_turns_on_somewhere_is_no_opt_in(tmp_path):
    import shutil

    from mcpaudit.engines import semgrep

    root = tmp_path / "guardedtls"
    shutil.copytree(FIXTURES / "ts24a" / "guardedtls", root)
    (root / "presets.ts").write_text('export const LAB = { network: { acceptSelfSigned: true, legacyHosts: [] } };\n')
    out = semgrep.run([root / n for n in ("fetcher.ts", "policy.ts", "settings.ts", "presets.ts")], root, timeout=600)
    line = line_of("fetcher.ts", "options.httpsAgent = new https.Agent", "ts24a/guardedtls")
    f = next(f for f in out.findings if f.rule_id == "tls-verify-disabled" and f.location.line == line)
    assert f.confidence > Confidence.LOW
    assert Path(root / "tests" / "policy.test.ts").exists()  # a test's `true` never counted
