"""What project rules see: the scanned files, and the MCP surface found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple

from ..models import ToolInfo
from ..sources import split_lines


@dataclass
class SourceFile:
    path: str  # root-relative, POSIX separators
    text: str  # decoded source (BOM stripped, PEP 263 cookie honoured)

    _lines: Optional[List[str]] = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> List[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def line(self, n: int) -> str:
        """The 1-based line ``n`` without its newline ('' when out of range)."""
        ls = self.lines
        return ls[n - 1] if 1 <= n <= len(ls) else ""


#: kinds of ``Project.http_servers`` entries that record how a transport is protected (Host/Origin
#: checks against DNS rebinding, an Origin check that admits ``null``, ``cors-any``: CORS for every
#: origin on the listener a transport is mounted on, ts/mountedlisten.py) or where a server object
#: binds (``bind``: its constructor's or settings' host), not that it serves (``rebinding-bare``: an
#: SDK transport built with no security settings): the rule and the posture skip them alike
NOT_SERVING = ("rebinding", "rebinding-off", "rebinding-auto", "rebinding-bare", "bind", "origin-null",
               "inert-app", "cors-any")  # an app of the project's own whose routes serve nothing (ts/inertapps.py)


#: files that declare an installable Python package: the folder holding one is the unit a server
#: is installed and run from (a repository may hold several servers, each in its own folder)
_PACKAGE_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def package_root(root: Path, path: str) -> str:
    """The nearest folder above ``path`` (root-relative) that declares a Python package, '' for
    the repository itself."""
    parts = path.split("/")[:-1]
    for n in range(len(parts), 0, -1):
        if _declares_package(str(root), "/".join(parts[:n])):
            return "/".join(parts[:n])
    return ""


@lru_cache(maxsize=4096)
def _declares_package(root: str, folder: str) -> bool:
    return any((Path(root) / folder / name).is_file() for name in _PACKAGE_FILES)


def packages_of(paths, root: Path) -> Optional[Set[str]]:
    """The package folders of the files ``paths`` (where authentication was found); None when
    they cover the whole repository: a file that is not Python code (a proxy in a compose or
    nginx file guards whatever it fronts)."""
    paths = list(paths)
    if any(not p.endswith(".py") for p in paths):
        return None
    return {package_root(root, p) for p in paths}


@dataclass
class Project:
    root: Path
    files: Dict[str, SourceFile] = field(default_factory=dict)  # path -> file (the engine's language)
    tools: List[ToolInfo] = field(default_factory=list)
    # facts the surface analysis found that project rules need, e.g. HTTP transports and auth
    http_servers: List[dict] = field(default_factory=list)
    auth_evidence: List[dict] = field(default_factory=list)
    # (path, line, family) of sinks the taint analysis followed and found safe (see merge)
    safe_sinks: Set[Tuple[str, int, str]] = field(default_factory=set)
    # call_tool dispatches the analysis could not follow ({"path", "line", "callee", "why"}): the
    # tools behind them were never seen, so the surface is incomplete
    unfollowed: List[dict] = field(default_factory=list)
    #: ``ast`` trees of Python files the cst engine's first pass parsed (path -> tree), for the
    #: posture facts to reuse; emptied once they are extracted
    trees: Dict[str, Any] = field(default_factory=dict)
    #: what no entry point of the Python server reaches (:class:`~mcpaudit.analysis.entryreach.Reach`),
    #: None when no entry point resolves
    reach: Any = None
    #: serving sites of web apps that are not the MCP server's, (path, line), and the modules of
    #: those apps, (path, None): the posture's web servers there are not MCP transports (appstrings.py)
    other_apps: Set[Tuple[str, Optional[int]]] = field(default_factory=set)
    #: TypeScript modules no entry point loads (ts/entrygraph.py): no auth evidence, no posture
    unreached: FrozenSet[str] = frozenset()
    #: the effect kinds (execute, write, read, request, query...) of every sink the tools reach,
    #: tainted or not (claims.py); None when not computed
    tool_effect_kinds: Optional[FrozenSet[str]] = None

    def transport_auth(self) -> List[dict]:
        """The auth evidence that protects an HTTP transport: an auth keyword on the server's
        constructor, an auth middleware. A name that merely looks like auth somewhere in the text
        of a Python file (a tool called ``verify_token``) is not: the rule http-transport-no-auth
        and the posture fact ``http.auth`` both decide from this list. (The TypeScript surface
        records auth by name only, its ``requireBearerAuth``-style helpers: kept.) Nor is an auth
        middleware of the project that never rejects a request (``passthrough``,
        :mod:`.authreject`)."""
        return [a for a in self.auth_evidence if not (a.get("kind") == "name" and a.get("path", "").endswith(".py"))
                and not a.get("passthrough")]

    def optional_auth(self) -> List[dict]:
        """The transport auth evidence when all of it is optional (auth middleware added only
        inside an ``if`` on configuration: ``if api_key: app.add_middleware(...)``): the server
        starts without authentication unless its operator asks for it. Empty otherwise."""
        auth = self.transport_auth()
        return auth if auth and all(a.get("optional") for a in auth) else []

    def optional_when_unset(self) -> None:
        """A TypeScript auth check that lets every request through while no credential is
        configured (``unset_passes``, see the ts module pass) makes every TypeScript auth name
        optional: the server starts without authentication unless its operator sets one, and so
        does every middleware installed by name (``app.use(checkApiKey)``, ``use_install``). (The
        hook installs of TypeScript modules are settled first: ts/hookauth.py, engines/cst.py.)"""
        off = next((a for a in self.auth_evidence if a.get("unset_passes")), None)
        if off is None:
            return
        why = f"a credential is configured: {off['path']}:{off['pos'][0]} lets every request through while none is"
        if "only when the request sends one" in str(off.get("detail", "")):
            why = f"a request sends a credential: {off['path']}:{off['pos'][0]} lets every request without one through"
        for a in self.auth_evidence:
            if (a.get("kind") in ("name", "guard") or a.get("use_install")) and not a.get("path", "").endswith(".py"):
                a["optional"] = why

    def absorb(self, other: "Project") -> "Project":
        """Add another engine's project (another language's files of the same repository): one
        project, one tool inventory, one posture pass."""
        self.files.update(other.files)
        self.tools = sorted([*self.tools, *other.tools], key=lambda t: (t.location.path, t.location.line, t.name))
        self.http_servers.extend(other.http_servers)
        self.auth_evidence.extend(other.auth_evidence)
        self.safe_sinks = set(self.safe_sinks) | set(other.safe_sinks)
        self.unfollowed = [*self.unfollowed, *other.unfollowed]
        self.trees.update(other.trees)
        self.reach = self.reach if self.reach is not None else other.reach
        self.other_apps = set(self.other_apps) | set(other.other_apps)
        self.unreached = frozenset(self.unreached) | frozenset(other.unreached)
        if other.tool_effect_kinds is not None:
            self.tool_effect_kinds = frozenset(self.tool_effect_kinds or ()) | other.tool_effect_kinds
        return self
