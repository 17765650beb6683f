"""``--diff BASE``: report only findings on lines changed since a git revision.

``changed_lines`` runs ``git diff --unified=0 <base> -- .`` in the scan root (the working tree
against ``base``, so staged, unstaged and committed changes all count) and returns the new-side
line numbers of added or modified lines, keyed by root-relative POSIX path; untracked files that
git does not ignore count as entirely new. ``BASE...`` (three trailing dots) diffs against the
merge base of ``BASE`` and ``HEAD`` instead, which is what a pull-request gate usually wants.

Renames are detected (``-M``) so moving a file does not make all its findings new. A change that
only deletes lines has no new-side line; a finding it creates on an untouched line (a removed
sanitizer) is not in the diff: run the full scan for such reviews.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

from .config import ConfigError
from .models import Finding

GIT_TIMEOUT = 120.0

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13,
            b'"': 34, b"\\": 92}


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    cmd = ["git", "-c", "core.quotepath=off", "-c", "diff.noprefix=false",
           "-c", "diff.mnemonicPrefix=false", *args]
    try:
        proc = subprocess.run(cmd, cwd=str(root), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise ConfigError("--diff needs git, and git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"git {args[0]} timed out after {GIT_TIMEOUT:.0f}s in {root}") from None
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise ConfigError(f"git {args[0]} failed in {root}: {err or 'exit ' + str(proc.returncode)}")
    return proc


def _unquote(name: bytes) -> bytes:
    """git's C-style quoting of unusual path names ("a\\tb", octal bytes)."""
    if not (name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2):
        return name
    body = name[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i : i + 1]
        if c == b"\\" and i + 1 < len(body):
            nxt = body[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
                out.append(int(octal, 8))
                i += 4
                continue
        out += c
        i += 1
    return bytes(out)


def _decode(name: bytes) -> str:
    return os.fsdecode(name)


def _parse_diff(out: bytes) -> Dict[str, Set[int]]:
    changed: Dict[str, Set[int]] = {}
    current: Optional[str] = None
    for raw in out.split(b"\n"):
        if raw.startswith(b"diff --git "):
            current = None
        elif raw.startswith(b"+++ "):
            name = raw[4:]
            if name.endswith(b"\t"):  # git appends a tab to names containing a space
                name = name[:-1]
            if name == b"/dev/null":
                current = None
                continue
            name = _unquote(name)
            if name.startswith(b"b/"):
                name = name[2:]
            current = _decode(name)
            changed.setdefault(current, set())
        elif current is not None and raw.startswith(b"@@"):
            m = _HUNK.match(raw)
            if not m:
                continue
            start = int(m.group(1))
            count = 1 if m.group(2) is None else int(m.group(2))
            changed[current].update(range(start, start + count))
    return {path: lines for path, lines in changed.items()}


def _count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return n + (0 if last == b"\n" else 1)


def _resolve_base(root: Path, base: str) -> str:
    if not base or base.startswith("-") or "\0" in base:
        raise ConfigError(f"--diff: {base!r} is not a git revision")
    merge_base = base.endswith("...")
    ref = base[:-3] if merge_base else base
    probe = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 ref + "^{commit}", check=False)
    if probe.returncode != 0:
        raise ConfigError(
            f"--diff: unknown git revision {ref!r} in {root} (in CI, fetch enough history, "
            "e.g. actions/checkout with fetch-depth: 0)"
        )
    commit = probe.stdout.decode().strip()
    if merge_base:
        mb = _git(root, "merge-base", commit, "HEAD", check=False)
        if mb.returncode != 0:
            raise ConfigError(f"--diff: {ref!r} and HEAD have no merge base in {root}")
        commit = mb.stdout.decode().strip()
    return commit


def changed_lines(root: Path, base: str) -> Dict[str, Set[int]]:
    """New-side line numbers changed since ``base``, by root-relative POSIX path."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"--diff: {root} is not a directory")
    inside = _git(root, "rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise ConfigError(f"--diff: {root} is not inside a git work tree")
    commit = _resolve_base(root, base)
    diff = _git(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                "-M", "--relative", "--src-prefix=a/", "--dst-prefix=b/", commit, "--", ".")
    changed = _parse_diff(diff.stdout)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    for name in untracked.stdout.split(b"\0"):
        if not name:
            continue
        rel = _decode(name)
        n = _count_lines(root / rel)
        changed[rel] = set(range(1, n + 1))
    return {p: s for p, s in sorted(changed.items()) if s}


def _lines_of(f: Finding) -> Iterable[tuple]:
    loc = f.location
    end = loc.end_line if loc.end_line and loc.end_line >= loc.line else loc.line
    yield loc.path, range(loc.line, end + 1)
    for step in f.flow:
        sl = step.location
        send = sl.end_line if sl.end_line and sl.end_line >= sl.line else sl.line
        yield sl.path, range(sl.line, send + 1)


def filter_to_diff(findings: Iterable[Finding], changed: Dict[str, Set[int]]) -> List[Finding]:
    """Findings whose primary region, or a step of whose taint flow, touches a changed line
    (a new call path into an old sink counts as new)."""
    out: List[Finding] = []
    for f in findings:
        for path, lines in _lines_of(f):
            got = changed.get(path)
            if got and any(n in got for n in lines):
                out.append(f)
                break
    return out
