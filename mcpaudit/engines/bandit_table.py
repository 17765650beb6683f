"""The bandit prefilter's table kept beside the byte code: no bandit process for a tree whose
files no enabled bandit test can fire on.

The prefilter (:mod:`.bandit_prefilter`) decides from a file's text, and where needed its
``ast`` tree, that no enabled bandit test can report anything in it. What it decides with is a
small table (:func:`~.bandit_prefilter.table_of`: the enabled test ids, the blacklisted call
names, the tests confirmed on the tree) that depends only on the installed bandit, the
distributions that add bandit plugins and the profile; building it means importing bandit and
its plugin manager, ~0.15 s of CPU. So it used to be built in bandit's own process (the
launcher), which on modelcontextprotocol/servers ``src/`` then passed **0 of 9 files** to
bandit: a whole process for nothing.

Here the scanning process reads the table from a ``marshal`` file in the package's
``__pycache__`` (:func:`mcpaudit.codecache.cache_file`, as the dataclass and regular-expression
tables are) and screens the files itself (:func:`screen`): while none passes it examines them,
up to :data:`BUDGET` bytes, so that a large tree is not read twice on the scanning process's
critical path; the first one that passes (or the budget) ends it, and that file and the rest go
to bandit's processes as before, where the launcher filters them with its own table. A file the
table rules out is not given to bandit; when none is left, no process is started and the report
is the same (bandit would have printed no result).

The table is stamped (:func:`stamp`) with everything it is made of: the interpreter bandit runs
on (this one), the environment that shapes its import path, every folder of the import path and
the user's site folder with their modification times (installing, upgrading or removing a
distribution, or a ``.pth`` file, renames or adds an entry there, which changes the folder's
time), bandit's own files (names, sizes, times), the profile's bytes and the prefilter's source.
A missing, foreign, unreadable or differently stamped table is no table: every file goes to
bandit's processes, as before. And each launcher reports the table it built: when that is not
the table the scanning process screened with (a change the stamp missed), the files screened out
are given to bandit after all (:func:`mcpaudit.engines.bandit.run`). The table is written by the
scanning process from the launchers' reports when byte-code writing is on, and by
:func:`mcpaudit.codecache.prime` (:func:`prime`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from ..codecache import cache_file, read_table, write_table

#: The table's name in ``__pycache__`` (``bandit-prefilter.<cache tag>.marshal``).
NAME = "bandit-prefilter"

#: At most this many bytes of files are screened in the scanning process before the rest are
#: handed to bandit's processes (a file larger than what is left is not read here).
BUDGET = 128 * 1024

#: Environment variables that change the import path of bandit's process.
_PATH_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUSERBASE", "PYTHONSAFEPATH",
             "PYTHONPLATLIBDIR")


def table_path() -> Optional[Path]:
    """The table's file, or None when this interpreter has no byte-code cache tag."""
    return cache_file(NAME)


def stamp(profile: Path) -> Optional[str]:
    """A digest of everything the table for ``profile`` is made of (module docstring), or None
    when bandit cannot be found without importing it."""
    import importlib.util

    from ..compact import digest

    try:
        spec = importlib.util.find_spec("bandit")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        if not folders:
            return None
        parts: List[bytes] = [sys.version.encode(), sys.executable.encode(), Path(profile).read_bytes(),
                              Path(__file__).with_name("bandit_prefilter.py").read_bytes()]
    except (OSError, ImportError, ValueError):
        return None
    parts.extend(f"{k}={os.environ.get(k)}".encode() for k in _PATH_ENV)
    for folder in folders:
        parts.extend(_files_state(folder))
    for entry in _path_folders():
        parts.append(_entry_state(entry))
    return digest(*parts)


def _path_folders() -> List[str]:
    """The folders bandit's process may import from: this process's import path after its
    first entry (bandit's is its empty working folder), ``PYTHONPATH``'s and the user's site
    folder (which a flag of this process may have left out)."""
    import site

    out: List[str] = []
    extra = [e for e in os.environ.get("PYTHONPATH", "").split(os.pathsep) if e]
    try:
        user = [site.getusersitepackages()]
    except Exception:
        user = []
    for entry in [*sys.path[1:], *extra, *user]:
        where = os.path.abspath(entry)
        if where not in out:
            out.append(where)
    return out


def _entry_state(where: str) -> bytes:
    try:
        return f"{where}:{os.stat(where).st_mtime_ns}".encode()
    except OSError:
        return f"{where}:-".encode()


def _files_state(folder: str) -> List[bytes]:
    """Each file of bandit's package (byte-code folders aside): name, size, modification time."""
    out: List[bytes] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            try:
                st = os.stat(os.path.join(top, name))
            except OSError:
                continue
            out.append(f"{os.path.relpath(os.path.join(top, name), folder)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return out


def load(key: Optional[str]) -> Optional[Dict[str, Any]]:
    """The kept document (``{"table": ..., "disabled": ...}``) stamped ``key``, or None."""
    if key is None:
        return None
    doc = read_table(table_path(), key)
    if not isinstance(doc, dict) or "table" not in doc:
        return None
    table = doc["table"]
    if table is not None and not (isinstance(table, dict) and all(
            isinstance(table.get(k), list) for k in ("enabled", "blacklist", "confirm"))):
        return None
    return doc


def save(key: Optional[str], table: Optional[Dict[str, List[str]]], disabled: Optional[str]) -> bool:
    """Keep ``table`` (None with why it was ``disabled``) under ``key``; False when it cannot."""
    path = table_path()
    if key is None or path is None:
        return False
    return write_table(path, {"table": table, "disabled": disabled}, key)


class Screen:
    """The scanning process's screening of bandit's files: ``given`` go to bandit's processes,
    ``dropped`` no enabled test can fire on. ``key``: the table's stamp (None: not screened);
    ``doc``: the table kept under it (None: none, or a stale one)."""

    def __init__(self, given: List[str], dropped: List[str], key: Optional[str], doc: Optional[Dict[str, Any]]):
        self.given, self.dropped, self.key, self.doc = given, dropped, key, doc

    @property
    def table(self) -> Optional[Dict[str, List[str]]]:
        return self.doc["table"] if self.doc is not None else None


def screen(files: Sequence[str], profile: Path, budget: int = BUDGET) -> Screen:
    """``files`` screened with the kept table for ``profile`` (module docstring)."""
    key = stamp(profile)
    doc = load(key)
    if doc is None or doc["table"] is None:
        return Screen(list(files), [], key, doc)
    from .bandit_prefilter import from_table

    prefilter = from_table(doc["table"])
    dropped: List[str] = []
    for i, path in enumerate(files):
        try:
            size = os.stat(path).st_size
        except OSError:
            size = budget + 1  # bandit reports the file it cannot read
        if size > budget or prefilter.may_fire_path(path):
            return Screen(list(files[i:]), dropped, key, doc)
        budget -= size
        dropped.append(path)
    return Screen([], dropped, key, doc)


def prime(profile: Optional[Path] = None) -> bool:
    """Build the table here (imports bandit) and keep it: what the first scan's launchers would
    report. False when bandit cannot be found or the table not written."""
    from .bandit_launch import default_profile
    from .bandit_prefilter import build_table

    profile = Path(profile) if profile is not None else default_profile()
    key = stamp(profile)
    if key is None:
        return False
    table, disabled = build_table(str(profile))
    return save(key, table, disabled)


__all__ = ["BUDGET", "NAME", "Screen", "load", "prime", "save", "screen", "stamp", "table_path"]
