"""Start-up cuts of speed34 (issue 15): the checklist documents come from the compact store (a
changed file is parsed again, a parse error is raised as before and never stored), and a scan
whose gates start neither semgrep nor bandit on any file does not import their demotions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcpaudit import compact
from mcpaudit.checklists import loader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("MCPAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    compact.forget()
    yield compact.store_file()
    compact.forget()


def _fresh_process() -> None:
    """What a new process sees: the store file as written, nothing parsed yet."""
    compact.save()
    compact.forget()
    loader._load_all.cache_clear()


def _no_parse(monkeypatch) -> None:
    def refuse(text):
        raise AssertionError("parsed although the document is stored")

    monkeypatch.setattr(loader.tomllib, "loads", refuse)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="with tomli every file is parsed")
def test_the_bundled_checklists_read_the_same_from_the_store(store, monkeypatch):
    loader._load_all.cache_clear()
    first = loader.load_checklists()
    _fresh_process()
    assert store.is_file()
    _no_parse(monkeypatch)
    again = loader.load_checklists()
    assert again == first and len(again) >= 5
    loader._load_all.cache_clear()


_DOC = """id = "t-1"
title = "T"
source = "T"
document = "000_t.txt"
lists = ["l"]

[[items]]
id = "T-1"
list = "l"
text = "{text}"
source_excerpt = "x"
severity = "high"
manual = "read it"
"""


@pytest.mark.skipif(sys.version_info < (3, 11), reason="with tomli every file is parsed")
def test_a_changed_checklist_file_is_parsed_again(store, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    f = data / "000_t.toml"
    f.write_text(_DOC.format(text="first"))
    assert loader._load_all(str(data))[0].items[0].text == "first"
    _fresh_process()
    f.write_text(_DOC.format(text="second"))  # the stored document's key no longer matches
    assert loader._load_all(str(data))[0].items[0].text == "second"
    _fresh_process()
    _no_parse(monkeypatch)  # the changed file's document is stored now
    assert loader._load_all(str(data))[0].items[0].text == "second"
    loader._load_all.cache_clear()


def test_a_bad_checklist_file_is_refused_every_time(store, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "000_t.toml").write_text('id = "t-1\n')
    for _ in range(2):
        with pytest.raises(loader.ChecklistDataError, match="000_t.toml"):
            loader._load_all(str(data))
        _fresh_process()
    assert not [k for k in compact._read() if k.startswith("checklist:")]


_PROBE = """
import json, sys
sys.argv = ["mcpaudit", *json.loads(sys.argv[1])]
from mcpaudit.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

#: The demotions of semgrep's and bandit's results: imported when that engine reported something.
DEMOTIONS = ("mcpaudit.engines.semgrep.placeholder", "mcpaudit.engines.semgrep.quotedscript",
             "mcpaudit.engines.semgrep.optin_tls", "mcpaudit.engines.semgrep.optin_tls_ts",
             "mcpaudit.engines.semgrep.results", "mcpaudit.engines.bandit_args",
             "mcpaudit.engines.bandit_cleanup", "mcpaudit.engines.bandit_tmpsearch",
             "mcpaudit.engines.bandit_tmpread", "mcpaudit.engines.bandit_tmplists", "mcpaudit.engines.bandit_tmpregex",
             "mcpaudit.engines.bandit_forwarded", "mcpaudit.engines.bandit_selftest")


def test_a_scan_that_starts_neither_semgrep_nor_bandit_imports_no_demotion(tmp_path):
    (tmp_path / "server.py").write_text(
        "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
        "@mcp.tool()\ndef add(a: int, b: int) -> int:\n    return a + b\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    report = tmp_path / "r.json"
    args = ["scan", str(tmp_path), "--no-cache", "-f", "json", "-o", str(report), "--fail-on", "never"]
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), timeout=300)
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, done.stderr[-2000:]
    loaded = set(json.loads(line[-1][len("MODULES "):]))
    # both engines ran (their modules are imported), and neither had a file to scan
    assert {"mcpaudit.engines.semgrep.runner", "mcpaudit.engines.bandit"} <= loaded
    assert not [m for m in DEMOTIONS if m in loaded]
    doc = json.loads(report.read_text())
    assert doc["findings"] == [] or all(f["tool"] == "cst" for f in doc["findings"])


# -- the library models' snapshot (mcpaudit.catalog.snapshot) ----------------------------------

def _catalog(root: Path):
    from mcpaudit.catalog import Catalog

    return Catalog(root)


def _rules_copy(tmp_path: Path) -> Path:
    import shutil

    from mcpaudit.resources import rules_dir

    dest = tmp_path / "rules"
    shutil.copytree(rules_dir(), dest)
    return dest


def test_the_models_from_the_snapshot_equal_the_built_ones(store, monkeypatch):
    from mcpaudit.catalog import models, snapshot
    from mcpaudit.resources import rules_dir

    built = (_catalog(rules_dir()).python, _catalog(rules_dir()).typescript)
    assert snapshot.snapshot_file("python").is_file() and snapshot.snapshot_file("typescript").is_file()

    def refuse(*a, **k):
        raise AssertionError("built although the snapshot matches")

    monkeypatch.setattr("mcpaudit.catalog.load_python_models", refuse)
    monkeypatch.setattr("mcpaudit.catalog.load_ts_models", refuse)
    again = _catalog(rules_dir())
    assert (again.python, again.typescript) == built
    assert type(again.python) is models.PythonModels and again.python is not built[0]


def test_a_changed_model_file_or_loader_rebuilds_the_snapshot(store, tmp_path, monkeypatch):
    from mcpaudit.catalog import snapshot

    root = _rules_copy(tmp_path)
    first = _catalog(root).python
    f = sorted((root / "models" / "python").glob("*.yaml"))[0]
    f.write_text(f.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    calls = []
    import mcpaudit.catalog as C

    real = C.load_python_models
    monkeypatch.setattr(C, "load_python_models", lambda *a: calls.append(a) or real(*a))
    assert _catalog(root).python == first and len(calls) == 1  # the stale snapshot was not used
    assert _catalog(root).python == first and len(calls) == 1  # and the new one is
    monkeypatch.setattr(snapshot, "_FORMAT", b"another loader")  # the key covers the package's code too
    assert _catalog(root).python == first and len(calls) == 2


@pytest.mark.parametrize("damage", ["resign", "truncate", "garbage"])
def test_a_damaged_or_foreign_snapshot_is_never_unpickled(store, monkeypatch, damage):
    from mcpaudit.catalog import snapshot
    from mcpaudit.resources import rules_dir

    built = _catalog(rules_dir()).python
    path = snapshot.snapshot_file("python")
    blob = path.read_bytes()
    if damage == "resign":  # a planted file: the signature does not match this user's key
        path.write_bytes(blob[:5] + bytes(32) + blob[37:])
    elif damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    else:
        path.write_bytes(b"MCPM1" + bytes(40))
    monkeypatch.setattr("pickle.loads", lambda *a, **k: (_ for _ in ()).throw(AssertionError("unpickled")))
    assert _catalog(rules_dir()).python == built
