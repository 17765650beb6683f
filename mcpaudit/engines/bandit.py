"""Bandit engine: ``python -m bandit -f json -c rules/bandit.yaml -q <files>`` as a subprocess.

Bandit runs out of process (a crash or a hang in it cannot take mcpaudit down, and the deadline
is enforced by killing it). Its exit code 1 means "issues found", not failure. Files bandit could
not parse are non-fatal errors naming the file. ``# nosec`` keeps working: we never pass
``--ignore-nosec``.

Failures never produce findings: a missing module or executable, a crash, another exit code, a
timeout or unreadable JSON give ``EngineOutput(ran=False, errors=[EngineError(fatal=True)])``.

Bandit is single-threaded, so the file list is split into chunks that run in parallel (``jobs``).

Each chunk runs through :mod:`.bandit_prefilter` (a launcher inside the bandit subprocess): it
passes bandit only the files in which at least one enabled bandit test could fire, judged from
their identifiers and string values, so the findings are the same at a fraction of the CPU. It
checks first that the installed bandit and the profile are the ones its table covers, and passes
every file otherwise. The scanning process keeps the table a launcher built and screens the
files of the next scans itself (:mod:`.bandit_table`): no process for a tree no test can fire on. With ``executable`` (a bandit command of unknown make) nothing is filtered.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..models import (
    Confidence,
    EngineError,
    Finding,
    Location,
    RuleMeta,
    Severity,
    SkippedFile,
)
from ._subprocess import EngineFailure, RootMapper, SourceCache, Timeout, tail
from .bandit_launch import Launch, default_profile, launch_key, plan
from .bandit_launch import load_profile as _load_profile
# The demotions of bandit's hits (bandit_args, bandit_cleanup, bandit_tmp*, bandit_context,
# bandit_forwarded, bandit_selftest) are imported by the functions that apply them, when bandit
# reported something: a scan whose prefilter passes no file to bandit (most small servers) does
# not import them (~0.005 s of the scanning process's CPU).
from .bandit_engine import ENGINE, NAME, BanditEngine  # the engine (re-exported)
from .base import EngineOutput, dist_version, outside_root

LOG = logging.getLogger(__name__)

#: bandit exit codes that mean "the scan ran": 0 = no issues, 1 = issues found.
OK_EXIT_CODES = (0, 1)

_LEVEL = {"LOW": Severity.LOW, "MEDIUM": Severity.MEDIUM, "HIGH": Severity.HIGH}
_CONF = {"LOW": Confidence.LOW, "MEDIUM": Confidence.MEDIUM, "HIGH": Confidence.HIGH}

#: CWE and typical severity of bandit's plugin tests, used only when the plugin source cannot be
#: read (zipped installs). Blacklist tests (B3xx/B4xx) carry their own CWE and level in bandit.
_PLUGIN_FALLBACK: Dict[str, Tuple[int, str]] = {
    "B101": (703, "LOW"), "B102": (78, "MEDIUM"), "B103": (732, "MEDIUM"), "B104": (605, "MEDIUM"),
    "B105": (259, "LOW"), "B106": (259, "LOW"), "B107": (259, "LOW"), "B108": (377, "MEDIUM"),
    "B110": (703, "LOW"), "B112": (703, "LOW"), "B113": (400, "MEDIUM"), "B201": (94, "HIGH"),
    "B202": (22, "HIGH"), "B324": (327, "HIGH"), "B501": (295, "HIGH"), "B502": (327, "HIGH"),
    "B503": (327, "MEDIUM"), "B504": (327, "LOW"), "B505": (326, "HIGH"), "B506": (20, "MEDIUM"),
    "B507": (295, "HIGH"), "B508": (319, "MEDIUM"), "B509": (319, "MEDIUM"), "B601": (78, "MEDIUM"),
    "B602": (78, "HIGH"), "B603": (78, "LOW"), "B604": (78, "MEDIUM"), "B605": (78, "HIGH"),
    "B606": (78, "LOW"), "B607": (78, "LOW"), "B608": (89, "MEDIUM"), "B609": (78, "HIGH"),
    "B610": (89, "MEDIUM"), "B611": (89, "MEDIUM"), "B612": (94, "MEDIUM"), "B613": (838, "HIGH"),
    "B614": (502, "HIGH"), "B615": (494, "MEDIUM"), "B701": (94, "HIGH"), "B702": (94, "MEDIUM"),
    "B703": (79, "MEDIUM"), "B704": (79, "MEDIUM"),
}


# --------------------------------------------------------------------------------------------
# Rule metadata
# --------------------------------------------------------------------------------------------


def _plugin_summary(func: Any) -> str:
    import inspect

    docs = [func.__doc__ or "", getattr(inspect.getmodule(func), "__doc__", "") or ""]
    for doc in docs:
        m = re.search(r"\bB\d{3}:\s*(.+)", doc)
        if m:
            return m.group(1).strip().strip("*").strip()
    for doc in docs:
        for line in doc.splitlines():
            line = line.strip().strip("=*").strip()
            if line:
                return line
    return func.__name__.replace("_", " ")


def _plugin_cwe_and_severity(test_id: str, func: Any) -> Tuple[Optional[int], Severity]:
    """Read the CWE and the highest severity a plugin can report from its source
    (``cwe=issue.Cwe.OS_COMMAND_INJECTION``, ``severity=bandit.HIGH``)."""
    import inspect

    cwe_num: Optional[int] = None
    sev: Optional[Severity] = None
    try:
        from bandit.core import issue as bandit_issue

        src = inspect.getsource(inspect.getmodule(func))  # type: ignore[arg-type]
        for name in re.findall(r"Cwe\.([A-Z_]+)", src):
            value = getattr(bandit_issue.Cwe, name, None)
            if isinstance(value, int) and value:
                cwe_num = value
                break
        levels = [_LEVEL[x] for x in re.findall(r"severity\s*=\s*bandit\.(LOW|MEDIUM|HIGH)", src)]
        if levels:
            sev = max(levels)
    except (OSError, TypeError, ImportError):
        pass
    fb_cwe, fb_sev = _PLUGIN_FALLBACK.get(test_id, (None, "MEDIUM"))
    return (cwe_num or fb_cwe), (sev or _LEVEL[fb_sev])


def _enabled(test_id: str, profile: Dict[str, Any]) -> bool:
    tests = profile.get("tests")
    skips = profile.get("skips") or []
    if tests:
        return test_id in tests and test_id not in skips
    return test_id not in skips


#: Bandit's tests (plugins and blacklist entries) as the pinned bandit describes them, so that
#: listing rules and every scan's rule metadata do not import bandit (a second or more): the
#: list is used when the installed bandit is the version it was read from, else bandit is
#: imported and read as before. ``tests/engines/test_bandit_engine.py`` checks it against the
#: installed bandit; ``python -m mcpaudit.engines.bandit --write-tests`` rewrites it.
TEST_LIST = Path(__file__).with_name("bandit_tests.json")


def rule_metas(profile: Optional[Path] = None) -> List[RuleMeta]:
    """The bandit tests the profile enables (from :data:`TEST_LIST` for the bandit it was read
    from; else bandit is imported in-process to read its plugins' metadata -- scanning always
    happens in a subprocess). Empty when bandit is not installed."""
    from ..rule import HELP_BASE

    try:
        prof = _load_profile(Path(profile) if profile else default_profile())
    except (OSError, ValueError):
        prof = {}
    tests = _listed_tests()
    if tests is None:
        tests = installed_tests()
    metas = [_meta(t["id"], t["name"], t["summary"], Severity.parse(t["severity"]), t["cwe"], HELP_BASE)
             for t in tests if _enabled(t["id"], prof)]
    return sorted(metas, key=lambda m: m.id)


def _listed_tests() -> Optional[List[Dict[str, Any]]]:
    """:data:`TEST_LIST`'s tests when the installed bandit is the version it was read from."""
    try:
        doc = json.loads(TEST_LIST.read_text("utf-8"))
        if dist_version("bandit") != doc.get("bandit"):
            return None
        return list(doc["tests"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def installed_tests() -> List[Dict[str, Any]]:
    """Every test of the installed bandit, by id: its name, summary, highest severity and CWE
    (imports bandit). Empty when bandit is not importable."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stevedore deprecation chatter from bandit's loader
            from bandit.core import extension_loader
    except Exception:  # bandit missing or broken: `run` reports it
        return []
    manager = extension_loader.MANAGER
    tests: Dict[str, Dict[str, Any]] = {}
    for ext in manager.plugins:
        func = ext.plugin
        tid = getattr(func, "_test_id", None)
        if not tid:
            continue
        cwe_num, sev = _plugin_cwe_and_severity(tid, func)
        tests[tid] = {"id": tid, "name": ext.name, "summary": " ".join(_plugin_summary(func).split()),
                      "severity": sev.label, "cwe": cwe_num}
    for tid, entry in manager.blacklist_by_id.items():
        message = str(entry.get("message") or entry.get("name") or tid)
        message = message.replace("{name}", _blacklist_subject(entry))
        level = _LEVEL.get(str(entry.get("level") or "MEDIUM").upper(), Severity.MEDIUM)
        cwe = entry.get("cwe")
        cwe_num = int(cwe) if isinstance(cwe, int) or (isinstance(cwe, str) and cwe.isdigit()) else None
        tests[tid] = {"id": tid, "name": entry.get("name", tid), "summary": " ".join(message.split()),
                      "severity": level.label, "cwe": cwe_num}
    return [tests[k] for k in sorted(tests)]


def write_test_list(path: Path = TEST_LIST) -> None:
    """Write :data:`TEST_LIST` from the installed bandit."""
    doc = {"bandit": dist_version("bandit"), "tests": installed_tests()}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _blacklist_subject(entry: Dict[str, Any]) -> str:
    """What a blacklist entry is about, for its ``{name}`` placeholder: the common dotted prefix
    of its qualnames (``xml.etree.ElementTree``), else the first qualname."""
    names = [q for q in entry.get("qualnames") or [] if isinstance(q, str)]
    if not names:
        return "this API"
    prefix = os.path.commonprefix(names)
    if prefix not in names:
        prefix = prefix.rsplit(".", 1)[0] if "." in prefix else ""
    return prefix or names[0]


def _meta(
    tid: str, name: str, summary: str, severity: Severity, cwe_num: Optional[int], help_base: str
) -> RuleMeta:
    summary = " ".join(summary.split())
    doc_url = _doc_url(tid, name)
    return RuleMeta(
        id=tid,
        engine=NAME,
        summary=summary,
        severity=severity,
        confidence=Confidence.MEDIUM,
        cwe=[f"CWE-{cwe_num}"] if cwe_num else [],
        tags=["security", "bandit", name],
        description=(
            f"{summary}\n\nBandit test `{tid}` ({name}). Severity and confidence of each "
            f"finding come from bandit itself.\n\nDocumentation: {doc_url}"
        ),
        fix="",
        help_uri=doc_url or help_base + tid,
    )


def _doc_url(tid: str, name: str) -> str:
    base = "https://bandit.readthedocs.io/en/latest/"
    if tid.startswith(("B3", "B4")):
        section = "calls" if tid.startswith("B3") else "imports"
        return f"{base}blacklists/blacklist_{section}.html#{tid.lower()}-{name.replace('_', '-')}"
    return f"{base}plugins/{tid.lower()}_{name}.html"


# --------------------------------------------------------------------------------------------
# Running bandit
# --------------------------------------------------------------------------------------------


def run(
    files: Sequence[Path],
    root: Path,
    *,
    timeout: float = 600.0,
    profile: Optional[Path] = None,
    executable: Optional[str] = None,
    jobs: Optional[int] = None,
    prefilter: bool = True,
    begun: Optional[Launch] = None,
) -> EngineOutput:
    """Scan ``files`` with bandit using ``profile`` (default ``rules/bandit.yaml``).

    ``executable`` replaces ``<python> -m bandit``: it must be a bandit command-line entry point
    (the ``bandit`` script). By default the running interpreter's bandit module is used, through
    the prefilter launcher unless ``prefilter`` is false. ``timeout`` bounds the whole run.
    ``begun``: the same run with its first processes started already
    (:func:`mcpaudit.engines.bandit_launch.start` with the same files and settings; another
    plan is stopped and this one planned again)."""
    out = EngineOutput(engine=NAME)
    launch = None
    try:
        key = launch_key(files, root, profile=profile, executable=executable, jobs=jobs, prefilter=prefilter)
        if begun is not None and begun.key != key:
            begun.close()
            begun = None
        launch = begun or plan(files, root, profile=profile, executable=executable, jobs=jobs, prefilter=prefilter)
        started, mapper, scan = launch.started, launch.mapper, launch.scan
        out.skipped.extend(launch.skipped)
        if scan:
            sources = SourceCache()
            docs, stats = _scan_chunks(launch, started + timeout, timeout)
            dropped = _screen_checked(launch, docs, stats, started + timeout, timeout, root, profile=profile,
                                      jobs=jobs)
            for doc in docs:
                _collect(doc, mapper, sources, out)
            # OpenSSH clients told not to verify host keys (bandit_hostkeys.py), chmod 777 commands
            # (bandit_chmodcmd.py): added before the demotions below, which read them as bandit's own
            _host_keys(files, root, out)
            if out.findings:  # (each demotion reads only the findings)
                _demote(out.findings, Path(root), sources, scan, [str(p) for p in files])
            if dropped or any(st["files"] for st in stats):
                # the scan statistics' stats.engines.bandit.prefilter: files given, files bandit read
                out.details["prefilter"] = _prefilter_summary(stats, dropped)
        else:
            _host_keys(files, root, out)
        out.findings.sort(key=Finding.sort_key)
    except EngineFailure as exc:
        return EngineOutput.failed(NAME, str(exc), launch.started if launch is not None else time.monotonic())
    finally:
        if launch is not None:
            launch.close()
    out.seconds = time.monotonic() - started
    return out


def _scan_chunks(launch: Launch, deadline: float, timeout: float) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """bandit's JSON document for each chunk of ``launch``, and the prefilter's statistics of
    each; chunks run ``launch.jobs`` at a time (the first ones started already, or now), all of
    them before ``deadline``. Raises :class:`EngineFailure` when one fails or time runs out."""

    def one(i: int) -> Any:
        done = launch.one(i, deadline, timeout)
        return _parse(done.returncode, done.stdout, done.stderr), _prefilter_stats(done.stderr)

    results: List[Dict[str, Any]] = []
    stats: List[Dict[str, Any]] = []
    if not launch.chunks:  # every file screened out by the scanning process (bandit_table.py)
        return results, stats
    try:
        with ThreadPoolExecutor(max_workers=min(launch.jobs, len(launch.chunks))) as pool:
            for res, chunk_stats in pool.map(one, range(len(launch.chunks))):
                if isinstance(res, str):
                    raise EngineFailure(res)
                results.append(res)
                stats.append(chunk_stats)
    except Timeout:
        raise EngineFailure(
            f"bandit timed out after {timeout:g} s (scanning {len(launch.scan)} files); raise the engine "
            "timeout or narrow the scanned paths"
        ) from None
    except OSError as exc:
        raise EngineFailure(f"could not start bandit ({launch.fixed[0]}): {exc}") from None
    _log_prefilter(stats)
    return results, stats


def _screen_checked(launch: Launch, docs: List[Dict[str, Any]], stats: List[Dict[str, Any]], deadline: float,
                    timeout: float, root: Path, **settings: Any) -> int:
    """How many files the scanning process screened out with the kept table
    (:mod:`.bandit_table`) and bandit did not read. When a launcher built another table than
    the one screened with (a change the table's stamp missed), those files are run through
    bandit now (their reports and statistics added to ``docs`` and ``stats``). A launcher's
    table is kept for the next scan when there was none or it differs from the screened one (when
    the launchers agree on it and byte-code writing is on)."""
    screened = launch.screened
    if screened is None:
        return 0
    reports = [(st.get("table"), st.get("disabled")) for st in stats if st["files"]]
    agreed = reports[0] if reports and len(set(map(repr, reports))) == 1 else None
    if agreed is not None and (screened.doc is None or agreed[0] != screened.table) and not sys.dont_write_bytecode:
        from .bandit_table import save

        save(screened.key, *agreed)  # none kept, or a stale one: the next scan screens with this one
    if screened.dropped and any(table != screened.table for table, _why in reports):
        again = plan([Path(p) for p in screened.dropped], root, prefilter=True, screen=False, **settings)
        try:
            more, more_stats = _scan_chunks(again, deadline, timeout)
        finally:
            again.close()
        docs.extend(more)
        stats.extend(more_stats)
        return 0
    return len(screened.dropped)


def _prefilter_summary(stats: List[Dict[str, Any]], dropped: int = 0) -> Dict[str, Any]:
    """Files given (``dropped``: screened out by the scanning process itself), files bandit read."""
    summary: Dict[str, Any] = {"files": sum(st["files"] for st in stats) + dropped,
                               "passed": sum(st["passed"] for st in stats)}
    reasons = sorted({str(st["disabled"]) for st in stats if st.get("disabled")})
    if reasons:
        summary["disabled"] = "; ".join(reasons)
    return summary


def _log_prefilter(stats: List[Dict[str, Any]]) -> None:
    if any(st["files"] for st in stats):
        summary = _prefilter_summary(stats)
        LOG.debug("bandit prefilter passed %d of %d files to bandit%s", summary["passed"], summary["files"],
                  f"; not filtering: {summary['disabled']}" if "disabled" in summary else "")


def _prefilter_stats(stderr: str) -> Dict[str, Any]:
    """The launcher's ``mcpaudit-bandit-prefilter: {...}`` line: files given, files passed to
    bandit, why it did not filter, the table it filtered with. Zeros when there is none (no launcher, or it failed first)."""
    from .bandit_prefilter import STATS_PREFIX

    for line in stderr.splitlines():
        if line.startswith(STATS_PREFIX):
            try:
                doc = json.loads(line[len(STATS_PREFIX):])
                return {"files": int(doc["files"]), "passed": int(doc["passed"]), "disabled": doc.get("disabled"),
                        "table": doc.get("table")}
            except (ValueError, KeyError, TypeError):
                break
    return {"files": 0, "passed": 0, "disabled": None, "table": None}


def _parse(returncode: int, stdout: str, stderr: str) -> Any:
    """The JSON document of one bandit run, or a string describing why the run failed."""
    if returncode not in OK_EXIT_CODES:
        detail = tail(stderr) or tail(stdout, 300) or "no output"
        if "No module named bandit" in stderr or "No module named 'bandit'" in stderr:
            detail = "bandit is not installed for this Python"
        return f"bandit failed (exit {returncode}): {detail}"
    text = stdout.strip()
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        # Some bandit versions print a progress line before the JSON; take the JSON object.
        start = text.find("{")
        try:
            doc = json.loads(text[start:]) if start >= 0 else None
        except ValueError:
            doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        return (
            f"bandit produced no valid JSON output (exit {returncode}): "
            + (tail(stdout, 200) or tail(stderr) or "empty output")
        )
    return doc


def _hits_by_file(findings: List[Finding], rule_id: str) -> Dict[str, List[Finding]]:
    """The findings of ``rule_id`` above low confidence, by file."""
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id == rule_id and f.confidence > Confidence.LOW:
            by_file.setdefault(f.location.path, []).append(f)
    return by_file


def _demote(findings: List[Finding], root: Path, sources: SourceCache, scan: Sequence[str],
            given: Sequence[str] = ()) -> None:
    """bandit's hits demoted where their context says so (the functions below)."""
    from .bandit_context import memo_entry_names

    entries = memo_entry_names(str(root.absolute()))  # packaging read once a folder, when needed
    _demote_unbound(findings, root, sources, scan, entries)
    _demote_cleanup(findings, root, sources)
    _demote_defused(findings, root, sources, scan)
    trees: Dict[str, Any] = {}  # rel -> tree (None: does not parse), shared by the two below
    _demote_forwarded(findings, root, sources, trees, given or scan)  # callers: every file given
    _demote_self_tests(findings, root, sources, trees, entries)
    _demote_literal_shells(findings, root, scan)
    _demote_made_only(findings, root, sources, scan, trees)


def _demote_made_only(findings: List[Finding], root: Path, sources: SourceCache, scan: Sequence[str],
                      trees: Dict[str, Any]) -> None:
    """B108 hits on a settings field's default that every read only creates or shows
    (:mod:`.bandit_tmpmade`, across the scanned files): to the audit view with the reason."""
    from .bandit_context import other_trees
    from .bandit_tmpmade import made_only

    parsed: Dict[str, Any] = {}
    for rel, hits in _hits_by_file(findings, "B108").items():
        path = os.path.join(str(Path(root).absolute()), rel)
        lines = sources.lines(path)
        tree = _tree(trees, rel, lines) if lines else None
        if tree is not None:
            at = [(f.location.line, f.location.column - 1) for f in hits]
            why = made_only(tree, at, other_trees(scan, path, sources, parsed=parsed))
            _mark(hits, why, lambda f: (f.location.line, f.location.column - 1), "tmp-context")


#: bandit's own words for a shell started with a literal command (B602, B605)
_LITERAL_SHELL = ("B602", "B605")
LITERAL_SHELL_WHY = "the command is a string literal: the shell runs only the author's command"


def _demote_literal_shells(findings: List[Finding], root: Path, scan: Sequence[str]) -> None:
    """B602/B605 hits bandit itself calls "seems safe" (the command is a literal string), and
    B602 in a shell helper every call of which passes a literal (:mod:`.literalshell`): to the
    audit view with the reason; no caller's text reaches that shell."""
    for test in _LITERAL_SHELL:
        for hits in _hits_by_file(findings, test).values():
            _mark([f for f in hits if "seems safe" in f.message.lower()],
                  {True: LITERAL_SHELL_WHY}, lambda f: True, "shell-context")
    if _hits_by_file(findings, "B602"):
        from .literalshell import demote_literal_helpers

        demote_literal_helpers(findings, root, scan, rules=("B602",))


def _demote_unbound(findings: List[Finding], root: Path, sources: SourceCache, scanned: Sequence[str] = (),
                    entries: Optional[Callable[[str], Any]] = None) -> None:
    """B104 hits on an ``"0.0.0.0"`` that is compared against or listed among other host names
    (:mod:`.bandit_context`), or that reaches no listening call (:mod:`.bind_flow`: only stored
    or printed), move to the audit view with the reason. ``entries``: a file's packaging entry
    points (:func:`.bandit_context.memo_entry_names`, shared per scan)."""
    from .bandit_context import SERVER_HOST, memo_entry_names, not_bound, other_trees, server_hosts
    from .bind_reach import module_stem

    entries = entries or memo_entry_names(str(Path(root).absolute()))
    parsed: Dict[str, Any] = {}  # other files' trees, parsed once for every file's lookups
    for rel, hits in _hits_by_file(findings, "B104").items():
        lines = sources.lines(os.path.join(str(Path(root).absolute()), rel))
        if not lines:
            continue
        text = "\n".join(lines)
        path = os.path.join(str(Path(root).absolute()), rel)
        why = not_bound(text, [(f.location.line, f.location.column - 1) for f in hits],
                        others=other_trees(scanned, path, sources, parsed=parsed),
                        callers=other_trees(scanned, path, sources, prefix="", parsed=parsed),
                        entry_names=entries(rel), module=module_stem(rel))
        hosts = set(server_hosts(text, [(f.location.line, f.location.column - 1) for f in hits]))
        for f in hits:
            reason = why.get((f.location.line, f.location.column - 1))
            if reason:
                f.confidence = Confidence.LOW
                f.message += f"; {reason} (audit view)"
                f.properties["bind-context"] = reason
            elif (f.location.line, f.location.column - 1) in hosts:
                f.properties["bind-context"] = SERVER_HOST  # the posture decides (inventory.reconcile_http)


def _demote_cleanup(findings: List[Finding], root: Path, sources: SourceCache) -> None:
    """B103 hits on a chmod inside an ``rmtree`` error handler, on the path it deletes next, or
    with a literal mode that leaves group and others no write bit (:mod:`.bandit_cleanup`), and
    B108 hits on temp folders only searched for an input file (:mod:`.bandit_tmpsearch`), or on
    temp-folder text that is a regular expression (:mod:`.bandit_tmpregex`), move
    to the audit view with the reason."""
    from .bandit_cleanup import cleanup_chmods, unwritable_modes
    from .bandit_incontainer import container_paths
    from .bandit_tmplists import listed_roots
    from .bandit_tmpread import tmp_reads
    from .bandit_remotepaths import remote_paths
    from .bandit_tmpregex import regex_patterns
    from .bandit_tmpsearch import searched_folders, tmp_strings

    for rel, hits in _hits_by_file(findings, "B103").items():
        lines = sources.lines(os.path.join(str(Path(root).absolute()), rel))
        if not lines:
            continue
        text, at = "\n".join(lines), [f.location.line for f in hits]
        _mark(hits, {**unwritable_modes(text, at), **cleanup_chmods(text, at)}, lambda f: f.location.line, "chmod-context")
    for rel, hits in _hits_by_file(findings, "B108").items():
        lines = sources.lines(os.path.join(str(Path(root).absolute()), rel))
        if lines:  # a folder searched for an input file (bandit_tmpsearch.py)
            text, at = "\n".join(lines), [f.location.line for f in hits]  # or only measured (bandit_tmpread.py)
            found = tmp_strings(text, at)  # parsed once, read by both
            _mark(hits, {**tmp_reads(text, at, found), **searched_folders(text, at, found),
                         **listed_roots(text, at, found), **regex_patterns(text, at, found),
                         **remote_paths(text, at, found),  # a node/container/remote path (bandit_remotepaths.py)
                         **container_paths(text, at, found)},  # a path inside a container (bandit_incontainer.py)
                  lambda f: f.location.line, "tmp-context")


def _by_file(findings: List[Finding], tests) -> Dict[str, List[Finding]]:
    """The hits of ``tests`` above low confidence, by file."""
    by_file: Dict[str, List[Finding]] = {}
    for test in tests:
        for rel, hits in _hits_by_file(findings, test).items():
            by_file.setdefault(rel, []).extend(hits)
    return by_file


def _mark(hits: List[Finding], why: Dict[Any, str], key, prop: str) -> None:
    """Move the hits ``why`` gives a reason for (under ``key(hit)``) to the audit view."""
    for f in hits:
        reason = why.get(key(f))
        if reason:
            f.confidence = Confidence.LOW
            f.message += f"; {reason} (audit view)"
            f.properties[prop] = reason


def _demote_defused(findings: List[Finding], root: Path, sources: SourceCache, scanned: Sequence[str] = ()) -> None:
    """B310 hits on a URL whose scheme the code fixes to http(s), and B615 hits on a loader of
    data files that trusts no remote code (:mod:`.bandit_args`; ``scanned``: the files whose
    calls of a function may give it the model), move to the audit view with the reason."""
    from .bandit_args import REASONS as DEFUSED
    from .bandit_args import demotions as defused
    from .bandit_context import other_trees

    parsed: Dict[str, Any] = {}  # other files' trees, parsed once for every file's lookups
    for rel, hits in _by_file(findings, DEFUSED).items():
        path = os.path.join(str(Path(root).absolute()), rel)
        lines = sources.lines(path)
        if not lines:
            continue
        why = defused("\n".join(lines), [(f.rule_id, f.location.line) for f in hits],
                      callers=other_trees(scanned, path, sources, prefix="", parsed=parsed))
        _mark(hits, why, lambda f: (f.rule_id, f.location.line), "argument-context")


def _tree(trees: Dict[str, Any], rel: str, lines: List[str]) -> Any:
    """``rel``'s tree (``lines``: its text), parsed once per scan into ``trees``; None when it does not parse."""
    if rel not in trees:
        from .bandit_forwarded import parsed

        trees[rel] = parsed("\n".join(lines))
    return trees[rel]


def _demote_forwarded(findings: List[Finding], root: Path, sources: SourceCache,
                      trees: Optional[Dict[str, Any]] = None, scan: Sequence[str] = ()) -> None:
    """B108/B104 hits on a parameter default the function only forwards, and B108 hits on the
    existence test or removal of a temporary file the function writes (:mod:`.bandit_forwarded`),
    move to the audit view with the reason. ``trees``: parsed files by path, shared per scan."""
    from .bandit_forwarded import followups, forwarded_defaults

    trees = {} if trees is None else trees
    for rel, hits in _by_file(findings, ("B108", "B104")).items():
        lines = sources.lines(os.path.join(str(Path(root).absolute()), rel))
        if not lines:
            continue
        tree, at = _tree(trees, rel, lines), [(f.location.line, f.location.column - 1) for f in hits]
        if tree is None:
            continue
        b108 = [(f.location.line, f.location.column - 1) for f in hits if f.rule_id == "B108"]
        why = {**forwarded_defaults(tree, at),  # one parse for both checks
               **followups(tree, b108),
               **_overridden(tree, rel, b108, root, sources, trees, scan)}  # a default every call overrides
        _mark(hits, why, lambda f: (f.location.line, f.location.column - 1), "value-context")


def _overridden(tree, rel: str, hits, root: Path, sources: SourceCache, trees: Dict[str, Any], scan: Sequence[str]):
    """B108 hits on a default every call or construction in the scanned files overrides
    (:mod:`.bandit_overridden`); the other files are parsed only when they name the function."""
    if not hits:
        return {}
    from .bandit_overridden import overridden_defaults

    top = str(Path(root).absolute())

    def callers(word: str):
        for path in scan:
            other = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
            if other == rel or not other.endswith(".py"):
                continue
            lines = sources.lines(os.path.join(top, other))
            if lines and any(word in ln for ln in lines):
                yield other, _tree(trees, other, lines)
    return overridden_defaults(tree, rel, hits, callers)


def _demote_self_tests(findings: List[Finding], root: Path, sources: SourceCache,
                       trees: Optional[Dict[str, Any]] = None, entries: Optional[Callable[[str], Any]] = None) -> None:
    """Every hit inside a library module's ``__main__`` self-test block (:mod:`.bandit_selftest`)
    moves to the audit view with the reason. ``trees``: parsed files by path, ``entries``: packaging
    entry points by file, both shared per scan."""
    from .bandit_context import memo_entry_names
    from .bandit_selftest import self_test_hits

    trees = {} if trees is None else trees
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.confidence > Confidence.LOW:
            by_file.setdefault(f.location.path, []).append(f)
    top = str(Path(root).absolute())
    entries = entries or memo_entry_names(top)  # read only for a file with a self-test candidate block
    for rel, hits in by_file.items():
        lines = sources.lines(os.path.join(top, rel))
        tree = _tree(trees, rel, lines) if lines and any("__main__" in ln for ln in lines) else None
        if tree is not None:
            why = self_test_hits(tree, [f.location.line for f in hits], lambda rel=rel: frozenset(entries(rel)))
            _mark(hits, why, lambda f: f.location.line, "self-test")


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _host_keys(files: Sequence[Path], root: Path, out: EngineOutput) -> None:
    """B507 for the ``ssh``/``scp`` command lines of ``files`` run with host key checking off
    (:mod:`.bandit_hostkeys`, the process models' ``host-key-off`` rows), and B103 for the
    ``chmod 777`` ones (:mod:`.bandit_chmodcmd`, the ``mode-commands`` rows)."""
    from ..catalog import catalog
    from .bandit_chmodcmd import mode_command_findings
    from .bandit_hostkeys import host_key_findings, parse_text

    def read(path: str) -> str:
        try:
            with open(path, "rb") as fh:
                return fh.read(4_000_000).decode("utf-8", errors="replace")
        except OSError:
            return ""

    sources = SourceCache()  # the snippets of what is reported
    top = str(Path(root).absolute())
    paths = [os.path.abspath(str(f)) for f in files]
    trees: Dict[str, Any] = {}  # each file parsed once for both readers

    def parse(path: str, text: str) -> Any:
        if path not in trees:
            trees[path] = parse_text(path, text)
        return trees[path]

    out.findings.extend(host_key_findings(paths, top, read, catalog().python.host_key_off, snippet=sources.snippet,
                                          parse=parse))
    # files left world-writable by a chmod run as a command (bandit_chmodcmd.py, B103)
    out.findings.extend(mode_command_findings(paths, top, read, catalog().python.mode_commands, snippet=sources.snippet,
                                              parse=parse))


def _collect(doc: Dict[str, Any], mapper: RootMapper, sources: SourceCache, out: EngineOutput) -> None:
    for r in doc.get("results") or []:
        if not isinstance(r, dict):
            continue
        reported = str(r.get("filename") or "")
        rel = mapper.relative(reported)
        if rel is None:
            out.errors.append(outside_root(NAME, reported))
            continue
        line = max(1, _int(r.get("line_number"), 1))
        line_range = [x for x in (r.get("line_range") or []) if isinstance(x, int)]
        end_line = max([line, *line_range])
        col = max(0, _int(r.get("col_offset"), 0)) + 1
        end_col_raw = r.get("end_col_offset")
        end_col = _int(end_col_raw, 0) + 1 if end_col_raw is not None else None
        cwe = r.get("issue_cwe") or {}
        cwe_id = _int(cwe.get("id"), 0) if isinstance(cwe, dict) else 0
        test_id = str(r.get("test_id") or "bandit")
        props = {
            k: v
            for k, v in {
                "test_name": r.get("test_name"),
                "more_info": r.get("more_info"),
                "cwe_link": cwe.get("link") if isinstance(cwe, dict) else None,
            }.items()
            if v
        }
        out.findings.append(
            Finding(
                rule_id=test_id,
                engine=NAME,
                severity=_LEVEL.get(str(r.get("issue_severity") or "").upper(), Severity.LOW),
                confidence=_CONF.get(str(r.get("issue_confidence") or "").upper(), Confidence.LOW),
                message=" ".join(str(r.get("issue_text") or test_id).split()),
                location=Location(rel, line, col, end_line, end_col),
                cwe=[f"CWE-{cwe_id}"] if cwe_id else [],
                snippet=sources.snippet(mapper.absolute(reported), line, end_line),
                tags=["security"],
                properties=props,
            )
        )
    for err in doc.get("errors") or []:
        if not isinstance(err, dict):
            continue
        reported = str(err.get("filename") or "")
        rel = mapper.relative(reported) if reported else None
        reason = " ".join(str(err.get("reason") or "could not be analysed").split())
        out.errors.append(
            EngineError(NAME, f"bandit could not analyse this file: {reason}", path=rel or reported or None, fatal=False)
        )
        if rel:
            out.skipped.append(SkippedFile(rel, f"bandit: {reason}"))



__all__ = ["run", "rule_metas", "default_profile", "installed_tests", "write_test_list", "TEST_LIST",
           "BanditEngine", "ENGINE"]

if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--write-tests"]:
        write_test_list()
        print(f"wrote {TEST_LIST}")
