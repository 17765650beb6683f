"""Python misses by general cause (issue 12, branch pyrec29): ``fixtures/taint/pyrec29``.

``denyloop``: a keyword deny-list written as a loop over keywords, each searched as a word by a
pattern built around the loop variable (``r"\\b" + kw + r"\\b"``, ``rf"\\b{kw}\\b"``) in a copy of
the query whose quoted strings ``re.sub`` removed, or that ``strip().upper()`` made: a read-only
check that other write procedures pass (denyloops.py), reported as ``tool-read-only-bypass``
where the query runs. The twin's loop refuses words that are no writes (no read-only check: the
tool's capability) and its label passes an allow pattern of the whole value.

``paramrecv``: a low-level ``call_tool`` looks the handler up in a table local to it and hands
it the client a cached getter returns (``global _cached; _cached = make_client()``); the
handlers' ``client`` parameter has no annotation. Its method calls land in the methods of the
class the callers pass (paramrecv.py), and the local table's keys name the tool each handler
serves, as a module-level table's do (each tool's route into the shared request helper is kept).
The twin's client encodes each name as one path segment."""

from __future__ import annotations

import re
import shutil

from mcpaudit.engines import cst as cst_engine
from pyflowgroups import FlowGroups

groups = FlowGroups("pyrec29")

_DENY = ("behind a read-only check by keyword deny-list ('CREATE'): comments ('DR/**/OP'), other statements "
         "(DETACH, ALTER ... DROP, COPY ... TO) and functions that write pass it")


def _line(name: str, rel: str, needle: str) -> int:
    return groups.line_of(name, rel, needle)


def test_a_deny_list_loop_over_a_cleaned_copy_is_a_read_only_check():
    found = {f.tool: f for f in groups.found("denyloop")}
    assert sorted((f.rule_id, f.tool) for f in found.values()) == [
        ("tool-read-only-bypass", "profile_query"), ("tool-read-only-bypass", "run_read_query")]
    run = found["run_read_query"]
    assert run.location.path == "graph.py"
    assert run.location.line == _line("denyloop", "graph.py", "session.run(query)]")
    assert run.message == f"tool 'run_read_query' lets caller query text 'arguments['query']' reach .run() {_DENY}"
    profile = found["profile_query"]
    assert profile.location.line == _line("denyloop", "graph.py", 'session.run("PROFILE " + text)')
    assert profile.message == f"tool 'profile_query' lets caller query text 'arguments['cypher']' reach .run() {_DENY}"


def test_a_loop_over_words_that_are_no_writes_is_no_read_only_check():
    found = groups.found("denyloop_twin")
    assert [f for f in found if not f.rule_id.startswith("capability-")] == []
    cap = next(f for f in found if f.rule_id == "capability-raw-query")
    assert (cap.tool, cap.location.line) == ("run_read_query", _line("denyloop_twin", "graph.py", "session.run(query)]"))
    assert cap.message.startswith("tool 'run_read_query' runs query text the caller writes (reads and writes)")


_SSRF = ("passes parameter 'arguments['job_name']' to requests.request(): server-side request forgery; only a weak "
         "check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of that "
         "host with the server's credential (the 'auth' argument) (also reached from tool 'node-info')")


def test_methods_on_an_unannotated_parameter_land_in_the_class_its_callers_pass():
    found = groups.found("paramrecv")
    assert [(f.rule_id, f.location.path, f.tool) for f in found] == [("tool-ssrf", "ci/client.py", "stop-build")]
    f = found[0]
    assert f.location.line == _line("paramrecv", "ci/client.py", "return requests.request(method")
    assert f.message == f"tool 'stop-build' {_SSRF}".replace(
        " (also", ", sent with the server's configured os.environ['CI_TOKEN'] (also")  # the token named (credowner.py)
    steps = [(s.location.path, s.location.line, s.note) for s in f.flow]
    assert ("ci/server.py", _line("paramrecv", "ci/server.py", "client.stop_build(job"), "passed to stop_build()") in steps
    others = {o["tool"]: [(s["path"], s["line"]) for s in o["flow"]] for o in f.properties["other_flows"]}
    assert ("ci/client.py", _line("paramrecv", "ci/client.py", 'f"/computer/{node}/api/json"')) in others["node-info"]


def test_a_client_that_encodes_the_names_it_places_keeps_quiet(tmp_path):
    assert groups.found("paramrecv_twin", low=True) == []
    # the twin links: the same files with the encoding taken out report stop-build through
    # client.stop_build, so its silence comes from quote(..., safe=''), not from a broken link
    shutil.copytree(groups.root / "paramrecv_twin", tmp_path / "twin")
    client = tmp_path / "twin" / "ci" / "client.py"
    client.write_text(re.sub(r"quote\((\w+), safe=''\)", r"\1", client.read_text()))
    files = [(str(p), str(p.relative_to(tmp_path / "twin"))) for p in sorted((tmp_path / "twin").rglob("*.py"))]
    out, _ = cst_engine.run(files, tmp_path / "twin", jobs=1)
    bare = [f for f in out.findings if f.rule_id == "tool-ssrf" and f.tool == "stop-build"]
    assert [(f.location.path, f.location.line) for f in bare] == [
        ("ci/client.py", _line("paramrecv_twin", "ci/client.py", "return requests.request(method"))]
    steps = [(s.location.path, s.note) for s in bare[0].flow]
    assert ("ci/server.py", "passed to stop_build()") in steps
