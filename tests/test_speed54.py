"""speed54 (issue 15): the TypeScript link reads a string default without libcst.

The linker's branch facts (``analysis/guards.py``) give a parameter left at its string default
the fact of that default (``mode = "plain"`` is truthy and the word ``plain``). The default is
kept as written, and its fact was computed by parsing it with libcst's ``parse_expression``:
for a TypeScript helper's default that imported libcst (~0.15-0.35 s of CPU) in a process that
analyses no Python -- the ts child of a mixed tree (forked before the cst engine imports libcst)
and a TypeScript-only scan. A lone single- or double-quoted literal is now evaluated the way
libcst's ``SimpleString.evaluated_value`` evaluates it (``ast.literal_eval`` of the token); any
other default still goes through libcst. No timing here: the modules a scan loads and the facts.
"""

from __future__ import annotations

import json

import pytest

from mcpaudit.analysis import guards
from test_speed52 import PYTHON_ANALYSIS, ROOT, _modules, _top

#: defaults as a signature spells them: lone literals (the fast path) and others (libcst's)
DEFAULTS = ['"GET"', "'get'", '"plain"', '""', "''", '"read-only"', '"a b"', '"/tmp/x"', "'it\\'s'",
            '"tab\\tname"', '"\\u0041BC"', '"x" ', "'y'\t", '"0"', '"abcdefghijklmnopqrstuvwxyz"',
            '"a\\\nb"', '"\\d"', '"\\x4"', '"""doc"""', "'''x'''", '"a" "b"', '"a" + "b"', '"a".upper()',
            '"a" if x else "b"', '"GET"  # comment', '"unterminated', '"a"b', "'mixed\"", '"é"']


@pytest.mark.parametrize("text", DEFAULTS)
def test_a_default_s_fact_is_libcst_s(text):
    import warnings

    from mcpaudit.lazycst import cst

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes, as both readings see them
        try:
            expected = guards.arg_fact(cst.parse_expression(text))
        except Exception:  # noqa: BLE001 - what _default_fact makes of a default libcst rejects
            expected = None
        assert guards._default_fact(text) == expected


def test_lone_literals_take_the_path_without_libcst():
    lone = [t for t in DEFAULTS if guards._ONE_STRING.fullmatch(t)]
    assert '"GET"' in lone and "'it\\'s'" in lone and '"a\\\nb"' in lone
    for other in ('"""doc"""', '"a" "b"', '"a" + "b"', '"GET"  # comment', '"unterminated', '"a"b'):
        assert not guards._ONE_STRING.fullmatch(other), other


@pytest.mark.parametrize("jobs", [["-j", "1"], []])
def test_a_typescript_scan_with_a_string_default_loads_no_libcst(tmp_path, jobs):
    """``runLookup(target, mode = "plain")`` called without ``mode``: the link reads the default
    (the shell arm is skipped for that caller) and libcst stays unloaded (before: loaded)."""
    g = ROOT / "fixtures" / "typescript" / "open52t" / "literalbranch_safe"
    report = tmp_path / "r.json"
    loaded = _modules(tmp_path, ["scan", str(g), "--no-cache", "-f", "json", "-o", str(report), "--fail-on", "never",
                                 "--min-confidence", "low", *jobs])
    assert "mcpaudit.analysis.guards" in loaded and "mcpaudit.analysis.ts.paramguards" in loaded
    assert not _top(loaded, "libcst")
    assert not [m for m in PYTHON_ANALYSIS if m in loaded]
    text = (g / "src" / "server.ts").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if "await execAsync(`whois ${target}`)" in t)
    got = [(f["rule_id"], f["line"], f["tool"], f["confidence"]) for f in json.loads(report.read_text())["findings"]
           if f["rule_id"] == "tool-shell-injection"]
    assert got == [("tool-shell-injection", line, None, "low")]  # no tool's flow: the default decides the arm


_POOL = """
import concurrent.futures as cf, json, sys
from multiprocessing import forkserver
from mcpaudit.engines import cst, ts
which = sys.argv[1]
analyze = {"ts": ts.analyze_file, "ts-bound": cst.WithBindings({}, ts.analyze_file), "py": None}[which]
ctx = cst._mp_context(analyze)
with cf.ProcessPoolExecutor(1, mp_context=ctx) as ex:  # a worker forked from the fork server
    mods = ex.submit(eval, "sorted(__import__('sys').modules)").result()
print(json.dumps({"worker": mods, "preload": forkserver._forkserver._preload_modules}))
"""


def _pool(which: str) -> dict:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _POOL, which], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("which", ["ts", "ts-bound"])
def test_a_typescript_pool_s_fork_server_preloads_the_typescript_analysis_only(which):
    """Before: the fork server imported libcst and the Python analysis for any pool, and a
    TypeScript worker imported the TypeScript analysis itself at its first file."""
    got = _pool(which)
    assert "mcpaudit.engines.tspreload" in got["preload"] and "mcpaudit.engines.cstpreload" not in got["preload"]
    worker = set(got["worker"])
    assert "mcpaudit.analysis.ts.module" in worker and "mcpaudit.engines.ts" in worker
    assert not _top(worker, "libcst")
    assert not [m for m in PYTHON_ANALYSIS if m in worker]


def test_a_python_pool_s_fork_server_still_preloads_libcst_and_the_python_analysis():
    got = _pool("py")
    assert "mcpaudit.engines.cstpreload" in got["preload"] and "mcpaudit.engines.tspreload" not in got["preload"]
    worker = set(got["worker"])
    assert "libcst" in worker and "mcpaudit.analysis.module" in worker and "mcpaudit.analysis.fastchecks" in worker


_TS_WORKERS = """
import json, sys
from pathlib import Path
from multiprocessing import forkserver
from mcpaudit.engines import smallwork, ts
root = Path(sys.argv[1])
files = sorted((str(p), str(p.relative_to(root))) for p in root.rglob("*.ts"))
if sys.argv[2] == "workers":
    smallwork.small_enough = lambda paths, limit=None: False  # as a tree above MAX_TS_BYTES
    out, _ = ts.run(files, root, jobs=2, isolate=True)
    preload = forkserver._forkserver._preload_modules
else:
    out, _ = ts.run(files, root, jobs=1, isolate=False)
    preload = None
print(json.dumps({"preload": preload, "parsed": out.parse.parsed,
                  "findings": sorted((f.rule_id, f.location.path, f.location.line, f.tool or "", f.message)
                                     for f in out.findings)}))
"""


def test_typescript_files_analysed_by_workers_of_the_typescript_fork_server_find_what_one_process_finds():
    import os
    import subprocess
    import sys

    tree = ROOT / "fixtures" / "typescript" / "applescript"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    got = {}
    for how in ("workers", "here"):
        done = subprocess.run([sys.executable, "-c", _TS_WORKERS, str(tree), how], capture_output=True, text=True,
                              env=env, cwd=str(ROOT), timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        got[how] = json.loads(done.stdout.strip().splitlines()[-1])
    assert "mcpaudit.engines.tspreload" in got["workers"]["preload"]
    assert got["workers"]["parsed"] == got["here"]["parsed"] > 0
    assert got["workers"]["findings"] == got["here"]["findings"]
    assert any(f[0] == "tool-code-injection" and f[1] == "apps/mail.ts" and f[2] == 5 for f in got["here"]["findings"])
