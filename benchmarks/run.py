"""Benchmark mcpaudit against bandit and semgrep over one tree; print a table, write JSON.

    python benchmarks/run.py [--lines 100000] [--path DIR] [--out results.json] [--repeat 1]
                             [--engines-only cst[,ts,semgrep,bandit]] [--jobs N] [--seed S]

Without ``--path`` the tree is a deterministic generated monorepo of MCP servers
(``benchmarks/corpus.py``, ``--lines`` Python lines). Measured, each as a subprocess over the same
tree, each ``--repeat`` times (the median is reported):

  mcpaudit_cold      mcpaudit scan, all engines (or --engines-only), empty result cache
  mcpaudit_warm      the same scan again with the cache the cold run filled
  mcpaudit_cst_cold  mcpaudit scan --engines cst, empty cache
  cst_inprocess      benchmarks/cst_probe.py: the cst engine on one core vs plain libcst parsing
  bandit             python -m bandit -r -f json -q TREE  [-c rules/bandit.yaml]
  semgrep            semgrep --config <each rules/semgrep/*.yaml> --metrics=off
                     --disable-version-check --json --quiet TREE

Wall time, CPU time (user+sys of the whole process tree, worker processes included; see
``_measure.py``) and peak RSS (``ru_maxrss``: the largest single process of the tree, not a sum).
The machine's load average is recorded next to every run: on a shared machine, compare numbers
only between runs with similar load. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata as _md
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import trees  # noqa: E402

SCHEMA = "mcpaudit-benchmark/1"
MEASUREMENTS = ("mcpaudit_cold", "mcpaudit_warm", "mcpaudit_cst_cold", "cst_inprocess", "bandit", "semgrep")
#: mcpaudit's engines (all of them run by default; ts scans the .ts/.js files)
ENGINES = ("cst", "ts", "semgrep", "bandit")
NUMERIC = ("wall_s", "cpu_s", "user_s", "sys_s", "max_rss_mib")


# ---------------------------------------------------------------------------------------------
# environment


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _load() -> Optional[List[float]]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _version(dist: str) -> Optional[str]:
    try:
        return _md.version(dist)
    except _md.PackageNotFoundError:
        return None


def _exe(name: str) -> Optional[str]:
    """An executable next to this interpreter (the venv) first, then on PATH."""
    cand = Path(sys.executable).parent / name
    if cand.is_file() and os.access(cand, os.X_OK):
        return str(cand)
    return shutil.which(name)


class McpauditSource:
    """The mcpaudit a benchmark runs: by default a frozen copy of the installed package (and its
    rule packs) in the work directory, run with ``python -m mcpaudit.cli`` and ``PYTHONPATH``.
    A long benchmark in a checkout that others edit would otherwise mix versions between runs,
    and every edit changes the result cache's salt, so the warm run would silently be cold."""

    def __init__(self, work: Path, snapshot: bool = True) -> None:
        import mcpaudit
        from mcpaudit.resources import rules_dir

        self.package = Path(mcpaudit.__file__).resolve().parent
        self.origin_rules = rules_dir()
        self.snapshot = snapshot
        self.git = _git_state(self.package.parent)
        if snapshot:
            root = work / "mcpaudit-src"
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(self.package, root / "mcpaudit", ignore=ignore)
            if not (root / "mcpaudit" / "_rules").is_dir():
                shutil.copytree(self.origin_rules, root / "rules", ignore=ignore)
            self.rules = root / "mcpaudit" / "_rules" if (root / "mcpaudit" / "_rules").is_dir() else root / "rules"
            # Byte-compile the copy, as installing a package does: without .pyc files (the copy
            # leaves the checkout's out, and PYTHONDONTWRITEBYTECODE keeps Python from writing
            # them) every run, and every worker process, would compile mcpaudit's ~100 modules
            # from source, about half a second of CPU that bandit (installed) never pays.
            import compileall

            compileall.compile_dir(str(root / "mcpaudit"), quiet=2)
            old = os.environ.get("PYTHONPATH")
            self.env = {"PYTHONPATH": str(root) + (os.pathsep + old if old else "")}
            # and the compiled dataclass methods beside the byte code (mcpaudit/codecache.py),
            # which a first run writes where byte-code writing is on
            subprocess.run([sys.executable, "-c", "import mcpaudit.codecache as c; c.prime()"],
                           env={**os.environ, **self.env}, cwd=str(root), check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.argv = [sys.executable, "-m", "mcpaudit.cli"]
            self.root = root
        else:
            self.rules = self.origin_rules
            self.env = {}
            exe = _exe("mcpaudit")
            self.argv = [exe] if exe else [sys.executable, "-m", "mcpaudit.cli"]
            self.root = self.package.parent

    def describe(self) -> Dict[str, Any]:
        return {"package": str(self.package), "rules": str(self.origin_rules), "snapshot": self.snapshot,
                "git": self.git}


def _git_state(path: Path) -> Optional[Dict[str, Any]]:
    """Commit and uncommitted files of the checkout mcpaudit runs from, if it is one."""
    try:
        head = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=30)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "-C", str(path), "status", "--porcelain", "--", "mcpaudit", "rules"],
                               capture_output=True, text=True, timeout=30).stdout.splitlines()
        return {"commit": head.stdout.strip(), "uncommitted": [d[3:] for d in dirty][:50]}
    except (OSError, subprocess.SubprocessError):
        return None


class CacheSupport:
    """How this mcpaudit lets us control its result cache, found out at run time."""

    def __init__(self, source: McpauditSource) -> None:
        try:
            help_text = subprocess.run([*source.argv, "scan", "--help"], capture_output=True, text=True,
                                       timeout=120, env={**os.environ, **source.env}).stdout
        except (OSError, subprocess.SubprocessError):
            help_text = ""
        self.dir_option = "--cache-dir" in help_text
        self.no_cache_option = "--no-cache" in help_text
        self.env_var = "MCPAUDIT_CACHE_DIR" in help_text or self._source_mentions(source, "MCPAUDIT_CACHE_DIR")
        if self.dir_option or self.env_var:
            self.mode = "cache-dir"
        elif self.no_cache_option:
            self.mode = "no-cache-flag"
        else:
            self.mode = "none"

    @staticmethod
    def _source_mentions(source: McpauditSource, word: str) -> bool:
        for path in (source.root / "mcpaudit").rglob("*.py"):
            try:
                if word in path.read_text("utf-8", "replace"):
                    return True
            except OSError:
                continue
        return False

    def describe(self) -> str:
        return {
            "cache-dir": "cold = fresh empty cache directory ("
                         + ", ".join(x for x, ok in (("--cache-dir", self.dir_option),
                                                     ("MCPAUDIT_CACHE_DIR", self.env_var)) if ok)
                         + "); warm = same directory after the cold run",
            "no-cache-flag": "cold = --no-cache; warm = default cache after one unmeasured priming run",
            "none": "mcpaudit has no result cache option: warm is the cold run",
        }[self.mode]

    def args_env(self, cache_dir: Optional[Path], cold: bool) -> Tuple[List[str], Dict[str, str]]:
        args: List[str] = []
        env: Dict[str, str] = {}
        if self.mode == "cache-dir" and cache_dir is not None:
            if self.dir_option:
                args += ["--cache-dir", str(cache_dir)]
            if self.env_var:
                env["MCPAUDIT_CACHE_DIR"] = str(cache_dir)
        elif self.mode == "no-cache-flag" and cold:
            args.append("--no-cache")
        return args, env


# ---------------------------------------------------------------------------------------------
# running and measuring


class Runner:
    def __init__(self, work: Path, timeout: float, verbose: bool = True) -> None:
        self.work = work
        self.timeout = timeout
        self.verbose = verbose
        self.count = 0

    def log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr, flush=True)

    def run(self, label: str, argv: Sequence[str], extra_env: Optional[Dict[str, str]] = None,
            cwd: Optional[Path] = None) -> Dict[str, Any]:
        """Run ``argv`` under the measuring wrapper; return its numbers plus output file paths."""
        self.count += 1
        stem = self.work / f"{self.count:02d}-{label}"
        # A neutral working directory: "python -m" puts the current directory first on sys.path,
        # which from a checkout would import the live package instead of the frozen copy.
        spec = {"argv": list(argv), "cwd": str(cwd or self.work), "env_extra": dict(extra_env or {}),
                "stdout": f"{stem}.out", "stderr": f"{stem}.err", "timeout": self.timeout}
        spec_path = Path(f"{stem}.spec.json")
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        load = _load()
        self.log(f"  {label}: {' '.join(argv)[:160]}")
        proc = subprocess.run([sys.executable, str(HERE / "_measure.py"), str(spec_path)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"the measuring wrapper failed: {proc.stderr.strip()[-2000:]}")
        rec = json.loads(proc.stdout)
        rec["load1_before"] = load[0] if load else None
        rec["stdout_file"] = spec["stdout"]
        rec["stderr_file"] = spec["stderr"]
        self.log(f"    wall {rec['wall_s']:.2f}s cpu {rec['cpu_s']:.2f}s rss {rec['max_rss_mib']:.0f}MiB "
                 f"exit {rec['exit_code']}" + (" TIMEOUT" if rec["timed_out"] else ""))
        return rec


def _tail(path: str, n: int = 1500) -> str:
    try:
        return Path(path).read_text("utf-8", "replace")[-n:]
    except OSError:
        return ""


def summarize(runs: List[Dict[str, Any]]) -> Dict[str, Any]:
    med = {k: round(statistics.median(r[k] for r in runs), 3) for k in NUMERIC}
    out: Dict[str, Any] = {"median": med, "runs": [
        {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()
         if k not in ("stdout_file", "stderr_file")} for r in runs]}
    return out


# ---------------------------------------------------------------------------------------------
# reading tool outputs


def _rel(path: str, tree: Path) -> str:
    p = Path(path)
    if not p.is_absolute():
        p = (Path.cwd() / p)
    try:
        return p.resolve().relative_to(tree.resolve()).as_posix()
    except ValueError:
        return path.replace(os.sep, "/")


def _physical_lines(paths: Sequence[str], tree: Path) -> int:
    total = 0
    for p in paths:
        q = Path(p) if Path(p).is_absolute() else tree / p
        try:
            with open(q, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        total += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return total


def read_mcpaudit(path: Path, tree: Path, fallback_lines: Optional[int] = None) -> Dict[str, Any]:
    """``fallback_lines``: the tree's .py lines on disk, for runs without the cst engine (only it
    counts lines in the report)."""
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return {"report_error": f"no JSON report: {exc}"}
    root = Path(doc.get("root") or tree)
    by_rule: Dict[str, int] = {}
    hits = []
    for f in doc.get("findings", []):
        key = f"{f.get('engine')}:{f.get('rule_id')}"
        by_rule[key] = by_rule.get(key, 0) + 1
        # a path relative to the report's root, re-expressed relative to the tree
        rel = _rel(str(root / f["path"]), tree)
        hits.append((f.get("engine"), f.get("rule_id"), rel, f.get("line")))
        for other in f.get("also_reported_by") or []:
            eng, _, rid = other.partition(":")
            hits.append((eng, rid, rel, f.get("line")))
    stats = doc.get("stats") or {}
    return {
        "engines_run": doc.get("engines_run"),
        "engine_errors": [f"{e.get('engine')}: {e.get('message')}" for e in doc.get("errors", []) if e.get("fatal")],
        "findings": len(doc.get("findings", [])),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "python_files": stats.get("python_files"),
        "lines": stats.get("lines"),
        "lines_scanned": stats.get("lines") or fallback_lines,
        "engine_seconds": stats.get("engine_seconds"),
        "engine_details": stats.get("engines"),
        "cache": stats.get("cache"),
        "_hits": hits,
    }


def read_bandit(path: Path, tree: Path) -> Dict[str, Any]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return {"report_error": f"no JSON report: {exc}"}
    by_test: Dict[str, int] = {}
    hits = []
    for r in doc.get("results", []):
        by_test[r["test_id"]] = by_test.get(r["test_id"], 0) + 1
        hits.append(("bandit", r["test_id"], _rel(r["filename"], tree), r.get("line_number")))
    metrics = doc.get("metrics") or {}
    return {
        "findings": len(doc.get("results", [])),
        "findings_by_rule": dict(sorted(by_test.items())),
        "python_files": len([k for k in metrics if k != "_totals"]),
        "lines": (metrics.get("_totals") or {}).get("loc"),  # bandit's own count: code lines only
        "lines_scanned": _physical_lines([k for k in metrics if k != "_totals"], tree),
        "errors": len(doc.get("errors", [])),
        "_hits": hits,
    }


def read_semgrep(path: Path, tree: Path) -> Dict[str, Any]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return {"report_error": f"no JSON report: {exc}"}
    by_rule: Dict[str, int] = {}
    hits = []
    for r in doc.get("results", []):
        rid = r["check_id"].rsplit(".", 1)[-1]  # ids are prefixed with the config's path
        by_rule[rid] = by_rule.get(rid, 0) + 1
        hits.append(("semgrep", rid, _rel(r["path"], tree), (r.get("start") or {}).get("line")))
    scanned = (doc.get("paths") or {}).get("scanned")
    return {
        "findings": len(doc.get("results", [])),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "files_scanned": len(scanned) if isinstance(scanned, list) else None,
        "lines_scanned": _physical_lines(scanned, tree) if isinstance(scanned, list) else None,
        "errors": len(doc.get("errors", [])),
        "_hits": hits,
    }


def planted_recall(hazards: List[Dict[str, Any]], hits: List[Tuple], engine: str) -> Dict[str, Any]:
    """How many planted hazards ``engine`` reported (expected rule id, same file, inside the
    function that holds the sink)."""
    found = 0
    missed = []
    for h in hazards:
        want = set(h["rules"].get(engine) or [])
        if not want:
            continue
        if any(e == engine and rid in want and path == h["path"] and line is not None
               and h["start_line"] <= line <= h["end_line"] for e, rid, path, line in hits):
            found += 1
        else:
            missed.append(f"{h['path']}:{h['sink_line']} {h['kind']}")
    expected = found + len(missed)
    return {"expected": expected, "found": found, "missed": missed[:20]}


# ---------------------------------------------------------------------------------------------
# the benchmark


def _median_or_none(m: Dict[str, Any], key: str) -> Optional[float]:
    med = m.get("median") if isinstance(m, dict) else None
    return med.get(key) if med else None


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 3)


def benchmark(args: argparse.Namespace) -> Dict[str, Any]:
    started = _dt.datetime.now(_dt.timezone.utc)
    engines = [e.strip() for e in (args.engines_only or ",".join(ENGINES)).split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        raise SystemExit(f"--engines-only: unknown engine(s) {', '.join(bad)}; choose from {', '.join(ENGINES)}")
    skip = {x.strip() for x in (args.skip or "").split(",") if x.strip()}
    if args.no_probe:
        skip.add("cst_inprocess")
    unknown = skip - set(MEASUREMENTS[1:])
    if unknown:
        raise SystemExit(f"--skip: unknown measurement(s) {', '.join(sorted(unknown))}; "
                         f"choose from {', '.join(MEASUREMENTS[1:])}")
    work = Path(tempfile.mkdtemp(prefix="mcpaudit-bench-"))
    runner = Runner(work, args.timeout, verbose=not args.quiet)
    result: Dict[str, Any] = {
        "schema": SCHEMA,
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
        "machine": {
            "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "uptime_before": _uptime(), "load_before": _load(),
        },
        "versions": {d: _version(d) for d in ("mcpaudit", "libcst", "bandit", "semgrep")},
        "options": {"repeat": args.repeat, "jobs": args.jobs, "engines": engines, "timeout_s": args.timeout,
                    "engine_timeout_s": args.engine_timeout, "skip": sorted(skip)},
        "notes": [
            "cpu_s is user+sys of the whole process tree (orphaned workers reaped by a subreaper)",
            "max_rss_mib is ru_maxrss: the largest single process of the tree, not a sum over processes",
            "each number is the median over --repeat runs; load1_before is recorded per run",
        ],
    }
    hazards: List[Dict[str, Any]] = []
    corpus_dir: Optional[Path] = None
    try:
        # -- the tree
        if args.tree:
            repo, commit, paths = trees.PRESETS[args.tree]
            tree = trees.materialise_preset(args.tree, work / f"tree-{args.tree}").resolve()
            result["target"] = {"kind": "preset", "name": args.tree, "repo": repo,
                                "commit": commit or trees.head_commit(repo), "paths": paths, "path": str(tree)}
        elif args.path:
            tree = Path(args.path).resolve()
            if not tree.is_dir():
                raise SystemExit(f"--path {args.path}: not a directory")
            result["target"] = {"kind": "path", "path": str(tree)}
        else:
            corpus_dir = Path(args.corpus_dir).resolve() if args.corpus_dir else work / "corpus"
            runner.log(f"generating a {args.lines}-line corpus (seed {args.seed}) in {corpus_dir}")
            manifest = corpus.generate(corpus_dir, args.lines, args.seed)
            hazards = manifest["hazards"]  # type: ignore[assignment]
            tree = corpus_dir
            result["target"] = {"kind": "generated", "path": str(tree),
                                **{k: v for k, v in manifest.items() if k != "hazards"},
                                "planted_hazards": len(hazards)}
        tree_lines, tree_files = _count_py(tree)
        result["target"].update({"python_files_on_disk": tree_files, "python_lines_on_disk": tree_lines})

        source = McpauditSource(work, snapshot=not args.no_snapshot)
        result["mcpaudit_source"] = source.describe()
        cache = CacheSupport(source)
        result["options"]["cache_mode"] = cache.mode
        result["options"]["cache"] = cache.describe()
        base = [*source.argv, "scan", str(tree), "-f", "json", "--fail-on", "never"]
        if args.jobs:
            base += ["-j", str(args.jobs)]
        if args.engine_timeout:
            # mcpaudit has no command-line flag for it; a config named with --config is trusted
            cfg_file = work / "mcpaudit.toml"
            cfg_file.write_text(f"engine-timeout = {float(args.engine_timeout)}\n", encoding="utf-8")
            base += ["--config", str(cfg_file)]
        meas: Dict[str, Any] = {}
        hits: Dict[str, List[Tuple]] = {}

        def scan(label: str, scan_engines: Sequence[str], cache_dir: Optional[Path], cold: bool) -> Dict[str, Any]:
            report = work / f"{label}-{runner.count + 1:02d}.json"
            extra, env = cache.args_env(cache_dir, cold)
            rec = runner.run(label, [*base, "--engines", ",".join(scan_engines), "-o", str(report), *extra],
                             {**source.env, **env})
            info = read_mcpaudit(report, tree, tree_lines)
            rec["_info"] = info
            if rec["exit_code"] not in (0, 1):
                rec["stderr_tail"] = _tail(rec["stderr_file"])
            return rec

        def pack(recs: List[Dict[str, Any]], argv_note: str) -> Dict[str, Any]:
            out = summarize([{k: v for k, v in r.items() if not k.startswith("_") and k != "stderr_tail"}
                             for r in recs])
            last = recs[-1].get("_info") or {}
            out["command"] = argv_note
            out.update({k: v for k, v in last.items() if not k.startswith("_")})
            tails = [r["stderr_tail"] for r in recs if r.get("stderr_tail")]
            if tails:
                out["stderr_tail"] = tails[-1]
            return out

        # -- bandit alone: its runs alternate with mcpaudit's cold runs, so that the two see the
        # same load (a ratio is only as good as that)
        bandit_argv: Optional[List[str]] = None
        bandit_recs: List[Dict[str, Any]] = []
        if "bandit" in engines and "bandit" not in skip:
            profile = source.rules / "bandit.yaml"
            bandit_argv = [sys.executable, "-m", "bandit", "-r", "-f", "json", "-q"]
            if profile.is_file():
                bandit_argv += ["-c", str(profile)]

        def bandit_run() -> None:
            out = work / f"bandit-{runner.count + 1:02d}.json"
            rec = runner.run("bandit", [*bandit_argv, "-o", str(out), str(tree)])
            rec["_info"] = read_bandit(out, tree)
            if rec["exit_code"] not in (0, 1):
                rec["stderr_tail"] = _tail(rec["stderr_file"])
            bandit_recs.append(rec)

        # -- mcpaudit, selected engines, cold then warm
        runner.log(f"mcpaudit ({','.join(engines)}), cold x{args.repeat}"
                   + (", each followed by bandit alone" if bandit_argv else "") + f"; cache: {cache.describe()}")
        cold_runs = []
        cache_dir: Optional[Path] = None
        for i in range(args.repeat):
            cache_dir = work / f"cache-{i}"
            cold_runs.append(scan("mcpaudit_cold", engines, cache_dir, cold=True))
            if bandit_argv:
                bandit_run()
        hits["mcpaudit"] = cold_runs[-1]["_info"].get("_hits", [])
        meas["mcpaudit_cold"] = pack(cold_runs, " ".join(base + ["--engines", ",".join(engines)]))
        if "mcpaudit_warm" in skip:
            meas["mcpaudit_warm"] = {"skipped": "--skip"}
        elif cache.mode == "none":
            meas["mcpaudit_warm"] = {**meas["mcpaudit_cold"], "same_as": "mcpaudit_cold",
                                     "note": "no cache option in this mcpaudit: warm == cold"}
        else:
            if cache.mode == "no-cache-flag":
                runner.log("priming the default cache (not measured)")
                scan("mcpaudit_prime", engines, None, cold=False)
            runner.log(f"mcpaudit ({','.join(engines)}), warm x{args.repeat}")
            warm_runs = [scan("mcpaudit_warm", engines, cache_dir, cold=False) for _ in range(args.repeat)]
            meas["mcpaudit_warm"] = pack(warm_runs, "same as mcpaudit_cold, reusing its cache")

        # -- mcpaudit, cst only, cold
        if "mcpaudit_cst_cold" in skip:
            meas["mcpaudit_cst_cold"] = {"skipped": "--skip"}
        elif engines == ["cst"]:
            meas["mcpaudit_cst_cold"] = {**meas["mcpaudit_cold"], "same_as": "mcpaudit_cold"}
        elif "cst" in engines:
            runner.log(f"mcpaudit (cst only), cold x{args.repeat}")
            cst_runs = [scan("mcpaudit_cst_cold", ["cst"], work / f"cache-cst-{i}", cold=True)
                        for i in range(args.repeat)]
            meas["mcpaudit_cst_cold"] = pack(cst_runs, " ".join(base + ["--engines", "cst"]))
        else:
            meas["mcpaudit_cst_cold"] = {"skipped": "cst not among --engines-only"}

        # -- the cst engine in-process vs plain libcst
        if "cst" in engines and "cst_inprocess" not in skip:
            runner.log(f"cst engine in-process vs libcst parse (x{args.repeat} inside one process)")
            rec = runner.run("cst_inprocess", [sys.executable, str(HERE / "cst_probe.py"), str(tree),
                                               "--repeat", str(args.repeat)], source.env)
            probe: Dict[str, Any] = {}
            try:
                probe = json.loads(Path(rec["stdout_file"]).read_text("utf-8"))
            except (OSError, ValueError):
                probe = {"error": "the probe failed", "stderr_tail": _tail(rec["stderr_file"])}
            probe["process"] = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in rec.items()
                                if k in ("wall_s", "cpu_s", "max_rss_mib", "exit_code", "load1_before")}
            meas["cst_inprocess"] = probe
        else:
            meas["cst_inprocess"] = {"skipped": "cst not among --engines-only" if "cst" not in engines else "--skip"}

        # -- bandit alone (measured between the cold runs above)
        if "bandit" in skip:
            meas["bandit"] = {"skipped": "--skip"}
        elif bandit_argv:
            hits["bandit"] = bandit_recs[-1]["_info"].get("_hits", [])
            meas["bandit"] = pack(bandit_recs, " ".join([*bandit_argv, "-o", "OUT.json", str(tree)]))
            meas["bandit"]["profile"] = "bandit.yaml" if "-c" in bandit_argv else None
            # the ratio of each cold run to the bandit run right after it
            meas["bandit"]["paired_wall_ratios"] = [
                round(c["wall_s"] / b["wall_s"], 3) for c, b in zip(cold_runs, bandit_recs) if b["wall_s"] > 0]
        else:
            meas["bandit"] = {"skipped": "bandit not among --engines-only"}

        # -- semgrep alone, our packs
        if "semgrep" in skip:
            meas["semgrep"] = {"skipped": "--skip"}
        elif "semgrep" in engines:
            packs = sorted(p for p in (source.rules / "semgrep").iterdir() if p.suffix in (".yaml", ".yml"))
            exe = _exe("semgrep") or "semgrep"
            argv = [exe]
            for p in packs:
                argv += ["--config", str(p)]
            argv += ["--metrics=off", "--disable-version-check", "--json", "--quiet"]
            state = work / "semgrep-state"
            state.mkdir(exist_ok=True)
            env = {"SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0",
                   "SEMGREP_SETTINGS_FILE": str(state / "settings.yml"),
                   "SEMGREP_LOG_FILE": str(state / "semgrep.log"),
                   "SEMGREP_VERSION_CACHE_PATH": str(state / "version")}
            runner.log(f"semgrep alone ({len(packs)} packs) x{args.repeat}")
            recs = []
            for _ in range(args.repeat):
                rec = runner.run("semgrep", [*argv, str(tree)], env)
                rec["_info"] = read_semgrep(Path(rec["stdout_file"]), tree)
                if rec["exit_code"] not in (0, 1):
                    rec["stderr_tail"] = _tail(rec["stderr_file"])
                recs.append(rec)
            hits["semgrep"] = recs[-1]["_info"].get("_hits", [])
            meas["semgrep"] = pack(recs, " ".join([Path(exe).name, f"--config <{len(packs)} packs>",
                                                    *argv[1 + 2 * len(packs):], str(tree)]))
            meas["semgrep"]["packs"] = [p.name for p in packs]
        else:
            meas["semgrep"] = {"skipped": "semgrep not among --engines-only"}

        result["measurements"] = {k: meas[k] for k in MEASUREMENTS}
        result["ratios"] = ratios(meas)
        result["caveats"] = caveats(meas, os.cpu_count() or 1)
        if hazards:
            result["planted_hazards"] = _recall(hazards, hits, engines)
        result["machine"]["uptime_after"] = _uptime()
        result["machine"]["load_after"] = _load()
        result["finished"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        return result
    finally:
        if args.keep_work:
            runner.log(f"kept the work directory {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _recall(hazards: List[Dict[str, Any]], hits: Dict[str, List[Tuple]], engines: Sequence[str]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"total": len(hazards)}
    if "mcpaudit" in hits:
        for eng in engines:
            out[f"mcpaudit_{eng}"] = planted_recall(hazards, hits["mcpaudit"], eng)
    for tool in ("bandit", "semgrep"):
        if tool in hits:
            out[tool] = planted_recall(hazards, hits[tool], tool)
    return out


def ratios(meas: Dict[str, Any]) -> Dict[str, Optional[float]]:
    cold, warm, cst = meas["mcpaudit_cold"], meas["mcpaudit_warm"], meas["mcpaudit_cst_cold"]
    bandit, semgrep, probe = meas["bandit"], meas["semgrep"], meas["cst_inprocess"]
    out: Dict[str, Optional[float]] = {}
    for key in ("wall_s", "cpu_s", "max_rss_mib"):
        k = key.split("_")[0] if key != "max_rss_mib" else "rss"
        out[f"mcpaudit_over_bandit_{k}"] = _ratio(_median_or_none(cold, key), _median_or_none(bandit, key))
        out[f"mcpaudit_over_semgrep_{k}"] = _ratio(_median_or_none(cold, key), _median_or_none(semgrep, key))
    for key in ("wall_s", "cpu_s"):
        k = key.split("_")[0]
        b, s = _median_or_none(bandit, key), _median_or_none(semgrep, key)
        out[f"mcpaudit_over_bandit_plus_semgrep_{k}"] = _ratio(_median_or_none(cold, key),
                                                               (b + s) if b is not None and s is not None else None)
        out[f"warm_over_cold_{k}"] = _ratio(_median_or_none(warm, key), _median_or_none(cold, key))
        out[f"cst_only_over_all_{k}"] = (None if cst.get("same_as") else
                                         _ratio(_median_or_none(cst, key), _median_or_none(cold, key)))
    # The tools do not scan the same files (semgrep's default ignores skip tests/, for example):
    # CPU per scanned line puts them on one footing.
    def per_line(m: Dict[str, Any]) -> Optional[float]:
        cpu, n = _median_or_none(m, "cpu_s"), m.get("lines_scanned") if isinstance(m, dict) else None
        return cpu / n if cpu is not None and n else None

    paired = bandit.get("paired_wall_ratios") if isinstance(bandit, dict) else None
    out["mcpaudit_over_bandit_wall_paired_median"] = round(statistics.median(paired), 3) if paired else None
    out["mcpaudit_over_bandit_cpu_per_line"] = _ratio(per_line(cold), per_line(bandit))
    out["mcpaudit_over_semgrep_cpu_per_line"] = _ratio(per_line(cold), per_line(semgrep))
    out["cst_over_parse"] = probe.get("ratio_cst_over_parse")
    out["cst_with_link_over_parse"] = probe.get("ratio_cst_with_link_over_parse")
    out["cst_lines_per_s_per_core"] = probe.get("cst_lines_per_s_per_core")
    out["cst_first_pass_lines_per_s_per_core"] = probe.get("cst_first_pass_lines_per_s_per_core")
    return out


def caveats(meas: Dict[str, Any], cpus: int) -> List[str]:
    """Things that make a number in this result mean less than it seems to."""
    out: List[str] = []
    for key in ("mcpaudit_cold", "mcpaudit_warm", "mcpaudit_cst_cold"):
        errs = (meas.get(key) or {}).get("engine_errors")
        if errs and not meas[key].get("same_as"):
            out.append(f"{key}: mcpaudit reported engine errors, so it did less than a full scan and its "
                       f"ratios to bandit/semgrep understate its cost: {'; '.join(e[:120] for e in errs[:3])}")
    for key in ("mcpaudit_cold", "mcpaudit_warm", "mcpaudit_cst_cold", "bandit", "semgrep"):
        runs = (meas.get(key) or {}).get("runs") or []
        if any(r.get("timed_out") for r in runs):
            out.append(f"{key}: a run hit --timeout")
        bad = sorted({r.get("exit_code") for r in runs} - {0, 1})
        if bad:
            out.append(f"{key}: exit code(s) {bad}")
    loads = [r.get("load1_before") for key in MEASUREMENTS for r in ((meas.get(key) or {}).get("runs") or [])
             if not (meas.get(key) or {}).get("same_as")]
    busy = [x for x in loads if x is not None and x > cpus]
    if busy:
        out.append(f"the 1-minute load average exceeded the {cpus} CPUs before {len(busy)} of {len(loads)} "
                   f"runs (up to {max(busy)}): wall times include waiting for other work; compare CPU seconds")
    return out


def _count_py(tree: Path) -> Tuple[int, int]:
    lines = files = 0
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            if f.endswith(".py"):
                files += 1
                try:
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        lines += fh.read().count(b"\n")
                except OSError:
                    pass
    return lines, files


# ---------------------------------------------------------------------------------------------
# the table


def _source_line(src: Dict[str, Any]) -> str:
    git = src.get("git") or {}
    where = src.get("package", "?")
    if git:
        where += f" at {git['commit'][:10]}"
        if git.get("uncommitted"):
            where += f" + {len(git['uncommitted'])} uncommitted file(s)"
    return where + (" (run from a frozen copy)" if src.get("snapshot") else " (run in place)")


def table(result: Dict[str, Any]) -> str:
    t = result["target"]
    m = result["measurements"]
    lines = [f"target: {t['path']} ({t['kind']}; {t.get('python_files_on_disk')} .py files, "
             f"{t.get('python_lines_on_disk')} lines)",
             f"machine: {result['machine']['cpus']} CPUs; before: {result['machine']['uptime_before']}",
             f"         after:  {result['machine'].get('uptime_after', '')}",
             f"mcpaudit: {_source_line(result.get('mcpaudit_source') or {})}",
             f"cache: {result['options'].get('cache')}",
             f"repeat: {result['options']['repeat']} (medians)", ""]
    head = (f"{'measurement':<20} {'wall s':>9} {'cpu s':>9} {'peak RSS MiB':>13} {'lines':>8} {'findings':>9} "
            f"{'exit':>5}  notes")
    lines += [head, "-" * len(head)]
    for key in ("mcpaudit_cold", "mcpaudit_warm", "mcpaudit_cst_cold", "bandit", "semgrep"):
        v = m.get(key) or {}
        if "skipped" in v:
            lines.append(f"{key:<20} {'-':>9} {'-':>9} {'-':>13} {'-':>8} {'-':>9} {'-':>5}  skipped: {v['skipped']}")
            continue
        med = v.get("median", {})
        exits = sorted({r.get("exit_code") for r in v.get("runs", [])})
        notes = []
        if v.get("same_as"):
            notes.append(f"= {v['same_as']}")
        if v.get("engine_errors"):
            notes.append("ENGINE ERRORS: " + "; ".join(e[:80] for e in v["engine_errors"][:2]))
        if v.get("engine_seconds"):
            notes.append("engines " + " ".join(f"{k}={s:.1f}s" for k, s in sorted(v["engine_seconds"].items())))
        details = v.get("engine_details") or {}
        fp = (details.get("cst") or {}).get("first_pass")
        if fp:
            notes.append(f"first pass left out {fp['left_out']}/{fp['modules']} modules ({fp['left_out_lines']} lines)")
        fe = (details.get("semgrep") or {}).get("front_end")
        if fe:
            notes.append(f"semgrep {fe}")
        if v.get("report_error"):
            notes.append(v["report_error"][:80])
        lines.append(f"{key:<20} {med.get('wall_s', 0):>9.2f} {med.get('cpu_s', 0):>9.2f} "
                     f"{med.get('max_rss_mib', 0):>13.0f} {str(v.get('lines_scanned') or '?'):>8} "
                     f"{str(v.get('findings', '?')):>9} "
                     f"{','.join(map(str, exits)):>5}  {'; '.join(notes)}")
    p = m.get("cst_inprocess") or {}
    lines.append("")
    if "skipped" in p or "error" in p:
        lines.append(f"cst in-process: {p.get('skipped') or p.get('error')}")
    else:
        lines.append(f"cst in-process (1 core, CPU s): libcst parse {p['parse_all']['cpu_s']:.2f} "
                     f"({p['files']} files), parse of pre-filtered {p['parse_prefiltered']['cpu_s']:.2f} "
                     f"({p['prefilter_selected_files']} files), analyze_files {p['analyze_files_jobs1']['cpu_s']:.2f}, "
                     f"link {p['link']['cpu_s']:.2f}; the engine with its first pass "
                     f"{p.get('first_pass_run', {}).get('cpu_s', float('nan')):.2f} ({p.get('first_pass')})")
    r = result["ratios"]

    def f(x: Optional[float], suffix: str = "x") -> str:
        return "n/a" if x is None else f"{x:.2f}{suffix}"

    lines += ["", "ratios (wall / cpu):",
              f"  mcpaudit / bandit            {f(r['mcpaudit_over_bandit_wall'])} / {f(r['mcpaudit_over_bandit_cpu'])}"
              f"  (median of the paired runs' wall ratios: {f(r.get('mcpaudit_over_bandit_wall_paired_median'))})",
              f"  mcpaudit / semgrep           {f(r['mcpaudit_over_semgrep_wall'])} / {f(r['mcpaudit_over_semgrep_cpu'])}",
              f"  mcpaudit / (bandit+semgrep)  {f(r['mcpaudit_over_bandit_plus_semgrep_wall'])} / "
              f"{f(r['mcpaudit_over_bandit_plus_semgrep_cpu'])}",
              f"  CPU per scanned line: mcpaudit / bandit {f(r['mcpaudit_over_bandit_cpu_per_line'])}, "
              f"mcpaudit / semgrep {f(r['mcpaudit_over_semgrep_cpu_per_line'])}",
              f"  warm / cold                  {f(r['warm_over_cold_wall'])} / {f(r['warm_over_cold_cpu'])}",
              f"  cst only / all engines       {f(r['cst_only_over_all_wall'])} / {f(r['cst_only_over_all_cpu'])}",
              f"  cst engine / libcst parse    {f(r['cst_over_parse'])} (CPU; with link {f(r['cst_with_link_over_parse'])})",
              f"  cst lines/s/core             {r['cst_lines_per_s_per_core'] if r['cst_lines_per_s_per_core'] else 'n/a'}"
              f" (every file through libcst); as a scan runs it, first pass + link: "
              f"{r.get('cst_first_pass_lines_per_s_per_core') or 'n/a'}"]
    ph = result.get("planted_hazards")
    if ph:
        parts = [f"{k} {v['found']}/{v['expected']}" for k, v in ph.items() if isinstance(v, dict)]
        lines += ["", f"planted hazards ({ph['total']}) found: " + ", ".join(parts)]
    lines.append("lines = physical lines of the files each tool scanned (they differ: see benchmarks/README.md)")
    lines.append("peak RSS is per process (the largest one in the tree), not summed over worker processes")
    for c in result.get("caveats") or []:
        lines.append(f"caveat: {c}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="See benchmarks/README.md.")
    ap.add_argument("--lines", type=int, default=corpus.DEFAULT_LINES,
                    help="size of the generated corpus in Python lines (default %(default)s)")
    ap.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus RNG seed (default %(default)s)")
    ap.add_argument("--path", help="benchmark this directory instead of a generated corpus")
    ap.add_argument("--tree", choices=sorted(trees.PRESETS),
                    help="benchmark this named real tree (benchmarks/trees.py PRESETS), materialised from its "
                         "snapshot at its pinned commit")
    ap.add_argument("--out", default=str(HERE / "results.json"),
                    help="write the JSON results here (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement; medians are reported")
    ap.add_argument("--engines-only", metavar="LIST",
                    help="comma-separated subset of cst,ts,semgrep,bandit: mcpaudit runs only these engines "
                         "and only these standalone tools are measured (e.g. 'cst' for a fast run)")
    ap.add_argument("--jobs", "-j", type=int, default=0, help="pass -j N to mcpaudit (default: its own default)")
    ap.add_argument("--timeout", type=float, default=3600.0, help="per-run time limit in seconds")
    ap.add_argument("--corpus-dir", help="generate the corpus here (missing or empty) and keep it")
    ap.add_argument("--skip", metavar="LIST",
                    help="comma-separated measurements to leave out: " + ", ".join(MEASUREMENTS[1:]))
    ap.add_argument("--no-probe", action="store_true", help="same as --skip cst_inprocess")
    ap.add_argument("--engine-timeout", type=float, default=0,
                    help="give mcpaudit this engine timeout in seconds (through a --config file; "
                         "default: mcpaudit's own, 900 s)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the installed mcpaudit in place instead of a frozen copy of it (the copy keeps "
                         "a long run consistent while the checkout is being edited)")
    ap.add_argument("--keep-work", action="store_true", help="keep the work directory (reports, logs)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    result = benchmark(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
