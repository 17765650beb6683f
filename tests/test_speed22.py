"""The compiled dataclass methods (mcpaudit/codecache.py): the same classes with and without the
table, written only where byte code may be written, never by a forked child, and a broken table
is an empty one. Each case runs in a child interpreter (install() changes its ``dataclasses``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# every generated method of libcst's and mcpaudit's dataclasses, as code (the table's own or a
# fresh compile), printed as comparable JSON: name -> (co_code, consts, names, varnames)
_PROBE = r"""
import json, sys, dataclasses
from pathlib import Path
import mcpaudit.codecache as cc
table = Path(sys.argv[1])
cc.table_path = lambda: table
mode = sys.argv[2]
if mode != "plain":
    assert cc.install(write=(mode == "write"))
if mode == "fork":
    import os
    pid = os.fork()
    if pid == 0:
        import libcst
        cc.save()  # a forked child: never writes
        os._exit(0)
    os.waitpid(pid, 0)
    sys.exit(0)
import libcst
import mcpaudit.models, mcpaudit.analysis.summary
out = {}
for mod in (libcst, mcpaudit.models, mcpaudit.analysis.summary):
    for name in sorted(dir(mod)):
        cls = getattr(mod, name)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            for meth in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
                fn = cls.__dict__.get(meth)
                code = getattr(fn, "__code__", None)
                if code is not None and code.co_filename == "<string>":
                    out[f"{mod.__name__}.{name}.{meth}"] = [code.co_code.hex(), repr(code.co_consts),
                                                            list(code.co_names), list(code.co_varnames)]
print(json.dumps({"methods": out, "new": cc._state["new"][0] if cc._state else None}))
"""


def _run(table: Path, mode: str, **env: str):
    full = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    full.update(PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(table), mode], capture_output=True, text=True,
                          env=full, cwd=str(ROOT), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout) if done.stdout.strip() else None


def test_the_table_gives_the_same_methods_as_a_fresh_compile(tmp_path):
    table = tmp_path / "t.marshal"
    plain = _run(table, "plain")
    assert not table.exists()
    first = _run(table, "write")  # compiles everything, writes the table at exit
    assert table.is_file() and first["new"] > 500
    second = _run(table, "write")  # everything from the table: nothing new, nothing written
    assert second["new"] == 0
    assert len(plain["methods"]) > 500
    assert plain["methods"] == first["methods"] == second["methods"]
    assert "libcst._nodes.expression.Name.__init__" in plain["methods"] or any(
        k.endswith(".Name.__init__") for k in plain["methods"])


def test_no_table_is_written_when_byte_code_writing_is_off_or_from_a_forked_child(tmp_path):
    table = tmp_path / "t.marshal"
    got = _run(table, "nowrite")
    assert got["new"] > 500 and not table.exists()
    _run(table, "write", PYTHONDONTWRITEBYTECODE="1")  # install(write=True) overrides: the explicit ask
    assert table.exists()
    table.unlink()
    _run(table, "fork")
    assert not table.exists()


def test_default_install_follows_dont_write_bytecode(tmp_path):
    table = tmp_path / "t.marshal"
    probe = ("import sys; from pathlib import Path; import mcpaudit.codecache as cc; "
             f"cc.table_path = lambda: Path({str(table)!r}); cc.install(); import libcst")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=300)
    assert not table.exists()
    env.pop("PYTHONDONTWRITEBYTECODE")
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=300)
    assert table.exists()


def test_a_broken_table_is_an_empty_one(tmp_path):
    table = tmp_path / "t.marshal"
    table.write_bytes(b"\x00not marshal at all")
    got = _run(table, "nowrite")
    assert got["new"] > 500
    table.write_bytes(__import__("marshal").dumps({"x": 1, 2: "y"}))  # foreign entries are dropped
    assert _run(table, "nowrite")["new"] > 500


def test_the_command_line_installs_it_and_a_library_import_does_not():
    probe = ("import sys, dataclasses; import mcpaudit.api; print('exec' in vars(dataclasses)); "
             "import mcpaudit.quick, mcpaudit.codecache as cc; cc.install(write=False); "
             "print('exec' in vars(dataclasses))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True,
                         timeout=300).stdout.split()
    assert out == ["False", "True"]
    src = (ROOT / "mcpaudit" / "quick.py").read_text() + (ROOT / "mcpaudit" / "cli.py").read_text()
    assert src.count("install()  # the dataclass methods") == 2


# ---- the posture pass's TypeScript index, built while the ts engine's child works -------------

PREFORK = ROOT / "fixtures" / "typescript" / "prefork"


def _facts(result):
    return [(f.id, f.value, f.evidence, f.note) for f in result.facts]


def test_the_ts_posture_index_is_built_while_the_child_works_and_gives_the_same_facts(tmp_path, monkeypatch):
    import shutil
    import threading

    import pytest

    from mcpaudit import api, pipeline
    from mcpaudit.analysis.posture import context
    from mcpaudit.config import Config

    if not hasattr(os, "fork") or threading.active_count() != 1:
        pytest.skip("the pipeline forks the ts engine's child only from a single-threaded process")
    tree = tmp_path / "server"
    shutil.copytree(PREFORK, tree)
    (tree / ".git").mkdir()
    indexed, early_calls = [], []
    real_index, real_early = context.index_ts, pipeline.EarlyIndex.index_sources
    monkeypatch.setattr(context, "index_ts", lambda p, t: indexed.append(p) or real_index(p, t))

    def spy(self, targets, max_bytes):
        early_calls.append(sorted(t.rel for t in targets))
        return real_early(self, targets, max_bytes)

    monkeypatch.setattr(pipeline.EarlyIndex, "index_sources", spy)
    forked = api.audit([tree], Config(cache=False, jobs=2))
    assert forked.stats.engines["ts"]["prefork"] == {"files": 1, "taken": 1}
    assert early_calls == [["server.ts"]] and indexed == []  # the posture pass took the early entry
    alone = api.audit([tree], Config(cache=False, jobs=1))  # one job: no child, no early TS index
    assert len(early_calls) == 1 and indexed == ["server.ts"]
    monkeypatch.setattr(pipeline.EarlyIndex, "index_sources", lambda self, targets, max_bytes: None)
    indexed.clear()
    without = api.audit([tree], Config(cache=False, jobs=2))
    assert indexed == ["server.ts"]
    assert _facts(forked) == _facts(alone) == _facts(without)
    assert any(f[0] == "transport.stdio" for f in _facts(forked))
    assert [(f.rule_id, f.location.line, f.tool) for f in forked.findings] == \
           [(f.rule_id, f.location.line, f.tool) for f in without.findings]


def test_an_early_ts_entry_is_used_only_for_the_same_text(tmp_path):
    from mcpaudit import pipeline
    from mcpaudit.analysis.posture.context import Context
    from mcpaudit.engines.base import Target

    text = (PREFORK / "server.ts").read_text(encoding="utf-8")
    src = tmp_path / "server.ts"
    src.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # a BOM is dropped, as the ts engine does
    early = pipeline.EarlyIndex()
    early.index_sources([Target(str(src), "server.ts"), Target(str(src), "test/server.test.ts")], 10 ** 7)
    entries = early.result()
    assert sorted(entries) == ["server.ts"] and entries["server.ts"][0] == text  # test code is not indexed
    assert Context({"server.ts": text}, [], {}, early=entries).ts[0] is entries["server.ts"][2]
    edited = Context({"server.ts": text + "\n// edited\n"}, [], {}, early=entries).ts[0]
    assert edited is not entries["server.ts"][2] and edited.text.endswith("// edited\n")


def test_a_file_the_early_ts_index_fails_on_is_left_to_the_posture_pass(tmp_path, monkeypatch):
    from mcpaudit import pipeline
    from mcpaudit.analysis.posture import typescript
    from mcpaudit.engines.base import Target

    src = tmp_path / "server.ts"
    src.write_text((PREFORK / "server.ts").read_text(encoding="utf-8"), encoding="utf-8")

    def broken(path, text):
        raise RecursionError("nested too deeply")

    monkeypatch.setattr(typescript, "index_ts", broken)
    early = pipeline.EarlyIndex()
    early.index_sources([Target(str(src), "server.ts")], 10 ** 7)  # no exception escapes
    assert early.result() == {}
