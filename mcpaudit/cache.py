"""A content-hash cache of per-file engine results, for instant re-scans.

Entries are keyed by the file's bytes and a *salt* that covers everything else the result
depends on: mcpaudit's own code, the engine and its version, the rule packs and the settings that
change results. Per file: the cst engine's module summaries, and semgrep's and bandit's findings
(both analyse one file at a time). Per tree, keyed by every input's hash: the cst engine's
project-wide link step and the posture facts, reused only when no input changed (a change in one
module re-analyses that module and re-links the project). Per scan, keyed by every input: the
whole result (:mod:`mcpaudit.resultcache`), so that an unchanged tree starts no engine.

Entries are pickles, so they are signed: an HMAC-SHA256 with a per-user key that lives in the
user's cache home (mode 0600), never in a scanned tree. An entry that fails verification (planted
by a repository, corrupted, from another user) is ignored and overwritten, never unpickled.

The cache lives in ``$MCPAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/mcpaudit``, else
``~/.cache/mcpaudit``, unless configured; ``--no-cache`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Tuple, TypeVar

from . import __version__
from .signedfile import read_signed, write_signed

_MAGIC = b"MCPA1"

_File = TypeVar("_File", bound=Tuple[str, str])


def user_cache_home() -> Path:
    """The default cache directory (see the module docstring)."""
    env = os.environ.get("MCPAUDIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "mcpaudit"


def _key_file() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "mcpaudit" / ".signing-key"


def _signing_key() -> bytes:
    path = _key_file()
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
    except OSError:
        pass  # a read-only home: the key lives for this process only
    return key


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of mcpaudit's own source and bundled rules: results from other code are stale.

    Hashing the ~400 files (~4 MB) costs ~0.02 s, on every scan and first of all on a warm
    re-scan, so the digest is kept in the compact store (:mod:`mcpaudit.compact`) under the
    files' names, sizes, inode numbers and modification and change times, as Python's bytecode
    cache keeps a module's code: an edited, added or removed file is a new key, hashed again."""
    files = _code_files()
    try:
        from . import compact

        state = "\0".join(f"{p}:{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"
                          for _, p, st in files)
        key = "code:" + compact.digest(__version__.encode(), state.encode("utf-8", "surrogatepass"))
        return compact.memo(key, lambda: _hash_code(files))
    except Exception:
        return _hash_code(files)


_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".toml", ".json")


def _code_files() -> list:
    """(path relative to its root, absolute path, stat) of every file the fingerprint covers:
    mcpaudit's package and its rules, in the order the digest reads them."""
    pkg = Path(__file__).resolve().parent
    roots = [pkg]
    try:
        from .resources import rules_dir
        roots.append(rules_dir())
    except FileNotFoundError:
        pass
    out = []
    for root in roots:
        found: list = []
        _walk_code(str(root), (), found)
        found.sort(key=lambda f: f[0])  # as sorted(root.rglob("*")) orders them
        out.extend(("/".join(parts), path, st) for parts, path, st in found)
    return out


def _walk_code(directory: str, parts: tuple, found: list) -> None:
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for e in entries:
        if e.is_dir():  # follows links, as rglob's is_file() did for files
            if e.name != "__pycache__" and not e.is_symlink():
                _walk_code(e.path, parts + (e.name,), found)
        elif e.name.endswith(_CODE_SUFFIXES) and os.path.splitext(e.name)[1] in _CODE_SUFFIXES:
            try:
                st = e.stat()
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found.append((parts + (e.name,), e.path, st))


def _hash_code(files: list) -> str:
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for rel, path, _ in files:
        h.update(rel.encode())
        with open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


def content_hash(data: bytes) -> str:
    """The cache key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class Cache:
    """Signed per-file entries under ``<dir>/<namespace>/<aa>/<key>``."""

    def __init__(self, directory: Path, namespace: str, salt: Iterable[Any]):
        self.dir = Path(directory) / namespace
        self._salt = hashlib.blake2b(repr((code_fingerprint(), *salt)).encode(), digest_size=16).hexdigest()
        self._key = _signing_key()
        self.hits = 0
        self.misses = 0

    def _path(self, file_hash: str) -> Path:
        k = hashlib.blake2b(f"{self._salt}:{file_hash}".encode(), digest_size=20).hexdigest()
        return self.dir / k[:2] / k

    def get(self, file_hash: str, count: bool = True) -> Optional[Any]:
        """The entry, or None. ``count=False`` keeps the lookup out of ``hits``/``misses``, which
        count per-file entries."""
        value = self._read(file_hash)
        if count:
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
        return value

    def has(self, file_hash: str) -> bool:
        """Whether an entry for ``file_hash`` is stored (not read, nor checked, nor counted)."""
        return self._path(file_hash).is_file()

    def _read(self, file_hash: str) -> Optional[Any]:
        payload = read_signed(self._path(file_hash), _MAGIC, self._key)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except Exception:
            return None

    def put(self, file_hash: str, value: Any) -> None:
        """Store ``value`` under ``file_hash``; a cache that cannot be written only costs speed."""
        path = self._path(file_hash)
        try:
            write_signed(path, _MAGIC, self._key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            pass  # a cache that cannot be written only costs speed


def lookup(cache: Cache, files: Iterable[_File], read: Callable[[str], Optional[bytes]],
           rekey: Optional[Callable[[_File, str], str]] = None
           ) -> Iterator[Tuple[_File, Optional[str], Optional[bytes], Any]]:
    """Each of ``files`` ((absolute path, root-relative path) pairs) looked up by the hash of its
    bytes, in order, as (file, content hash, bytes, cached entry or None). ``read(path)`` gives a
    file's bytes, or None when it cannot be read: then the hash and the entry are None too (the
    file is analysed, so that the engine says why). ``rekey(file, hash)`` gives the key a file's
    entry is stored under when more than its bytes decide it (the names other modules give it),
    so that each file counts one hit or miss."""
    for file in files:
        data = read(file[0])
        if data is None:
            yield file, None, None, None
            continue
        digest = content_hash(data)
        if rekey is not None:
            digest = rekey(file, digest)
        yield file, digest, data, cache.get(digest)
