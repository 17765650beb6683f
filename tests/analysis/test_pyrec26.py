"""Python hazards read by hand and not reported (issue 12, branch pyrec26), each with a twin that
stays quiet (``fixtures/taint/pyrec26``)."""

from __future__ import annotations

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, line_in, rows

files = FixtureFiles("pyrec26")


def _group(name: str):
    """(rule, path, line, tool, message) of a fixture folder's default-view findings and
    capabilities (cst engine)."""
    res = api.audit([files.root / name], Config(engines=("cst",), cache=False))
    return sorted((f.rule_id, f.location.path.split(f"{name}/", 1)[-1], f.location.line, f.tool, f.message)
                  for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM)


def test_a_session_given_its_key_after_it_is_built_carries_it(tmp_path):
    found = files.audit("sessionheaders.py", tmp_path)
    sink = files.line_of("sessionheaders.py", 'return self.session.get(f"{self.BASE}/items/{item_id}", timeout=10).json()')
    # two classes bind self.session: each class's own constructor and settings are read; the twin
    # (PublicMirror: User-Agent and Accept only) sends no credential, an audit result
    assert [r[:3] for r in rows(found)] == [("tool-ssrf", sink, "get_item")]
    assert found[0].message == (
        "tool 'get_item' passes parameter 'item_id' to self.session.get(): server-side request forgery; only a weak "
        "check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of that "
        "host with the server's credential (the client's 'headers', set after it was built)")


def test_a_table_of_bound_methods_picked_by_the_callers_key(tmp_path):
    found = files.audit("boundtable.py", tmp_path)
    sink = files.line_of("boundtable.py", 'return self.http.get(f"/records/{record_id}/file").content')
    # {"north": north.fetch, "south": south.fetch}[source] through asyncio.to_thread lands in
    # Archive.fetch and QuotedArchive.fetch; the twin (QuotedArchive: one encoded segment) is no flow
    assert [r[:3] for r in rows(found)] == [("tool-ssrf", sink, "fetch_record")]
    assert found[0].message.startswith("tool 'fetch_record' passes parameter 'record_id' to self.http.get(): "
                                       "server-side request forgery")
    assert "fetch_quoted" not in {o["tool"] for o in found[0].properties.get("other_flows", [])}


def test_a_registry_of_records_whose_class_another_module_defines():
    packing = files.root / "jobsplit" / "jobs" / "packing.py"
    found = _group("jobsplit")
    # jobdefs.py holds the record classes alone (no def): it is analysed, so job.handler lands in the
    # methods stored in Job records; Hook's _purge (the twin) is reached by no Job.handler call
    assert [r[:4] for r in found] == [("tool-shell-injection", "jobs/packing.py",
                                       line_in(packing, 'return subprocess.run("tar czf /srv/out.tgz "'), "call_tool")]
    assert found[0][4] == ("tool 'call_tool' passes parameter 'arguments['folder']' to subprocess.run(shell=True): "
                           "OS command injection")


def test_a_table_of_source_objects_kept_on_self_picked_by_the_callers_key(tmp_path):
    found = files.audit("objecttable.py", tmp_path)
    opened = files.line_of("objecttable.py", "with open(os.path.join(SHELF, paper_id)")
    # self.sources = {"shelf": ShelfSource(), "mirror": MirrorSource()} in __init__, then
    # self.sources[source].download(paper_id): each class's download; MirrorSource checks the id
    # (isalnum) and TapeSource, the twin, is in no table
    assert rows(found) == [("tool-path-traversal", opened, "fetch_paper",
                            "tool 'fetch_paper' passes parameter 'paper_id' to open(): path traversal / arbitrary "
                            "file access")]
