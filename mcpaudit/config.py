"""Scan settings: defaults, ``[tool.mcpaudit]`` in pyproject.toml or ``mcpaudit.toml``, CLI.

Precedence is CLI over config file over defaults.

Discovery: starting at the first scanned path (its directory, for a file), each directory upward
is checked for ``mcpaudit.toml`` (top-level keys) and then ``pyproject.toml`` (used only when it
has a ``[tool.mcpaudit]`` table). The walk stops at the first directory that contains ``.git``
(the repository root, which is still checked) or at the filesystem root. ``--config FILE`` skips
discovery.

Trust: a *discovered* config file belongs to the repository being scanned, which may be hostile
(a pull request can edit it). Such a file may only narrow its own scan:

* there is no key that names a program, a plugin or an engine binary, and unknown keys are an
  error, so it cannot point an engine at an executable;
* ``exclude`` patterns may only remove files, never name anything outside the root (no ``..``
  segments, no absolute or drive paths);
* ``baseline`` and ``cache-dir`` must resolve (symlinks followed) inside the repository root;
* everything it turns off (``ignore``, ``select``, ``engines``, severity downgrades, a raised
  ``min-confidence``, ``exclude``, a relaxed gate) is listed in ``Config.disabled_by_config`` so
  every report can show it.

A file named with ``--config`` was chosen by whoever runs the scan and is trusted with paths
outside the root; its narrowing is still listed.
"""

from __future__ import annotations

import dataclasses
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from .engines import ENGINES
from .models import Confidence, Severity

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Every registered engine, in registry order (see :data:`mcpaudit.engines.ENGINES`).
DEFAULT_ENGINES: Tuple[str, ...] = tuple(ENGINES)

CONFIG_FILENAMES: Tuple[str, ...] = ("mcpaudit.toml", "pyproject.toml")


class ConfigError(Exception):
    """A bad config file or value; the CLI exits 2 and names the key and the file."""


@dataclass
class Config:
    """Every scan setting, after defaults, the config file and the command line."""

    engines: Tuple[str, ...] = DEFAULT_ENGINES
    select: List[str] = field(default_factory=list)  # rule ids or tags; empty = all
    ignore: List[str] = field(default_factory=list)  # rule ids or tags
    severity_overrides: Dict[str, Severity] = field(default_factory=dict)
    exclude: List[str] = field(default_factory=list)  # gitignore-style patterns
    fail_on: Optional[Severity] = Severity.HIGH  # None = never fail on findings
    min_score: Optional[float] = None
    min_confidence: Confidence = Confidence.MEDIUM
    checklists: Optional[List[str]] = None  # None = every document
    baseline: Optional[Path] = None
    no_ignores: bool = False
    include_tests: bool = False  # also report findings in test, example and docs code
    diff_base: Optional[str] = None
    max_file_bytes: int = 10 * 1024 * 1024
    parse_timeout: float = 20.0  # CPU seconds per file for the cst and ts engines (engines/cpulimit.py)
    engine_timeout: float = 900.0  # seconds for a whole semgrep / bandit run
    scan_timeout: Optional[float] = None
    jobs: int = 0  # worker processes for the cst engine; 0 = one per core
    cache: bool = True
    cache_dir: Optional[Path] = None
    #: the cst engine reads every file with ast first and analyses only the modules that can
    #: change the result (same findings); False analyses every file (mcpaudit.firstpass)
    first_pass: bool = True
    source: Optional[Path] = None  # the config file these settings came from
    # What the config FILE turned off or relaxed, one human-readable line each
    # ("ignore: tool-shell-injection", "engines: bandit disabled", ...). Reports must show it:
    # a repository's own config can hide findings, and a reviewer has to see that it did.
    disabled_by_config: List[str] = field(default_factory=list)
    # The directory the config file's relative paths were resolved against and, for a discovered
    # file, the boundary its paths had to stay in (the repository root, else the file's folder).
    config_root: Optional[Path] = None


# --------------------------------------------------------------------------------------------
# discovery


def find_config_file(start: Path) -> Optional[Path]:
    """The config file that applies to ``start`` (a file or a directory), or None."""
    found, _ = _discover(start)
    return found


def _discover(start: Path) -> Tuple[Optional[Path], Optional[Path]]:
    """(config file, repository root or None) for the first scanned path."""
    here = Path(start).expanduser()
    try:
        here = here.resolve()
    except OSError:  # pragma: no cover - unusual filesystems
        here = here.absolute()
    if not here.is_dir():
        here = here.parent
    found: Optional[Path] = None
    repo_root: Optional[Path] = None
    for directory in (here, *here.parents):
        if found is None:
            for name in CONFIG_FILENAMES:
                candidate = directory / name
                if not candidate.is_file():
                    continue
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                found = candidate
                break
        if (directory / ".git").exists():
            repo_root = directory
            break
    return found, repo_root


def _has_tool_table(pyproject: Path) -> bool:
    data = _read_toml(pyproject)
    tool = data.get("tool")
    return isinstance(tool, dict) and "mcpaudit" in tool


def _read_toml(path: Path) -> Dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: config file is not UTF-8: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


# --------------------------------------------------------------------------------------------
# loading


def load_config(scan_paths: Sequence[Path], explicit: Optional[Path] = None) -> Config:
    """Defaults overlaid with the config file that applies to ``scan_paths``.

    ``explicit`` (``--config``) names the file to use and skips discovery; it may be a
    ``pyproject.toml`` (the ``[tool.mcpaudit]`` table is read; a missing table is an error) or
    any other TOML file (top-level keys). Raises :class:`ConfigError` naming the key and the
    file for anything it cannot accept.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        path = path.resolve()
        table = _table_of(path, required=True)
        return _build(table, path, root=path.parent, trusted=True)

    start = Path(scan_paths[0]) if scan_paths else Path.cwd()
    path, repo_root = _discover(start)
    if path is None:
        return Config()
    table = _table_of(path, required=False)
    root = repo_root if repo_root is not None and _is_within(path, repo_root) else path.parent
    return _build(table, path, root=root, trusted=False)


def _table_of(path: Path, required: bool) -> Dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("mcpaudit") if isinstance(tool, dict) else None
        if table is None:
            if required:
                raise ConfigError(f"{path}: no [tool.mcpaudit] table")
            return {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.mcpaudit] must be a table")
        return table
    return data


# key in TOML -> Config field
_KEYS: Dict[str, str] = {
    "select": "select",
    "ignore": "ignore",
    "severity": "severity_overrides",
    "exclude": "exclude",
    "fail-on": "fail_on",
    "min-score": "min_score",
    "min-confidence": "min_confidence",
    "checklists": "checklists",
    "baseline": "baseline",
    "engines": "engines",
    "max-file-bytes": "max_file_bytes",
    "include-tests": "include_tests",
    "parse-timeout": "parse_timeout",
    "engine-timeout": "engine_timeout",
    "scan-timeout": "scan_timeout",
    "jobs": "jobs",
    "cache": "cache",
    "cache-dir": "cache_dir",
    "first-pass": "first_pass",
}

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")
_NEVER = {"none", "never", "off"}


class _Bad(ValueError):
    """A value error inside one key; turned into a ConfigError naming key and file."""


def _build(table: Dict[str, Any], path: Path, root: Path, trusted: bool) -> Config:
    cfg = Config(source=path, config_root=root)
    base = path.parent
    for key in sorted(table):
        value = table[key]
        if key not in _KEYS:
            hint = _suggest(key)
            raise ConfigError(
                f"{path}: unknown key {key!r}" + (f" (did you mean {hint!r}?)" if hint else "")
                + "; allowed keys: " + ", ".join(sorted(_KEYS))
            )
        try:
            parsed = _PARSERS[key](value)
            if key in ("baseline", "cache-dir"):
                parsed = _resolve_path(parsed, base, root, trusted)
        except _Bad as exc:
            raise ConfigError(f"{path}: key {key!r}: {exc}") from None
        setattr(cfg, _KEYS[key], parsed)
    if "exclude" in table and not trusted:
        for pattern in cfg.exclude:
            try:
                _check_pattern_inside(pattern)
            except _Bad as exc:
                raise ConfigError(f"{path}: key 'exclude': {exc}") from None
    cfg.disabled_by_config = _narrowing(table, cfg)
    return cfg


def _suggest(key: str) -> Optional[str]:
    import difflib

    candidates = list(_KEYS) + [k.replace("-", "_") for k in _KEYS]
    match = difflib.get_close_matches(key, candidates, n=1)
    if not match:
        return None
    return match[0].replace("_", "-")


# -- value parsers (TOML values and CLI strings alike) -----------------------------------------


def _str_list(value: Any, what: str = "rule ids or tags") -> List[str]:
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.split(",")) if v]
    if not isinstance(value, (list, tuple)):
        raise _Bad(f"expected a list of {what}, got {type(value).__name__}")
    out: List[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _Bad(f"expected a list of {what}, got item {item!r}")
        out.append(item.strip())
    return out


def _id_list(value: Any) -> List[str]:
    out = _str_list(value)
    for item in out:
        if not _ID_RE.match(item):
            raise _Bad(f"{item!r} is not a rule id or tag")
    return list(dict.fromkeys(out))


def _level(value: Any, cls: Any, expected: str) -> Any:
    """``value`` as a :class:`Severity` or :class:`Confidence` (``cls``): one already, or its
    name; ``expected`` words the error for anything that is not a string."""
    if isinstance(value, cls):
        return value
    if not isinstance(value, str):
        raise _Bad(f"expected {expected}, got {value!r}")
    try:
        return cls.parse(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _severity(value: Any) -> Severity:
    return _level(value, Severity, "a severity string")


def _fail_on(value: Any) -> Optional[Severity]:
    if isinstance(value, str) and value.strip().lower() in _NEVER:
        return None
    if value is False:
        return None
    try:
        return _severity(value)
    except _Bad:
        raise _Bad(
            f"expected one of info, low, medium, high, critical or none, got {value!r}"
        ) from None


def _confidence(value: Any) -> Confidence:
    return _level(value, Confidence, "low, medium or high")


def _number(value: Any, what: str, minimum: float, maximum: Optional[float] = None,
            allow_zero: bool = True) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _Bad(f"expected {what}, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise _Bad(f"expected {what}, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum) or (
        not allow_zero and value == 0
    ) or math.isinf(value):
        raise _Bad(f"expected {what}, got {value!r}")
    return float(value)


def _min_score(value: Any) -> float:
    return _number(value, "a score between 0 and 100", 0, 100)


def _timeout(value: Any) -> float:
    return _number(value, "a positive number of seconds", 0, allow_zero=False)


def _optional_timeout(value: Any) -> Optional[float]:
    if isinstance(value, str) and value.strip().lower() in _NEVER:
        return None
    return _timeout(value)


def _int(value: Any, what: str, minimum: int) -> int:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Bad(f"expected {what}, got {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false, got {value!r}")
    return value


def _engines(value: Any) -> Tuple[str, ...]:
    names = _str_list(value, "engine names")
    if not names:
        raise _Bad("at least one engine is required (" + ", ".join(DEFAULT_ENGINES) + ")")
    for name in names:
        if name not in DEFAULT_ENGINES:
            raise _Bad(
                f"unknown engine {name!r} (expected names from: {', '.join(DEFAULT_ENGINES)}; "
                "engines are named, never given as paths)"
            )
    # keep the canonical order so the choice, not the spelling, decides behaviour
    chosen = set(names)
    return tuple(e for e in DEFAULT_ENGINES if e in chosen)


def _severity_table(value: Any) -> Dict[str, Severity]:
    if not isinstance(value, dict):
        raise _Bad("expected a table of rule-id = \"severity\"")
    out: Dict[str, Severity] = {}
    for rule_id in sorted(value):
        if not _ID_RE.match(rule_id):
            raise _Bad(f"{rule_id!r} is not a rule id")
        try:
            out[rule_id] = _severity(value[rule_id])
        except _Bad as exc:
            raise _Bad(f"{rule_id}: {exc}") from None
    return out


def _checklists(value: Any) -> Optional[List[str]]:
    if isinstance(value, str) and value.strip().lower() in ("all", "*"):
        return None
    return _id_list(value)


def _exclude(value: Any) -> List[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise _Bad("expected a list of gitignore-style patterns")
    for pattern in value:
        if "\n" in pattern or "\r" in pattern or "\0" in pattern:
            raise _Bad(f"pattern {pattern!r} contains a line break or NUL")
    return list(value)


def _path_value(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise _Bad(f"expected a path string, got {value!r}")
    return Path(value)


_PARSERS: Dict[str, Callable[[Any], Any]] = {
    "select": _id_list,
    "ignore": _id_list,
    "severity": _severity_table,
    "exclude": _exclude,
    "fail-on": _fail_on,
    "min-score": _min_score,
    "min-confidence": _confidence,
    "checklists": _checklists,
    "baseline": _path_value,
    "engines": _engines,
    "max-file-bytes": lambda v: _int(v, "a positive number of bytes", 1),
    "parse-timeout": _timeout,
    "engine-timeout": _timeout,
    "scan-timeout": _optional_timeout,
    "jobs": lambda v: _int(v, "a number of worker processes (0 = one per core)", 0),
    "cache": _bool,
    "cache-dir": _path_value,
    "first-pass": _bool,
}


# -- containment ------------------------------------------------------------------------------


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _resolve_path(value: Path, base: Path, root: Path, trusted: bool) -> Path:
    target = value.expanduser() if trusted else value
    if not target.is_absolute():
        target = base / target
    resolved = target.resolve()  # follows symlinks in the existing part of the path
    if not trusted and not _is_within(resolved, root.resolve()):
        raise _Bad(
            f"{str(value)!r} resolves to {resolved}, outside the repository root {root}; "
            "a repository's own config may only name paths inside it "
            "(pass the path on the command line, or use --config, to go outside)"
        )
    return resolved


def _check_pattern_inside(pattern: str) -> None:
    body = pattern[1:] if pattern.startswith("!") else pattern
    if body.startswith("\\"):
        body = body[1:]
    if re.match(r"^[A-Za-z]:[\\/]", body) or body.startswith("//") or body.startswith("~"):
        raise _Bad(f"pattern {pattern!r} names a path outside the repository")
    parts = [p for p in body.replace("\\", "/").split("/")]
    if ".." in parts:
        raise _Bad(
            f"pattern {pattern!r} contains '..'; exclude patterns are relative to the root "
            "and may not reach outside it"
        )


# -- what a config file turned off -----------------------------------------------------------


def _narrowing(table: Dict[str, Any], cfg: Config) -> List[str]:
    defaults = Config()
    out: List[str] = []
    if "select" in table and cfg.select:
        out.append("select: only " + ", ".join(cfg.select) + " (every other rule is off)")
    for item in cfg.ignore if "ignore" in table else []:
        out.append(f"ignore: {item}")
    if "engines" in table:
        for engine in DEFAULT_ENGINES:
            if engine not in cfg.engines:
                out.append(f"engines: {engine} disabled")
    if "severity" in table:
        for rule_id, sev in cfg.severity_overrides.items():
            out.append(f"severity: {rule_id} set to {sev.label}")
    if "exclude" in table:
        for pattern in cfg.exclude:
            out.append(f"exclude: {pattern}")
    if "min-confidence" in table and cfg.min_confidence > defaults.min_confidence:
        out.append(f"min-confidence: raised to {cfg.min_confidence.label}")
    if "fail-on" in table:
        if cfg.fail_on is None:
            out.append("fail-on: none (findings never fail the gate)")
        elif defaults.fail_on is not None and cfg.fail_on > defaults.fail_on:
            out.append(f"fail-on: raised to {cfg.fail_on.label}")
    if "checklists" in table and cfg.checklists is not None:
        out.append("checklists: only " + ", ".join(cfg.checklists))
    if "baseline" in table and cfg.baseline is not None:
        out.append(f"baseline: {cfg.baseline}")
    if "max-file-bytes" in table and cfg.max_file_bytes < defaults.max_file_bytes:
        out.append(f"max-file-bytes: lowered to {cfg.max_file_bytes}")
    return out


_DISABLED_PREFIX: Dict[str, Tuple[str, ...]] = {
    "select": ("select:",),
    "ignore": ("ignore:",),
    "engines": ("engines:",),
    "severity_overrides": ("severity:",),
    "exclude": ("exclude:",),
    "min_confidence": ("min-confidence:",),
    "fail_on": ("fail-on:",),
    "checklists": ("checklists:",),
    "baseline": ("baseline:",),
    "max_file_bytes": ("max-file-bytes:",),
}


# --------------------------------------------------------------------------------------------
# CLI precedence

_CLI_PARSERS: Dict[str, Callable[[Any], Any]] = {
    "select": _id_list,
    "ignore": _id_list,
    "severity_overrides": _severity_table,
    "exclude": _exclude,
    "fail_on": _fail_on,
    "min_score": _min_score,
    "min_confidence": _confidence,
    "checklists": _checklists,
    "baseline": _path_value,
    "no_ignores": _bool,
    "include_tests": _bool,
    "diff_base": lambda v: _diff_base(v),
    "engines": _engines,
    "max_file_bytes": lambda v: _int(v, "a positive number of bytes", 1),
    "parse_timeout": _timeout,
    "engine_timeout": _timeout,
    "scan_timeout": _optional_timeout,
    "jobs": lambda v: _int(v, "a number of worker processes (0 = one per core)", 0),
    "cache": _bool,
    "cache_dir": _path_value,
    "first_pass": _bool,
}


def _diff_base(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"expected a git revision, got {value!r}")
    if value.startswith("-"):
        raise _Bad(f"{value!r} is not a git revision")
    return value.strip()


def apply_cli(config: Config, **overrides: Any) -> Config:
    """A copy of ``config`` with every CLI override that was given (not None) applied.

    Keys are :class:`Config` field names (``fail_on``, ``min_score``, ``baseline`` ...). Values may
    be parsed objects or the strings click hands over (``fail_on="none"`` turns the findings gate
    off; ``select="a,b"`` splits on commas). List options replace the file's list rather than
    extend it. Paths from the command line are trusted and resolved against the current
    directory. Entries of ``disabled_by_config`` for settings the CLI replaced are dropped, since
    the file no longer decides them. Raises :class:`ConfigError` for a bad value.
    """
    changes: Dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in _CLI_PARSERS:
            raise TypeError(f"apply_cli: unknown setting {name!r}")
        if value is None:
            continue
        try:
            parsed = _CLI_PARSERS[name](value)
        except _Bad as exc:
            option = "--" + name.replace("_", "-")
            raise ConfigError(f"command line {option}: {exc}") from None
        if name in ("baseline", "cache_dir"):
            parsed = Path(parsed).expanduser().resolve()
        changes[name] = parsed
    if not changes:
        return dataclasses.replace(config)
    dropped = tuple(p for name in changes for p in _DISABLED_PREFIX.get(name, ()))
    kept = [d for d in config.disabled_by_config if not d.startswith(dropped)] if dropped else list(
        config.disabled_by_config
    )
    return dataclasses.replace(config, disabled_by_config=kept, **changes)


# --------------------------------------------------------------------------------------------
# rule selection (ids or tags)


def rule_selected(config: Config, rule_id: str, tags: Iterable[str] = (), cwe: Iterable[str] = ()) -> bool:
    """Whether ``select`` / ``ignore`` leave this rule on. A selector matches the rule id, any of
    its tags, or one of its CWEs in either case (``cwe-78`` and ``CWE-78`` match ``CWE-78``, and
    the tag ``external/cwe/cwe-78``)."""
    names = {rule_id, *tags}
    cwes = [t.rsplit("/", 1)[-1] for t in tags if t.startswith("external/cwe/")] + list(cwe)
    names |= {c.lower() for c in cwes} | {c.upper() for c in cwes}
    if config.select and not names.intersection(config.select):
        return False
    return not names.intersection(config.ignore)


# --------------------------------------------------------------------------------------------
# gitignore-style exclude patterns


@dataclass(frozen=True)
class _Pattern:
    regex: "re.Pattern[str]"
    negate: bool
    dir_only: bool


def _translate(pattern: str) -> Optional[_Pattern]:
    """One gitignore line to a compiled pattern (None for blanks and comments)."""
    line = pattern.rstrip("\n\r")
    # trailing spaces are ignored unless escaped
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(line) > len(stripped):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negate = False
    if line.startswith("!"):
        negate = True
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    if line.startswith("./"):
        line = line[2:]
    segs = line.split("/")
    out: List[str] = []
    n = len(segs)
    for i, seg in enumerate(segs):
        last = i == n - 1
        if seg == "**":
            if n == 1:
                out.append(".*")
            elif i == 0:
                out.append("(?:.*/)?")
            elif last:
                out.append("/.*")
            else:
                out.append("/(?:.*/)?")
            continue
        if i > 0 and segs[i - 1] != "**":
            out.append("/")
        out.append(_glob_segment(seg))
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return _Pattern(re.compile("^" + prefix + body + "$", re.DOTALL), negate, dir_only)


def _glob_segment(seg: str) -> str:
    out: List[str] = []
    i, n = 0, len(seg)
    while i < n:
        c = seg[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(seg[i + 1]))
            i += 2
            continue
        if c == "*":
            while i < n and seg[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and seg[j] in "!^":
                j += 1
            if j < n and seg[j] == "]":
                j += 1
            while j < n and seg[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
            else:
                inner = seg[i + 1 : j]
                neg = inner[:1] in ("!", "^")
                if neg:
                    inner = inner[1:]
                inner = inner.replace("\\", "\\\\")
                out.append("[" + ("^/" if neg else "") + inner + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def exclude_matcher(patterns: Iterable[str]) -> Callable[..., bool]:
    """A predicate ``excluded(path, is_dir=False) -> bool`` for root-relative POSIX paths.

    gitignore semantics: the last matching pattern wins; ``!`` re-includes; ``dir/`` matches only
    directories (and so everything under them); a pattern with a ``/`` before its end is anchored
    at the root (a leading ``/`` only anchors); ``*`` and ``?`` stay within one segment; ``**``
    spans segments; a file under an excluded directory stays excluded even if a later ``!``
    pattern names the file (as in git). A path given with a trailing ``/`` is a directory.
    """
    compiled = [p for p in (_translate(s) for s in patterns) if p is not None]

    def decide(rel: str, is_dir: bool) -> Optional[bool]:
        verdict: Optional[bool] = None
        for pat in compiled:
            if pat.dir_only and not is_dir:
                continue
            if pat.regex.match(rel):
                verdict = not pat.negate
        return verdict

    def excluded(path: str, is_dir: bool = False) -> bool:
        if not compiled:
            return False
        rel = str(path).replace("\\", "/")
        if rel.endswith("/"):
            is_dir = True
        parts = [p for p in PurePosixPath(rel.strip("/")).parts if p not in ("", ".")]
        if not parts:
            return False
        for k in range(1, len(parts)):
            if decide("/".join(parts[:k]), True):
                return True
        return bool(decide("/".join(parts), is_dir))

    return excluded
