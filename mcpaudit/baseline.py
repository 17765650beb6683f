"""Baseline files: accept today's findings, fail only on new ones.

File format (JSON, stable order so it diffs well in review)::

    {
      "format": "mcpaudit-baseline",
      "version": 1,
      "generated_by": {"tool": "mcpaudit", "version": "0.1.0"},
      "findings": [
        {"context": "run_command", "fingerprint": "…", "line": 12, "match_key": "…",
         "message": "…", "path": "server.py", "rule_id": "tool-shell-injection"},
        …
      ]
    }

``line`` and ``message`` are for humans reading the file; matching never uses the line.

Matching is count-aware. Each baseline entry absorbs at most ONE finding: first by fingerprint
(which already carries an occurrence index), then, for what is left, by the multiset of
(rule id, path, context, normalised line text) keys, so a fingerprint change between versions
does not turn old findings into new ones, and a second identical copy of an accepted line is
reported as new. (bandit's baseline matches by set membership, so one entry hides any number of
copies: bandit issue 1467.) Entries that absorb nothing are returned as *fixed*.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from .config import ConfigError
from .fingerprint import match_key
from .models import Finding, Suppression
from .signedfile import atomic_write

BASELINE_FORMAT = "mcpaudit-baseline"
BASELINE_VERSION = 1

_ENTRY_KEYS = ("fingerprint", "match_key", "rule_id", "path", "context", "message", "line")


def _entry(f: Finding) -> Dict[str, Any]:
    return {
        "fingerprint": f.fingerprint,
        "match_key": match_key(f),
        "rule_id": f.rule_id,
        "path": f.location.path,
        "context": f.context,
        "message": f.message,
        "line": f.location.line,
    }


def _entry_sort(e: Dict[str, Any]):
    return (e["path"], e["rule_id"], e["context"] or "", e["line"], e["fingerprint"],
            e["match_key"], e["message"])


def write_baseline(findings: Sequence[Finding], path: Path, tool_version: str) -> None:
    """Write every finding in ``findings`` as an accepted entry (atomically, sorted)."""
    entries = sorted((_entry(f) for f in findings), key=_entry_sort)
    doc = {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "generated_by": {"tool": "mcpaudit", "version": tool_version},
        "findings": entries,
    }
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path = Path(path)
    try:
        atomic_write(path, text.encode("utf-8"), prefix=".mcpaudit-baseline-", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline {path}: {exc.strerror or exc}") from None


def load_baseline(path: Path) -> List[Dict[str, Any]]:
    """The entries of a baseline file; :class:`ConfigError` for anything unreadable."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"baseline file {path} not found (create it with 'mcpaudit baseline write')"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc}") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != BASELINE_FORMAT:
        raise ConfigError(
            f"baseline {path} is not an mcpaudit baseline (expected \"format\": "
            f"\"{BASELINE_FORMAT}\"); a bandit or other tool's baseline cannot be used"
        )
    version = doc.get("version")
    if version != BASELINE_VERSION:
        raise ConfigError(
            f"baseline {path} has version {version!r}; this mcpaudit reads version "
            f"{BASELINE_VERSION} (regenerate it with 'mcpaudit baseline write')"
        )
    entries = doc.get("findings")
    if not isinstance(entries, list):
        raise ConfigError(f"baseline {path}: \"findings\" must be a list")
    out: List[Dict[str, Any]] = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            raise ConfigError(f"baseline {path}: findings[{i}] is not an object")
        for key in ("rule_id", "path"):
            if not isinstance(e.get(key), str) or not e.get(key):
                raise ConfigError(f"baseline {path}: findings[{i}] has no {key!r}")
        for key in ("fingerprint", "match_key"):
            if not isinstance(e.get(key, ""), str):
                raise ConfigError(f"baseline {path}: findings[{i}].{key} must be a string")
        if not (e.get("fingerprint") or e.get("match_key")):
            raise ConfigError(
                f"baseline {path}: findings[{i}] has neither 'fingerprint' nor 'match_key'"
            )
        out.append(e)
    return out


def _display(path: Path) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def apply_baseline(
    findings: Sequence[Finding], path: Path
) -> Tuple[List[Finding], List[Finding], List[Dict[str, Any]]]:
    """(new, baselined, fixed). Baselined findings get a ``baseline`` suppression."""
    entries = load_baseline(path)
    used = [False] * len(entries)

    by_fp: Dict[Tuple[str, str, str], List[int]] = defaultdict(list)
    by_key: Dict[Tuple[str, str, str], List[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if e.get("fingerprint"):
            by_fp[(e["rule_id"], e["path"], e["fingerprint"])].append(i)
        if e.get("match_key"):
            by_key[(e["rule_id"], e["path"], e["match_key"])].append(i)

    ordered = sorted(range(len(findings)), key=lambda i: findings[i].sort_key())
    matched: Dict[int, int] = {}

    def take(pool: List[int]) -> int:
        while pool:
            i = pool.pop(0)
            if not used[i]:
                used[i] = True
                return i
        return -1

    # pass 1: exact fingerprints
    for fi in ordered:
        f = findings[fi]
        if f.fingerprint:
            ei = take(by_fp.get((f.rule_id, f.location.path, f.fingerprint), []))
            if ei >= 0:
                matched[fi] = ei
    # pass 2: the multiset of (rule, path, context, line text) keys for whatever is left
    for fi in ordered:
        if fi in matched:
            continue
        f = findings[fi]
        ei = take(by_key.get((f.rule_id, f.location.path, match_key(f)), []))
        if ei >= 0:
            matched[fi] = ei

    justification = f"in baseline {_display(path)}"
    new: List[Finding] = []
    baselined: List[Finding] = []
    for fi, f in enumerate(findings):
        if fi in matched:
            f.suppression = Suppression(kind="baseline", justification=justification)
            baselined.append(f)
        else:
            new.append(f)
    fixed = [
        {k: entries[i].get(k) for k in _ENTRY_KEYS if k in entries[i]}
        for i in range(len(entries))
        if not used[i]
    ]
    fixed.sort(key=lambda e: (e.get("path", ""), e.get("rule_id", ""), e.get("context") or "",
                              e.get("line") or 0, e.get("fingerprint") or ""))
    return new, baselined, fixed
