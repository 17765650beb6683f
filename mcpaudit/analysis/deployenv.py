"""What the project's own deployment files set an environment variable to.

A server that binds ``process.env.HOST || "localhost"`` listens on loopback by default, unless
the project ships its own deployment that sets ``HOST``: a Dockerfile's ``ENV HOST=0.0.0.0``, a
Kubernetes manifest or Helm template's ``- name: HOST`` / ``value: "0.0.0.0"``, a compose file's
``HOST=0.0.0.0`` or ``HOST: 0.0.0.0``. The transport rule then reads the default as the address
that deployment gives (``http_transport_no_auth``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple

_SKIP = {"node_modules", ".git", ".venv", "venv", "dist", "build", "vendor", "test", "tests", "__tests__",
         "examples", "docs"}
_MAX_FILES = 400
_MAX_BYTES = 1 << 20


def _deploy_file(name: str) -> bool:
    low = name.lower()
    return low.startswith(("dockerfile", "containerfile")) or low.endswith((".yaml", ".yml", ".dockerfile"))


def deployment_files(root, max_depth: Optional[int] = None,
                     matches: Callable[[str], object] = _deploy_file) -> Dict[str, str]:
    """The project's deployment files (Dockerfiles, Containerfiles, compose files, Kubernetes
    manifests and Helm templates: every YAML file), repo-relative path -> text, in walk order:
    no test, example, documentation, vendored or build folder, no symlink, none over 1 MiB, at
    most 400 files; ``max_depth`` folders deep at most when given. The one walk both readers of
    deployments use (what a variable is set to here, and the bind address the transport rule
    reads through a variable); ``matches``: which file names to read (the environment files of
    checks/_settingsenv.py walk the same way)."""
    out: Dict[str, str] = {}
    base = Path(root)
    if not base.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(base):
        depth = len(Path(dirpath).relative_to(base).parts)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP and not d.startswith(".")
                             and (max_depth is None or depth < max_depth))
        for fn in sorted(filenames):
            if not matches(fn):
                continue
            if len(out) >= _MAX_FILES:
                return out
            p = Path(dirpath, fn)
            try:
                if p.is_symlink() or p.stat().st_size > _MAX_BYTES:
                    continue
                out[p.relative_to(base).as_posix()] = p.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
    return out


def deployed_value(root: str, var: str) -> Optional[Tuple[str, str]]:
    """(value, repo-relative file) of the first deployment file that sets ``var``, or None."""
    v = re.escape(var)
    pats = [
        re.compile(rf"^\s*ENV\s+{v}[= ]\s*[\"']?([^\s\"']+)", re.M),
        re.compile(rf"-\s*name:\s*[\"']?{v}[\"']?\s*\n\s*value:\s*[\"']?([^\s\"']+)", re.M),
        re.compile(rf"^\s*-?\s*[\"']?{v}[=:]\s*[\"']?([^\s\"']+)", re.M),
    ]
    for rel, text in deployment_files(root).items():
        if var not in text:
            continue
        for pat in pats:
            m = pat.search(text)
            if m:
                return m.group(1), rel
    return None
