"""py34a: the thirty-fourth Python holdout's wrong findings and discovery gap (issue 12).

The groups live in ``fixtures/py34a/`` (each scanned as its own project)."""

from __future__ import annotations

import shutil

from pyflowgroups import TAINT_FIXTURES, FlowGroups, line_in

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

G = FlowGroups("py34a")
G.root = TAINT_FIXTURES.parent / "py34a"


def _audit(tmp_path, name: str, engines):
    root = tmp_path / name
    shutil.copytree(G.root / name, root)
    res = api.audit([root], Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW))
    return res.findings


# -- an unverifying TLS context that never connects ----------------------------------------------

def test_unverifying_context_that_only_loads_a_key_pair_goes_to_the_audit_view(tmp_path):
    found = [f for f in _audit(tmp_path, "unconnected_tls", ("cst", "semgrep")) if f.rule_id == "ssl-unverified-context"]
    src = G.root / "unconnected_tls" / "server.py"
    check = line_in(src, "def check_key_pair(") + 2
    conn = line_in(src, "def fetch(") + 2
    rows = sorted((f.location.line, f.confidence.label) for f in found)
    assert rows == [(check, "low"), (check + 1, "low"), (conn, "high"), (conn + 1, "high")]
    low = next(f for f in found if f.location.line == check)
    assert low.message.endswith(
        "; the context 'ctx' is only configured and loaded with local material (load_cert_chain()) in "
        "check_key_pair(): it is never used for a connection, returned or passed on (audit view)")
    high = next(f for f in found if f.location.line == conn)
    assert "audit view" not in high.message


# -- a variation selector after an emoji whose base is not a symbol -----------------------------

def test_information_source_emoji_presentation_sequence_is_no_hidden_character():
    assert G.tools("emoji_selector") == ["cluster_info"]
    assert G.rows("emoji_selector") == []


def test_variation_selector_after_a_letter_is_still_reported():
    line = G.line_of("letter_selector", "server.py", "Read only:")
    assert G.rows("letter_selector") == [("server.py", line, "tool-description-hidden-unicode", "cluster_info")]
    msg = G.message("letter_selector", "tool-description-hidden-unicode", "cluster_info")
    assert msg.startswith("The description of tool 'cluster_info' contains 1 invisible character (U+FE0F")


# -- a validator run in a loop over a literal list of the values it checks -----------------------

def test_values_listed_in_a_checking_loop_are_checked_past_it():
    src = "loop_guard"
    assert G.tools(src) == ["grant_access", "remove_user"]
    note = G.line_of(src, "server.py", '"notes", note')
    # user_id and namespace passed _validate_identifier in the loop; note was never listed
    assert G.rows(src) == [("server.py", note, "tool-path-traversal", "grant_access")]
    assert G.message(src, "tool-path-traversal", "grant_access") == (
        "tool 'grant_access' passes parameter 'note' to open(): path traversal / arbitrary file access (write)")


def test_a_loop_over_other_values_or_skipping_with_continue_checks_nothing():
    src = "loop_guard_safe"
    grant = G.line_of(src, "server.py", '"users", user_id, namespace + ".json"')
    remove = G.line_of(src, "server.py", "os.remove(")
    assert G.rows(src) == [("server.py", grant, "tool-path-traversal", "grant_access"),
                           ("server.py", remove, "tool-path-traversal", "remove_user")]
    assert G.message(src, "tool-path-traversal", "remove_user") == (
        "tool 'remove_user' passes parameter 'namespace' to os.remove(): path traversal / arbitrary file access (write)")


def test_dotdot_substring_and_both_separators_refused_leave_one_entry():
    # a helper refusing '..' anywhere and both separators: one folder entry that does not climb
    src = "one_entry"
    weak = G.line_of(src, "server.py", '"/srv", kind')
    assert G.rows(src) == [("server.py", weak, "tool-path-traversal", "read_kind")]
    assert G.message(src, "tool-path-traversal", "read_kind") == (
        "tool 'read_kind' passes parameter 'kind' to open(): path traversal / arbitrary file access; only a weak "
        "check on the way: a '..' substring check is a deny-list, not a containment check (in _validate_kind())")


# -- a web app made by a project factory that serves no MCP ---------------------------------------

def test_dashboard_app_made_by_a_non_mcp_factory_is_no_mcp_transport(tmp_path):
    found = _audit(tmp_path, "dashboard_app", ("cst",))
    assert [f for f in found if f.rule_id == "http-transport-no-auth"] == []


def test_app_factory_mounting_the_mcp_sse_app_is_the_mcp_transport(tmp_path):
    found = [f for f in _audit(tmp_path, "dashboard_app_mcp", ("cst",)) if f.rule_id == "http-transport-no-auth"]
    run = line_in(G.root / "dashboard_app_mcp" / "pkg" / "server.py", "uvicorn.run(app")
    assert [(f.location.path, f.location.line, f.confidence.label) for f in found
            if f.location.path == "pkg/server.py"] == [("pkg/server.py", run, "medium")]
    msg = next(f.message for f in found if f.location.path == "pkg/server.py")
    assert msg == ("uvicorn.run() serves MCP over HTTP and no authentication is configured anywhere in the project "
                   "(bound to all interfaces); anyone who reaches it can call: job_count")


# -- a tool registered through a wrapper injected at run time ------------------------------------

def test_tool_wrapped_by_a_run_time_injected_wrapper_is_discovered_and_followed():
    src = "injected_wrapper"
    assert G.tools(src) == ["run_report"]
    line = G.line_of(src, "tools/execution.py", "subprocess.run(")
    assert G.rows(src) == [("tools/execution.py", line, "tool-shell-injection", "run_report")]
    assert G.message(src, "tool-shell-injection", "run_report") == (
        "tool 'run_report' passes parameter 'name' to subprocess.run(shell=True): OS command injection")


def test_tool_wrapped_by_a_run_time_injected_wrapper_with_a_safe_body_is_quiet():
    assert G.tools("injected_wrapper_safe") == ["run_report"]
    assert G.rows("injected_wrapper_safe") == []


# -- a filtered list of the failing elements required to be empty ---------------------------------

def test_names_whose_list_of_unknown_ones_must_be_empty_are_checked():
    src = "filtered_list"
    line = G.line_of(src, "server.py", "unknown = [c for c in names")
    rows = G.rows(src)
    # column_stats refuses unless no requested name is unknown; profile only needs one known name
    assert rows == [("server.py", line + 14, "tool-sql-injection", "profile")]
    assert G.message(src, "tool-sql-injection", "profile") == (
        "tool 'profile' passes parameter 'columns' to .execute(): SQL injection (the query is an f-string)")


# -- bandit B108 on a path on another machine -----------------------------------------------------

def test_b108_on_a_pod_spec_node_path_goes_to_the_audit_view(tmp_path):
    found = sorted((f.location.line, f.confidence.label, f.message) for f in _audit(tmp_path, "remote_tmp", ("bandit",))
                   if f.rule_id == "B108")
    src = G.root / "remote_tmp" / "server.py"
    node, mount, log = (line_in(src, "V1HostPathVolumeSource("), line_in(src, "V1VolumeMount("),
                        line_in(src, 'open("/tmp/pods.log"'))
    assert [(line, conf) for line, conf, _ in found] == [(node, "low"), (mount, "low"), (log, "medium")]
    assert found[0][2] == (
        "Probable insecure usage of temp file/directory.; the temp-folder text is a node path in a Kubernetes pod "
        "spec (V1HostPathVolumeSource(path=...)): a path on another machine, nothing is created here (audit view)")
    assert found[2][2] == "Probable insecure usage of temp file/directory."


# -- an SDK client constructor with TLS verification off -------------------------------------------

def test_pygithub_client_with_verify_false_is_reported(tmp_path):
    found = [f for f in _audit(tmp_path, "github_tls", ("semgrep",)) if f.rule_id == "tls-verify-disabled"]
    src = G.root / "github_tls" / "server.py"
    off = line_in(src, "verify=False")
    assert [(f.location.line, f.confidence.label) for f in found] == [(off, "high")]
    assert found[0].message.startswith("TLS certificate verification is switched off (verify=False or an equivalent)")
