"""Per-key taint of a dict a function returns (recon-mcp, issue 12, branch py57a): ``d = f(x);
d["k"]`` reads what ``f``'s returned displays put under ``k`` (``analysis/retkeys.py``), in the same
module and from another one; a read of an unknown key still sees every key. Fixtures under
``fixtures/py57a/``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "py57a"
TRAVERSAL = "path traversal / arbitrary file access"


def _line(name: str, needle: str, rel: str = "server.py") -> int:
    hits = [i for i, ln in enumerate((FIXTURES / name / rel).read_text(encoding="utf-8").splitlines(), 1)
            if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(tmp_path: Path, name: str, rule: str) -> List[Tuple[str, int, str, str, str]]:
    """(path, line, confidence, tool, message head) of each ``rule`` finding, low included, of a
    copy of fixture folder ``name`` (its scan root is the copy, not the repository)."""
    shutil.copytree(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.confidence.label, f.tool or "", f.message.split(" (also")[0])
                  for f in res.findings if f.rule_id == rule)


def test_the_raw_name_in_the_path_entry_is_reported_at_the_open(tmp_path):
    # {"id": project_id, "path": root / name}: the tool opens info["path"], built from the raw name;
    # the id is only logged (no path finding for it)
    assert _rows(tmp_path, "keyed_open", "tool-path-traversal") == [
        ("server.py", _line("keyed_open", 'return open(info["path"]'), "high", "read_note",
         f"tool 'read_note' passes parameter 'name' to open(): {TRAVERSAL}"),
    ]


def test_a_checked_path_entry_beside_the_raw_id_is_quiet_and_an_unknown_key_is_not(tmp_path):
    # _project_info returns {"id": project_id, "path": root / ..., "meta": {"log": root / ...}} with
    # root from a (root, error) resolver: info["path"], info.get("meta")["log"] and
    # _project_info(x)["path"] hold the checked root only; info[field] may be the raw id
    assert _rows(tmp_path, "keyed_checked", "tool-path-traversal") == [
        ("server.py", _line("keyed_checked", "return Path(info[field])"), "high", "read_field",
         f"tool 'read_field' passes parameter 'project_id' to .read_text(): {TRAVERSAL}"),
    ]


def test_paths_returned_by_another_module_beside_the_id_are_quiet_when_checked(tmp_path):
    # store.get_project_paths: `return _error(error)` (a helper's {"ok": False, "error": msg}, the
    # message naming the raw id) or {"ok": True, "project_id": id, "paths": _paths(root)}; the tools
    # read info["paths"]["notes"] / info["paths"]["exports"]["latest"] and echo the id
    assert _rows(tmp_path, "keyed_module", "tool-path-traversal") == []


def test_paths_returned_by_another_module_are_reported_when_the_resolver_checks_nothing(tmp_path):
    rel = "notesapp/server.py"
    assert _rows(tmp_path, "keyed_module_open", "tool-path-traversal") == [
        ("notesapp/server.py", _line("keyed_module_open", "return notes.read_text(", rel), "high", "read_notes",
         f"tool 'read_notes' passes parameter 'project_id' to .read_text(): {TRAVERSAL}"),
        ("notesapp/server.py", _line("keyed_module_open", 'text = Path(info["paths"]["exports"]', rel), "high",
         "latest_export", f"tool 'latest_export' passes parameter 'project_id' to .read_text(): {TRAVERSAL}"),
    ]


def test_return_keys_of_a_summary():
    from mcpaudit.analysis.retkeys import _field_label
    from mcpaudit.analysis.discriminants import condition
    from mcpaudit.analysis.taintmerge import OTHER_KEYS, picked

    cond = condition("ok", "truthy", None, True)
    assert _field_label(("c", 3), "paths", None) == ("c", 3, "paths")
    assert _field_label(("c", 3, cond), "paths", frozenset({3})) == ("c", 3, cond, "paths")
    assert _field_label(("c", 3), "paths", frozenset({4})) == ("c", 3)  # another call's result
    assert _field_label(("c", 3, 0), "paths", None) == ("c", 3, 0)  # a tuple element
    assert _field_label(("p", "x"), "paths", None) == ("p", "x")
    whole = {("p", "x"): object()}
    # a key no display returns: what the other returns give (nothing here), else the whole result
    assert picked({"a": {}, OTHER_KEYS: {}}, "b", whole) == {}
    assert picked({"a": {}}, "b", whole) is whole
