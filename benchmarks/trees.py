"""Materialise real-server trees from bare git snapshots, for the benchmarks and the ledgers.

Snapshots live in ``$BENCH_MIRROR`` (default ``../.mirror`` relative to the checkout), one
``OWNER+NAME/repo`` git directory each, as the search tool's ``fetch`` leaves them. Nothing from a
snapshot is executed, imported or committed: a tree is written to a scratch directory with
``git archive`` (or blob by blob when the snapshot lacks large files), scanned, and deleted.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Iterable, Optional

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent


def mirror_dir() -> Path:
    env = os.environ.get("BENCH_MIRROR")
    return Path(env) if env else (CHECKOUT.parent / ".mirror")


def git_dir(repo: str) -> Optional[Path]:
    """The bare git directory of ``owner/name``'s snapshot, or None when it was never fetched."""
    base = mirror_dir() / repo.replace("/", "+") / "repo"
    if (base / ".git").is_dir():
        base = base / ".git"
    return base if (base / "HEAD").exists() else None


def _git(gd: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_DIR=str(gd), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    return subprocess.run(["git", *args], env=env, capture_output=True, **kw)


def head_commit(repo: str) -> Optional[str]:
    gd = git_dir(repo)
    if gd is None:
        return None
    r = _git(gd, "rev-parse", "HEAD")
    return r.stdout.decode().strip() if r.returncode == 0 else None


def has_commit(repo: str, commit: str) -> bool:
    gd = git_dir(repo)
    return gd is not None and _git(gd, "cat-file", "-e", f"{commit}^{{commit}}").returncode == 0


def materialise(repo: str, commit: str, paths: Iterable[str], dest: Path) -> Path:
    """Write ``paths`` (folders or files; ``.`` for all) of ``repo`` at ``commit`` under ``dest``.

    Blobs the snapshot lacks (files of 4 MiB and more, LFS content) are left out."""
    gd = git_dir(repo)
    if gd is None:
        raise FileNotFoundError(f"no snapshot of {repo} under {mirror_dir()}")
    dest.mkdir(parents=True, exist_ok=True)
    specs = [p.strip("/") or "." for p in paths] or ["."]
    r = _git(gd, "archive", "--format=tar", commit, "--", *specs)
    if r.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tf:
            for m in tf.getmembers():
                if m.isfile() or m.isdir():
                    tf.extract(m, dest, set_attrs=False)
        return dest
    listing = _git(gd, "ls-tree", "-r", "-z", commit, "--", *[s for s in specs if s != "."])
    if listing.returncode != 0:
        raise RuntimeError(f"cannot list {repo}@{commit}: {listing.stderr.decode(errors='replace')}")
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind != b"blob" or mode == b"120000":
            continue
        blob = _git(gd, "cat-file", "blob", sha.decode())
        if blob.returncode != 0:
            continue
        target = dest / name.decode("utf-8", "surrogateescape")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)
    return dest


#: Named real trees for the benchmarks and the snapshots: repository, commit (None: the
#: snapshot's HEAD) and the paths materialised.
#:
#: ``awslabs-slice`` is the "awslabs slice" of the speed work: four awslabs/mcp servers at the
#: snapshot's commit, with their tests -- 294 Python files, 111,595 lines (84,315 of them under
#: ``tests/``). The first round measured the same list (then five servers, about 109k lines);
#: ``git-repo-research-mcp-server`` has since been removed upstream (awslabs/mcp#3165).
PRESETS = {
    "servers-src": ("modelcontextprotocol/servers", "76d64c822f5125032f89eb71dbdb94e42b434821", ["src"]),
    "awslabs-slice": ("awslabs/mcp", "100b55b6d92f731bc8d23486ce9efd5bbf90c606", [
        "src/aws-api-mcp-server", "src/aws-documentation-mcp-server", "src/dynamodb-mcp-server",
        "src/postgres-mcp-server"]),
    "awslabs-src": ("awslabs/mcp", "100b55b6d92f731bc8d23486ce9efd5bbf90c606", ["src"]),
    "python-sdk-examples": ("modelcontextprotocol/python-sdk", None, ["examples"]),
    "fastmcp-examples": ("PrefectHQ/fastmcp", None, ["examples"]),
}


def materialise_preset(name: str, dest: Path) -> Path:
    """Write the named tree of :data:`PRESETS` under ``dest`` (raises when its snapshot or
    commit is absent)."""
    repo, commit, paths = PRESETS[name]
    commit = commit or head_commit(repo)
    if commit is None or not has_commit(repo, commit):
        raise FileNotFoundError(f"no snapshot of {repo}@{(commit or 'HEAD')[:12]} under {mirror_dir()}")
    return materialise(repo, commit, paths, dest)
