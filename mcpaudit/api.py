"""``audit(paths, config) -> AuditResult``: the whole pipeline, no printing.

discover files -> engines (cst in worker processes; semgrep and bandit as subprocesses, all at
the same time) -> normalise and fingerprint -> merge duplicates across engines -> filter once
(rule selection, severity overrides, confidence, inline ignores, baseline, diff) -> checklists
and score. Reporters and the exit-code gate work on the result.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from . import __version__
from .analysis.project import Project
from .config import Config, ConfigError, exclude_matcher, rule_selected
from .engines import EngineOutput
from .models import (
    AuditResult, Confidence, EngineError, Finding, RuleMeta, SkippedFile,
)

DEFAULT_EXCLUDES = [
    ".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "env/", "__pycache__/",
    ".tox/", ".nox/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", "site-packages/",
    ".eggs/", "*.egg-info/", "build/", "dist/",
]
PY_SUFFIXES = (".py", ".pyi")
SEMGREP_EXTRA_SUFFIXES = (".ts", ".tsx", ".js", ".mjs", ".cjs")

# CWE families that count as "the same hazard" when several engines report one line
_HAZARD_OF_CWE = {
    "CWE-78": "cmd", "CWE-77": "cmd", "CWE-88": "cmd", "CWE-89": "sql", "CWE-943": "nosql",
    "CWE-22": "path", "CWE-73": "path", "CWE-918": "ssrf", "CWE-94": "code", "CWE-95": "code",
    "CWE-502": "deser", "CWE-1336": "template", "CWE-532": "log", "CWE-200": "leak",
    "CWE-306": "auth", "CWE-798": "secret", "CWE-259": "secret", "CWE-295": "tls",
    "CWE-20": "input", "CWE-1427": "prompt",
}


# ------------------------------------------------------------------------------------------
# discovery


def scan_root(paths: Sequence[Path]) -> Path:
    """The directory paths in reports are relative to: the enclosing repository's top level
    (found by looking for ``.git``, never by running git), else the common folder of the paths.
    Repository-relative paths keep baselines and SARIF stable whether one scans ``.``, ``src``
    or the files pre-commit passes."""
    resolved = [Path(_real(p)) for p in paths]
    bases = [p if p.is_dir() else p.parent for p in resolved]
    common = bases[0] if len(bases) == 1 else Path(os.path.commonpath([str(b) for b in bases]))
    for cand in (common, *common.parents):
        if (cand / ".git").exists():
            return cand
    return common


def _real(p) -> str:
    """``p`` made absolute with every directory symlink resolved: a scanned directory named
    through a symlink (``/tmp`` on macOS, a CI workspace link) is walked where it really is, so
    its files get root-relative paths. A file's own last component is kept, so discover() can
    still see that it is a symlink and judge where it points."""
    ap = os.path.abspath(p)
    if os.path.isdir(ap):
        return os.path.realpath(ap)
    head, tail = os.path.split(ap)
    return os.path.join(os.path.realpath(head), tail)


def discover(paths: Sequence[Path], root: Path, config: Config
             ) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]], List[SkippedFile]]:
    """(python files, other semgrep files, skipped) as (absolute, root-relative POSIX) pairs.

    Never follows a symlinked directory (no loops, never out of the root); a symlinked file is
    scanned only if it resolves inside the root. Honours default excludes, ``.gitignore`` at the
    root and the config's ``exclude`` patterns.
    """
    patterns = list(DEFAULT_EXCLUDES)
    gi = root / ".gitignore"
    try:
        if gi.is_file() and not gi.is_symlink():
            patterns += [ln.strip() for ln in gi.read_text("utf-8", "replace").splitlines()
                         if ln.strip() and not ln.lstrip().startswith("#")]
    except OSError:
        pass
    patterns += list(config.exclude)
    excluded = exclude_matcher(patterns)
    py: List[Tuple[str, str]] = []
    other: List[Tuple[str, str]] = []
    skipped: List[SkippedFile] = []
    seen = set()
    root_s = str(root)

    def consider(abspath: str, rel: str, explicit: bool) -> None:
        if rel in seen:
            return
        seen.add(rel)
        if rel == ".." or rel.startswith("../") or os.path.isabs(rel):
            skipped.append(SkippedFile(rel, "outside the scanned root (not scanned)"))
            return
        wanted = rel.endswith(PY_SUFFIXES + SEMGREP_EXTRA_SUFFIXES)
        try:
            if os.path.islink(abspath):
                real = os.path.realpath(abspath)
                if os.path.commonpath([real, root_s]) != root_s:
                    skipped.append(SkippedFile(rel, "symlink pointing outside the scanned root (not followed)"))
                    return
            if not os.path.isfile(abspath):
                if wanted or explicit:
                    skipped.append(SkippedFile(rel, "not a regular file (FIFO, socket, device, broken or looping symlink)"))
                return
        except (OSError, ValueError):
            skipped.append(SkippedFile(rel, "cannot be examined"))
            return
        if rel.endswith(PY_SUFFIXES):
            py.append((abspath, rel))
        elif rel.endswith(SEMGREP_EXTRA_SUFFIXES) and not rel.endswith(".d.ts") and not rel.endswith(".min.js"):
            other.append((abspath, rel))
        elif explicit:
            skipped.append(SkippedFile(rel, "not a Python source file"))

    for p in paths:
        p = Path(p)
        ap = _real(p)
        if os.path.isfile(ap) or (os.path.lexists(ap) and not os.path.isdir(ap)):
            rel = os.path.relpath(ap, root_s).replace(os.sep, "/")
            consider(ap, rel, True)
            continue
        if not os.path.isdir(ap):
            skipped.append(SkippedFile(str(p), "does not exist"))
            continue

        def onerror(err: OSError) -> None:
            rel = os.path.relpath(err.filename or ap, root_s).replace(os.sep, "/")
            skipped.append(SkippedFile(rel, f"cannot be read: {err.strerror or err}"))

        for dirpath, dirnames, filenames in os.walk(ap, followlinks=False, onerror=onerror):
            rel_dir = os.path.relpath(dirpath, root_s).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            keep = []
            for d in sorted(dirnames):
                full = os.path.join(dirpath, d)
                if os.path.islink(full):
                    skipped.append(SkippedFile(rel_dir + d, "symlinked directory (not followed)"))
                    continue
                if excluded(rel_dir + d, True):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                rel = rel_dir + f
                if excluded(rel, False):
                    continue
                consider(os.path.join(dirpath, f), rel, False)
    py.sort(key=lambda x: x[1])
    other.sort(key=lambda x: x[1])
    return py, other, skipped


# ------------------------------------------------------------------------------------------
# rules


def all_rule_metas(engines: Sequence[str]) -> Tuple[List[RuleMeta], List[EngineError]]:
    metas: List[RuleMeta] = []
    errors: List[EngineError] = []
    if "cst" in engines or "ts" in engines:  # the ts engine reports the same rules
        from .checks import all_rules
        metas += [cls.meta() for _, cls in sorted(all_rules().items())]
    if "semgrep" in engines:
        try:
            from .engines import semgrep
            metas += semgrep.rule_metas()
        except Exception as exc:  # a broken pack must not hide the others
            errors.append(EngineError("semgrep", f"cannot read the semgrep rule packs: {exc}"))
    if "bandit" in engines:
        try:
            from .engines import bandit
            metas += bandit.rule_metas()
        except Exception as exc:
            errors.append(EngineError("bandit", f"cannot list bandit's tests: {exc}"))
    return metas, errors


# ------------------------------------------------------------------------------------------
# merge


# bandit's CWE labels are coarse (eval is CWE-78, yaml.load CWE-20): its test ids say more
_HAZARD_OF_BANDIT = {
    "B102": "code", "B307": "code", "B301": "deser", "B302": "deser", "B403": "deser",
    "B506": "deser", "B602": "cmd", "B603": "cmd", "B604": "cmd", "B605": "cmd", "B606": "cmd",
    "B607": "cmd", "B608": "sql", "B610": "sql", "B611": "sql", "B701": "template",
    "B702": "template", "B703": "template", "B310": "ssrf", "B113": "ssrf", "B501": "tls",
    "B502": "tls", "B503": "tls", "B504": "tls", "B105": "secret", "B106": "secret", "B107": "secret",
    "B202": "path",
}


def _hazards(f: Finding) -> set:
    out = {_HAZARD_OF_CWE.get(c, c) for c in f.cwe} or {f.rule_id}
    if f.engine == "bandit" and f.rule_id in _HAZARD_OF_BANDIT:
        out.add(_HAZARD_OF_BANDIT[f.rule_id])
    return out


_ENGINE_RANK = {"cst": 0, "ts": 0, "semgrep": 1, "bandit": 2}
_OURS = ("cst", "ts")


def merge(findings: List[Finding]) -> List[Finding]:
    """One finding per hazard and line: ours first, then semgrep, then bandit; the others are
    listed in ``also_reported_by``."""
    by_line: Dict[Tuple[str, int], List[Finding]] = {}
    for f in findings:
        by_line.setdefault((f.location.path, f.location.line), []).append(f)
    out: List[Finding] = []
    for key in sorted(by_line):
        group = sorted(by_line[key], key=lambda f: (_ENGINE_RANK.get(f.engine, 9), -f.severity, f.rule_id))
        kept: List[Finding] = []
        for f in group:
            twin = next((k for k in kept if k.engine != f.engine and _hazards(k) & _hazards(f)), None)
            if twin is not None:
                tag = f"{f.engine}:{f.rule_id}"
                if tag not in twin.also_reported_by:
                    twin.also_reported_by.append(tag)
                if f.severity > twin.severity and twin.engine not in _OURS:
                    twin.severity = f.severity
                continue
            kept.append(f)
        out.extend(kept)
    return out


# ------------------------------------------------------------------------------------------
# the pipeline


def _run_external(name: str, files: List[Path], root: Path, config: Config) -> EngineOutput:
    t0 = time.monotonic()
    try:
        if name == "semgrep":
            from .engines import semgrep

            out = semgrep.run(files, root, timeout=config.engine_timeout, min_confidence=config.min_confidence)
        else:
            from .engines import bandit

            out = bandit.run(files, root, timeout=config.engine_timeout)
    except Exception as exc:  # the adapter itself failed: report, never invent results
        out = EngineOutput(name, ran=False, errors=[EngineError(name, f"{name} engine failed: {type(exc).__name__}: {exc}")])
    out.seconds = out.seconds or (time.monotonic() - t0)
    return out


def _open_caches(config: Config, root: Path) -> Dict[str, object]:
    """One cache per engine, or none when caching is off or its directory is unusable."""
    if not config.cache:
        return {}
    from . import cache as C

    directory = Path(config.cache_dir) if config.cache_dir else C.user_cache_home()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    salts = {
        "cst": ("cst", config.max_file_bytes),
        "ts": ("ts", config.max_file_bytes),
        # which rules run depends on the confidence floor
        "semgrep": ("semgrep", _dist_version("semgrep"), int(config.min_confidence)),
        "bandit": ("bandit", _dist_version("bandit")),
        "posture": ("posture",),
    }
    return {name: C.Cache(directory, name, salt) for name, salt in salts.items()}


def _dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "?"


def _run_cached(name: str, files: List[Tuple[str, str]], root: Path, config: Config, cache) -> EngineOutput:
    """Run an external engine only on files whose results are not cached; both analyse one file
    at a time, so per-file results compose."""
    if cache is None:
        return _run_external(name, [Path(a) for a, _ in files], root, config)
    import dataclasses

    from .cache import content_hash

    t0 = time.monotonic()
    cached: List[Finding] = []
    todo: List[Tuple[str, str]] = []
    hashes: Dict[str, str] = {}
    for a, r in files:
        try:
            with open(a, "rb") as fh:
                data = fh.read(config.max_file_bytes + 1)
        except OSError:
            todo.append((a, r))
            continue
        h = hashes[r] = content_hash(data)
        hit = cache.get(h)
        if hit is None:
            todo.append((a, r))
            continue
        cached.extend(dataclasses.replace(f, location=dataclasses.replace(f.location, path=r)) for f in hit)
    if not todo:
        out = EngineOutput(name)
    else:
        out = _run_external(name, [Path(a) for a, _ in todo], root, config)
        if out.ran and not any(e.fatal for e in out.errors):
            troubled = {e.path for e in out.errors if e.path} | {s.path for s in out.skipped}
            per_file: Dict[str, List[Finding]] = {r: [] for _, r in todo}
            for f in out.findings:
                per_file.setdefault(f.location.path, []).append(f)
            for _, r in todo:
                if r in hashes and r not in troubled:
                    cache.put(hashes[r], per_file.get(r, []))
    out.findings = cached + out.findings
    out.seconds = time.monotonic() - t0
    return out


def audit(paths: Sequence[Path], config: Optional[Config] = None,
          progress: Optional[Callable[[str, int, int], None]] = None) -> AuditResult:
    config = config or Config()
    t_start = time.monotonic()
    paths = [Path(p) for p in (paths or [Path(".")])]
    root = scan_root(paths)
    result = AuditResult(root=str(root))
    py, other, skipped = discover(paths, root, config)
    result.skipped.extend(skipped)
    engines = [e for e in config.engines]
    metas, meta_errors = all_rule_metas(engines)
    result.errors.extend(meta_errors)

    outputs: Dict[str, EngineOutput] = {}
    project: Optional[Project] = None
    caches = _open_caches(config, root)
    # the whole-scan limit: the external engines get what is left of it as their own timeout,
    # the cst engine stops handing out files (and kills its workers) when it passes
    deadline = t_start + config.scan_timeout if config.scan_timeout else None
    ext_config = config
    if deadline is not None:
        import dataclasses

        ext_config = dataclasses.replace(
            config, engine_timeout=max(0.001, min(config.engine_timeout, deadline - time.monotonic())))
    # the per-file size limit holds for every engine: the cst engine lists a too-big Python file
    # as skipped, the others never see it
    big = set()
    for a, r in py + other:
        try:
            size = os.stat(a).st_size
        except OSError:
            continue
        if size > config.max_file_bytes:
            big.add(r)
            if not r.endswith(PY_SUFFIXES) or "cst" not in engines:
                result.skipped.append(SkippedFile(r, f"larger than the {config.max_file_bytes:,}-byte limit ({size:,} bytes)"))
    ext_py = [x for x in py if x[1] not in big]
    ext_other = [x for x in other if x[1] not in big]
    posture: Optional[Tuple[list, Optional[EngineError]]] = None
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        futs = {}
        if "semgrep" in engines and (ext_py or ext_other):
            futs["semgrep"] = pool.submit(_run_cached, "semgrep", ext_py + ext_other, root, ext_config, caches.get("semgrep"))
        if "bandit" in engines and ext_py:
            futs["bandit"] = pool.submit(_run_cached, "bandit", ext_py, root, ext_config, caches.get("bandit"))
        if "cst" in engines:
            from .engines import cst as cst_engine
            total = len(py)
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress("cst", done[0], total)

            try:
                out, project = cst_engine.run(py, root, jobs=config.jobs, max_bytes=config.max_file_bytes,
                                              parse_timeout=config.parse_timeout,
                                              min_confidence=config.min_confidence, progress=tick,
                                              cache=caches.get("cst"), deadline=deadline, isolate=True)
            except Exception as exc:  # a bug in linking must not take the other engines down
                out, project = EngineOutput("cst", ran=False, errors=[EngineError(
                    "cst", f"cst engine failed: {type(exc).__name__}: {exc}")]), None
            outputs["cst"] = out
        if "ts" in engines:
            project = _run_ts(other, big, root, config, caches.get("ts"), deadline, outputs, project)
        if "cst" in engines or "ts" in engines:
            # The posture pass needs only our engines' project; run it while semgrep and
            # bandit are still working rather than after them (it is a few seconds of one core
            # on a large tree, and the external engines usually finish last).
            if project is not None:
                posture = _posture_or_error(root, project, caches.get("posture"))
        for name, fut in futs.items():
            try:
                outputs[name] = fut.result(timeout=ext_config.engine_timeout + 60)
            except cf.TimeoutError:
                outputs[name] = EngineOutput(name, ran=False, errors=[EngineError(name, f"{name} did not finish within {ext_config.engine_timeout:g}s")])

    raw: List[Finding] = []
    for name in ("cst", "ts", "semgrep", "bandit"):
        out = outputs.get(name)
        if out is None:
            continue
        raw.extend(out.findings)
        result.errors.extend(out.errors)
        result.skipped.extend(out.skipped)
        if out.ran and not any(e.fatal for e in out.errors):
            result.engines_run.append(name)
    if deadline is not None:
        from .engines.cst import DEADLINE_SKIP

        late = sum(1 for s in result.skipped if s.reason == DEADLINE_SKIP)
        failed = sorted(n for n, o in outputs.items() if n != "cst" and any(e.fatal for e in o.errors))
        if late or (failed and time.monotonic() >= deadline - 0.5):
            what = [f"{late} file(s) not analysed by cst"] if late else []
            what += [f"{n} stopped" for n in failed]
            result.errors.append(EngineError("scan", f"the scan did not finish within the {config.scan_timeout:g}s "
                                             f"scan timeout: {', '.join(what)}; the results are incomplete"))
    # every path must stay inside the root; what is dropped is said, never silently lost
    outside: Dict[str, List[str]] = {}
    inside: List[Finding] = []
    for f in raw:
        p = f.location.path
        if p.startswith("/") or os.path.isabs(p) or ".." in p.replace("\\", "/").split("/"):
            outside.setdefault(f.engine, []).append(p)
        else:
            inside.append(f)
    raw = inside
    for name, bad in sorted(outside.items()):
        result.errors.append(EngineError(name, f"dropped {len(bad)} result(s) for paths outside the scanned root: "
                                         + ", ".join(sorted(set(bad))[:5]), fatal=False))

    sources: Dict[str, List[str]] = {}
    if project is not None:
        sources = {p: sf.lines for p, sf in project.files.items()}
    for f in raw:
        if f.location.path not in sources:
            sources[f.location.path] = _read_lines(root, f.location.path)
        if not f.snippet:
            lines = sources.get(f.location.path) or []
            if 1 <= f.location.line <= len(lines):
                f.snippet = lines[f.location.line - 1].strip()

    # filter once: rule selection and severity overrides, confidence
    known_ids = {m.id for m in metas}
    enabled = [m for m in metas if rule_selected(config, m.id, m.tags)]
    result.rules = sorted(enabled, key=lambda m: (m.engine, m.id))
    enabled_ids = {m.id for m in enabled}
    kept = []
    for f in raw:
        if f.rule_id not in enabled_ids and f.rule_id in known_ids:
            continue
        if f.rule_id not in known_ids and not rule_selected(config, f.rule_id, f.tags):
            continue
        if f.rule_id in config.severity_overrides:
            f.severity = config.severity_overrides[f.rule_id]
        if f.confidence < config.min_confidence:
            continue
        kept.append(f)

    from .fingerprint import assign_fingerprints
    kept = [f for f in agree(kept, outputs) if f.confidence >= config.min_confidence]
    merged = merge(kept)
    assign_fingerprints(merged, sources)

    from .suppress import apply_inline
    kept, suppressed, warnings = apply_inline(merged, sources, known_ids, config.no_ignores)
    result.warnings.extend(warnings)
    if config.baseline is not None:
        from .baseline import apply_baseline
        kept, baselined, fixed = apply_baseline(kept, config.baseline)
        suppressed.extend(baselined)
        result.fixed = fixed
    if config.diff_base:
        from .diffscope import changed_lines, filter_to_diff
        changed = changed_lines(root, config.diff_base)
        kept = filter_to_diff(kept, changed)
        suppressed = filter_to_diff(suppressed, changed)
    result.findings = sorted(kept, key=lambda f: f.sort_key())
    result.suppressed = sorted(suppressed, key=lambda f: f.sort_key())
    for d in getattr(config, "disabled_by_config", []) or []:
        result.warnings.append(f"the repository's config disables: {d}")

    # MCP surface, posture facts, checklists
    if project is not None:
        result.tools = list(project.tools)
    if posture is None:
        posture = _posture_or_error(root, project, caches.get("posture"))
    facts, posture_error = posture
    if posture_error is not None:
        result.errors.append(posture_error)
    else:
        result.facts = facts
    try:
        from .checklists import evaluate, load_checklists
        rule_engines = {m.id: m.engine for m in metas}
        checklists = load_checklists(config.checklists)
        result.checklists, result.score, result.grade = evaluate(
            checklists, result.findings, result.facts, set(result.engines_run), rule_engines)
    except (ConfigError, KeyError, ValueError) as exc:
        raise ConfigError(str(exc)) from None

    stats = dict(getattr(project, "stats", {}) or {}) if project is not None else {"files": len(py)}
    stats["files"] = len(py) + len(other)
    if "ts" in outputs:
        stats["ts_files"] = getattr(outputs["ts"], "files", 0)
    stats["python_files"] = len(py)
    stats["seconds"] = round(time.monotonic() - t_start, 3)
    stats["engine_seconds"] = {k: round(v.seconds, 3) for k, v in sorted(outputs.items())}
    stats["tools"] = len(result.tools)
    stats["cache"] = {name: {"hits": c.hits, "misses": c.misses} for name, c in sorted(caches.items())}
    stats["version"] = __version__
    result.stats = stats
    return result


def _run_ts(other: List[Tuple[str, str]], big: set, root: Path, config: Config, cache, deadline,
            outputs: Dict[str, EngineOutput], project: Optional[Project]) -> Optional[Project]:
    """The TypeScript/JavaScript engine on the scanned TS/JS files; its tools and files join the
    project model (one report for a mixed repository)."""
    from .analysis.ts.parse import is_ts_source

    files = [x for x in other if is_ts_source(x[1]) and x[1] not in big]
    if not files:
        return project
    from .engines import ts as ts_engine

    try:
        out, ts_project = ts_engine.run(files, root, jobs=config.jobs, max_bytes=config.max_file_bytes,
                                        parse_timeout=config.parse_timeout, min_confidence=config.min_confidence,
                                        cache=cache, deadline=deadline, isolate=True)
    except Exception as exc:  # a bug in the engine must not take the others down
        outputs["ts"] = EngineOutput("ts", ran=False, errors=[EngineError("ts", f"ts engine failed: {type(exc).__name__}: {exc}")])
        return project
    out.files = len(files)  # type: ignore[attr-defined]
    outputs["ts"] = out
    if project is None:
        return ts_project
    project.files.update(ts_project.files)
    project.tools = list(project.tools) + list(ts_project.tools)
    project.http_servers.extend(ts_project.http_servers)
    project.auth_evidence.extend(ts_project.auth_evidence)
    return project


def agree(findings: List[Finding], outputs: Dict[str, EngineOutput]) -> List[Finding]:
    """Engine agreement: a pattern engine's finding at a site one of our engines followed to the
    end (the sink is modelled, the flow was traced) and did not report is lowered to LOW
    confidence: the audit view keeps it, the default view does not."""
    checked: Dict[str, set] = {}
    for name in _OURS:
        out = outputs.get(name)
        if out is not None:
            for hazard, sites in out.checked.items():
                checked.setdefault(hazard, set()).update(sites)
    if not checked:
        return findings
    from .catalog import catalog

    cat = catalog()
    ours = {(f.location.path, f.location.line, h) for f in findings if f.engine in _OURS for h in cat.hazards(f)}
    for f in findings:
        if f.engine in _OURS:
            continue
        site = (f.location.path, f.location.line)
        for h in cat.hazards(f):
            if site in checked.get(h, ()) and (site[0], site[1], h) not in ours:
                f.confidence = Confidence.LOW
                f.properties["lowered_by"] = "the ts engine traced this sink and found no caller input reaching it"
                break
    return findings


def _posture_or_error(root: Path, project: Optional[Project], cache) -> Tuple[list, Optional[EngineError]]:
    tools = list(project.tools) if project is not None else []
    try:
        return _posture(root, project, tools, cache), None
    except Exception as exc:
        return [], EngineError("posture", f"posture analysis failed: {type(exc).__name__}: {exc}")


def _posture(root: Path, project: Optional[Project], tools, cache) -> list:
    """Posture facts, reused from the cache when no input changed (a whole-repository
    analysis: any change recomputes it)."""
    from .analysis.posture import collect_other_files, extract_facts

    texts = {p: sf.text for p, sf in project.files.items()} if project is not None else {}
    other = collect_other_files(root)
    key = None
    if cache is not None:
        import hashlib
        import pickle

        h = hashlib.blake2b(digest_size=20)
        for p, t in sorted(texts.items()):
            h.update(p.encode() + b"\0" + t.encode("utf-8", "surrogatepass") + b"\1")
        for p, t in sorted(other.items()):
            h.update(p.encode() + b"\0" + t.encode("utf-8", "surrogatepass") + b"\2")
        h.update(pickle.dumps(tools))
        key = "posture:" + h.hexdigest()
        hit = cache.get(key)
        if hit is not None:
            return hit
    facts = extract_facts(root, texts, tools, other)
    if cache is not None and key is not None:
        cache.put(key, facts)
    return facts


def _read_lines(root: Path, rel: str) -> List[str]:
    try:
        p = (root / rel)
        real = os.path.realpath(p)
        if os.path.commonpath([real, str(root)]) != str(root):
            return []
        with open(real, "rb") as fh:
            data = fh.read(10 * 1024 * 1024)
        return data.decode("utf-8", "replace").splitlines()
    except (OSError, ValueError):
        return []


def gate(result: AuditResult, config: Config) -> Tuple[int, str]:
    """The exit code and the reason: 2 engine/config error, 1 gate failed, 0 passed."""
    fatal = [e for e in result.errors if e.fatal]
    if fatal:
        return 2, f"{len(fatal)} engine error(s): " + "; ".join(f"{e.engine}: {e.message}" for e in fatal[:3])
    if config.fail_on is not None:
        bad = [f for f in result.findings if f.severity >= config.fail_on]
        if bad:
            return 1, f"{len(bad)} finding(s) at or above {config.fail_on.label}"
    if config.min_score is not None and result.score is not None and result.score < config.min_score:
        return 1, f"score {result.score:.0f} is below --min-score {config.min_score:g}"
    return 0, "gate passed"
