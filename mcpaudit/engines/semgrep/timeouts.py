"""Semgrep's per-rule time limit, which a loaded machine reaches: files it cut short run again.

Every semgrep run carries ``--timeout`` (:data:`.runner.DEFAULT_PER_FILE_TIMEOUT`, 10 s for one
rule on one file) and ``--timeout-threshold`` (after that many rules timed out on a file, semgrep
gives up on the file). Semgrep measures that limit on the clock, not in CPU time, so it depends on
the machine's load as much as on the file: on two cores shared by eight busy scans, a rule that
needs 0.3 s of CPU on a 3,000-line module took 6.7 s (``tls-verify-disabled`` on
mcp-memory-service's ``sqlite_vec.py``) and others reached 10 s. Semgrep then reports a
``Timeout`` error for the file and rule and leaves that rule's results out (all of the file's
results past the threshold); before this module the report listed it as a non-fatal warning and
a skipped file, the exit code was that of a complete scan, and a ledger run read fewer findings
than an idle run of the same code, without a visible reason.

Now a file semgrep timed out on is not reported from that run: :func:`split` takes its
``Timeout`` errors out of the document (the findings the run did report are kept), and the
runner runs every such file again, together, after the other chunks, with a limit scaled to the
machine (:func:`retry_limit`: :data:`RETRY_FACTOR` times the first, 60 s per rule instead of 10,
times the load per core, capped so that every file run again fits in what is left of the engine's
own time bound). The retry reaching that bound is not the engine's failure: the files it did not
finish are cut short (below) and every other file's first-pass findings stay. On a quiet machine nothing times out
and nothing runs again. (A fixed 60 s was not enough: at load 42-52 on two cores,
``tls-verify-disabled`` on hexstrike-ai's 17k-line ``hexstrike_server.py`` timed out at 60 s too.) A file that times out in that run too is cut short for good: :func:`cut_short` gives
one skipped-file entry and one **fatal** engine error per file, naming the rules and both limits,
so that the scan's exit code is 2 (an engine error: the results are incomplete, as with
``--scan-timeout``), the result cache does not keep the result
(:func:`mcpaudit.resultcache.reusable`) and the per-file cache keeps none of this run's files
(:func:`mcpaudit.pipeline._run_cached` stores only a run without a fatal error). The engine's
statistics (``stats.engines.semgrep.timeouts``) say how many files ran again and how many stayed
cut short.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any, Dict, Iterable, List, Tuple

from ...models import EngineError, SkippedFile
from .._subprocess import RootMapper
from .packs import NAME

#: The retry's per-rule limit is this many times the first run's, times the machine's load per core.
RETRY_FACTOR = 6.0

#: semgrep's ``--timeout-threshold``: after this many rules timed out on a file it gives up on the file.
THRESHOLD = 3


def retry_limit(first: float, remaining: float, files: int = 1) -> float:
    """The per-rule limit of the retry: ``first`` x :data:`RETRY_FACTOR` x the load per core (the
    1-minute load average over the cores, at least 1: how many runnable processes share each core,
    so how much longer the same CPU work takes on the clock), in whole seconds (at least 1:
    semgrep reads ``--timeout=0`` as no limit). It is never less than ``first`` x
    :data:`RETRY_FACTOR`, and never more than fits the ``remaining`` seconds of the engine's own
    time bound (``engine-timeout``) with ``files`` files run again one after another, each of
    which semgrep gives up on after :data:`THRESHOLD` timed-out rules: ``remaining / (THRESHOLD x
    files + 1)`` (the cap wins over the floor)."""
    base = first * RETRY_FACTOR
    cap = remaining / (THRESHOLD * max(1, files) + 1)
    return float(max(1, math.ceil(min(max(base, base * max(1.0, load_per_core())), cap))))


def load_per_core() -> float:
    """The 1-minute load average per core the process may use (1.0 where the platform has none)."""
    try:
        return os.getloadavg()[0] / _cores()
    except (OSError, AttributeError):
        return 1.0


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform says; on CI a
    container often has fewer than the host's ``os.cpu_count()``)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def split(doc: Dict[str, Any]) -> Dict[str, List[str]]:
    """Take semgrep's per-rule ``Timeout`` errors that name a file out of ``doc`` (in place) and
    return the rules that timed out, by the path semgrep reported. Everything else in ``doc``
    (its results among them) stays."""
    late: Dict[str, List[str]] = {}
    kept = []
    for err in doc.get("errors") or []:
        path = err.get("path") if isinstance(err, dict) else None
        if path and _kind(err) == "Timeout":
            rules = late.setdefault(str(path), [])
            rule = str(err.get("rule_id") or "")
            if rule and rule not in rules:
                rules.append(rule)
            continue
        kept.append(err)
    if late:
        doc["errors"] = kept
    return late


def merge(into: Dict[str, List[str]], more: Dict[str, List[str]]) -> None:
    """Add the timed-out rules of ``more`` to ``into`` (by path, each rule once)."""
    for path, rules in more.items():
        have = into.setdefault(path, [])
        have.extend(r for r in rules if r not in have)


class RanOut(Exception):
    """The retry ran out of the engine's time bound (the first pass's results stay)."""


def error_keys(doc: Dict[str, Any]) -> set:
    """What identifies each error (and skipped rule) semgrep reported in ``doc``."""
    keys = {("error", str(e.get("path") or ""), str(e.get("message") or ""), _kind(e))
            for e in doc.get("errors") or [] if isinstance(e, dict)}
    keys |= {("rule", json.dumps(r, sort_keys=True, default=str)) for r in doc.get("skipped_rules") or []}
    return keys


def drop_known(doc: Dict[str, Any], known: set) -> None:
    """Take out of the retry's ``doc`` the errors and skipped rules the first pass reported
    already (a file's syntax errors, say), which would be reported twice."""
    doc["errors"] = [e for e in doc.get("errors") or []
                     if not (isinstance(e, dict) and error_keys({"errors": [e]}) <= known)]
    doc["skipped_rules"] = [r for r in doc.get("skipped_rules") or []
                            if not error_keys({"skipped_rules": [r]}) <= known]


def cut_short(late: Dict[str, List[str]], first: float, retry: float, mapper: RootMapper,
              ran_out: Iterable[str] = (), bound: float = 0.0) -> Tuple[List[SkippedFile], List[EngineError]]:
    """The skipped-file entries and fatal errors of the files semgrep's limit cut short in the
    retry too (``late``: the timed-out rules by path; ``first`` and ``retry``: the two per-rule
    limits in seconds), or that the retry did not finish within the engine's time bound
    (``ran_out``, ``bound`` seconds)."""
    skipped: List[SkippedFile] = []
    errors: List[EngineError] = []
    ran_out = set(ran_out)
    for path in sorted(late):
        rel = mapper.display(path)
        rules = ", ".join(late[path]) or "some rules"
        if path in ran_out:
            again = (f"its re-run at {retry:g}s per rule did not finish within the engine's time bound "
                     f"({bound:g} s)")
        else:
            again = f"again at {retry:g}s when re-run with the other files cut short"
        why = (f"semgrep's per-rule time limit (measured by semgrep on the clock) cut {rules} short, "
               f"at {first:g}s with the other files and {again}; the file's semgrep results are incomplete")
        skipped.append(SkippedFile(rel, f"semgrep: Timeout: {why}"))
        errors.append(EngineError(NAME, f"Timeout: {why}", path=rel, fatal=True))
    return skipped, errors


def _kind(err: Dict[str, Any]) -> str:
    kind = err.get("type")
    return str(kind[0] if isinstance(kind, list) and kind else kind or "")


__all__ = ["RETRY_FACTOR", "THRESHOLD", "RanOut", "cut_short", "drop_known", "error_keys", "load_per_core", "merge",
           "retry_limit", "split"]
