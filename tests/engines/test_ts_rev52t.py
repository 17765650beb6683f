"""Stop 52 (rev52t), the review of stop 51's TypeScript modules: cases a module wrongly silenced
or misnamed, each with a counter-example fixture under ``fixtures/typescript/rev52t`` and its
safe twin.

* ``mapfields_pushed``: a list a ``map`` callback built, then given another element in place
  (``all.push({ filepath: extra })``) before a pick (``all.pop()``): the picked element may be
  the pushed one (ts/mapfields.py kept the callback's returns as the only elements). Twin
  ``mapfields_pushed_safe``: the caller's name pushed onto another list; the picked list keeps
  its per-property reading (the caller's name beside the server's own path: quiet).
* ``laterguard_other`` / ``laterguard_consts`` (ts/guardderived.py, examined): a refusal of
  ``..`` in the name after ``join(folder, name)`` narrows the name only, the caller's folder
  stays (reported, parameter ``folder``); with the server's own folder the read is quiet.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_group, line_of

G = "rev52t"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/mapfields_pushed", f"{G}/mapfields_pushed_safe", f"{G}/laterguard_other", f"{G}/laterguard_consts"])


def _rows(tmp_path, group, rule):
    res = audit_group(tmp_path, group)
    return [(f.location.path, f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == rule]


def test_a_pushed_element_may_be_the_picked_one(tmp_path):
    g = f"{G}/mapfields_pushed"
    assert _rows(tmp_path, g, "tool-path-traversal") == [
        ("server.ts", line_of("server.ts", "await fs.readFile(last.filepath)", g), "latest_clip",
         "tool 'latest_clip' passes parameter 'file' to fs/promises.readFile(): path traversal / arbitrary file access")]


def test_a_push_onto_another_list_keeps_the_picked_elements_apart(tmp_path):
    assert _rows(tmp_path, f"{G}/mapfields_pushed_safe", "tool-path-traversal") == []


def test_a_refusal_of_the_name_leaves_the_callers_folder(tmp_path):
    g = f"{G}/laterguard_other"
    assert _rows(tmp_path, g, "tool-path-traversal") == [
        ("server.ts", line_of("server.ts", 'fs.readFileSync(full, "utf8")', g), "read_note",
         "tool 'read_note' passes parameter 'folder' to fs.readFileSync(): path traversal / arbitrary file access")]
    assert _rows(tmp_path, f"{G}/laterguard_consts", "tool-path-traversal") == []
