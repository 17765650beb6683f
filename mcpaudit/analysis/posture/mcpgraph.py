"""Does a TS/JS web app serve MCP? (issue 14: the twenty-first TypeScript holdout)

A web app (``new Hono()``, ``express()``, ``serve({ fetch: app.fetch })``) is an MCP HTTP
transport only when it routes to one: an MCP SDK transport or server, a framework built on them,
or a JSON-RPC handler of ``tools/call`` of its own. What the app can route to is what its module
imports (transitively), what imports it up to the entry point (which may mount the transport
on an app built elsewhere) and what those import; a module of the same project that only shares
a schema file with the MCP side is none of these. An app whose module graph holds none of these (a container's internal exec API, a
project's dashboard) is not the MCP transport.

An import the scan cannot resolve to a scanned file (a relative path outside the scanned
folders) is taken to reach MCP, and when no scanned module shows MCP at all every app is kept
(the MCP side is elsewhere, such as shipped only compiled): unknown is not evidence of absence."""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Sequence, Set

_SPEC = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"'\n]+)["']""", re.M)
#: an import of an MCP SDK, framework or MCP package of the project (``@modelcontextprotocol/sdk``,
#: ``fastmcp``, ``mcp-framework``, ``agents/mcp``, a workspace ``@repo/mcp-common``)
_MCP_SPEC = re.compile(r"(?i)mcp|modelcontextprotocol")
#: text of a module that answers MCP's JSON-RPC itself, or names the SDK's classes
_MCP_TEXT = re.compile(r"""["'](?:tools/call|tools/list|initialize)["']|\bMcpServer\b|ServerTransport\b""")
_EXTS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


def _specs(text: str) -> List[str]:
    return _SPEC.findall(text)


def _resolve(path: str, spec: str, known: Set[str]) -> Optional[str]:
    """The scanned file a relative import names, or None."""
    base = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
    stem = re.sub(r"\.(m|c)?(j|t)sx?$", "", base)
    for cand in (base, *(stem + e for e in _EXTS), *(posixpath.join(base, "index" + e) for e in _EXTS)):
        if cand in known:
            return cand
    return None


class McpGraph:
    """The relative-import graph of the scanned TS/JS files and which of them touch MCP."""

    def __init__(self, files: Sequence):
        self.text: Dict[str, str] = {ix.path: ix.text for ix in files}
        known = set(self.text)
        self.deps: Dict[str, Set[str]] = {}
        self.users: Dict[str, Set[str]] = {p: set() for p in known}
        self.direct: Set[str] = set()
        self.seen = False  # some scanned module shows MCP itself (not only an unresolved import)
        for path, text in self.text.items():
            deps: Set[str] = set()
            mcp = bool(_MCP_TEXT.search(text))
            unknown = False
            for spec in _specs(text):
                if spec.startswith("."):
                    hit = _resolve(path, spec, known)
                    if hit is None:
                        unknown = True  # a module the scan does not hold: it may be the MCP side
                    else:
                        deps.add(hit)
                elif _MCP_SPEC.search(spec):
                    mcp = True
            self.seen = self.seen or mcp
            if mcp or unknown:
                self.direct.add(path)
            self.deps[path] = deps
            for d in deps:
                self.users[d].add(path)

    def _walk(self, start: str, edges: Dict[str, Set[str]]) -> Set[str]:
        seen, stack = {start}, [start]
        while stack:
            for nxt in edges.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def reaches_mcp(self, path: str) -> bool:
        """The module, a module that imports it (up to the entry point), or a module any of
        those imports touches MCP; or the scan shows no MCP module at all (the MCP side is not
        in the scanned sources, such as a server shipped only compiled: unknown)."""
        if path not in self.text or not self.seen:
            return True
        reach: Set[str] = set()
        for top in self._walk(path, self.users):
            reach |= self._walk(top, self.deps)
        return bool(reach & self.direct)


__all__ = ["McpGraph"]
