"""speed30: a small mixed tree's serial tail.

The ts child's shared queue hands out the largest files first (:func:`tsshare.claim_order`); the
scanning process reads the posture pass's other files and documents and the rule metadata while
it waits for the ts child's link (``pipeline._while_waiting``); the posture pass answers each
call name's HTTP transport once (``posture.typescript._transport_kind``). Each is scheduling or
memoisation: the findings, capabilities and facts are those of a scan without them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from mcpaudit import pipeline
from mcpaudit.analysis.posture import typescript as posture_ts
from mcpaudit.catalog import catalog
from mcpaudit.engines import tsshare
from test_prefork import can_fork

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "speed30" / "tail"

EXPECTED = [
    ("http-transport-no-auth", "src/index.ts", 14, None, "ts",
     "new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is configured anywhere "
     "in the project (bound to all interfaces); anyone who reaches it can call: list_names, pack_folder, "
     "pack_folder_safe"),
    ("tool-shell-injection", "pytool/server.py", 13, "grep_notes", "cst",
     "tool 'grep_notes' passes parameter 'pattern' to subprocess.run(shell=True): OS command injection"),
    ("tool-shell-injection", "src/tools/archive.ts", 25, "pack_folder", "ts",
     "tool 'pack_folder' passes parameter 'folder' to child_process.exec(): OS command injection"),
]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dest = tmp_path / "server"
    shutil.copytree(FIXTURE, dest)
    (dest / ".git").mkdir()
    return dest


def _keys(result):
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message)
                  for f in result.findings)


def _facts(result):
    return [(f.id, f.value, sorted((e.path, e.line) for e in f.evidence)) for f in result.facts]


_CHILD = r"""
import json, sys
from pathlib import Path
from mcpaudit import pipeline
from mcpaudit.api import audit
from mcpaudit.config import Config

calls = []
real = pipeline._while_waiting

def spy(*a, **k):
    calls.append(1)
    return real(*a, **k)

pipeline._while_waiting = spy
tree = Path(sys.argv[1])
out = {}
for jobs in (2, 1):  # one job: no child, nothing to wait for
    res = audit([tree], Config(cache=False, jobs=jobs))
    facts = {f.id: f for f in res.facts}
    out[jobs] = {
        "calls": len(calls),
        "prefork": res.stats.engines.get("ts", {}).get("prefork"),
        "keys": sorted([f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message] for f in res.findings),
        "facts": [[f.id, f.value, sorted([e.path, e.line] for e in f.evidence)] for f in res.facts],
        "shttp": [[e.path, e.line] for e in facts["transport.streamable_http"].evidence],
        "docker": facts["docker.present"].value,
        "rules": [r.id for r in res.rules],
    }
print(json.dumps(out))
"""


@can_fork
def test_the_tail_done_while_waiting_reports_what_one_process_reports(tree):
    # in a fresh process (mend44b): the test process of a full run has other threads, and the
    # pipeline does not fork then, so the test skipped there
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(pipeline.__file__).resolve().parents[1]),
                                                       os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", _CHILD, str(tree)], capture_output=True, text=True, env=env,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    forked, alone = got["2"], got["1"]
    assert forked["prefork"] == {"files": 3, "taken": 3}
    assert forked["calls"] == 1 and alone["calls"] == 1  # once, in the forked run only
    want = [list(k) for k in EXPECTED]
    assert forked["keys"] == alone["keys"] == want
    assert not [k for k in forked["keys"] if k[3] and k[3].endswith("_safe")]  # the safe twins
    assert forked["facts"] == alone["facts"]
    assert ["src/index.ts", 14] in forked["shttp"]
    assert forked["docker"] is True  # from the Dockerfile read while waiting
    assert forked["rules"] == alone["rules"]


def test_gathered_files_are_the_posture_pass_own(tree):
    early = pipeline.EarlyIndex()
    assert early.gathered(tree, True) is None
    early.gather_files(tree, True)
    from mcpaudit.analysis.posture import collect_doc_files, collect_other_files

    assert early.gathered(tree, True) == (collect_other_files(tree, recursive=True), collect_doc_files(tree))
    assert "Dockerfile" in early.gathered(tree, True)[0] and "README.md" in early.gathered(tree, True)[1]
    first = early.files
    early.gather_files(tree, True)  # a second wait: read once for the same root and scope
    assert early.files is first
    assert early.gathered(tree, False) is None  # another scope: read again
    assert early.gathered(tree / "src", True) is None
    early.release()
    assert early.gathered(tree, True) is None


def test_once_runs_early_or_late_and_raises_where_it_always_did():
    ran = []
    once = pipeline._Once(lambda: ran.append(1))
    once.early()
    once()
    once.early()
    assert ran == [1]
    late = pipeline._Once(lambda: ran.append(2))
    late()
    late.early()
    assert ran == [1, 2]

    def boom():
        raise ValueError("broken pack")

    failing = pipeline._Once(boom)
    failing.early()  # swallowed here ...
    with pytest.raises(ValueError, match="broken pack"):
        failing()  # ... and raised where the pipeline calls it


def test_claim_order_is_largest_first_ties_in_order(tmp_path):
    sizes = {"a.ts": 10, "b.ts": 300, "c.ts": 10, "d.ts": 50}
    files = []
    for name, size in sizes.items():
        (tmp_path / name).write_text("x" * size)
        files.append((str(tmp_path / name), name))
    files.append((str(tmp_path / "gone.ts"), "gone.ts"))  # cannot be stat'ed: counts as empty
    assert tsshare.claim_order(files) == [1, 3, 0, 2, 4]


def test_the_share_queue_hands_out_every_file_once_largest_first(tmp_path):
    files = []
    for i, size in enumerate((5, 500, 50)):
        p = tmp_path / f"m{i}.ts"
        p.write_text("y" * size)
        files.append((str(p), p.name))
    share = tsshare.Share.open(files, None)
    try:
        assert [share.claim() for _ in range(4)] == [1, 2, 0, None]
    finally:
        share.close()


def _reference_kind(name, surface):
    """The transport kind as the posture pass computed it before speed30 (a scan of the table)."""
    last = posture_ts._last(name)
    rows = [(k.rsplit(".", 1)[0], v) for k, v in surface.http_transports.items() if posture_ts._last(k) == last]
    if not rows or last[:1].isupper():
        return rows[0][1] if rows else None
    mod = posture_ts._module(name)
    return next((v for pkg, v in rows if mod == pkg or mod.startswith(pkg + "/")), None)


def _names(surface):
    names = set()
    for k in surface.http_transports:
        mod, _, last = k.rpartition(".")
        names.update({k, last, f"{mod}.js.{last}", f"other-package.{last}", f"{mod}/sub.{last}",
                      f"{mod}-extra.{last}", f"{last}.{last}"})
    names.update({"listen", "app.listen", "express", "http.createServer", "", "."})
    return sorted(names)


def test_the_transport_kind_is_the_table_scan_for_every_name():
    surface = catalog().typescript.surface
    names = _names(surface)
    assert names
    kinds = posture_ts.TransportKinds(surface)
    for name in names:  # twice: the second answers come from the memo
        assert posture_ts._transport_kind(name, kinds) == _reference_kind(name, surface), name
    for name in names:
        assert posture_ts._transport_kind(name, kinds) == _reference_kind(name, surface), name


def test_the_rows_are_those_of_the_surface_the_pass_reads():
    # built once per pass from the surface it reads: no process-wide memo to outlive a table
    surface = catalog().typescript.surface
    export = next(iter(surface.http_transports))
    name = export.rsplit(".", 1)[-1]
    assert posture_ts._transport_kind(name, posture_ts.TransportKinds(surface)) == _reference_kind(name, surface)
    other = dataclasses.replace(surface, http_transports={})
    assert posture_ts._transport_kind(name, posture_ts.TransportKinds(other)) is None
    changed = dict(surface.http_transports)
    changed[export] = "changed-kind"
    kinds = posture_ts.TransportKinds(dataclasses.replace(surface, http_transports=changed))
    assert posture_ts._transport_kind(name, kinds) == "changed-kind"
    assert not hasattr(posture_ts, "_TRANSPORT_ROWS")


def test_node_inits_come_from_the_code_table_as_compile_makes_them(monkeypatch):
    """cstbuild's generated ``__init__`` methods are compiled through mcpaudit.codecache's table
    (kept between runs): the same code objects as the compile this module inherits its flags in
    (``from __future__ import annotations``, as cstbuild has)."""
    from mcpaudit import codecache
    from mcpaudit.engines import cstbuild

    src = "def __init__(self, value, whitespace=_d1):\n    _s0(self, value)\n    _s1(self, whitespace)\n"
    name = "<mcpaudit node init Example>"
    inherited = compile(src, name, "exec")  # here, as cstbuild compiled before the table
    monkeypatch.setattr(codecache, "_state", {})  # not installed: a plain compile
    assert cstbuild.compiled(src, name, cstbuild._FLAGS) == inherited
    table, used, new = {}, {}, [0]
    monkeypatch.setattr(codecache, "_state", {"table": table, "used": used, "new": new})
    first = cstbuild.compiled(src, name, cstbuild._FLAGS)
    assert first == inherited and first.co_flags == inherited.co_flags and first.co_filename == name
    assert new == [1] and list(table.values()) == [first]
    assert cstbuild.compiled(src, name, cstbuild._FLAGS) is first and new == [1]  # from the table
    assert codecache.compiled(src, "<other>", cstbuild._FLAGS).co_filename == "<other>"  # its own entry
    assert new == [2]
