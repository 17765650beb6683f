r"""Semgrep engine: runs our own rule packs (``rules/semgrep/*.yaml``) as a subprocess.

Semgrep always runs offline and quiet: ``--metrics=off --disable-version-check`` (without the
version-check flag an offline run hangs for about 100 s), ``--no-rewrite-rule-ids`` so rule ids
stay ours, one ``--config`` per YAML pack (never a registry pack; the paired ``<id>.py`` test
files next to the packs are therefore never scanned as rules or targets), and the caller's file
list as explicit absolute targets, chunked so that no command line overflows.

Failures are loud and never produce findings: a missing executable, a crash, a non-zero exit,
a timeout or unreadable JSON give ``EngineOutput(ran=False, errors=[EngineError(fatal=True)])``.
Semgrep's own per-file problems (syntax errors, per-file timeouts) are non-fatal errors naming
the file.

**Rule scoping.** A rule may say in its metadata which text a file must contain for the rule to
have any chance of matching it::

    metadata:
      mcpaudit-requires:          # one Python regular expression, or a list of them (any one)
        - '(?i)passw'             # "(?i)" + plain text: a case-insensitive substring test
        - 'AKIA'                  # plain text: a substring test
        - '\.\s*tool(?!\w)'       # anything else: re.search()

The expressions are searched in the file's text (UTF-8, undecodable bytes replaced). Each must be
a superset of what the rule can match, including what semgrep matches through import aliases
(``from sqlalchemy import text as t``: the attribute name appears in the import, not at the call)
and constant propagation (``T = "sse"; app.run(T)``): write the names of the called functions,
methods, decorators and keywords, which the code must spell out, rather than the values of string
constants, which semgrep also folds from pieces (``"s" + "se"``). ``tests/test_semgrep_rules.py``
checks every rule's annotated test file against them.

The engine reads every target once and works out which rules may match it (those texts, and the
rule's languages: a ``.py`` file never gets a TypeScript rule). It passes semgrep only the files
that at least one rule may match, leaves out of each run the rules that no file of that run may
match, and gives the expensive rules a ``paths: include:`` list of the files they may match when
that is cheaper than running them everywhere (see ``_PATH_SCOPE_COST``). A rule without the
metadata may match every file; a file that cannot be read, or is a symlink, may match every rule.
``run(..., scope=False)`` turns all of this off; the findings are the same either way.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..models import (
    Confidence,
    EngineError,
    Example,
    Finding,
    Location,
    RuleMeta,
    Severity,
    SkippedFile,
)
from ..resources import rules_dir
from . import EngineOutput, outside_root
from ._subprocess import (
    RootMapper,
    SourceCache,
    Timeout,
    absolute_targets,
    argv_budget,
    chunk_args,
    find_executable,
    run_command,
    scrubbed_env,
    tail,
)

ENGINE = "semgrep"

#: Flags every run carries; see the module docstring.
BASE_FLAGS = (
    "--metrics=off",
    "--disable-version-check",
    "--no-rewrite-rule-ids",
    "--json",
    "--quiet",
    "--no-git-ignore",  # the caller already chose the files
)

#: Semgrep exit codes that mean "the scan ran": 0 = done, 1 = findings (only with --error).
OK_EXIT_CODES = (0, 1)

#: Files larger than this are not scanned (semgrep's own default); they are reported as skipped.
DEFAULT_MAX_TARGET_BYTES = 1_000_000

#: Per-file, per-rule time limit handed to semgrep (--timeout), and how many rule timeouts on one
#: file make semgrep give up on that file (--timeout-threshold).
DEFAULT_PER_FILE_TIMEOUT = 10.0
DEFAULT_TIMEOUT_THRESHOLD = 3

_RULE_SUFFIXES = (".yaml", ".yml")
_SEVERITY = {
    "ERROR": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "INFO": Severity.LOW,
    # Semgrep's newer severity names.
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INVENTORY": Severity.INFO,
    "EXPERIMENT": Severity.INFO,
}
_CWE_RE = re.compile(r"CWE-(\d+)", re.IGNORECASE)
# Our taint rules start their message with "Parameter 'p' of MCP handler f()".
_HANDLER_RE = re.compile(r"Parameter '([^']+)' of MCP handler ([A-Za-z_][\w.]*)\(\)")


# --------------------------------------------------------------------------------------------
# Rule packs
# --------------------------------------------------------------------------------------------


def rule_files(rules: Optional[Path] = None) -> List[Path]:
    """The YAML rule files of a pack: ``rules`` itself when it is a file, else every ``*.yaml`` /
    ``*.yml`` below it (sorted). Paired test files (``<id>.py``, ``<id>.ts``) are never included."""
    base = Path(rules) if rules is not None else rules_dir() / "semgrep"
    if base.is_file():
        return [base]
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in _RULE_SUFFIXES
    )


def _load_yaml(path: Path) -> Dict[str, Any]:
    import yaml  # PyYAML comes with bandit

    with open(path, "r", encoding="utf-8") as fh:
        # libyaml's parser when PyYAML has it: every scan loads all the packs (rule metadata
        # and the combined config), which took the pure-Python parser ~0.35 s
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def _cwes(value: Any) -> List[str]:
    items = value if isinstance(value, (list, tuple)) else [value]
    out: List[str] = []
    for item in items:
        for num in _CWE_RE.findall(str(item)):
            cwe = f"CWE-{int(num)}"
            if cwe not in out:
                out.append(cwe)
    return out


def _severity(semgrep_severity: Any, metadata: Dict[str, Any]) -> Severity:
    override = metadata.get("mcpaudit-severity")
    if override:
        try:
            return Severity.parse(str(override))
        except ValueError:
            pass
    return _SEVERITY.get(str(semgrep_severity or "").upper(), Severity.MEDIUM)


def _confidence(metadata: Dict[str, Any]) -> Confidence:
    try:
        return Confidence.parse(str(metadata.get("confidence") or "MEDIUM"))
    except ValueError:
        return Confidence.MEDIUM


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def _first_sentence(text: str) -> str:
    text = _one_line(text)
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def _test_file_for(yaml_path: Path) -> Optional[Path]:
    for p in sorted(yaml_path.parent.glob(yaml_path.stem + ".*")):
        if p.suffix.lower() not in _RULE_SUFFIXES and p.is_file() and ".fixed." not in p.name:
            return p
    return None


_ANNOTATION_RE = re.compile(r"^\s*(?:#|//)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w\-, ]+?)\s*$")


def _examples(test_file: Optional[Path], rule_id: str) -> Tuple[List[Example], List[Example]]:
    """Valid/invalid examples from a paired, annotated test file.

    The invalid example is the whole test file with its annotation comments removed, and the
    1-based lines the rule must flag in that cleaned text. Each ``ok`` line becomes a one-line
    valid example."""
    if test_file is None:
        return [], []
    try:
        raw = test_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [], []
    cleaned: List[str] = []
    flag_next: Optional[str] = None
    flagged: List[int] = []
    valid: List[Example] = []
    for line in raw:
        m = _ANNOTATION_RE.match(line)
        if m:
            ids = [i.strip() for i in m.group(2).split(",")]
            flag_next = m.group(1) if rule_id in ids else None
            continue
        cleaned.append(line)
        if flag_next == "ruleid":
            flagged.append(len(cleaned))
        elif flag_next == "ok" and line.strip():
            valid.append(Example(line.strip() + "\n"))
        flag_next = None
    invalid = [Example("\n".join(cleaned) + "\n", tuple(flagged))] if flagged else []
    return valid, invalid


def _description(rule: Dict[str, Any], metadata: Dict[str, Any]) -> str:
    parts = []
    summary = metadata.get("summary")
    if summary:
        parts.append(_one_line(summary))
    # Metavariables read better as placeholders in documentation: $PARAM -> <param>.
    message = re.sub(
        r"\$([A-Z_][A-Z0-9_]*)", lambda m: f"<{m.group(1).lower()}>", _one_line(rule.get("message", ""))
    )
    parts.append("**What it does / why is this bad**\n\n" + message)
    if metadata.get("fix"):
        parts.append("**Remediation**\n\n" + _one_line(metadata["fix"]))
    refs = metadata.get("references") or []
    if isinstance(refs, str):
        refs = [refs]
    if refs:
        parts.append("**References**\n\n" + "\n".join(f"- {r}" for r in refs))
    return "\n\n".join(parts)


def rule_metas(rules: Optional[Path] = None) -> List[RuleMeta]:
    """Metadata of every rule in the pack, for ``mcpaudit rules`` / ``explain`` and SARIF."""
    from ..rule import HELP_BASE

    metas: List[RuleMeta] = []
    for path in rule_files(rules):
        try:
            doc = _load_yaml(path)
        except Exception:  # a broken pack surfaces when semgrep runs; listing stays usable
            continue
        for rule in doc.get("rules") or []:
            if not isinstance(rule, dict) or not rule.get("id"):
                continue
            md = rule.get("metadata") or {}
            rid = str(rule["id"])
            valid, invalid = _examples(_test_file_for(path), rid)
            tags = ["security"]
            langs = rule.get("languages") or []
            tags += [f"lang/{lang}" for lang in langs if isinstance(lang, str)]
            if rule.get("mode") == "taint":
                tags.append("taint")
            metas.append(
                RuleMeta(
                    id=rid,
                    engine=ENGINE,
                    summary=_one_line(md.get("summary") or _first_sentence(rule.get("message", ""))),
                    severity=_severity(rule.get("severity"), md),
                    confidence=_confidence(md),
                    cwe=_cwes(md.get("cwe")),
                    tags=tags,
                    description=_description(rule, md),
                    fix=_one_line(md.get("fix") or ""),
                    help_uri=HELP_BASE + rid,
                    valid=valid,
                    invalid=invalid,
                )
            )
    metas.sort(key=lambda m: m.id)
    return metas


# --------------------------------------------------------------------------------------------
# Running semgrep
# --------------------------------------------------------------------------------------------


def _fatal(message: str, started: float) -> EngineOutput:
    return EngineOutput.failed(ENGINE, message, started)


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
) -> EngineOutput:
    """Scan ``files`` (any language the packs cover; the caller decides which files) with the
    rule packs under ``rules`` (default: the bundled ``rules/semgrep``) and return findings whose
    paths are relative to ``root``. ``timeout`` bounds the whole run, all chunks together.
    ``scope=False`` runs every rule on every file (see "Rule scoping" in the module docstring).
    ``min_confidence`` leaves out the rules whose ``confidence`` is lower: their results would
    be dropped from the report anyway."""
    started = time.monotonic()
    root = Path(root)

    exe = find_executable("semgrep", executable)
    if exe is None:
        where = executable or "next to the Python interpreter or on PATH"
        return _fatal(
            f"semgrep executable not found ({where}); install it with `pip install semgrep` "
            "or run with the semgrep engine disabled",
            started,
        )

    configs = rule_files(rules)
    if not configs:
        return _fatal(
            f"no semgrep rule files (*.yaml) found in {rules or rules_dir() / 'semgrep'}",
            started,
        )

    try:
        pack = _load_packs(configs)
        if min_confidence is not None:
            pack = [r for r in pack if _confidence(r.get("metadata") or {}) >= min_confidence]
            if not pack:
                return EngineOutput(engine=ENGINE, seconds=time.monotonic() - started)
        scoping = _Scoping(pack) if scope else None
    except (OSError, ValueError) as exc:
        return _fatal(f"invalid semgrep rule pack: {exc}", started)

    out = EngineOutput(engine=ENGINE)
    targets, missing = absolute_targets(files, root)
    mapper = RootMapper(root)
    for m in missing:
        out.skipped.append(SkippedFile(_display(mapper, m), "not a readable regular file"))
    scan: List[str] = []
    # semgrep refuses a symbolic link as a target ("Invalid scanning root"), which failed the
    # whole run. A link to a file that is a target itself is left to that target; a link to any
    # other file inside the root is scanned through the file it points to, and its results are
    # reported under the link's path, as the other engines report them.
    aliases: Dict[str, str] = {}
    real_targets = {os.path.realpath(t) for t, _ in targets if not os.path.islink(t)}
    for target, original in targets:
        if os.path.islink(target):
            real = os.path.realpath(target)
            if real in real_targets:
                out.skipped.append(SkippedFile(
                    _display(mapper, original),
                    f"symbolic link to {_display(mapper, Path(real))}, which semgrep scans under its own name"))
                continue
            if mapper.relative(real) is None or real in aliases or \
                    os.path.splitext(real)[1].lower() != os.path.splitext(target)[1].lower():
                # outside the root, a second link to one file, or a target whose name would give
                # semgrep another language (or none)
                out.skipped.append(SkippedFile(_display(mapper, original), "symbolic link; not scanned by semgrep"))
                continue
            aliases[real] = target
            target = real
        try:
            size = os.path.getsize(target)
        except OSError:
            out.skipped.append(SkippedFile(_display(mapper, original), "not readable"))
            continue
        if max_target_bytes and size > max_target_bytes:
            out.skipped.append(
                SkippedFile(
                    _display(mapper, original),
                    f"larger than {max_target_bytes} bytes ({size}); not scanned by semgrep",
                )
            )
            continue
        scan.append(target)
    # Run from the scan root: semgrep spends two to three times as much CPU when the targets
    # lie outside its working directory (measured on awslabs/mcp, 284 files: 14 s vs 40 s).
    # Explicit targets are scanned even if a .semgrepignore in the root lists them.
    workdir = str(root) if root.is_dir() else None
    if scoping is not None:
        scan = scoping.select(scan, workdir)
    if not scan:
        out.seconds = time.monotonic() - started
        return out

    # Half the cores: the cst and bandit engines run at the same time. (On two cores, -j 2 cut
    # semgrep's wall time by a fifth but cost a quarter more CPU.)
    jobs = jobs or max(1, min(4, (os.cpu_count() or 1) // 2))
    with tempfile.TemporaryDirectory(prefix="mcpaudit-semgrep-") as state:
        # Keep semgrep's settings/log files out of the user's home, and drop SEMGREP_* variables
        # (SEMGREP_RULES, SEMGREP_APP_TOKEN, ...) that could change what runs or where it reports.
        env = scrubbed_env(
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
        # One combined config per run: semgrep validates and compiles each --config separately,
        # which costs about a quarter of a second per file on every run.
        config = Path(state) / "mcpaudit-rules.yaml"
        fixed = [exe, "scan", *BASE_FLAGS, "--config", str(config)]
        fixed += [
            f"--timeout={per_file_timeout:g}",
            f"--timeout-threshold={DEFAULT_TIMEOUT_THRESHOLD}",
            f"--max-target-bytes={max_target_bytes}",
            f"--jobs={jobs}",
        ]
        fixed_size = sum(len(os.fsencode(a)) + 9 for a in fixed)
        budget = max(8_000, argv_budget(env) - fixed_size)

        deadline = started + timeout
        sources = SourceCache()
        seen: set = set()
        for chunk in chunk_args(scan, budget):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _fatal(f"semgrep timed out after {timeout:g} s", started)
            try:
                _write_rules(pack if scoping is None else scoping.rules_for(chunk), config)
            except OSError as exc:
                return _fatal(f"cannot write the semgrep rule pack: {exc}", started)
            try:
                result = _run_chunk(fixed, chunk, remaining, env, workdir or state)
            except Timeout:
                return _fatal(
                    f"semgrep timed out after {timeout:g} s (scanning {len(scan)} files); "
                    "raise the engine timeout or narrow the scanned paths",
                    started,
                )
            except OSError as exc:
                return _fatal(f"could not start semgrep ({exe}): {exc}", started)
            if isinstance(result, str):
                return _fatal(result, started)
            _collect(result, mapper, sources, out, seen, aliases)

    out.findings.sort(key=Finding.sort_key)
    out.seconds = time.monotonic() - started
    return out


def _load_packs(configs: Sequence[Path]) -> List[Dict[str, Any]]:
    """Every rule of ``configs``, in order (rule ids must be unique)."""
    import yaml

    rules: List[Dict[str, Any]] = []
    ids: Dict[str, Path] = {}
    for cfg in configs:
        try:
            doc = _load_yaml(cfg)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ValueError(f"{cfg}: {_one_line(str(exc))}") from None
        pack = doc.get("rules")
        if not isinstance(pack, list):
            raise ValueError(f"{cfg}: no top-level 'rules:' list")
        for rule in pack:
            rid = rule.get("id") if isinstance(rule, dict) else None
            if not rid:
                raise ValueError(f"{cfg}: a rule without an id")
            if rid in ids:
                raise ValueError(f"rule id {rid!r} is defined in both {ids[rid]} and {cfg}")
            ids[rid] = cfg
            rules.append(rule)
    return rules


def _write_rules(rules: Sequence[Dict[str, Any]], dest: Path) -> Path:
    import yaml

    with open(dest, "w", encoding="utf-8") as fh:
        yaml.safe_dump({"rules": list(rules)}, fh, sort_keys=False, allow_unicode=True, width=10_000)
    return dest


# --------------------------------------------------------------------------------------------
# Rule scoping (see the module docstring)
# --------------------------------------------------------------------------------------------

#: Rule metadata key: the texts a file must contain for the rule to be able to match it.
REQUIRES_KEY = "mcpaudit-requires"

#: Path lists. Semgrep's Python front-end tests every target of a rule's language against every
#: ``paths: include:`` pattern (about 19 us per pattern and target; a pattern several rules share
#: is tested once), so a list costs time quadratic in the number of files. A rule gets one only
#: when that is less than what running it costs on the files it cannot match, estimated from
#: these costs per byte of such a file (seconds; ``semgrep --time`` with semgrep 1.182 at -j1 on a
#: generated corpus and on awslabs/mcp, rounded up a little, as the taint time is not in them).
#: The others run on every file passed to semgrep.
_PATH_SCOPE_COST = {
    "tool-param-path-traversal": 1.0e-6,
    "sql-string-built": 0.6e-6,
    "hardcoded-credential": 0.2e-6,
    "credential-logged": 0.15e-6,
    "tool-param-ssrf": 0.15e-6,
    "http-transport-without-auth": 0.1e-6,
    "shell-c-argv": 0.06e-6,
}
_GLOB_COST = 19e-6

#: Language families by file suffix, and of the language names rules use. A file whose suffix
#: is not listed may be in any language (semgrep also reads shebangs).
_PY, _JS = "python", "javascript"
_FAMILY_OF_SUFFIX = {
    ".py": _PY, ".pyi": _PY,
    ".js": _JS, ".jsx": _JS, ".mjs": _JS, ".cjs": _JS,
    ".ts": _JS, ".tsx": _JS, ".mts": _JS, ".cts": _JS,
}
_FAMILY_OF_LANGUAGE = {
    "python": _PY, "python2": _PY, "python3": _PY, "py": _PY,
    "javascript": _JS, "js": _JS, "typescript": _JS, "ts": _JS,
}

#: Characters with a meaning in semgrep's path globs (its own and the wcmatch ones of pysemgrep).
_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")


#: Characters that make an entry of ``mcpaudit-requires`` a regular expression rather than text.
_REGEX_META = frozenset(".^$*+?{}[]\\|()")


class _Gate:
    """A rule's compiled ``mcpaudit-requires``: does a file's text contain one of them?

    Plain text and ``(?i)`` + plain text are substring tests (on the text, and on its
    ``casefold()``, which maps more characters together than semgrep's caseless regexes do, the
    Kelvin sign and long s included, so it is never narrower); anything else is ``re.search``."""

    __slots__ = ("tests",)

    def __init__(self, rule_id: str, entries: Any):
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"rule {rule_id}: {REQUIRES_KEY} must be a regex or a non-empty list of them")
        # In the order written: put the entries most files that match contain first.
        self.tests: List[Tuple[str, Any]] = []
        for entry in entries:
            if not isinstance(entry, str) or not entry:
                raise ValueError(f"rule {rule_id}: {REQUIRES_KEY} entries must be non-empty strings")
            if not _REGEX_META.intersection(entry):
                self.tests.append(("has", entry))
            elif entry.startswith("(?i)") and entry[4:] and not _REGEX_META.intersection(entry[4:]):
                self.tests.append(("has_folded", entry[4:].casefold()))
            else:
                try:
                    self.tests.append(("search", re.compile(entry)))
                except re.error as exc:
                    raise ValueError(f"rule {rule_id}: bad {REQUIRES_KEY} regex {entry!r}: {exc}") from None

    def test(self, text: "_Text") -> bool:
        return any(getattr(text, kind)(what) for kind, what in self.tests)


class _Text:
    """A file's text, with the answers already given (rules share entries)."""

    __slots__ = ("text", "_folded", "_seen")

    def __init__(self, text: str):
        self.text = text
        self._folded: Optional[str] = None
        self._seen: Dict[Any, bool] = {}

    def has(self, needle: str) -> bool:
        hit = self._seen.get(needle)
        if hit is None:
            hit = self._seen[needle] = needle in self.text
        return hit

    def has_folded(self, needle: str) -> bool:
        key = ("i", needle)
        hit = self._seen.get(key)
        if hit is None:
            if self._folded is None:
                self._folded = self.text.casefold()
            hit = self._seen[key] = needle in self._folded
        return hit

    def search(self, pattern: "re.Pattern[str]") -> bool:
        hit = self._seen.get(pattern)
        if hit is None:
            hit = self._seen[pattern] = pattern.search(self.text) is not None
        return hit


def _families(rule: Dict[str, Any]) -> Optional[FrozenSet[str]]:
    """The language families a rule runs on, or None when it may run on any file."""
    langs = rule.get("languages")
    if not isinstance(langs, list) or not langs:
        return None
    out = set()
    for lang in langs:
        family = _FAMILY_OF_LANGUAGE.get(str(lang).lower())
        if family is None:
            return None
        out.add(family)
    return frozenset(out)


def path_glob(rel: str) -> str:
    """A semgrep ``paths:`` pattern for the file at ``rel`` (POSIX, relative to the scan root):
    ``**/rel`` with glob syntax escaped. It matches whatever prefix semgrep puts before ``rel``
    (semgrep 1.182 names a target ``/rel``, relative to its working directory; other versions
    have used the path as given or relative to the git project), and beyond that only files
    whose path ends in ``/rel``, which merely run the rule where it was not needed."""
    return "**/" + _GLOB_SPECIAL.sub(r"\\\1", rel)


class _Scoping:
    """Which rules may match which targets, and the rule pack for each run."""

    def __init__(self, rules: Sequence[Dict[str, Any]]):
        self.rules = list(rules)
        self.gates: List[Optional[_Gate]] = []
        self.families: List[Optional[FrozenSet[str]]] = []
        self.byte_cost: List[float] = []
        for rule in self.rules:
            md = rule.get("metadata") or {}
            entries = md.get(REQUIRES_KEY) if isinstance(md, dict) else None
            self.gates.append(_Gate(str(rule["id"]), entries) if entries is not None else None)
            self.families.append(_families(rule))
            # A rule with its own `paths` keeps them: ours could only be added, not intersected.
            self.byte_cost.append(0.0 if "paths" in rule else _PATH_SCOPE_COST.get(str(rule["id"]), 0.0))
        self.may_match: Dict[str, FrozenSet[int]] = {}  # target -> rules that may match it
        self.in_language: Dict[str, FrozenSet[int]] = {}  # target -> rules of its language
        self.globs: Dict[str, Optional[List[str]]] = {}  # target -> its `paths` patterns, if any
        self.sizes: Dict[str, int] = {}

    def select(self, targets: Sequence[str], workdir: Optional[str]) -> List[str]:
        """The targets at least one rule may match (the others cannot produce findings)."""
        real_workdir = os.path.realpath(workdir) if workdir else None
        abs_workdir = os.path.abspath(workdir) if workdir else None
        every = range(len(self.rules))
        kept: List[str] = []
        for target in targets:
            family = _FAMILY_OF_SUFFIX.get(os.path.splitext(target)[1])
            langs = frozenset(
                i for i in every if family is None or self.families[i] is None or family in self.families[i]
            )
            may = langs
            if any(self.gates[i] is not None for i in langs) and not os.path.islink(target):
                # (A symlink goes to semgrep as it is today; semgrep refuses it.)
                text = _read_text(target)
                if text is not None:
                    may = _gated(text, langs, self.gates)
                    self.sizes[target] = len(text)
            self.in_language[target] = langs
            self.may_match[target] = may
            self.globs[target] = (
                _glob_for(target, abs_workdir, real_workdir) if abs_workdir and real_workdir else None
            )
            if may:
                kept.append(target)
        return kept

    def rules_for(self, chunk: Sequence[str]) -> List[Dict[str, Any]]:
        """The rule pack for one run over ``chunk``: rules no file of it may match are left out,
        and rules worth it get the list of the files they may match."""
        out: Dict[int, Dict[str, Any]] = {}
        lists: List[Tuple[float, int, List[str], List[str]]] = []
        for i, rule in enumerate(self.rules):
            candidates = [t for t in chunk if i in self.in_language[t]]
            matchable = [t for t in candidates if i in self.may_match[t]]
            if not matchable:
                continue
            out[i] = rule
            if self.byte_cost[i] and len(matchable) < len(candidates):
                lists.append((self.byte_cost[i], i, candidates, matchable))
        paid: set = set()  # patterns semgrep tests anyway, for a rule already given them
        for byte_cost, i, candidates, matchable in sorted(lists, key=lambda x: -x[0]):
            globs: set = set()
            for t in matchable:
                mine = self.globs[t]
                if mine is None:
                    break
                globs.update(mine)
            else:
                may = set(matchable)
                saved = byte_cost * sum(self.sizes.get(t, 0) for t in candidates if t not in may)
                new = globs - paid
                if saved <= _GLOB_COST * len(new) * len(candidates):
                    continue
                paid |= new
                rule = dict(self.rules[i])
                rule["paths"] = {"include": sorted(globs)}
                out[i] = rule
        return [out[i] for i in sorted(out)]


def _read_text(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


def _gated(text: str, rules: FrozenSet[int], gates: Sequence[Optional[_Gate]]) -> FrozenSet[int]:
    t = _Text(text)
    return frozenset(i for i in rules if gates[i] is None or gates[i].test(t))  # type: ignore[union-attr]


def _glob_for(target: str, workdir: str, real_workdir: str) -> Optional[List[str]]:
    """The ``paths`` patterns for ``target``: for its physical path relative to the physical
    working directory (how semgrep 1.182 names it), and for the path as given when that differs.
    None when the file resolves outside the working directory (semgrep then names it after its
    own project-root search) or its name is not UTF-8: such a file is never left out of a rule."""

    def below(rel: str) -> bool:
        return not (os.path.isabs(rel) or rel in (os.curdir, os.pardir) or rel.startswith(os.pardir + os.sep))

    real = os.path.relpath(os.path.realpath(target), real_workdir)
    if not below(real):
        return None
    names = {real}
    given = os.path.relpath(target, workdir)
    if below(given):
        names.add(given)
    try:
        for name in names:
            name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return sorted(path_glob(name.replace(os.sep, "/")) for name in names)


def _display(mapper: RootMapper, path: Path) -> str:
    rel = mapper.relative(str(path))
    return rel if rel is not None else str(path)


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
            msg = _one_line(err.get("message") or err.get("type") or "")
            if msg:
                out.append(msg)
    return out[:10]


def _pos(d: Any, key: str, default: int) -> int:
    try:
        value = int((d or {}).get(key, default))
    except (TypeError, ValueError):
        return default
    return value if value >= 1 else default


def _collect(
    doc: Dict[str, Any],
    mapper: RootMapper,
    sources: SourceCache,
    out: EngineOutput,
    seen: set,
    aliases: Optional[Dict[str, str]] = None,
) -> None:
    for path in doc.get("_vanished", []):
        out.skipped.append(SkippedFile(_display(mapper, Path(path)), "disappeared before the scan"))

    for r in doc.get("results") or []:
        if not isinstance(r, dict):
            continue
        reported = str(r.get("path") or "")
        if aliases:  # semgrep reports a target by the path it was given
            reported = aliases.get(reported, reported)
        rel = mapper.relative(reported)
        if rel is None:
            out.errors.append(outside_root(ENGINE, reported))
            continue
        extra = r.get("extra") or {}
        md = extra.get("metadata") or {}
        start, end = r.get("start") or {}, r.get("end") or {}
        line = _pos(start, "line", 1)
        col = _pos(start, "col", 1)
        end_line = max(_pos(end, "line", line), line)
        end_col = _pos(end, "col", col)
        rule_id = str(r.get("check_id") or "semgrep")
        key = (rule_id, rel, line, col, end_line, end_col)
        if key in seen:
            continue
        seen.add(key)
        message = _one_line(extra.get("message") or md.get("summary") or rule_id)
        finding = Finding(
            rule_id=rule_id,
            engine=ENGINE,
            severity=_severity(extra.get("severity"), md),
            confidence=_confidence(md),
            message=message,
            location=Location(rel, line, col, end_line, end_col),
            cwe=_cwes(md.get("cwe")),
            fix=_one_line(md.get("fix")) or None,
            snippet=sources.snippet(mapper.absolute(reported), line, end_line),
            tags=["security"],
            properties={
                k: v
                for k, v in {
                    "references": md.get("references"),
                    "likelihood": md.get("likelihood"),
                    "impact": md.get("impact"),
                    "semgrep_severity": extra.get("severity"),
                }.items()
                if v
            },
        )
        m = _HANDLER_RE.search(message)
        if m:
            finding.parameter, finding.context = m.group(1), m.group(2)
        out.findings.append(finding)

    for err in doc.get("errors") or []:
        if not isinstance(err, dict):
            continue
        out.errors.append(_map_error(err, mapper, out))

    for skipped in doc.get("skipped_rules") or []:
        rid = skipped.get("rule_id") if isinstance(skipped, dict) else skipped
        out.errors.append(
            EngineError(ENGINE, f"semgrep skipped rule {rid}: {skipped}", fatal=False)
        )


def _map_error(err: Dict[str, Any], mapper: RootMapper, out: EngineOutput) -> EngineError:
    """A semgrep-reported problem that did not stop the run: a non-fatal error, and for files
    semgrep could not analyse at all, a skipped-file entry."""
    kind = err.get("type")
    kind_name = kind[0] if isinstance(kind, list) and kind else str(kind or "error")
    reported = err.get("path")
    rel = _display(mapper, Path(reported)) if reported else None
    message = _one_line(err.get("message") or kind_name)
    if len(message) > 300:
        message = message[:300] + "…"
    if rel and kind_name in ("Timeout", "OutOfMemory", "Too many matches", "Syntax error", "Lexical error"):
        out.skipped.append(SkippedFile(rel, f"semgrep: {kind_name}"))
    if rel and kind_name == "PartialParsing":
        message = f"partially parsed (syntax error); some code was not analysed: {message}"
    return EngineError(ENGINE, f"{kind_name}: {message}" if rel else message, path=rel, fatal=False)


__all__ = ["run", "rule_metas", "rule_files", "BASE_FLAGS", "REQUIRES_KEY", "path_glob"]

