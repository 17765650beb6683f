"""speed23: bandit's processes start before the scanning process imports the cst analysis and
forks the ts engine's child (``Engine.prestart``, :mod:`mcpaudit.engines.bandit_launch`), after
the per-file cache lookup, which now runs once, ahead of the engine's thread. The same
processes with the same arguments: the same findings, with and without a cache."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from mcpaudit import api, pipeline
from mcpaudit.config import Config
from mcpaudit.engines import bandit, bandit_launch, ts
from mcpaudit.engines.bandit_engine import BanditEngine

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "speed23" / "prestart"
SHELL_LINE = 14  # server.py: subprocess.run(f"du -sh {folder}", shell=True, ...)


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURE, root)
    return root


def _key(f):
    return (f.rule_id, f.engine, f.location.path, f.location.line, f.message, f.confidence, f.also_reported_by)


def _bandit_hits(root: Path, **kw):
    files = [root / "server.py", root / "safe_server.py"]
    return [(f.rule_id, f.location.path, f.location.line, f.message) for f in bandit.run(files, root, **kw).findings]


def test_a_started_launch_gives_the_findings_of_a_plain_run(tmp_path):
    root = _tree(tmp_path)
    files = [root / "server.py", root / "safe_server.py"]
    plain = _bandit_hits(root)
    begun = bandit_launch.start(files, root)
    assert begun is not None and begun.procs  # processes running before run() is called
    early = _bandit_hits(root, begun=begun)
    assert early == plain
    assert [(r, p, n) for r, p, n, _m in plain] == [("B602", "server.py", SHELL_LINE)]  # the safe twin: none
    assert plain[0][3].startswith("subprocess call with shell=True")
    assert not begun.procs and begun.neutral is None  # taken and cleaned up


def test_a_launch_for_other_files_is_stopped_and_the_run_plans_again(tmp_path):
    root = _tree(tmp_path)
    begun = bandit_launch.start([root / "safe_server.py"], root)
    procs = list(begun.procs.values())
    assert _bandit_hits(root, begun=begun) == _bandit_hits(root)
    assert all(p.returncode is not None for p in procs) and begun.neutral is None


def test_close_stops_what_was_not_taken(tmp_path):
    root = _tree(tmp_path)
    begun = bandit_launch.start([root / "server.py"], root)
    procs = list(begun.procs.values())
    begun.close()
    assert procs and all(p.returncode is not None for p in procs)
    assert begun.neutral is None and not begun.procs
    begun.close()  # twice is harmless


def test_no_launch_when_bandit_cannot_be_planned(tmp_path):
    root = _tree(tmp_path)
    assert bandit_launch.start([root / "server.py"], root, executable=str(tmp_path / "no-bandit")) is None


def _order(monkeypatch):
    """Record when bandit is started early and when the ts engine forks its child."""
    seen = []
    real_start, real_prefork = bandit_launch.start, ts.TsEngine.prefork

    def start(files, root, **kw):
        seen.append(("bandit", sorted(Path(f).name for f in files)))
        return real_start(files, root, **kw)

    def prefork(self, targets, context):
        seen.append(("ts", sorted(Path(t.rel).name for t in targets)))
        return real_prefork(self, targets, context)

    monkeypatch.setattr(bandit_launch, "start", start)
    monkeypatch.setattr(ts.TsEngine, "prefork", prefork)
    return seen


def test_a_scan_starts_bandit_before_the_ts_fork_with_the_same_report(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    cfg = Config(engines=("cst", "ts", "bandit"), cache=False, jobs=2)
    monkeypatch.setattr(BanditEngine, "prestarts", False)
    plain = api.audit([root], cfg)
    monkeypatch.setattr(BanditEngine, "prestarts", True)
    seen = _order(monkeypatch)
    early = api.audit([root], cfg)
    assert seen == [("bandit", ["safe_server.py", "server.py"]), ("ts", ["tool.ts"])]
    assert [_key(f) for f in early.findings] == [_key(f) for f in plain.findings]
    shell = [f for f in early.findings if f.location.line == SHELL_LINE]
    assert [(f.rule_id, f.engine, f.location.path, f.also_reported_by) for f in shell] == \
        [("tool-shell-injection", "cst", "server.py", ["bandit:B602"])]
    assert shell[0].message == "tool 'disk_usage' passes parameter 'folder' to subprocess.run(shell=True): " \
                               "OS command injection"
    assert not any(f.location.path == "safe_server.py" for f in early.findings)


def test_a_partly_warm_cache_starts_bandit_on_the_changed_files_only(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    cfg = Config(engines=("cst", "bandit"), cache=True, cache_dir=str(tmp_path / "cache"), jobs=2)
    cold = api.audit([root], cfg)
    (root / "safe_server.py").write_text((root / "safe_server.py").read_text() + "\n# edited\n")
    seen = _order(monkeypatch)
    warm = api.audit([root], cfg)
    assert seen == [("bandit", ["safe_server.py"])]  # server.py's bandit findings come from the cache
    assert [_key(f) for f in warm.findings] == [_key(f) for f in cold.findings]
    assert warm.stats.cache["bandit"] == {"hits": 1, "misses": 1}


def test_the_lookup_runs_once(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    calls = []
    real = pipeline._lookup

    def lookup(engine, targets, context):
        calls.append(engine.name)
        return real(engine, targets, context)

    monkeypatch.setattr(pipeline, "_lookup", lookup)
    api.audit([root], Config(engines=("cst", "bandit"), cache=True, cache_dir=str(tmp_path / "cache"), jobs=2))
    assert calls == ["bandit"]


# --- what no entry point reaches: the modules read ahead, while the deep analysis runs ---------

FIXTURES = FIXTURE.parents[1]


def _trees(root: Path):
    import ast

    texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))}
    return texts, {p: ast.parse(t) for p, t in texts.items()}


def test_reach_read_ahead_gives_the_same_verdict_on_every_fixture_tree():
    from mcpaudit.analysis.entryreach import ReadAhead, reach

    judged = 0
    for root in sorted(p for p in FIXTURES.glob("*/*") if p.is_dir()) + sorted(FIXTURES.glob("pyreach22/reach*")):
        texts, trees = _trees(root)
        ahead = ReadAhead(root)
        ahead.start(trees)
        plain = reach(trees, texts, root)
        early = reach(trees, texts, root, ahead=ahead)
        assert early == plain, root
        judged += bool(plain and (plain.dead_modules or plain.dead_functions))
    assert judged >= 3  # trees where something is unreached


def test_an_entry_read_from_another_tree_is_not_used():
    import ast

    from mcpaudit.analysis.entryreach import ReadAhead, reach

    texts = {"server.py": "import helper\nif __name__ == '__main__':\n    helper.live()\n",
             "helper.py": "def live(): pass\n", "old.py": "def stale(): pass\n"}
    trees = {p: ast.parse(t) for p, t in texts.items()}
    ahead = ReadAhead(Path("/nonexistent"))
    ahead.start({**trees, "old.py": ast.parse("import helper\n")})  # another tree: old.py imports nothing then
    got = reach(trees, texts, Path("/nonexistent"), ahead=ahead)
    assert got == reach(trees, texts, Path("/nonexistent"))
    assert got.dead_modules == frozenset({"old.py"})


def test_a_scan_reads_ahead_from_the_first_pass_trees(tmp_path, monkeypatch):
    from mcpaudit.analysis import entryreach

    root = _tree(tmp_path)
    used = []
    real = entryreach._read_module

    def read(path, tree, loaders):
        used.append((threading.current_thread().name, path))
        return real(path, tree, loaders)

    monkeypatch.setattr(entryreach, "_read_module", read)
    api.audit([root], Config(engines=("cst",), cache=False, jobs=1))
    assert sorted(used) == [("reach-read-ahead", "safe_server.py"), ("reach-read-ahead", "server.py")]


def test_the_named_entries_read_ahead_are_used_only_for_the_same_modules(tmp_path):
    import ast

    from mcpaudit.analysis.entryreach import ReadAhead, reach

    (tmp_path / "pyproject.toml").write_text('[project.scripts]\ntool = "server:main"\n')
    texts = {"server.py": "def main(): pass\n", "old.py": "def stale(): pass\n"}
    trees = {p: ast.parse(t) for p, t in texts.items()}
    ahead = ReadAhead(tmp_path)
    ahead.start({"server.py": trees["server.py"]})  # old.py has no tree yet: reach parses it
    assert ahead.named(tmp_path, ["server.py"])[0][:2] == ("pyproject.toml", [("server", "main")])
    assert ahead.named(tmp_path, ["server.py", "old.py"]) is None and ahead.named(Path("/elsewhere"), ["server.py"]) is None
    got = reach({"server.py": trees["server.py"]}, texts, tmp_path, ahead=ahead)
    assert got == reach({"server.py": trees["server.py"]}, texts, tmp_path)
    assert set(got.entries) == {"pyproject.toml names server:main"} and got.dead_modules == frozenset({"old.py"})
