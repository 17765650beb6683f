"""Running semgrep: the command line, its environment, one run per chunk of targets.

Every run carries :data:`BASE_FLAGS` (offline, quiet, our rule ids, JSON), one combined
``--config`` written for that run (:mod:`.scoping` decides which rules it holds), and the targets
as explicit absolute paths, chunked so that no command line overflows. Semgrep runs from the scan
root, with an environment that cannot point it at other rules, an account, the user's home or the
scanned repository's git configuration, and a ``PATH`` without relative entries.

Two front ends ship in the semgrep wheel: the Python CLI (``pysemgrep``, what ``semgrep scan``
runs) and the OCaml one (``osemgrep``, ``semgrep scan --experimental``); both hand the same rules
to the same ``semgrep-core`` engine. The Python CLI costs seconds before any rule runs (4.1 s
against 0.21 s on a 91-line server, same results), so :data:`FRONT_ENDS` tries the OCaml one first
and falls back to the Python CLI, for the rest of the run, when it fails in any way but a
timeout (absent, crashed, a flag it refuses, output that is not semgrep's JSON). The output says
which one ran (``EngineOutput.details["front_end"]``). The OCaml CLI names an explicit target
after its own directory unless it is given ``--project-root``, so it gets the scan root as the
project root: the per-rule ``paths: include:`` lists of :mod:`.scoping` then match as they do in
the Python CLI. Every flag in :func:`_command` is one both front ends accept
(``tests/engines/test_semgrep_front_ends.py`` reads both help texts).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ...models import Confidence, Finding, SkippedFile
from ...resources import rules_dir
from .._subprocess import (
    EngineFailure,
    RootMapper,
    SourceCache,
    Timeout,
    chunk_args,
    default_jobs,
    existing_targets,
    find_executable,
    run_command,
    scrubbed_env,
    tail,
    target_budget,
)
from ..base import EngineOutput
from .packs import NAME, load_packs, one_line, rule_confidence, rule_files, write_rules
from .scoping import Scoping
from . import timeouts

#: Flags every run carries; see the module docstring.
BASE_FLAGS = (
    "--metrics=off",
    "--disable-version-check",
    "--no-rewrite-rule-ids",
    "--json",
    "--quiet",
    "--no-git-ignore",  # the caller already chose the files
)

#: The rule metadata key naming the engine whose analysis covers the rule (not run beside it).
SUPERSEDED_KEY = "mcpaudit-superseded-by"

#: The front ends, in the order they are tried: the OCaml CLI, then the Python CLI.
FRONT_ENDS = ("osemgrep", "pysemgrep")

#: Semgrep exit codes that mean "the scan ran": 0 = done, 1 = findings (only with --error).
OK_EXIT_CODES = (0, 1)

#: Files larger than this are not scanned (semgrep's own default); they are reported as skipped.
DEFAULT_MAX_TARGET_BYTES = 1_000_000

#: Per-file, per-rule time limit handed to semgrep (--timeout), and how many rule timeouts on one
#: file make semgrep give up on that file (--timeout-threshold).
DEFAULT_PER_FILE_TIMEOUT = 10.0
DEFAULT_TIMEOUT_THRESHOLD = timeouts.THRESHOLD


def run(
    files: Sequence[Path],
    root: Path,
    *,
    timeout: float = 600.0,
    rules: Optional[Path] = None,
    executable: Optional[str] = None,
    jobs: Optional[int] = None,
    per_file_timeout: float = DEFAULT_PER_FILE_TIMEOUT,
    max_target_bytes: int = DEFAULT_MAX_TARGET_BYTES,
    scope: bool = True,
    min_confidence: Optional[Confidence] = None,
    front_ends: Sequence[str] = FRONT_ENDS,
    superseded_by: Sequence[str] = (),
    first_pass_tree: Optional[Callable[[str, str], Optional[Any]]] = None,
) -> EngineOutput:
    """Scan ``files`` (any language the packs cover; the caller decides which files) with the
    rule packs under ``rules`` (default: the bundled ``rules/semgrep``) and return findings whose
    paths are relative to ``root``. ``timeout`` bounds the whole run, all chunks together.
    ``scope=False`` runs every rule on every file (see :mod:`.scoping`). ``min_confidence``
    leaves out the rules whose ``confidence`` is lower: their results would be dropped from the
    report anyway. ``front_ends``: the front ends to try, in order (see the module docstring).
    ``superseded_by``: the engines that run in the same scan; a rule whose
    ``mcpaudit-superseded-by`` names one of them is not run (that engine finds what it finds).
    ``first_pass_tree``: the scan's first-pass ``ast`` trees, for the scoping (see
    ``EngineContext.first_pass_tree``)."""
    started = time.monotonic()
    root = Path(root)
    out = EngineOutput(engine=NAME)
    try:
        exe = _executable(executable)
        pack, scoping = _rule_pack(rules, min_confidence, scope, superseded_by)
        if pack:
            mapper = RootMapper(root)
            scan, aliases = _targets(files, root, mapper, max_target_bytes, out.skipped)
            # Run from the scan root: semgrep spends two to three times as much CPU when the
            # targets lie outside its working directory (measured on awslabs/mcp, 284 files:
            # 14 s vs 40 s). Explicit targets are scanned even if a .semgrepignore lists them.
            workdir = str(root) if root.is_dir() else None
            if scoping is not None:
                offered = len(scan)
                scan = scoping.select(scan, workdir, first_pass_tree)
                if not scan and offered:
                    out.details["not_started"] = (f"no rule can match any of the {offered} "
                                                  f"file{'s' if offered != 1 else ''} (mcpaudit-requires)")
            if scan:
                # (On two cores, -j 2 cut semgrep's wall time by a fifth but cost a quarter more CPU.)
                settings = _Settings(exe, timeout, started + timeout, per_file_timeout, max_target_bytes,
                                     jobs or default_jobs())
                _scan(settings, pack, scoping, scan, root, workdir, mapper, aliases, out, front_ends)
                _demote(out, root, files, first_pass_tree, pack)
                out.findings.sort(key=Finding.sort_key)
    except EngineFailure as exc:
        return EngineOutput.failed(NAME, str(exc), started)
    out.seconds = time.monotonic() - started
    return out


def _demote(out: EngineOutput, root: Path, files: Sequence[Path],
            first_pass_tree: Optional[Callable[[str, str], Optional[Any]]], pack=()) -> None:
    """The findings of a run that started semgrep, each demoted where its context says so. The
    demotions are imported here, when semgrep ran: a scan whose gate starts no semgrep process
    (most small servers) does not import them (~0.003 s of the scanning process's CPU)."""
    from .deadmethods import demote_dead_methods
    from ..literalshell import demote_literal_helpers
    from .localctx import demote_unconnected_contexts
    from .optin_tls import demote_opt_in_tls
    from .optin_tls_ts import demote_opt_in_tls_ts
    from .placeholder import demote_placeholders
    from .pyfiles import PyFiles
    from .quotedscript import demote_quoted_scripts

    py = PyFiles(root, files, first_pass_tree)  # read and parsed once for the cross-file passes (rev52p)
    tls = next((r for r in pack if isinstance(r, dict) and r.get("id") == "tls-verify-disabled"), None)
    if tls is not None:  # verify= read through the project's settings accessor (across files)
        from .tlsaccessor import report_accessor_defaults

        report_accessor_defaults(out.findings, root, files, tls, py)
        from .tlsfield import report_field_switches

        report_field_switches(out.findings, root, files, tls, py)  # ... or a project class's keyword
    demote_placeholders(out.findings, root, files, py)
    demote_quoted_scripts(out.findings, root, first_pass_tree)
    demote_opt_in_tls(out.findings, root, files, py)
    if any(f.rule_id == "tls-verify-disabled" for f in out.findings):
        from .tlscallers import judge_by_callers

        judge_by_callers(out.findings, root, py)  # a local off in a branch on a parameter: the callers
    demote_unconnected_contexts(out.findings, root, first_pass_tree)
    demote_dead_methods(out.findings, root, files, py)
    demote_literal_helpers(out.findings, root, files, py)  # a shell helper only given literals
    demote_opt_in_tls_ts(out.findings, root)


def _executable(executable: Optional[str]) -> str:
    exe = find_executable("semgrep", executable)
    if exe is None:
        where = executable or "next to the Python interpreter or on PATH"
        raise EngineFailure(
            f"semgrep executable not found ({where}); install it with `pip install semgrep` "
            "or run with the semgrep engine disabled"
        )
    return exe


def _rule_pack(rules: Optional[Path], min_confidence: Optional[Confidence], scope: bool,
               superseded_by: Sequence[str] = ()) -> Tuple[List[Dict[str, Any]], Optional[Scoping]]:
    """Every rule of the packs at or above ``min_confidence`` and not superseded by one of the
    engines ``superseded_by`` (none at all is not an error), and their scoping unless ``scope``
    is off."""
    configs = rule_files(rules)
    if not configs:
        raise EngineFailure(f"no semgrep rule files (*.yaml) found in {rules or rules_dir() / 'semgrep'}")
    try:
        pack = load_packs(configs)
        if min_confidence is not None:
            pack = [r for r in pack if rule_confidence(r.get("metadata") or {}) >= min_confidence]
        if superseded_by:
            pack = [r for r in pack if (r.get("metadata") or {}).get(SUPERSEDED_KEY) not in superseded_by]
        if not pack:
            return [], None
        return pack, (Scoping(pack) if scope else None)
    except (OSError, ValueError) as exc:
        raise EngineFailure(f"invalid semgrep rule pack: {exc}") from None


def _targets(files: Sequence[Path], root: Path, mapper: RootMapper, max_target_bytes: int,
             skipped: List[SkippedFile]) -> Tuple[List[str], Dict[str, str]]:
    """The absolute paths to hand semgrep, and for a symbolic link scanned through the file it
    points to, that file's path -> the link's. What is left out is added to ``skipped``.

    semgrep refuses a symbolic link as a target ("Invalid scanning root"), which failed the
    whole run. A link to a file that is a target itself is left to that target; a link to any
    other file inside the root is scanned through the file it points to, and its results are
    reported under the link's path, as the other engines report them."""
    targets = existing_targets(files, root, mapper, skipped)
    scan: List[str] = []
    aliases: Dict[str, str] = {}
    real_targets = {os.path.realpath(t) for t, _ in targets if not os.path.islink(t)}
    for target, original in targets:
        shown = mapper.display(str(original))
        if os.path.islink(target):
            real = os.path.realpath(target)
            if real in real_targets:
                skipped.append(SkippedFile(
                    shown, f"symbolic link to {mapper.display(real)}, which semgrep scans under its own name"))
                continue
            if mapper.relative(real) is None or real in aliases or \
                    os.path.splitext(real)[1].lower() != os.path.splitext(target)[1].lower():
                # outside the root, a second link to one file, or a target whose name would give
                # semgrep another language (or none)
                skipped.append(SkippedFile(shown, "symbolic link; not scanned by semgrep"))
                continue
            aliases[real] = target
            target = real
        try:
            size = os.path.getsize(target)
        except OSError:
            skipped.append(SkippedFile(shown, "not readable"))
            continue
        if max_target_bytes and size > max_target_bytes:
            skipped.append(SkippedFile(
                shown, f"larger than {max_target_bytes} bytes ({size}); not scanned by semgrep"))
            continue
        scan.append(target)
    return scan, aliases


@dataclass(frozen=True)
class _Settings:
    exe: str
    timeout: float  # seconds for the whole run
    deadline: float  # time.monotonic() by which it must be over
    per_file_timeout: float
    max_target_bytes: int
    jobs: int


def _scan(settings: _Settings, pack: List[Dict[str, Any]], scoping: Optional[Scoping], scan: List[str],
          root: Path, workdir: Optional[str], mapper: RootMapper, aliases: Dict[str, str],
          out: EngineOutput, front_ends: Sequence[str] = FRONT_ENDS) -> None:
    """Run semgrep over ``scan``, one chunk at a time, and collect what it reports into ``out``;
    a chunk the current front end fails on (not by a timeout) is run again with the next one,
    which then serves the rest of the run. The files semgrep's per-rule time limit cut short run
    again after the others, with a longer limit (:mod:`.timeouts`). Raises
    :class:`EngineFailure` when a run fails with the last front end or time runs out."""
    from .results import collect  # (imported when semgrep runs)

    if not front_ends:
        raise EngineFailure("no semgrep front end to run")
    with tempfile.TemporaryDirectory(prefix="mcpaudit-semgrep-") as state:
        runs = _Runs(settings, pack, scoping, workdir, state, root, list(front_ends), out)
        runs.total = len(scan)
        sources = SourceCache()
        seen: set = set()
        late: Dict[str, List[str]] = {}
        known: set = set()  # the errors semgrep reported (timeouts.error_keys)
        for chunk in chunk_args(scan, runs.budget):
            result = runs.one(chunk, settings)
            timeouts.merge(late, timeouts.split(result))
            known |= timeouts.error_keys(result)
            collect(result, mapper, sources, out, seen, aliases)
        if late:
            _retry(runs, settings, scan, late, mapper, sources, out, seen, aliases, known)


def _retry(runs: "_Runs", settings: _Settings, scan: List[str], late: Dict[str, List[str]],
           mapper: RootMapper, sources: SourceCache, out: EngineOutput, seen: set,
           aliases: Dict[str, str], known: set) -> None:
    """Run the files semgrep's per-rule limit cut short (``late``) again, together, with a longer
    limit that fits what is left of the engine's time bound (:func:`.timeouts.retry_limit`). The
    retry has a deadline of its own: when it runs out, the files it did not finish are cut short
    (fatal errors, :func:`.timeouts.cut_short`) and everything the first pass reported stays."""
    from .results import collect

    given = set(scan)
    pending = [p for p in scan if p in late]
    limit = timeouts.retry_limit(settings.per_file_timeout, settings.deadline - time.monotonic(), len(pending))
    again = replace(settings, per_file_timeout=limit)
    still = {p: r for p, r in late.items() if p not in given}  # not a path it was given: not retried
    ran_out: List[str] = []
    for chunk in chunk_args(pending, runs.budget):
        if not ran_out:
            try:
                result = runs.one(chunk, again, retry=True)
            except timeouts.RanOut:
                ran_out.extend(chunk)
                continue
            timeouts.merge(still, timeouts.split(result))
            timeouts.drop_known(result, known)  # the first pass reported them
            collect(result, mapper, sources, out, seen, aliases)
        else:
            ran_out.extend(chunk)
    for p in ran_out:
        still[p] = late[p]
    shown = {aliases.get(p, p): r for p, r in still.items()}
    skipped, errors = timeouts.cut_short(shown, settings.per_file_timeout, limit, mapper,
                                         ran_out={aliases.get(p, p) for p in ran_out}, bound=settings.timeout)
    out.skipped.extend(skipped)
    out.errors.extend(errors)
    out.details["timeouts"] = {"retried": len(pending), "cut_short": len(still), "retry_limit": limit}


class _Runs:
    """Semgrep's runs of one scan: the environment, the combined config (the rules of each
    chunk), the front end in use (falling back to the next one when it fails)."""

    def __init__(self, settings: _Settings, pack: List[Dict[str, Any]], scoping: Optional[Scoping],
                 workdir: Optional[str], state: str, root: Path, ends: List[str], out: EngineOutput):
        self.settings, self.pack, self.scoping, self.workdir, self.state = settings, pack, scoping, workdir, state
        self.env = _environment(state, root, settings.exe)
        # One combined config per run: semgrep validates and compiles each --config separately,
        # which costs about a quarter of a second per file on every run.
        self.config = Path(state) / "mcpaudit-rules.yaml"
        self.ends, self.out = ends, out
        # the longest command of any front end, so that a chunk fits whichever runs it
        self.budget = min(target_budget(_command(settings, self.config, e, workdir), self.env) for e in ends)
        self.failures: List[str] = []
        self.total = 0  # files in the whole run (for the timeout's message)
        out.details["front_end"] = ends[0]

    def one(self, chunk: List[str], settings: _Settings, retry: bool = False) -> Dict[str, Any]:
        """Semgrep's JSON document for ``chunk`` run with ``settings`` (its per-rule limit). When
        time runs out: :class:`EngineFailure`, or in the ``retry`` :class:`.timeouts.RanOut`."""
        try:
            write_rules(self.pack if self.scoping is None else self.scoping.rules_for(chunk), self.config)
        except OSError as exc:
            raise EngineFailure(f"cannot write the semgrep rule pack: {exc}") from None
        while True:
            remaining = settings.deadline - time.monotonic()
            if remaining <= 0:
                if retry:
                    raise timeouts.RanOut()
                raise EngineFailure(f"semgrep timed out after {settings.timeout:g} s")
            fixed = _command(settings, self.config, self.ends[0], self.workdir)
            try:
                result = _run_chunk(fixed, chunk, remaining, self.env, self.workdir or self.state)
            except Timeout:
                if retry:
                    raise timeouts.RanOut() from None
                raise EngineFailure(
                    f"semgrep timed out after {settings.timeout:g} s (scanning {self.total} files); "
                    "raise the engine timeout or narrow the scanned paths"
                ) from None
            except OSError as exc:
                result = f"could not start semgrep ({settings.exe}): {exc}"
            if not isinstance(result, str):
                return result
            self.failures.append(f"{self.ends[0]}: {result}")
            if len(self.ends) == 1:
                raise EngineFailure(result if len(self.failures) == 1 else "; ".join(self.failures[-2:]))
            self.ends.pop(0)  # fall back, for this chunk and the rest of the run
            self.out.details["front_end"] = self.ends[0]
            self.out.details["fallback"] = self.failures[-1][:500]


def _environment(state: str, root: Path, exe: str) -> Dict[str, str]:
    """semgrep's environment: its settings and log files in ``state`` (never the user's home),
    no ``SEMGREP_*`` variable from ours (``SEMGREP_RULES``, ``SEMGREP_APP_TOKEN``, ... could change
    what runs or where it reports), and no way for git to read the scanned repository's config."""
    return scrubbed_env(
        ("SEMGREP_",),
        {
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SETTINGS_FILE": os.path.join(state, "settings.yml"),
            "SEMGREP_LOG_FILE": os.path.join(state, "semgrep.log"),
            "SEMGREP_VERSION_CACHE_PATH": os.path.join(state, "version"),
            # semgrep asks git for project metadata (remote URL); point git at nothing so
            # that the scanned repository's .git/config (hooks, fsmonitor, aliases) is
            # never read.
            "GIT_DIR": os.path.join(state, "no-git-dir"),
            "GIT_CEILING_DIRECTORIES": os.path.dirname(os.path.abspath(str(root))),
        },
        # semgrep finds pysemgrep next to itself, never through the scanned tree.
        path_first=[os.path.dirname(os.path.abspath(exe))],
    )


def _command(settings: _Settings, config: Path, front_end: str = "pysemgrep",
             workdir: Optional[str] = None) -> List[str]:
    """Every argument of a run but the targets, for ``front_end`` (see :data:`FRONT_ENDS`)."""
    head = [settings.exe, "scan"]
    if front_end == "osemgrep":
        head.append("--experimental")
        if workdir:
            # target paths (and rules' `paths:`) relative to the scan root, as pysemgrep has them
            head.append(f"--project-root={workdir}")
    elif front_end != "pysemgrep":
        raise ValueError(f"unknown semgrep front end {front_end!r}")
    return [
        *head, *BASE_FLAGS, "--config", str(config),
        f"--timeout={settings.per_file_timeout:g}",
        f"--timeout-threshold={DEFAULT_TIMEOUT_THRESHOLD}",
        f"--max-target-bytes={settings.max_target_bytes}",
        f"--jobs={settings.jobs}",
    ]


def _run_chunk(
    fixed: List[str], chunk: List[str], timeout: float, env: Dict[str, str], cwd: str
) -> Any:
    """Run semgrep on one chunk. Returns the parsed JSON document, or a string describing a fatal
    failure. A target that disappeared since discovery makes semgrep refuse the whole run
    ("Invalid scanning root"); such targets are dropped and the chunk is retried once."""
    attempt_targets = list(chunk)
    for _attempt in range(2):
        started = time.monotonic()
        done = run_command([*fixed, *attempt_targets], timeout=timeout, env=env, cwd=cwd)
        timeout -= time.monotonic() - started
        doc: Any = None
        try:
            doc = json.loads(done.stdout) if done.stdout.strip() else None
        except ValueError:
            doc = None
        if done.returncode in OK_EXIT_CODES:
            if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
                return (
                    f"semgrep produced no valid JSON output (exit {done.returncode}): "
                    + (tail(done.stdout, 200) or tail(done.stderr) or "empty output")
                )
            return doc
        # A failed run: explain it with semgrep's own error messages when it printed any.
        messages = _error_messages(doc)
        vanished = [
            m.split(":", 1)[1].strip()
            for m in messages
            if m.startswith("Invalid scanning root:")
        ]
        if vanished and _attempt == 0 and timeout > 0:
            gone = set(vanished)
            attempt_targets = [t for t in attempt_targets if t not in gone]
            if attempt_targets:
                continue
            return {"results": [], "errors": [], "_vanished": sorted(gone)}
        detail = "; ".join(messages) or tail(done.stderr) or tail(done.stdout, 300) or "no output"
        return f"semgrep failed (exit {done.returncode}): {detail}"
    return "semgrep failed: targets kept disappearing during the scan"  # pragma: no cover


def _error_messages(doc: Any) -> List[str]:
    if not isinstance(doc, dict):
        return []
    out = []
    for err in doc.get("errors") or []:
        if isinstance(err, dict):
            msg = one_line(err.get("message") or err.get("type") or "")
            if msg:
                out.append(msg)
    return out[:10]
