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
from typing import Optional, Tuple

_SKIP = {"node_modules", ".git", "dist", "build", "vendor", "test", "tests", "__tests__", "examples", "docs"}
_MAX_FILES = 400
_MAX_BYTES = 1 << 20


def _deploy_file(name: str) -> bool:
    low = name.lower()
    return low.startswith(("dockerfile", "containerfile")) or low.endswith((".yaml", ".yml", ".dockerfile"))


def deployed_value(root: str, var: str) -> Optional[Tuple[str, str]]:
    """(value, repo-relative file) of the first deployment file that sets ``var``, or None."""
    v = re.escape(var)
    pats = [
        re.compile(rf"^\s*ENV\s+{v}[= ]\s*[\"']?([^\s\"']+)", re.M),
        re.compile(rf"-\s*name:\s*[\"']?{v}[\"']?\s*\n\s*value:\s*[\"']?([^\s\"']+)", re.M),
        re.compile(rf"^\s*-?\s*[\"']?{v}[=:]\s*[\"']?([^\s\"']+)", re.M),
    ]
    seen = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP and not d.startswith("."))
        for fn in sorted(filenames):
            if not _deploy_file(fn):
                continue
            seen += 1
            if seen > _MAX_FILES:
                return None
            p = Path(dirpath, fn)
            try:
                if p.is_symlink() or p.stat().st_size > _MAX_BYTES:
                    continue
                text = p.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if var not in text:
                continue
            for pat in pats:
                m = pat.search(text)
                if m:
                    return m.group(1), p.relative_to(root).as_posix()
    return None
