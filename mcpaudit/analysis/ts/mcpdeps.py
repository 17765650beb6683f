"""Whether a package of the project depends on an MCP SDK, directly or through a dependency
(issue 14, ts55a).

A tool module may register on a server it is handed, in a package whose own modules never
import the SDK: a library of the author's (``@acme/mcp-server``) builds the ``McpServer`` and
calls each module's default export with it,

    export default async function ({ mcpServer, toolName }) {
      mcpServer.tool(toolName, "...", { url: z.string() }, async ({ url }) => ...);
    }

The call on a receiver named like a server is a plausible registration (``surface.py``) that the
linker keeps only in an MCP project (``linksurface.py``). :func:`depends_on_mcp` says the project
is one when a ``package.json`` of a folder holding scanned files lists an MCP package
(the catalog's ``packages``: the SDK, fastmcp, mcp-framework...) in ``dependencies`` or
``peerDependencies``, or lists a package whose entry in the ``package-lock.json`` beside it
depends on one (the lockfile is the only record of a dependency's own dependencies without
``node_modules``). A package with no such dependency keeps the call unread (the twin).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence, Set, Tuple

_KEYS = ("dependencies", "peerDependencies", "optionalDependencies")
_MAX = 20_000_000


def _json(path: Path) -> dict:
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size < _MAX:
            data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
            return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        pass
    return {}


def _mcp(name: str, packages: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + "/") for p in packages)


def _deps(pkg: dict) -> Set[str]:
    out: Set[str] = set()
    for key in _KEYS:
        d = pkg.get(key)
        if isinstance(d, dict):
            out |= {k for k in d if isinstance(k, str)}
    return out


def _locked_deps(lock: dict, name: str) -> Set[str]:
    """The dependencies the lockfile records for the top-level install of ``name`` (lockfile
    v2/v3 ``packages["node_modules/<name>"]``, v1 ``dependencies[<name>].requires``)."""
    entry = (lock.get("packages") or {}).get(f"node_modules/{name}")
    if isinstance(entry, dict):
        return _deps(entry)
    entry = (lock.get("dependencies") or {}).get(name)
    if isinstance(entry, dict) and isinstance(entry.get("requires"), dict):
        return set(entry["requires"])
    return set()


def depends_on_mcp(root: Path, files: Sequence[Tuple[str, str]], packages: Iterable[str]) -> bool:
    """True when a package.json of a folder holding scanned files depends on an MCP package,
    or on a package its lockfile shows depending on one."""
    packages = tuple(packages)
    folders = set()
    for _a, rel in files:
        parts = rel.split("/")
        folders |= {"/".join(parts[:i]) for i in range(len(parts))}
    for folder in sorted(folders):
        base = root / folder if folder else root
        deps = _deps(_json(base / "package.json"))
        if any(_mcp(d, packages) for d in deps):
            return True
        if deps and (base / "package-lock.json").is_file():
            lock = _json(base / "package-lock.json")
            if any(_mcp(x, packages) for d in sorted(deps) for x in _locked_deps(lock, d)):
                return True
    return False


__all__ = ["depends_on_mcp"]
