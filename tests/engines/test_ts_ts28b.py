"""General causes of the twenty-eighth TypeScript holdout, reader B (ts28b), each on a fixture of
our own with a safe twin (``fixtures/typescript/ts28b``):

* tools registered in a loop over the descriptors an exported function returns, their schemas
  made by functions of the context, their handler one shared function handing the element's
  method name to an API object's ``switch``: each descriptor is a tool, with its schema (an
  imported regex constant included), and each case runs for the tool it names (``descriptors``);
* a predicate helper returning an anchored ``regex.test(x)`` whose pattern admits no segment that
  starts with a dot is a check a URL path fill cannot climb past (``segments``);
* an exported HTTP handler factory nothing in the project calls or mounts is a library surface:
  its transport finding goes to the audit view (``unmounted/library``; ``unmounted/served``);
* TLS checks off through a constructor parameter that every construction sets from the
  operator's ``NODE_TLS_REJECT_UNAUTHORIZED === "0"`` (``tlsparam``, semgrep);
* an argument vector built elsewhere, run by a program field named for ffmpeg (``ffmpegPath``):
  the value after ``-i`` is that option's value (``namedprog``)."""

from __future__ import annotations

import shutil

import pytest
import test_ts_engine
from test_ts_engine import FIXTURES, line_of, only, scan

from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

G = "ts28b"
test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/descriptors", f"{G}/segments", f"{G}/namedprog"])


# -- descriptors: a loop over an exported function's descriptor list -------------------------------

def test_each_descriptor_of_an_exported_list_is_a_tool_with_its_factory_schema():
    _, project = scan(f"{G}/descriptors")
    tools = {t.name: t for t in project.tools}
    assert sorted(tools) == ["get_order", "refund_order"]
    assert tools["refund_order"].description == "Refund one order of the merchant's shop."
    assert [p.name for p in tools["refund_order"].parameters] == ["order_id", "note"]
    assert [p.name for p in tools["get_order"].parameters] == ["order_id"]


def test_each_case_of_the_apis_switch_runs_for_the_tool_it_names():
    g = f"{G}/descriptors"
    out, _ = scan(g)
    f = only(out.findings, rule_id="tool-ssrf")
    assert (f.location.path, f.location.line) == (
        "shared/functions.ts", line_of("shared/functions.ts", "await axios.post(url", g))
    assert f.tool == "refund_order"
    assert f.message == (
        "tool 'refund_order' passes parameter 'order_id' to axios.post(): server-side request forgery; only a "
        "weak check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints "
        "of that host with the server's credential (the 'headers' option)")
    assert "other_flows" not in f.properties  # get_order's case is not run for refund_order
    # get_order's id matches ORDER_ID, a pattern exported by another module: no finding there
    assert not [x for x in out.findings if x.location.line == line_of("shared/functions.ts", "await axios.get(url", g)]


# -- segments: a predicate whose pattern admits no dot segment -------------------------------------

def test_a_pattern_with_no_dot_segment_keeps_a_path_fill_from_climbing():
    g = f"{G}/segments"
    out, _ = scan(g)
    f = only(out.findings, rule_id="tool-ssrf", tool="package_info")
    assert f.location.line == line_of("server.ts", "fetch(`${REGISTRY}/${name}`", g)
    assert f.confidence == Confidence.LOW
    assert f.message.endswith(
        "it fills only the path under the host its base URL fixes, and a pattern it was checked against admits "
        "no segment that starts with a dot, so no '../' moves it to another endpoint")
    twin = only(out.findings, rule_id="tool-ssrf", tool="module_info")
    assert twin.location.line == line_of("server.ts", "fetch(`${REGISTRY}/modules/${path}`", g)
    assert twin.confidence == Confidence.MEDIUM


def test_the_dot_segment_reading_of_patterns():
    from mcpaudit.analysis.dotsegments import dot_segment_free

    assert dot_segment_free(r"^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$")
    assert dot_segment_free(r"^[a-z]+(\/[a-z][a-z.]*)*$")
    assert not dot_segment_free(r"^[a-z.]+$")  # '..' itself
    assert not dot_segment_free(r"^[a-z0-9][a-z0-9./]*$")  # 'a/../b'
    assert not dot_segment_free(r"^\w[\w.%]*$")  # '%2e%2e'
    assert not dot_segment_free(r"^[^/]+$")
    assert not dot_segment_free(r"^(?=x)[a-z]+$")  # not read


# -- unmounted: an exported handler factory nothing serves -----------------------------------------

def _transport(tmp_path, group):
    from mcpaudit import api
    from mcpaudit.config import Config

    root = tmp_path / group.replace("/", "-")
    shutil.copytree(FIXTURES / group, root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts", "cst"), cache=False, min_confidence=Confidence.LOW))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_an_exported_handler_factory_nothing_mounts_is_an_audit_result(tmp_path):
    [f] = _transport(tmp_path, f"{G}/unmounted/library")
    assert (f.location.path, f.location.line) == (
        "src/http.ts", line_of("library/src/http.ts", "= createMcpHandler(", f"{G}/unmounted"))
    assert f.confidence == Confidence.LOW
    assert f.message == (
        "createMcpHandler() serves MCP over HTTP and no authentication is configured anywhere in the project; "
        "built only inside createWordsHttpHandler(), an exported factory nothing in the project calls or mounts: "
        "the application that embeds it adds the listener and its authentication (audit view); anyone who "
        "reaches it can call: define_word")


def test_the_same_factory_served_by_the_project_stays_a_default_finding(tmp_path):
    [f] = _transport(tmp_path, f"{G}/unmounted/served")
    assert f.confidence == Confidence.MEDIUM
    assert f.message == ("createMcpHandler() serves MCP over HTTP and no authentication is configured anywhere in "
                         "the project; anyone who reaches it can call: define_word")


# -- tlsparam: a TLS switch every construction sets from the operator's opt-out ---------------------

needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")


@needs_semgrep
def test_tls_off_through_a_parameter_the_operators_opt_out_sets_is_an_audit_result(tmp_path):
    from mcpaudit.engines import semgrep

    g = f"{G}/tlsparam"
    root = tmp_path / "tlsparam"
    shutil.copytree(FIXTURES / g, root)
    out = semgrep.run([root / "proxy.ts"], root, timeout=600)
    got = {f.location.line: f for f in out.findings if f.rule_id == "tls-verify-disabled"}
    opt_out = line_of("proxy.ts", "disableSSL ? { rejectUnauthorized: false }", g)
    twin = line_of("proxy.ts", "insecureTls ? { rejectUnauthorized: false }", g)
    assert sorted(got) == [opt_out, twin]
    assert got[opt_out].confidence == Confidence.LOW
    assert got[opt_out].message.endswith(
        "certificate checking is off only where disableSSL holds, a switch that is off unless set (every call "
        "passes skipVerify = process.env.NODE_TLS_REJECT_UNAUTHORIZED === \"0\"): an explicit opt-out, not the "
        "default (audit view)")
    assert got[twin].confidence > Confidence.LOW


# -- namedprog: a program field named for ffmpeg ----------------------------------------------------

def test_a_value_after_ffmpegs_input_option_is_no_option():
    g = f"{G}/namedprog"
    out, _ = scan(g)
    f = only(out.findings, rule_id="tool-argument-injection", confidence=Confidence.HIGH)
    assert (f.location.line, f.tool) == (line_of("server.ts", "spawn(this.binary, args)", g), "convert_info")
    assert f.message == ("tool 'convert_info' passes parameter 'file' to child_process.spawn(): argument injection "
                         "(a value starting with '-' is read as an option (no '--' before it))")
    assert not [x for x in out.findings if x.tool == "media_info"]
