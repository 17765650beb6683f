"""Starting bandit's processes (:mod:`.bandit` reads their reports).

A bandit run is planned here: its command line (through the prefilter launcher), the profile
checked, the files that exist screened with the prefilter's kept table (:mod:`.bandit_table`:
those no enabled test can fire on are not given to bandit), the others split into chunks of at most :data:`MAX_FILES_PER_CHUNK`, ``jobs``
chunks at a time. :class:`Launch` holds that plan and may start the first ``jobs`` processes at
once (:meth:`Launch.start`), before the engine's thread runs: the pipeline does so
(:meth:`~mcpaudit.engines.base.Engine.prestart`) before the scanning process imports the cst
analysis and forks the ts engine's child, so that bandit works on the core those leave idle.
:func:`mcpaudit.engines.bandit.run` then waits for the started processes and runs the other
chunks as before: the same processes with the same arguments, so the same findings.

This module imports only the subprocess plumbing and the profile's reader (not bandit's report
post-processing), so that starting bandit early costs the scanning process little.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..models import SkippedFile
from .bandit_table import Screen, screen as screening
from ..resources import rules_dir
from ._subprocess import (
    Completed,
    EngineFailure,
    RootMapper,
    Timeout,
    chunk_args,
    default_jobs,
    existing_targets,
    find_executable,
    finish_command,
    kill_tree,
    run_command,
    scrubbed_env,
    start_command,
    target_budget,
)

#: ``python -c`` program that runs the prefilter launcher (argv[1]) as ``__main__``. runpy does not
#: put the launcher's directory (which holds this module, named bandit.py) on ``sys.path``.
_RUNNER = "import runpy, sys; runpy.run_path(sys.argv.pop(1), run_name='__main__')"

#: At most this many files per bandit process, so that parallel chunks balance out.
MAX_FILES_PER_CHUNK = 400


def default_profile() -> Path:
    """The bundled bandit profile, ``rules/bandit.yaml``."""
    return rules_dir() / "bandit.yaml"


def load_profile(profile: Path) -> Dict[str, Any]:
    from ..catalog._yaml import load_yaml

    data = load_yaml(profile, safe_loader=True) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{profile}: expected a mapping with 'tests' and/or 'skips'")
    for key in ("tests", "skips"):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise ValueError(f"{profile}: '{key}' must be a list of test ids such as B602")
    return data


def command(executable: Optional[str], prefilter: bool) -> List[str]:
    """The start of every bandit command line: the given executable, else this interpreter's
    bandit module (through the prefilter launcher when ``prefilter``)."""
    if executable is not None:
        exe = find_executable("bandit", executable)
        if exe is None:
            raise EngineFailure(f"bandit executable not found: {executable}")
        return [exe]
    import importlib.util

    if importlib.util.find_spec("bandit") is None:
        raise EngineFailure(
            "bandit is not installed for this Python "
            f"({sys.executable}); install it with `pip install bandit` or disable the engine"
        )
    if prefilter:
        # the launcher's file, found without importing it here (it runs in bandit's process)
        spec = importlib.util.find_spec(f"{__package__}.bandit_prefilter")
        return [sys.executable, "-c", _RUNNER, os.path.abspath(spec.origin if spec and spec.origin else "")]
    return [sys.executable, "-m", "bandit"]


class Launch:
    """One bandit run over ``files``, planned (:func:`plan`): the chunks of its command lines,
    and the processes of those started already (:meth:`start`). :meth:`reports` runs it to the
    end; :meth:`close` stops whatever was started and not taken."""

    def __init__(self, key: Tuple[Any, ...], fixed: List[str], scan: List[str], mapper: RootMapper,
                 skipped: List[SkippedFile], jobs: Optional[int], screened: Optional[Screen] = None):
        self.key = key  # what the plan was made of (files, root, settings): run() checks it
        self.started = time.monotonic()  # the run's timeout counts from here
        self.fixed, self.scan, self.mapper, self.skipped = fixed, scan, mapper, skipped
        # the files this process screened out with the kept table (mcpaudit.engines.bandit_table)
        self.screened = screened
        given = screened.given if screened is not None else scan
        self.env = scrubbed_env((), {"PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"})
        self.jobs = jobs or default_jobs()
        per_chunk = max(1, min(MAX_FILES_PER_CHUNK, -(-len(given) // self.jobs)))
        self.chunks = list(chunk_args(given, target_budget(fixed, self.env), per_chunk)) if given else []
        # bandit runs in an empty directory: `python -m bandit` puts its working directory first on
        # sys.path, and ours may be the scanned repository, whose own bandit/ package would then be
        # imported and run instead of bandit.
        self.neutral: Optional[str] = None
        self.procs: Dict[int, Any] = {}  # chunk index -> its process, started early

    def start(self) -> None:
        """Start the processes of the first ``jobs`` chunks now (raises ``OSError`` when one
        cannot be started; those started are stopped by :meth:`close`)."""
        if self.chunks:
            self._neutral()
        for i, chunk in enumerate(self.chunks[: self.jobs]):
            self.procs[i] = start_command([*self.fixed, "--", *chunk], env=self.env, cwd=self.neutral)

    def _neutral(self) -> str:
        if self.neutral is None:
            self.neutral = tempfile.mkdtemp(prefix="mcpaudit-bandit-")
        return self.neutral

    def one(self, i: int, deadline: float, timeout: float) -> Completed:
        """Chunk ``i``'s process run to its end (the one started early, or a new one); raises
        :class:`Timeout` past ``deadline``."""
        remaining = deadline - time.monotonic()
        proc = self.procs.pop(i, None)
        if remaining <= 0:
            if proc is not None:
                kill_tree(proc)
                proc.communicate()
            raise Timeout(timeout)
        if proc is not None:
            return finish_command(proc, timeout=remaining, start=self.started)
        # "--" ends option parsing; targets are absolute anyway.
        return run_command([*self.fixed, "--", *self.chunks[i]], timeout=remaining, env=self.env,
                           cwd=self._neutral())

    def close(self) -> None:
        """Stop and reap every started process not taken, and remove the working directory."""
        procs, self.procs = list(self.procs.values()), {}
        for proc in procs:
            kill_tree(proc)
            try:
                proc.communicate(timeout=5)
            except Exception:  # pragma: no cover - the child ignores even SIGKILL
                pass
        if self.neutral is not None:
            shutil.rmtree(self.neutral, ignore_errors=True)
            self.neutral = None


def launch_key(files: Sequence[Path], root: Path, *, profile: Optional[Path] = None, executable: Optional[str] = None,
               jobs: Optional[int] = None, prefilter: bool = True) -> tuple:
    """What makes two bandit runs the same run: an early start is taken over only by a run of the same key."""
    return (tuple(str(f) for f in files), str(root), profile, executable, jobs, prefilter)


def plan(files: Sequence[Path], root: Path, *, profile: Optional[Path] = None, executable: Optional[str] = None,
         jobs: Optional[int] = None, prefilter: bool = True, screen: bool = True) -> Launch:
    """The :class:`Launch` of a bandit run over ``files`` (nothing started yet); raises
    :class:`EngineFailure` when bandit or the profile cannot be used. ``screen``: screen the
    files here with the prefilter's kept table first (:mod:`.bandit_table`)."""
    key = launch_key(files, root, profile=profile, executable=executable, jobs=jobs, prefilter=prefilter)
    prefix = command(executable, prefilter)
    prof_path = Path(profile) if profile is not None else default_profile()
    try:
        load_profile(prof_path)
    except (OSError, ValueError) as exc:
        raise EngineFailure(f"invalid bandit profile {prof_path}: {exc}") from None
    mapper = RootMapper(Path(root))
    skipped: List[SkippedFile] = []
    scan = [t for t, _ in existing_targets(files, Path(root), mapper, skipped)]
    screened = None
    if screen and prefilter and executable is None and scan:
        screened = screening(scan, prof_path)  # the launcher's filter, here while its table is kept
    return Launch(key, [*prefix, "-f", "json", "-c", str(prof_path.absolute()), "-q"], scan, mapper, skipped, jobs,
                  screened)


def start(files: Sequence[Path], root: Path, **settings: Any) -> Optional[Launch]:
    """A bandit run over ``files`` (:func:`plan` with ``settings``) with its first processes
    started, or None when it cannot be planned or started (the run then plans again, and
    reports why)."""
    try:
        launch = plan(files, root, **settings)
    except EngineFailure:
        return None
    try:
        launch.start()
    except OSError:
        launch.close()
        return None
    return launch


__all__ = ["Launch", "MAX_FILES_PER_CHUNK", "command", "default_profile", "load_profile", "plan", "start"]
