"""The compact store of parsed rule YAML and installed versions (``mcpaudit.compact``): the same
documents with and without it, a changed file parsed again, a bad store ignored, and a scan that
finds every document stored imports neither PyYAML nor ``importlib.metadata``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcpaudit import compact
from mcpaudit.catalog._yaml import load_yaml
from mcpaudit.resources import rules_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("MCPAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    compact.forget()
    yield compact.store_file()
    compact.forget()


def _parsed(path: Path, safe: bool = False):
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text) if safe else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_every_bundled_yaml_file_reads_the_same_from_the_store(store):
    files = sorted(rules_dir().rglob("*.yaml"))
    assert len(files) > 30
    first = [load_yaml(p) for p in files]
    compact.save()
    assert store.is_file()
    compact.forget()  # a new process: everything comes from the file
    again = [load_yaml(p) for p in files]
    assert again == first == [_parsed(p) for p in files]
    # order of mapping keys is kept (rule ids, model rows are read in file order)
    assert [list(d) for d in again if isinstance(d, dict)] == [list(d) for d in first if isinstance(d, dict)]
    assert load_yaml(rules_dir() / "bandit.yaml", safe_loader=True) == _parsed(rules_dir() / "bandit.yaml", safe=True)


def test_each_read_is_a_new_document(store, tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("rules:\n  - id: x\n    tags: [a]\n")
    one = load_yaml(f)
    one["rules"][0]["tags"].append("changed")
    assert load_yaml(f) == {"rules": [{"id": "x", "tags": ["a"]}]}


def test_a_changed_file_is_parsed_again(store, tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n")
    assert load_yaml(f) == {"a": 1}
    compact.save()
    compact.forget()
    f.write_text("a: 2\n")
    assert load_yaml(f) == {"a": 2}


def test_values_marshal_cannot_hold_and_errors_are_not_stored(store, tmp_path):
    import yaml

    f = tmp_path / "d.yaml"
    f.write_text("when: 2024-01-02\n")
    assert load_yaml(f) == _parsed(f)
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1\n")
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            load_yaml(bad)
    compact.save()
    compact.forget()
    assert load_yaml(f) == _parsed(f)


@pytest.mark.parametrize("damage", ["truncate", "resign", "garbage"])
def test_a_damaged_or_foreign_store_is_ignored_and_rewritten(store, tmp_path, damage):
    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n")
    load_yaml(f)
    compact.save()
    blob = store.read_bytes()
    if damage == "truncate":
        store.write_bytes(blob[:20])
    elif damage == "resign":  # another user's key, or a planted file: the signature fails
        store.write_bytes(blob[:5] + bytes(32) + blob[37:])
    else:
        store.write_bytes(b"MCPC1" + os.urandom(200))
    compact.forget()
    assert load_yaml(f) == {"a": 1}
    compact.save()
    compact.forget()
    assert compact._read()  # rewritten, signed again


def test_the_store_keeps_at_most_max_entries(store, tmp_path, monkeypatch):
    monkeypatch.setattr(compact, "MAX_ENTRIES", 3)
    for i in range(5):  # five processes, each with a value of its own
        compact.memo(f"k{i}", lambda i=i: i)
        compact.save()
        compact.forget()
    assert 1 <= len(compact._read()) <= 3
    assert compact.memo("k4", lambda: -1) == 4


def test_dist_version_is_what_importlib_metadata_says(store):
    from importlib.metadata import version

    from mcpaudit.engines.base import dist_version

    for name in ("bandit", "pyyaml"):
        assert dist_version(name) == version(name)
        compact.save()
        compact.forget()
        assert dist_version(name) == version(name)
    assert dist_version("no-such-distribution-mcpaudit") == "?"


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


def test_a_scan_with_a_filled_store_parses_no_yaml(tmp_path):
    (tmp_path / "tree").mkdir()
    # a server no semgrep rule can match (semgrep is not started: it would be given a config)
    (tmp_path / "tree" / "server.py").write_text(
        "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
        "@mcp.tool()\ndef read(name: str) -> str:\n    return open(name).read()\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "MCPAUDIT_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    reports = []
    for i in range(2):
        out = tmp_path / f"r{i}.json"
        args = ["scan", str(tmp_path / "tree"), "--no-cache", "-f", "json", "-o", str(out), "--fail-on", "never"]
        done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                              env=env, cwd=str(ROOT), timeout=300)
        line = [ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")]
        assert line, done.stderr[-2000:]
        loaded = set(json.loads(line[-1][len("MODULES "):]))
        report = json.loads(out.read_text())
        reports.append({k: v for k, v in report.items() if k not in ("generated_at", "stats")})
    assert (tmp_path / "cache" / "catalog").is_dir()
    assert "yaml" not in loaded and "importlib.metadata" not in loaded
    assert reports[0] == reports[1] and reports[0]["findings"]


@pytest.mark.parametrize("extra, as_json", [
    (None, True), ({"x": "a\u2028b\x85c\x9f \u00e9"}, True),  # escaped: YAML would fold or refuse them raw
    ({"x": 1.5e20}, False), ({"x": "smile \U0001F600"}, False), ({"k" * 600: 1}, False),
    ({"x": "\\ud800 and \\"}, False),  # looks like a surrogate escape: YAML, to be safe
])
def test_the_semgrep_config_reads_back_as_the_rules(tmp_path, extra, as_json):
    """``write_rules`` writes JSON when every YAML parser reads it back as the same rules, else
    YAML (floats, characters beyond U+FFFF, long keys)."""
    import yaml

    from mcpaudit.engines.semgrep import packs

    rules = packs.load_packs(packs.rule_files())
    if extra is not None:
        rules = [{**rules[0], "metadata": {**rules[0].get("metadata", {}), **extra}}]
    dest = packs.write_rules(rules, tmp_path / "config.yaml")
    text = dest.read_text(encoding="utf-8")
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        assert yaml.load(text, Loader=loader) == {"rules": rules}
    assert text.startswith("{") == as_json


def test_the_code_fingerprint_is_the_hash_of_mcpaudits_files_and_follows_their_changes(store, tmp_path, monkeypatch):
    import hashlib

    import mcpaudit
    from mcpaudit import cache
    from mcpaudit.resources import rules_dir

    # the stored digest is the one hashing every file gives (what the key always was)
    h = hashlib.blake2b(mcpaudit.__version__.encode(), digest_size=16)
    for root in (Path(cache.__file__).resolve().parent, rules_dir()):
        for p in sorted(root.rglob("*")):
            if p.suffix in (".py", ".yaml", ".yml", ".toml", ".json") and p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == h.hexdigest()
    compact.save()
    compact.forget()
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == h.hexdigest()  # from the store

    # a changed file (same size, new bytes) is hashed again, not answered from the store
    f = tmp_path / "code" / "a.py"
    f.parent.mkdir()
    f.write_text("x = 1\n")
    files = lambda: [("a.py", str(f), os.stat(f))]  # noqa: E731
    monkeypatch.setattr(cache, "_code_files", files)
    cache.code_fingerprint.cache_clear()
    first = cache.code_fingerprint()
    assert first == cache._hash_code(files())
    before = os.stat(f)
    f.write_text("x = 2\n")
    # timestamps are as coarse as the kernel's clock tick: make the edit's visible
    os.utime(f, ns=(before.st_atime_ns, before.st_mtime_ns + 10_000_000))
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == cache._hash_code(files()) != first
    cache.code_fingerprint.cache_clear()
