"""speed25b (issue 15): the link's lookups of a record's callable field (``Class.field``) go
through one index per linker, by field name, instead of a walk over every module of the project
at every unresolved call (``fixtures/taint/speed25b``). The same targets in the same order."""

from __future__ import annotations

import pytest

from mcpaudit.analysis import passedfns, recordcalls, storedfns
from mcpaudit.engines import cst as cst_engine

from pyflowgroups import TAINT_FIXTURES, FlowGroups, line_in

groups = FlowGroups("speed25b")
JOBS = TAINT_FIXTURES / "speed25b" / "records"


def test_a_records_field_lands_in_the_methods_of_that_class_from_every_module():
    rows = [(f.rule_id, f.location.path, f.location.line, f.tool) for f in groups.found("records", low=True)]
    assert rows == [
        ("tool-shell-injection", "archive.py", line_in(JOBS / "archive.py", "# expect: tool-shell-injection"),
         "call_tool"),
        ("tool-path-traversal", "mirror.py", line_in(JOBS / "mirror.py", "# expect: tool-path-traversal"),
         "call_tool"),
    ]
    found = groups.found("records")
    assert found[0].message.startswith("tool 'call_tool' passes parameter 'arguments['folder']' to "
                                       "subprocess.run(shell=True): OS command injection")
    assert found[1].message.startswith("tool 'call_tool' passes parameter 'arguments['path']' to open(): "
                                       "path traversal")
    # the twins: Hook records fill a field of the same name with methods no Job.run call reaches
    assert not [f for f in groups.found("records", low=True)
                if f.location.line in (line_in(JOBS / "archive.py", '"rm -rf "'),
                                       line_in(JOBS / "mirror.py", "os.remove("))]


def _walk_records(linker, path, target):
    """The walk over every module that :func:`recordcalls.record_targets` made before speed25b."""
    cls_name, _, field = target.rpartition(".")
    ref = linker.class_ref(path, cls_name) if cls_name and field else None
    if ref is None or f"{ref[1]}.{field}" in linker.modules[ref[0]].functions:
        return None
    out = []
    for rpath in sorted(linker.modules):
        for rec, f, qualname, _name in getattr(linker.modules[rpath], "record_methods", ()):
            fn = linker.modules[rpath].functions.get(qualname)
            if f == field and fn is not None and len(out) < recordcalls._MAX and linker.class_ref(rpath, rec) == ref:
                out.append((rpath, fn.qualname, True))
    return out


def _walk_stores(linker, path, target):
    """The walk over every module that :func:`storedfns._stored_targets` made before speed25b."""
    cls_name, _, field = target.rpartition(".")
    ref = linker.class_ref(path, cls_name) if cls_name and field else None
    if ref is None:
        return []
    out, seen = [], set()
    for rpath in sorted(linker.modules):
        stored = getattr(linker.modules[rpath], "stored", None)
        for qual, param, rec, f in (stored[0] if stored else ()):
            if f != field or linker.class_ref(rpath, rec) != ref:
                continue
            for fpath, fref in storedfns._filled(linker, rpath, qual, param):
                hit = linker.resolve(fpath, None, fref)
                if hit is None or (hit[0], hit[1].qualname) in seen or len(out) >= storedfns._MAX:
                    continue
                seen.add((hit[0], hit[1].qualname))
                out.append((hit[0], hit[1].qualname))
    return out


@pytest.mark.parametrize("group", ["speed25b/records", "flows22b/records", "py24a/registry"])
def test_the_field_index_gives_the_walks_targets_in_its_order(group, monkeypatch):
    root = TAINT_FIXTURES / group
    calls = []
    real_records, real_stores = recordcalls.record_targets, storedfns._stored_targets

    def records(linker, path, target):
        got = real_records(linker, path, target)
        calls.append(("records", linker, path, target, [(p, fn.qualname, b) for p, fn, b, *_ in got]))
        return got

    def stores(linker, path, target):
        got = real_stores(linker, path, target)
        calls.append(("stores", linker, path, target, [(t[0], t[1].qualname) for t in got]))
        return got

    monkeypatch.setattr(passedfns, "record_targets", records)
    monkeypatch.setattr(storedfns, "_stored_targets", stores)
    files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
    out, _project = cst_engine.run(files, root, jobs=1)
    assert not out.errors
    hits = 0
    for kind, linker, path, target, got in calls:
        if kind == "stores":
            assert got == _walk_stores(linker, path, target), (path, target)
        else:
            walked = _walk_records(linker, path, target)
            mine = got[:len(got) - len(storedfns.stored_targets(linker, path, target))] if walked is not None else got
            assert mine == (walked or []), (path, target)
        hits += bool(got)
    assert hits  # each group lands somewhere through a record's field
