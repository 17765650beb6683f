"""Shared plumbing for the subprocess engines (semgrep, bandit).

Nothing here knows about a particular tool: finding an executable, splitting a long file list
into argv-sized chunks, running a child with a hard deadline (killing its whole process group
when it overruns), turning scanner-reported paths back into root-relative POSIX paths, and
reading source lines for snippets.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from ..models import SkippedFile

# Bytes of argv we allow for the file part of one command line. Linux allows ~2 MiB for argv plus
# the environment (and 128 KiB for a single argument); Windows allows 32 K characters in total.
_WINDOWS_ARGV_BUDGET = 24_000
_MAX_ARGV_BUDGET = 1_000_000

#: The niceness every external engine's process gets (POSIX): they give way to the scanning
#: process and its worker processes, whose serial parts (the first pass, the link, the posture
#: pass) are the scan's critical path, and take the cores those leave idle (on the generated 100k
#: corpus one core is idle during the link and the posture pass, ~3.6 s of CPU). Scheduling only:
#: what they report is the same. 0 turns it off.
BACKGROUND_NICE = 10


def absolute_path_entries(path: Optional[str] = None) -> str:
    """``PATH`` without empty or relative entries (they resolve against the working directory,
    which may be the repository under audit)."""
    raw = os.environ.get("PATH", os.defpath) if path is None else path
    return os.pathsep.join(e for e in raw.split(os.pathsep) if e and os.path.isabs(e))


def find_executable(name: str, explicit: Optional[str] = None) -> Optional[str]:
    """Locate ``name``: an explicit path wins (returned only if it is an executable file), then
    the directory of the running interpreter (the venv's ``bin/``), then the absolute entries of
    ``PATH`` (never ``.`` or ``bin`` relative to the current directory)."""
    if explicit is not None:
        # A bare name is looked up on PATH (like a shell would), never in the current directory.
        if not (os.sep in explicit or (os.altsep and os.altsep in explicit)):
            return shutil.which(explicit, path=absolute_path_entries())
        p = Path(explicit)
        if p.is_file() and os.access(str(p), os.X_OK):
            return str(p.absolute())
        return None
    bindir = Path(sys.executable).parent
    for candidate in (bindir / name, bindir / f"{name}.exe"):
        if candidate.is_file() and os.access(str(candidate), os.X_OK):
            return str(candidate)
    return shutil.which(name, path=absolute_path_entries())


def argv_budget(env: Optional[Mapping[str, str]] = None) -> int:
    """How many bytes of file arguments one command line may carry on this platform."""
    if os.name == "nt":
        return _WINDOWS_ARGV_BUDGET
    try:
        arg_max = int(os.sysconf("SC_ARG_MAX"))
    except (AttributeError, ValueError, OSError):
        arg_max = 131_072
    env_bytes = sum(len(k) + len(v) + 2 for k, v in (env or os.environ).items())
    # Leave half of ARG_MAX for the fixed part of the command, the environment and slack.
    return max(16_000, min(arg_max // 2 - env_bytes, _MAX_ARGV_BUDGET))


def target_budget(fixed: Sequence[str], env: Optional[Mapping[str, str]] = None) -> int:
    """How many bytes of targets fit on a command line that starts with ``fixed``."""
    return max(8_000, argv_budget(env) - sum(len(os.fsencode(a)) + 9 for a in fixed))


def default_jobs() -> int:
    """Parallel jobs for a subprocess engine: half the cores (the cst engine and the other
    subprocess engine run at the same time), at least one and at most four."""
    return max(1, min(4, (os.cpu_count() or 1) // 2))


def chunk_args(args: Sequence[str], budget: int, max_count: Optional[int] = None) -> Iterator[List[str]]:
    """Split ``args`` into lists whose encoded size (plus a NUL and a pointer each) stays under
    ``budget`` bytes and, optionally, ``max_count`` items. Never yields an empty list."""
    chunk: List[str] = []
    size = 0
    for arg in args:
        cost = len(os.fsencode(arg)) + 1 + 8
        if chunk and (size + cost > budget or (max_count and len(chunk) >= max_count)):
            yield chunk
            chunk, size = [], 0
        chunk.append(arg)
        size += cost
    if chunk:
        yield chunk


class EngineFailure(Exception):
    """Raised inside an adapter to end its run with ``EngineOutput.failed(<engine>, str(exc))``:
    the engine could not run, and nothing it produced is reported."""


@dataclass
class Completed:
    """A finished child process: exit code, decoded output, wall-clock seconds."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


class Timeout(Exception):
    """A child process ran past its deadline and was killed."""

    def __init__(self, seconds: float):
        super().__init__(f"timed out after {seconds:.0f} s")
        self.seconds = seconds


def run_command(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Optional[Mapping[str, str]] = None,
    cwd: Optional[str] = None,
) -> Completed:
    """Run ``argv`` without a shell, capture its output as text, and kill the whole process group
    if it is still running after ``timeout`` seconds (raises :class:`Timeout`). ``OSError`` from
    starting the process (missing, not executable) propagates to the caller."""
    start = time.monotonic()
    return finish_command(start_command(argv, env=env, cwd=cwd), timeout=timeout, start=start)


def start_command(argv: Sequence[str], *, env: Optional[Mapping[str, str]] = None,
                  cwd: Optional[str] = None) -> "subprocess.Popen[bytes]":
    """Start ``argv`` without a shell, in a process group of its own, its output piped (the first
    half of :func:`run_command`; :func:`finish_command` is the second). ``OSError`` from starting
    the process propagates to the caller."""
    kwargs: Dict[str, object] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True  # its own process group, so we can kill children too
    elif os.name == "nt":  # pragma: no cover - exercised on Windows only
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    proc = subprocess.Popen(  # noqa: S603 - argv list, no shell
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        **kwargs,  # type: ignore[arg-type]
    )
    give_way(proc.pid)
    return proc


def give_way(pid: int, nice: Optional[int] = None) -> bool:
    """Lower the priority of the just-started process ``pid`` by ``nice`` (default
    :data:`BACKGROUND_NICE`); what it starts later (threads, processes) inherits it. Set from
    here rather than in the child before ``exec`` (``preexec_fn`` is unsafe with threads, and the
    engines start from threads): the child has run for microseconds, on one thread. False where
    it cannot be set (not POSIX, the process gone); that changes only the scheduling."""
    nice = BACKGROUND_NICE if nice is None else nice
    setpriority = getattr(os, "setpriority", None)
    if not nice or setpriority is None:
        return False
    try:
        setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + nice))
    except OSError:
        return False
    return True


def finish_command(proc: "subprocess.Popen[bytes]", *, timeout: float, start: float) -> Completed:
    """Wait for a process :func:`start_command` started (at ``time.monotonic()`` ``start``) and
    take its output; kill its whole process group if it is still running after ``timeout``
    seconds (raises :class:`Timeout`)."""
    try:
        out, err = proc.communicate(timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        try:
            proc.communicate(timeout=5)
        except Exception:  # pragma: no cover - the child ignores even SIGKILL
            pass
        raise Timeout(timeout) from None
    except BaseException:
        kill_tree(proc)
        raise
    return Completed(
        returncode=proc.returncode,
        stdout=out.decode("utf-8", errors="replace"),
        stderr=err.decode("utf-8", errors="replace"),
        seconds=time.monotonic() - start,
    )


def kill_tree(proc: "subprocess.Popen[bytes]") -> None:
    if proc.poll() is not None:
        return
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError, OSError):
            pass
    try:
        proc.kill()
    except OSError:  # pragma: no cover
        pass


def tail(text: str, limit: int = 600) -> str:
    """The last ``limit`` characters of a tool's stderr, for error messages."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return "…" + text[-limit:]


def absolute_targets(
    files: Iterable[Path], root: Path
) -> Tuple[List[Tuple[str, Path]], List[Path]]:
    """Absolute, normalised command-line targets for ``files``.

    Absolute paths are used so that names starting with ``-`` cannot be read as options and the
    scanner's output paths can be mapped back without knowing its working directory. A relative
    path is taken relative to the current directory, or to ``root`` when it only exists there.
    Returns ``(target, original)`` pairs and the files that do not exist (or are not files).
    """
    ok: List[Tuple[str, Path]] = []
    missing: List[Path] = []
    seen = set()
    for f in files:
        p = Path(f)
        if not p.is_absolute():
            p = Path.cwd() / p if (Path.cwd() / p).exists() or not (root / p).exists() else root / p
        target = os.path.normpath(str(p.absolute()))
        if target in seen:
            continue
        seen.add(target)
        if not os.path.isfile(target):
            missing.append(Path(f))
            continue
        ok.append((target, Path(f)))
    return ok, missing


def existing_targets(files: Iterable[Path], root: Path, mapper: "RootMapper",
                     skipped: List[SkippedFile]) -> List[Tuple[str, Path]]:
    """:func:`absolute_targets` of ``files``; those that are not regular files are added to
    ``skipped`` as not readable."""
    targets, missing = absolute_targets(files, root)
    for m in missing:
        skipped.append(SkippedFile(mapper.display(str(m)), "not a readable regular file"))
    return targets


class RootMapper:
    """Maps a path reported by a scanner to a root-relative POSIX path, or ``None`` when it lies
    outside the root (``..`` is collapsed first, so ``root/../etc/passwd`` is outside)."""

    def __init__(self, root: Path, cwd: Optional[str] = None):
        self.cwd = cwd or os.getcwd()
        bases = {os.path.normpath(str(Path(root).absolute()))}
        try:
            bases.add(os.path.normpath(str(Path(root).resolve())))
        except OSError:  # pragma: no cover
            pass
        self.bases = sorted(bases, key=len, reverse=True)

    def absolute(self, reported: str) -> str:
        """``reported`` as a normalised absolute path (relative ones against the working directory)."""
        p = reported if os.path.isabs(reported) else os.path.join(self.cwd, reported)
        return os.path.normpath(p)

    def display(self, reported: str) -> str:
        """The root-relative path when there is one, else ``reported`` as it is (for messages)."""
        rel = self.relative(reported)
        return rel if rel is not None else str(reported)

    def relative(self, reported: str) -> Optional[str]:
        """``reported`` relative to the root, POSIX separators; None when it lies outside."""
        p = self.absolute(reported)
        for base in self.bases:
            try:
                rel = os.path.relpath(p, base)
            except ValueError:  # different drives on Windows
                continue
            if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
                continue
            return Path(rel).as_posix()
        return None


class SourceCache:
    """Reads each file once to cut snippets out of it."""

    def __init__(self, max_lines: int = 5):
        self.max_lines = max_lines
        self._lines: Dict[str, Optional[List[str]]] = {}

    def lines(self, path: str) -> Optional[List[str]]:
        """The lines of the file at ``path`` (its first 4 MB), or None when it cannot be read."""
        if path not in self._lines:
            try:
                with open(path, "rb") as fh:
                    data = fh.read(4_000_000)
                self._lines[path] = data.decode("utf-8", errors="replace").splitlines()
            except OSError:
                self._lines[path] = None
        return self._lines[path]

    def snippet(self, path: str, start: int, end: Optional[int]) -> Optional[str]:
        """Lines ``start`` to ``end`` (at most ``max_lines``) of the file, or None."""
        lines = self.lines(path)
        if not lines or start < 1 or start > len(lines):
            return None
        last = min(end or start, len(lines), start + self.max_lines - 1)
        return "\n".join(lines[start - 1 : last])


def scrubbed_env(
    drop_prefixes: Sequence[str] = (),
    extra: Optional[Mapping[str, str]] = None,
    path_first: Sequence[str] = (),
) -> Dict[str, str]:
    """A copy of the environment without variables that start with one of ``drop_prefixes``
    (for example ``SEMGREP_``, which could point the scanner at other rules or an account).

    ``PATH`` keeps only absolute entries, after ``path_first``: an empty or relative entry
    (``.``, ``bin``) would resolve against the working directory, which may be the scanned
    repository, and a tool that looks up a helper on PATH (semgrep runs ``pysemgrep`` and
    ``git``) would then execute a program from the code under audit."""
    env = {k: v for k, v in os.environ.items() if not any(k.startswith(p) for p in drop_prefixes)}
    if extra:
        env.update(extra)
    entries: List[str] = []
    for entry in [*path_first, *absolute_path_entries(env.get("PATH", os.defpath)).split(os.pathsep)]:
        if entry and entry not in entries:
            entries.append(entry)
    env["PATH"] = os.pathsep.join(entries)
    return env
