"""Posture facts: repository-level facts the checklists are decided from.

Everything here is static: Python files are parsed with :mod:`ast` (never imported or executed)
and the other files (Dockerfiles, requirements, lock files, compose/Kubernetes YAML, CI workflows,
proxy configs) are read as text. Test files (``tests/``, ``test_*.py``, ``*_test.py``,
``conftest.py``) are ignored: posture is about the server that ships.

:func:`extract_facts` always returns every fact in :data:`FACTS`, in that order, so a checklist can
tell "false" from "not extracted". Values are ``True``/``False``, ``"partial"`` for some facts (see
the table), a number or list for informational facts, or ``None`` when there is nothing to judge
(HTTP facts on a stdio-only server, Docker facts without a Dockerfile, timeouts without any outbound
call). Each fact carries evidence locations (root-relative POSIX path, 1-based line) and a note.
"""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from ..models import Location, Parameter, PostureFact, ToolInfo
from .._gc import paused

# fact id -> what it means (also the order extract_facts returns them in)
FACTS: Dict[str, str] = {
    "transport.stdio": "the server can run over stdio (explicitly, or FastMCP's default run())",
    "transport.sse": "an SSE transport is served",
    "transport.streamable_http": "a streamable HTTP transport is served",
    "transport.http": "the server listens on HTTP (SSE, streamable HTTP, or an ASGI/web app)",
    "http.frameworks": "web frameworks/servers imported (starlette, fastapi, uvicorn, ...)",
    "http.bind_all": "binds to all interfaces (0.0.0.0 / ::); null without HTTP",
    "http.auth": "authentication on the HTTP transport; null without HTTP",
    "tls.configured": "TLS is configured (server certs or a TLS-terminating proxy); null without HTTP",
    "tls.client_auth": "client certificates are required (mutual TLS); null without HTTP",
    "tls.plain_http": "plain http:// endpoints to non-local hosts appear in the code",
    "cors.configured": "a CORS policy is configured; null without HTTP",
    "cors.wildcard": "CORS allows any origin; null without HTTP",
    "cors.wildcard_credentials": "CORS allows any origin together with credentials; null without HTTP",
    "http.security_headers": "security headers are set: true (3+ or a library), partial (1-2), false; null without HTTP",
    "limits.rate_limit": "a rate limiter is used (library or one in code/proxy config)",
    "limits.http_timeouts": "outbound HTTP calls have timeouts: true, partial, false; null without calls",
    "limits.subprocess_timeouts": "subprocesses have timeouts: true, partial, false; null without subprocesses",
    "limits.resources": "resource limits are set (setrlimit, container/pod/systemd limits)",
    "logging.audit": "tool invocations are audit-logged: true (all/central), partial, false; null without tools",
    "output.error_details": "exception text or tracebacks are returned to callers",
    "output.redaction": "sensitive data is redacted from outputs/logs",
    "debug.enabled": "debug mode or auto-reload is switched on",
    "docker.present": "a Dockerfile/Containerfile exists",
    "docker.non_root": "the final image stage runs as a non-root USER; null without Dockerfile",
    "docker.pinned_base": "base images pinned: true (digest), partial (tag), false (latest/untagged); null without Dockerfile",
    "docker.minimal_base": "the final base image is minimal (slim/alpine/distroless); null without Dockerfile",
    "docker.secrets_in_env": "ENV/ARG carry secret-looking names; null without Dockerfile",
    "docker.add_url": "ADD fetches from a URL; null without Dockerfile",
    "docker.healthcheck": "the image (or compose service) defines a HEALTHCHECK; null without Dockerfile",
    "container.read_only": "the container root filesystem is read-only",
    "container.syscall_restrictions": "seccomp / dropped capabilities / no-new-privileges are configured",
    "container.network_isolation": "network isolation (network none, internal networks, NetworkPolicy)",
    "container.signed": "container images are signed in CI (cosign, notation); null without Dockerfile",
    "deploy.kubernetes": "Kubernetes manifests are present",
    "deps.lockfile": "a lock file (uv.lock, poetry.lock, hashed requirements...) is present",
    "deps.pinned": "dependencies are pinned: true (lock file or all ==), partial, false; null when none are declared",
    "ci.dependency_scan": "dependency audit configured (pip-audit, safety, osv-scanner, Dependabot, ...)",
    "ci.sast": "static analysis in CI/pre-commit (bandit, semgrep, CodeQL, mcpaudit)",
    "tools.count": "number of MCP tools found",
    "tools.raw_exec": "a tool's whole job is raw command, SQL or code execution; null without tools",
    "tools.destructive_unannotated": "destructive tools without destructiveHint or confirmation; null without tools",
    "tools.privileged_ungated": "privileged tools registered without a role/scope gate; null without tools",
}

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_OTHER_FILES = 3000
MAX_EVIDENCE = 25

_SKIP_DIRS = {
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", ".mcpaudit-cache",
}
_OTHER_NAMES = {
    "dockerfile", "containerfile", "procfile", "caddyfile", "makefile", "pyproject.toml",
    "setup.cfg", "pipfile", "pipfile.lock", "uv.lock", "poetry.lock", "pdm.lock", "pylock.toml",
    "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum", "cargo.lock",
    "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".mcp.json",
}
_OTHER_SUFFIXES = (".yml", ".yaml", ".conf", ".service", ".sh", ".lock", ".dockerfile", ".toml")
_LOCKFILES = {
    "uv.lock", "poetry.lock", "pipfile.lock", "pdm.lock", "pylock.toml", "package-lock.json",
    "yarn.lock", "pnpm-lock.yaml", "go.sum", "cargo.lock", "requirements.lock",
}


# --------------------------------------------------------------------------- file collection


def _is_other_file(rel: str) -> bool:
    name = PurePosixPath(rel).name
    low = name.lower()
    if low in _OTHER_NAMES:
        return True
    if low.startswith("dockerfile.") or low.startswith("containerfile."):
        return True
    if low.startswith(("requirements", "constraints")) and low.endswith((".txt", ".in")):
        return True
    if "/requirements/" in f"/{rel.lower()}" and low.endswith((".txt", ".in")):
        return True
    if low.startswith("pylock.") and low.endswith(".toml"):
        return True
    if low.endswith(".json") and "mcp" in low:
        return True
    if low.endswith(".toml") and low != "pyproject.toml":
        return False  # other TOML (ruff.toml...) is not deployment config
    return low.endswith(_OTHER_SUFFIXES)


def collect_other_files(root: Path) -> Dict[str, str]:
    """Find the non-Python files posture needs under ``root`` (root-relative POSIX path -> text).

    Never follows a symlink out of ``root``, skips virtualenvs/VCS/vendored dirs and files over
    2 MB, and stops after a few thousand files."""
    root = Path(root)
    out: Dict[str, str] = {}
    try:
        real_root = root.resolve()
    except OSError:
        return out
    if not real_root.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(real_root, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in _SKIP_DIRS and not d.endswith(".egg-info")
            and not os.path.islink(os.path.join(dirpath, d))
        )
        for fn in sorted(filenames):
            full = Path(dirpath) / fn
            rel = full.relative_to(real_root).as_posix()
            if not _is_other_file(rel):
                continue
            try:
                if full.is_symlink():
                    target = full.resolve()
                    if real_root not in target.parents:
                        continue
                if full.stat().st_size > MAX_FILE_BYTES:
                    continue
                out[rel] = full.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if len(out) >= MAX_OTHER_FILES:
                return out
    return out


# --------------------------------------------------------------------------- helpers


def _is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else path
    if any(p in ("tests", "test", "testing") for p in parts[:-1]):
        return True
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def _kind_of(rel: str) -> str:
    """docker | lock | manifest | requirements | yaml | other"""
    low = PurePosixPath(rel).name.lower()
    if low in ("dockerfile", "containerfile") or low.startswith(("dockerfile.", "containerfile.")) \
            or low.endswith(".dockerfile"):
        return "docker"
    if low in _LOCKFILES or low.endswith(".lock") or (low.startswith("pylock.") and low.endswith(".toml")):
        return "lock"
    if low in ("pyproject.toml", "setup.cfg", "pipfile", "package.json"):
        return "manifest"
    if low.startswith(("requirements", "constraints")) or "/requirements/" in f"/{rel.lower()}":
        return "requirements"
    if low.endswith((".yml", ".yaml")):
        return "yaml"
    return "other"


class _Ev:
    """Evidence accumulator: dedupes and sorts locations."""

    def __init__(self) -> None:
        self._locs: Set[Tuple[str, int]] = set()

    def add(self, path: str, line: int) -> None:
        self._locs.add((path, max(1, int(line or 1))))

    def extend(self, locs: Iterable[Tuple[str, int]]) -> None:
        for p, ln in locs:
            self.add(p, ln)

    def __bool__(self) -> bool:
        return bool(self._locs)

    def __len__(self) -> int:
        return len(self._locs)

    def locations(self) -> List[Location]:
        return [Location(p, ln) for p, ln in sorted(self._locs)[:MAX_EVIDENCE]]


_MULTILINE: Dict[Any, "re.Pattern[str]"] = {}


# literal substrings, one of which every match of a (slow, many-branch) pattern contains: checked
# with str.find before the regex runs, which keeps big repositories fast
_NEEDLES: Dict[Any, Tuple[str, ...]] = {}


def _anywhere(pattern: "re.Pattern[str]", text: str) -> bool:
    """Cheap whole-text prefilter for a line-oriented pattern (``^``/``$`` match at lines)."""
    needles = _NEEDLES.get(pattern)
    if needles is not None and not any(n in text for n in needles):
        return False
    ml = _MULTILINE.get(pattern)
    if ml is None:
        ml = _MULTILINE[pattern] = re.compile(pattern.pattern, pattern.flags | re.M)
    return ml.search(text) is not None


def _grep_lines(text: str, pattern: "re.Pattern[str]", skip_comments: str = "") -> Iterator[int]:
    if not _anywhere(pattern, text):
        return
    for i, line in enumerate(text.splitlines(), 1):
        if skip_comments and line.lstrip().startswith(skip_comments):
            continue
        if pattern.search(line):
            yield i


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _split_tokens(name: str) -> List[str]:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name or "")
    return [t for t in re.split(r"[^A-Za-z0-9]+", name.lower()) if t]


# --------------------------------------------------------------------------- Python files


@dataclass
class _Func:
    node: ast.AST  # FunctionDef | AsyncFunctionDef
    name: str
    qualname: str
    first_line: int  # first decorator line, or the def line
    end_line: int


@dataclass
class _Py:
    path: str
    text: str
    lines: List[str]
    tree: Optional[ast.Module] = None
    aliases: Dict[str, str] = field(default_factory=dict)
    parents: Dict[int, ast.AST] = field(default_factory=dict)
    calls: List[Tuple[ast.Call, str]] = field(default_factory=list)
    funcs: List[_Func] = field(default_factory=list)
    strings: List[Tuple[ast.Constant, bool]] = field(default_factory=list)  # (node, in f-string)
    assigns: List[ast.Assign] = field(default_factory=list)
    handlers: List[ast.ExceptHandler] = field(default_factory=list)

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return self.parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        cur = self.parent(node)
        while cur is not None:
            yield cur
            cur = self.parent(cur)

    def segment(self, start: int, end: int) -> str:
        return "\n".join(self.lines[max(0, start - 1):end])

    def enclosing_func(self, node: ast.AST) -> Optional[ast.AST]:
        for anc in self.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return anc
        return None

    def dotted(self, node: ast.AST) -> Optional[str]:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            base = self.dotted(node.func)
            return f"{base}()" if base else None
        return None


def _parse_py(path: str, text: str) -> _Py:
    py = _Py(path=path, text=text, lines=text.splitlines())
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError):
        return py
    py.tree = tree
    calls: List[ast.Call] = []
    docstrings: Set[int] = set()
    stack: List[Tuple[ast.AST, str]] = [(tree, "")]
    parents = py.parents
    while stack:
        node, qual = stack.pop()
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.add(id(body[0].value))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            qn = f"{qual}.{node.name}" if qual else node.name
            py.funcs.append(_Func(node, node.name, qn, first, getattr(node, "end_lineno", node.lineno) or node.lineno))
            child_qual = qn
        elif isinstance(node, ast.ClassDef):
            child_qual = f"{qual}.{node.name}" if qual else node.name
        else:
            child_qual = qual
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    py.aliases[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    py.aliases.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                py.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) not in docstrings:
                py.strings.append((node, isinstance(py.parents.get(id(node)), ast.JoinedStr)))
            continue  # no children
        elif isinstance(node, ast.Assign):
            py.assigns.append(node)
        elif isinstance(node, ast.ExceptHandler):
            py.handlers.append(node)
        elif isinstance(node, (ast.Name, ast.Load, ast.Store)):
            continue
        # ast.iter_child_nodes, inlined: a third of the pass went into its generators
        for fname in node._fields:
            v = getattr(node, fname, None)
            if isinstance(v, list):
                for child in v:
                    if isinstance(child, ast.AST):
                        parents[id(child)] = node
                        stack.append((child, child_qual))
            elif isinstance(v, ast.AST):
                parents[id(v)] = node
                stack.append((v, child_qual))
    # resolve call names once every import alias is known
    py.calls = [(c, py.dotted(c.func) or "") for c in calls]
    py.calls.sort(key=lambda c: (c[0].lineno, c[0].col_offset))
    py.strings.sort(key=lambda s: (s[0].lineno, s[0].col_offset))
    py.funcs.sort(key=lambda f: f.first_line)
    return py


def _kw(call: ast.Call, name: str) -> Optional[ast.expr]:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def _const(node: Optional[ast.AST]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    return _MISSING


_MISSING = object()


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1] if name else ""


def _contains_name(node: ast.AST, ident: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == ident for n in ast.walk(node))


# --------------------------------------------------------------------------- the extractor


class _Extractor:
    def __init__(self, root: Path, files: Dict[str, str], tools: Sequence[ToolInfo],
                 other_files: Dict[str, str]):
        self.root = root
        self.py: List[_Py] = [_parse_py(p, t) for p, t in sorted(files.items()) if not _is_test_path(p)]
        self.py_by_path = {p.path: p for p in self.py}
        self.other = {p: t for p, t in sorted(other_files.items()) if not _is_test_path(p)}
        self.docker = {p: t for p, t in self.other.items() if _kind_of(p) == "docker"}
        self.yaml = {p: t for p, t in self.other.items() if _kind_of(p) == "yaml"}
        self.facts: Dict[str, PostureFact] = {}
        self.tools = [t for t in tools if t.kind in ("tool", "call_tool")] if tools else []
        if not tools:
            self.tools = self._discover_tools()
        self.tools = [t for t in self.tools if not _is_test_path(t.location.path)]

    # ------------------------------------------------------------------ plumbing
    def set(self, fid: str, value: Any, ev: Optional[_Ev] = None, note: str = "") -> None:
        assert fid in FACTS, fid
        self.facts[fid] = PostureFact(fid, value, ev.locations() if ev else [], note)

    def _used(self, name: str) -> bool:
        """The name occurs at least twice in the Python sources (defined and used)."""
        if not hasattr(self, "_all_text"):
            self._all_text = "\n".join(py.text for py in self.py)
        if name.isidentifier():
            # one pass over all the sources for every name asked about: for a word, \bname\b
            # matches exactly where a maximal run of word characters equals the name
            if not hasattr(self, "_words"):
                self._words = Counter(re.findall(r"\w+", self._all_text))
            return self._words[name] >= 2
        n = 0
        for _ in re.finditer(r"\b%s\b" % re.escape(name), self._all_text):
            n += 1
            if n >= 2:
                return True
        return False

    def value(self, fid: str) -> Any:
        return self.facts[fid].value

    def grep_py(self, pattern: "re.Pattern[str]") -> _Ev:
        ev = _Ev()
        for py in self.py:
            for ln in _grep_lines(py.text, pattern, "#"):
                ev.add(py.path, ln)
        return ev

    def grep_other(self, pattern: "re.Pattern[str]", kinds: Optional[Set[str]] = None,
                   names: Optional[Callable[[str], bool]] = None) -> _Ev:
        ev = _Ev()
        for path, text in self.other.items():
            if kinds is not None and _kind_of(path) not in kinds:
                continue
            if names is not None and not names(path):
                continue
            for ln in _grep_lines(text, pattern, "#"):
                ev.add(path, ln)
        return ev

    def calls(self, pred: Callable[[str], bool]) -> Iterator[Tuple[_Py, ast.Call, str]]:
        for py in self.py:
            for call, name in py.calls:
                if name and pred(name):
                    yield py, call, name

    # ------------------------------------------------------------------ run
    def run(self) -> List[PostureFact]:
        self.transports()
        self.http_facts()
        self.limits()
        self.logging_and_output()
        self.docker_facts()
        self.container_facts()
        self.deps_facts()
        self.tool_facts()
        return [self.facts[fid] for fid in FACTS]

    # ------------------------------------------------------------------ transports
    _T_STDIO = {"stdio"}
    _T_SSE = {"sse"}
    _T_HTTP = {"streamable-http", "streamable_http", "http", "streamable"}

    def transports(self) -> None:
        stdio, sse, shttp, web = _Ev(), _Ev(), _Ev(), _Ev()
        notes: List[str] = []

        def classify(value: str, py: _Py, line: int) -> None:
            v = value.strip().lower()
            if v in self._T_STDIO:
                stdio.add(py.path, line)
            elif v in self._T_SSE:
                sse.add(py.path, line)
            elif v in self._T_HTTP:
                shttp.add(py.path, line)

        for py in self.py:
            instances: Set[str] = set()
            for call, name in py.calls:
                if _last(name) in ("FastMCP", "MCPServer"):
                    par = py.parent(call)
                    if isinstance(par, ast.Assign):
                        for t in par.targets:
                            if isinstance(t, ast.Name):
                                instances.add(t.id)
                            elif isinstance(t, ast.Attribute):
                                instances.add(t.attr)
                    elif isinstance(par, ast.AnnAssign) and isinstance(par.target, ast.Name):
                        instances.add(par.target.id)
            for call, name in py.calls:
                last = _last(name)
                line = call.lineno
                if last in ("run", "run_async") and isinstance(call.func, ast.Attribute):
                    base = call.func.value
                    base_name = base.id if isinstance(base, ast.Name) else (
                        base.attr if isinstance(base, ast.Attribute) else "")
                    is_mcp = base_name in instances or base_name in ("mcp", "server", "app")
                    tr = _kw(call, "transport")
                    if tr is None and call.args:
                        # FastMCP.run("sse"); the low-level Server.run(read, write, options) takes streams
                        first = call.args[0]
                        if isinstance(_const(first), str) or base_name in instances:
                            tr = first
                        else:
                            continue
                    if tr is None:
                        if base_name in instances:
                            stdio.add(py.path, line)  # FastMCP.run() defaults to stdio
                    elif isinstance(_const(tr), str):
                        if is_mcp or base_name in instances:
                            classify(_const(tr), py, line)
                    elif is_mcp:
                        # transport chosen at runtime: any transport literal in the file counts
                        lits = {s.value.strip().lower() for s, _ in py.strings}
                        hit = False
                        for lit in lits & (self._T_STDIO | self._T_SSE | self._T_HTTP):
                            classify(lit, py, line)
                            hit = True
                        if not hit:
                            stdio.add(py.path, line)
                        notes.append(f"transport chosen at runtime ({py.path}:{line})")
                if last in ("run_http_async", "run_sse_async", "run_streamable_http_async") \
                        and isinstance(_const(_kw(call, "transport")), str):
                    classify(_const(_kw(call, "transport")), py, line)  # fastmcp 2.x run_http_async(transport="sse")
                elif last == "run_http_async":
                    shttp.add(py.path, line)
                elif last in ("run_stdio_async", "stdio_server") or name.endswith("stdio.stdio_server"):
                    stdio.add(py.path, line)
                elif last in ("run_sse_async", "sse_app", "SseServerTransport", "EventSourceResponse"):
                    sse.add(py.path, line)
                elif last in ("run_streamable_http_async", "streamable_http_app", "http_app",
                              "StreamableHTTPSessionManager", "StreamableHTTPServerTransport"):
                    shttp.add(py.path, line)
                elif name in ("uvicorn.run", "uvicorn.Server", "uvicorn.Config", "hypercorn.asyncio.serve",
                              "hypercorn.trio.serve", "aiohttp.web.run_app", "granian.Granian") \
                        or last in ("FastAPI", "Starlette") and name.split(".")[0] in ("fastapi", "starlette"):
                    web.add(py.path, line)
        # CLI-level transport selection in Dockerfiles / compose / scripts
        tr_re = re.compile(r"(?:--transport[= ]\s*|(?:FASTMCP|MCP)_TRANSPORT\s*[=:]\s*)[\"']?([\w-]+)")
        for path, text in self.other.items():
            for m in tr_re.finditer(text):
                v = m.group(1).lower()
                line = _line_of(text, m.start())
                if v in self._T_STDIO:
                    stdio.add(path, line)
                elif v in self._T_SSE:
                    sse.add(path, line)
                elif v in self._T_HTTP:
                    shttp.add(path, line)
        # uvicorn/gunicorn launched from the command line
        web.extend((p, ln) for p, ln in ((l.path, l.line) for l in self.grep_other(
            re.compile(r"\b(uvicorn|hypercorn|gunicorn|granian)\b[\"',\s]+[\w.]+:\w+"), kinds={"docker", "yaml", "other"}).locations()))

        # a FastMCP server with no explicit transport at all runs over stdio
        if not (stdio or sse or shttp or web):
            for py in self.py:
                for call, name in py.calls:
                    if _last(name) == "FastMCP" or name.endswith("mcp.server.lowlevel.Server") \
                            or name.endswith("mcp.server.Server"):
                        stdio.add(py.path, call.lineno)
                        notes.append("no transport selected: FastMCP/Server default is stdio")
                        break

        frameworks = _Ev()
        names: Set[str] = set()
        fw_re = re.compile(r"^\s*(?:from|import)\s+(starlette|fastapi|uvicorn|hypercorn|aiohttp|flask|sse_starlette|granian)\b")
        _NEEDLES[fw_re] = ("starlette", "fastapi", "uvicorn", "hypercorn", "aiohttp", "flask", "granian")
        for py in self.py:
            if not _anywhere(fw_re, py.text):
                continue
            for i, line in enumerate(py.lines, 1):
                m = fw_re.match(line)
                if m:
                    names.add(m.group(1).replace("_", "-"))
                    frameworks.add(py.path, i)
        self.set("transport.stdio", bool(stdio), stdio, "; ".join(dict.fromkeys(notes)))
        self.set("transport.sse", bool(sse), sse)
        self.set("transport.streamable_http", bool(shttp), shttp)
        http = _Ev()
        http.extend((l.path, l.line) for e in (sse, shttp, web) for l in e.locations())
        self.set("transport.http", bool(http), http)
        self.set("http.frameworks", sorted(names), frameworks)

    # ------------------------------------------------------------------ HTTP: bind, auth, TLS, CORS, headers
    _AUTH_PY = re.compile(
        r"\btoken_verifier\s*=|\bauth_server_provider\s*=|\bAuthSettings\s*\(|\bTokenVerifier\b"
        r"|\bBearerAuthBackend\b|\bRequireAuthMiddleware\b|\bAuthenticationMiddleware\b"
        r"|\bBearerAuthProvider\b|\bJWTVerifier\b|\bStaticTokenVerifier\b|\bIntrospectionTokenVerifier\b"
        r"|\bOAuthProxy\b|\bRemoteAuthProvider\b|\bOAuthProvider\b|\bfastmcp\.server\.auth\b"
        r"|\bmcp\.server\.auth\b|\bHTTPBearer\b|\bHTTPBasic\b|\bAPIKeyHeader\b|\bAPIKeyQuery\b"
        r"|\bAPIKeyCookie\b|\bOAuth2PasswordBearer\b|\bOAuth2AuthorizationCodeBearer\b"
        r"|\bDepends\(\s*(?:verify|check|require|get_current|authenticate|validate)\w*"
        r"|@requires\(|\bAuthenticationBackend\b"
    )
    _NEEDLES[_AUTH_PY] = (
        "token_verifier", "auth_server_provider", "AuthSettings", "TokenVerifier", "BearerAuth",
        "RequireAuthMiddleware", "AuthenticationMiddleware", "JWTVerifier", "OAuth", "server.auth",
        "HTTPBearer", "HTTPBasic", "APIKey", "Depends", "@requires", "AuthenticationBackend",
    )
    _AUTH_HEADER = re.compile(r"[\"']authorization[\"']|[\"']x-api-key[\"']", re.I)
    _UNAUTH = re.compile(r"\b401\b|HTTP_401_UNAUTHORIZED|Unauthorized", re.I)
    _AUTH_OTHER = re.compile(r"oauth2-proxy|\bauth_request\b|forward_?auth|\bbasicauth\b|\bauth_basic\b"
                             r"|auth-url|auth-signin", re.I)

    def http_facts(self) -> None:
        http = self.value("transport.http") is True
        # bind address
        bind = _Ev()
        for py in self.py:
            for s, _ in py.strings:
                if s.value.strip() in ("0.0.0.0", "::", "[::]"):
                    bind.add(py.path, s.lineno)
        bind.extend((l.path, l.line) for l in self.grep_other(
            re.compile(r"0\.0\.0\.0|--host[= ]\s*[\"']?::"), kinds={"docker", "yaml", "other"}).locations())
        self.set("http.bind_all", bool(bind) if http else None, bind if http else None)

        # authentication
        auth = self.grep_py(self._AUTH_PY)
        for py, call, name in self.calls(lambda n: _last(n) in ("FastMCP", "MCPServer")):
            node = _kw(call, "auth")
            if node is not None and _const(node) is not None:
                auth.add(py.path, call.lineno)
        for py in self.py:
            hdr = [i for i in _grep_lines(py.text, self._AUTH_HEADER, "#")]
            if hdr and self._UNAUTH.search(py.text):
                auth.extend((py.path, ln) for ln in hdr)
        auth.extend((l.path, l.line) for l in self.grep_other(self._AUTH_OTHER, kinds={"yaml", "other", "docker"}).locations())
        self.set("http.auth", bool(auth) if http else None, auth if http else None,
                 "" if not http or auth else "no token verifier, auth provider, auth middleware or dependency found")

        # TLS
        tls = _Ev()
        mtls = _Ev()
        for py, call, name in self.calls(lambda n: True):
            for k in call.keywords:
                if k.arg in ("ssl_keyfile", "ssl_certfile", "ssl_context", "certfile", "keyfile") \
                        and _const(k.value) is not None:
                    tls.add(py.path, call.lineno)
                if k.arg == "ssl_cert_reqs" and "CERT_REQUIRED" in ast.dump(k.value) or \
                        k.arg == "ssl_cert_reqs" and _const(k.value) == 2:
                    mtls.add(py.path, call.lineno)
            if _last(name) == "load_cert_chain":
                tls.add(py.path, call.lineno)
        for py in self.py:
            for node in py.assigns:
                for t in node.targets:
                    if isinstance(t, ast.Attribute) and t.attr in ("certfile", "keyfile", "ssl_certfile", "ssl_keyfile"):
                        tls.add(py.path, node.lineno)
                    if isinstance(t, ast.Attribute) and t.attr == "verify_mode" \
                            and "CERT_REQUIRED" in ast.dump(node.value) and "load_cert_chain" in py.text:
                        mtls.add(py.path, node.lineno)
        tls.extend((l.path, l.line) for l in self.grep_other(re.compile(
            r"--ssl-(?:keyfile|certfile)|--(?:certfile|keyfile)\b|\bssl_certificate\b|listen\s+\S*443\s+ssl"
            r"|^\s*tls:\s*$|secretName:|certResolver|UVICORN_SSL_(?:CERT|KEY)FILE|tls\.certresolver"), kinds={"docker", "yaml", "other"}).locations())
        for path in self.other:
            if PurePosixPath(path).name.lower() == "caddyfile":
                tls.add(path, 1)
        mtls.extend((l.path, l.line) for l in self.grep_other(re.compile(
            r"ssl_verify_client\s+on|--ssl-cert-reqs[= ]\s*2|RequireAndVerifyClientCert|auth-tls-verify-client|clientAuth"),
            kinds={"docker", "yaml", "other"}).locations())
        self.set("tls.configured", bool(tls) if http else None, tls if http else None,
                 "" if not http or tls else "no ssl_certfile/ssl_keyfile, SSL context or TLS-terminating proxy config found")
        self.set("tls.client_auth", bool(mtls and tls) if http else None, mtls if http else None,
                 "" if not http or mtls else "client certificates are not required (no CERT_REQUIRED / ssl_verify_client)")

        # plain http:// endpoints
        plain = _Ev()
        url_re = re.compile(r"http://([^/\s:'\"?#]*)")
        for py in self.py:
            for s, in_f in py.strings:
                if "http://" not in s.value or s.value.rstrip().endswith("#"):
                    continue
                par = py.parent(s)
                if isinstance(par, ast.Call) and _last(py.dotted(par.func) or "") in _NAMESPACE_CALLS:
                    continue  # an RDF/XML namespace identifier, not an endpoint
                for m in url_re.finditer(s.value):
                    host = m.group(1).lower().strip("[]")
                    if not host:
                        if in_f and s.value.rstrip().endswith("http://"):
                            plain.add(py.path, s.lineno)  # f"http://{host}..."
                        continue
                    if _local_or_namespace_host(host):
                        continue
                    plain.add(py.path, s.lineno)
        self.set("tls.plain_http", bool(plain), plain,
                 "plain http:// URLs to non-local hosts" if plain else "")

        # CORS
        cors, wild, wild_cred = _Ev(), _Ev(), _Ev()
        for py in self.py:
            for call, name in py.calls:
                names = [name] + [py.dotted(a) or "" for a in call.args]
                if not any(_last(n) == "CORSMiddleware" for n in names):
                    continue
                cors.add(py.path, call.lineno)
                origins = _kw(call, "allow_origins")
                regex = _kw(call, "allow_origin_regex")
                is_wild = False
                if origins is not None:
                    vals = [origins] if isinstance(origins, ast.Constant) else getattr(origins, "elts", [])
                    is_wild = any(_const(v) == "*" for v in vals)
                if regex is not None and _const(regex) in (".*", ".+", "^.*$", "^.+$", "(.*)"):
                    is_wild = True
                if is_wild:
                    wild.add(py.path, call.lineno)
                    if _const(_kw(call, "allow_credentials")) is True:
                        wild_cred.add(py.path, call.lineno)
        hdr_wild = re.compile(r"Access-Control-Allow-Origin[\"']?\s*[:,=]?\s*[\"']?\*", re.I)
        for ev in (self.grep_py(hdr_wild), self.grep_other(hdr_wild)):
            wild.extend((l.path, l.line) for l in ev.locations())
            cors.extend((l.path, l.line) for l in ev.locations())
        self.set("cors.configured", bool(cors) if http else None, cors if http else None)
        self.set("cors.wildcard", bool(wild) if http else None, wild if http else None,
                 "any origin may call the server from a browser" if wild else "")
        self.set("cors.wildcard_credentials", bool(wild_cred) if http else None, wild_cred if http else None,
                 "wildcard origin with allow_credentials=True" if wild_cred else "")

        # security headers
        hdr_names = ("strict-transport-security", "x-content-type-options", "content-security-policy",
                     "x-frame-options", "referrer-policy", "permissions-policy")
        found: Set[str] = set()
        hev = _Ev()
        hre = re.compile("|".join(re.escape(h) for h in hdr_names), re.I)
        lib_re = re.compile(r"^\s*(?:from|import)\s+(secure|secweb|flask_talisman)\b|\bTalisman\(|\bSecureHeaders\b"
                            r"|stsSeconds|contentTypeNosniff|frameDeny|browserXssFilter")
        _NEEDLES[hre] = ("ransport-Security", "ransport-security", "ype-Options", "ype-options", "olicy", "OLICY",
                         "PTIONS", "ECURITY")
        _NEEDLES[lib_re] = ("secure", "secweb", "alisman", "SecureHeaders", "stsSeconds", "contentTypeNosniff",
                            "frameDeny", "browserXssFilter")
        lib = False
        for py in self.py:
            if not (_anywhere(hre, py.text) or _anywhere(lib_re, py.text)):
                continue
            for i, line in enumerate(py.lines, 1):
                if line.lstrip().startswith("#"):
                    continue
                for m in hre.finditer(line):
                    found.add(m.group(0).lower())
                    hev.add(py.path, i)
                if lib_re.search(line):
                    lib = True
                    hev.add(py.path, i)
        for path, text in self.other.items():
            if not (_anywhere(hre, text) or _anywhere(lib_re, text)):
                continue
            for i, line in enumerate(text.splitlines(), 1):
                for m in hre.finditer(line):
                    found.add(m.group(0).lower())
                    hev.add(path, i)
                if lib_re.search(line):
                    lib = True
                    hev.add(path, i)
        if not http:
            self.set("http.security_headers", None)
        else:
            val: Any = True if lib or len(found) >= 3 else ("partial" if found else False)
            self.set("http.security_headers", val, hev,
                     f"headers set: {', '.join(sorted(found)) or 'none'}")

    # ------------------------------------------------------------------ limits
    _RL_IMPORT = re.compile(
        r"^\s*(?:from|import)\s+(slowapi|limits|fastapi_limiter|ratelimit|ratelimiter|aiolimiter|pyrate_limiter"
        r"|asyncio_throttle|throttled|starlette_ratelimit|asgi_ratelimit|redis_rate_limit|token_bucket)\b"
        r"|\b(?:Sliding\w*)?RateLimitingMiddleware\b|\bLimiter\s*\(|@\w+\.limit\(")
    _NEEDLES[_RL_IMPORT] = ("slowapi", "limits", "imiter", "ratelimit", "throttl", "token_bucket",
                            "RateLimiting", ".limit(")
    _RL_DEF = re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w*(?:rate_?limit|ratelimit|throttl|token_?bucket|leaky_?bucket|limiter)\w*)", re.I)
    _NEEDLES[_RL_DEF] = ("imit", "IMIT", "hrottl", "HROTTL", "ucket", "UCKET")
    _RL_OTHER = re.compile(r"\blimit_req\b|\blimit_req_zone\b|rateLimit|ratelimit|limit-rps|limit-rpm|rate-limit", re.I)

    def limits(self) -> None:
        rl = self.grep_py(self._RL_IMPORT)
        for py in self.py:
            if not _anywhere(self._RL_DEF, py.text):
                continue
            for i, line in enumerate(py.lines, 1):
                m = self._RL_DEF.match(line)
                if m and self._used(m.group(1)):
                    rl.add(py.path, i)
        rl.extend((l.path, l.line) for l in self.grep_other(self._RL_OTHER, kinds={"yaml", "other"}).locations())
        self.set("limits.rate_limit", bool(rl), rl, "" if rl else "no rate limiter found")

        # outbound HTTP timeouts
        http_ok, http_missing = _Ev(), _Ev()
        req_funcs = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
        for py, call, name in self.calls(lambda n: True):
            parts = name.split(".")
            timeout = _kw(call, "timeout")
            has_timeout = timeout is not None and _const(timeout) is not None
            if parts[0] == "requests" and len(parts) == 2 and parts[1] in req_funcs:
                (http_ok if has_timeout else http_missing).add(py.path, call.lineno)
            elif parts[0] == "httpx" and len(parts) == 2 and (parts[1] in req_funcs | {"stream", "Client", "AsyncClient"}):
                # httpx applies a 5 s default; only an explicit timeout=None disables it
                explicit_none = timeout is not None and _const(timeout) is None
                (http_missing if explicit_none else http_ok).add(py.path, call.lineno)
            elif name in ("aiohttp.ClientSession", "urllib3.PoolManager", "http.client.HTTPConnection",
                          "http.client.HTTPSConnection"):
                (http_ok if has_timeout else http_missing).add(py.path, call.lineno)
            elif name in ("urllib.request.urlopen",):
                (http_ok if has_timeout or len(call.args) >= 3 else http_missing).add(py.path, call.lineno)
        self._tri("limits.http_timeouts", http_ok, http_missing, "outbound HTTP call(s) without a timeout")

        # subprocess timeouts
        sp_ok, sp_missing = _Ev(), _Ev()
        wait_re = re.compile(r"\.(?:communicate|wait)\([^)]*timeout|\bwait_for\s*\(|\btimeout(?:_at)?\s*\(")
        for py, call, name in self.calls(lambda n: n.startswith(("subprocess.", "asyncio.", "os."))):
            if name in ("subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output"):
                t = _kw(call, "timeout")
                (sp_ok if t is not None and _const(t) is not None else sp_missing).add(py.path, call.lineno)
            elif name in ("subprocess.Popen", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"):
                fn = py.enclosing_func(call)
                seg = py.segment(fn.lineno, fn.end_lineno) if fn is not None else py.text
                (sp_ok if wait_re.search(seg) else sp_missing).add(py.path, call.lineno)
            elif name in ("os.system", "os.popen"):
                sp_missing.add(py.path, call.lineno)
        self._tri("limits.subprocess_timeouts", sp_ok, sp_missing, "subprocess call(s) without a timeout")

        # resource limits
        res = _Ev()
        for py, call, name in self.calls(lambda n: _last(n) in ("setrlimit", "prlimit")):
            res.add(py.path, call.lineno)
        res.extend((l.path, l.line) for l in self.grep_other(re.compile(
            r"^\s*(?:mem_limit|memswap_limit|cpus|cpu_quota|pids_limit|ulimits)\s*:|^\s*limits:\s*$"
            r"|--memory[= ]|--cpus[= ]|--pids-limit|\b(?:MemoryMax|MemoryLimit|CPUQuota|LimitNOFILE|TasksMax)="),
            kinds={"yaml", "other", "docker"}).locations())
        res.extend((l.path, l.line) for l in self.grep_other(re.compile(r"\"--(?:memory|cpus|pids-limit)\""),
                                                             names=lambda p: p.lower().endswith(".json")).locations())
        self.set("limits.resources", bool(res), res, "" if res else "no setrlimit, container, pod or unit limits found")

    def _tri(self, fid: str, ok: _Ev, missing: _Ev, what: str) -> None:
        if not ok and not missing:
            self.set(fid, None, note="no such calls")
        elif not missing:
            self.set(fid, True, ok)
        else:
            self.set(fid, "partial" if ok else False, missing, f"{len(missing)} {what}")

    # ------------------------------------------------------------------ logging, errors, redaction, debug
    _LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "msg"}

    def _is_log_call(self, name: str) -> bool:
        if not name or name.startswith(("ctx.", "context.")):
            return False
        parts = name.split(".")
        last = parts[-1]
        if "audit" in last.lower() or last.lower().startswith(("log_", "_log_")):
            return True
        if last in self._LOG_METHODS and len(parts) >= 2:
            base = parts[-2].lower().replace("()", "")
            return "log" in base or base in ("structlog", "audit")
        return False

    def _build_log_index(self) -> None:
        """Which functions log (first logging-call line), and which calls each function makes."""
        self._logs_in: Dict[int, int] = {}
        self._calls_in: Dict[int, List[Tuple[str, int]]] = {}
        for py in self.py:
            for call, name in py.calls:
                is_log = self._is_log_call(name)
                for anc in py.ancestors(call):
                    if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        if is_log:
                            self._logs_in.setdefault(id(anc), call.lineno)
                        else:
                            self._calls_in.setdefault(id(anc), []).append((_last(name), call.lineno))
        self._log_helpers = {f.name for py in self.py for f in py.funcs if id(f.node) in self._logs_in}

    def _func_logs(self, fn: ast.AST) -> Optional[int]:
        """Line of a logging call in ``fn``, or of a call to a same-repo helper that logs."""
        if not hasattr(self, "_logs_in"):
            self._build_log_index()
        if id(fn) in self._logs_in:
            return self._logs_in[id(fn)]
        for name, line in self._calls_in.get(id(fn), ()):
            if name in self._log_helpers:
                return line
        return None

    def logging_and_output(self) -> None:
        central = _Ev()
        for py in self.py:
            for f in py.funcs:
                if f.name == "on_call_tool":
                    ln = self._func_logs(f.node)
                    if ln:
                        central.add(py.path, ln)
            for call, name in py.calls:
                if _last(name) == "add_middleware":
                    for a in call.args:
                        an = py.dotted(a.func if isinstance(a, ast.Call) else a) or ""
                        if re.search(r"log|audit", _last(an), re.I):
                            central.add(py.path, call.lineno)
        audited, unaudited = _Ev(), _Ev()
        names_missing: List[str] = []
        for tool, py, fn in self._tool_funcs():
            if tool.kind == "call_tool":
                ln = self._func_logs(fn.node) if fn else None
                if ln:
                    central.add(py.path, ln)
                continue
            if fn is None:
                continue
            deco = None
            for d in fn.node.decorator_list:
                dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
                if re.search(r"audit|log", _last(dn), re.I):
                    deco = d.lineno
            ln = deco or self._func_logs(fn.node)
            if ln:
                audited.add(py.path, ln)
            else:
                unaudited.add(tool.location.path, tool.location.line)
                names_missing.append(tool.name)
        n_tools = sum(1 for t in self.tools if t.kind == "tool")
        if central:
            self.set("logging.audit", True, central, "tool calls are logged centrally")
        elif not self.tools:
            self.set("logging.audit", None, note="no MCP tools found")
        elif not unaudited and audited:
            self.set("logging.audit", True, audited, f"all {n_tools} tool(s) log their invocation")
        elif audited:
            self.set("logging.audit", "partial", unaudited,
                     "tools without audit logging: " + ", ".join(sorted(names_missing)[:10]))
        else:
            self.set("logging.audit", False, unaudited,
                     "no tool logs its invocation: " + ", ".join(sorted(names_missing)[:10]))

        # error details returned to callers
        leak = _Ev()
        tool_nodes = {id(fn.node) for _, _, fn in self._tool_funcs() if fn is not None}
        scrub = re.compile(r"redact|sanitiz|sanitis|scrub|mask|censor|safe_?err|generic_?err|public_?err", re.I)
        # repo functions that turn an argument into a caller-facing message without echoing it,
        # decided lazily for the names actually met around exception variables
        by_name: Dict[str, List[Tuple[_Py, _Func]]] = {}
        for py in self.py:
            for f in py.funcs:
                by_name.setdefault(f.name, []).append((py, f))
        opaque = _LazyOpaque(by_name, scrub)
        tb_calls = ("traceback.format_exc", "traceback.format_exception", "traceback.format_tb")
        for py in self.py:
            for node, name in py.calls:
                if name in tb_calls:
                    if any(isinstance(a, ast.Return) for a in py.ancestors(node)) or \
                            self._inside_tool(py, node, tool_nodes) and not self._under_log_call(py, node):
                        leak.add(py.path, node.lineno)
            for node in py.handlers:
                if not node.name:
                    continue
                in_tool = self._inside_tool(py, node, tool_nodes)
                for sub in _walk_no_defs(node.body):
                    expr = None
                    if isinstance(sub, ast.Return) and sub.value is not None:
                        expr = sub.value
                    elif isinstance(sub, ast.Raise) and in_tool and isinstance(sub.exc, ast.Call):
                        expr = sub.exc
                    if expr is None or not _contains_name(expr, node.name):
                        continue
                    if _scrubbed(py, expr, node.name, scrub, opaque):
                        continue
                    leak.add(py.path, sub.lineno)
        self.set("output.error_details", bool(leak), leak,
                 "exception text/tracebacks reach the caller" if leak else "")

        # redaction
        red = _Ev()
        def_re = re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w*(?:redact|scrub|sanitiz\w*_(?:output|log|result|secret|sensitive|text)"
                            r"|mask_?(?:secret|sensitive|token|pii|credential)|filter_?(?:secret|sensitive)|censor)\w*)", re.I)
        _NEEDLES[def_re] = ("edact", "EDACT", "crub", "CRUB", "anitiz", "ANITIZ", "ask", "ASK", "ilter", "ILTER",
                            "ensor", "ENSOR")
        for py in self.py:
            if not _anywhere(def_re, py.text):
                continue
            for i, line in enumerate(py.lines, 1):
                m = def_re.match(line)
                if m and self._used(m.group(1)):
                    red.add(py.path, i)
        red.extend((l.path, l.line) for l in self.grep_py(re.compile(
            r"^\s*(?:from|import)\s+(scrubadub|presidio_analyzer|presidio_anonymizer|logredactor)\b")).locations())
        self.set("output.redaction", bool(red), red, "" if red else "no redaction/scrubbing of outputs or logs found")

        # debug mode
        dbg = _Ev()
        for py, call, name in self.calls(lambda n: True):
            if _const(_kw(call, "debug")) is True:
                dbg.add(py.path, call.lineno)
            if _last(name) == "run" and name.startswith("uvicorn") and _const(_kw(call, "reload")) is True:
                dbg.add(py.path, call.lineno)
        for py in self.py:
            for node in py.assigns:
                if _const(node.value) is True:
                    for t in node.targets:
                        n = t.id if isinstance(t, ast.Name) else (t.attr if isinstance(t, ast.Attribute) else "")
                        if n in ("DEBUG", "debug"):
                            dbg.add(py.path, node.lineno)
        dbg.extend((l.path, l.line) for l in self.grep_other(re.compile(
            r"\b(?:FASTMCP_)?DEBUG\s*[=:]\s*[\"']?(?:1|true|True|yes)\b|--reload\b"), kinds={"docker", "yaml"}).locations())
        self.set("debug.enabled", bool(dbg), dbg, "debug mode or auto-reload switched on" if dbg else "")

    def _inside_tool(self, py: _Py, node: ast.AST, tool_nodes: Set[int]) -> bool:
        return any(id(a) in tool_nodes for a in py.ancestors(node))

    def _under_log_call(self, py: _Py, node: ast.AST) -> bool:
        for a in py.ancestors(node):
            if isinstance(a, ast.Call) and self._is_log_call(py.dotted(a.func) or ""):
                return True
            if isinstance(a, (ast.stmt,)):
                return False
        return False

    # ------------------------------------------------------------------ Docker
    def docker_facts(self) -> None:
        if not self.docker:
            for fid in ("docker.non_root", "docker.pinned_base", "docker.minimal_base",
                        "docker.secrets_in_env", "docker.add_url", "docker.healthcheck"):
                self.set(fid, None, note="no Dockerfile")
            self.set("docker.present", False)
            return
        present = _Ev()
        nonroot_ok, nonroot_bad = _Ev(), _Ev()
        pin_digest, pin_tag, pin_bad = _Ev(), _Ev(), _Ev()
        minimal_ok, minimal_bad = _Ev(), _Ev()
        secrets, add_url = _Ev(), _Ev()
        hc_ok, hc_bad = _Ev(), _Ev()
        notes: Dict[str, List[str]] = {"non_root": [], "pinned": [], "secrets": []}
        compose_hc = self.grep_other(re.compile(r"^\s*healthcheck:\s*$"), kinds={"yaml"})
        for path, text in self.docker.items():
            present.add(path, 1)
            df = _parse_dockerfile(text)
            if not df.stages:
                continue
            stage_names = {s.name for s in df.stages if s.name}
            for st in df.stages:
                img = st.image
                if img.lower() == "scratch" or img in stage_names:
                    continue
                if "@sha256:" in img:
                    pin_digest.add(path, st.line)
                else:
                    ref = img.rsplit("/", 1)[-1]
                    if ":" in ref and not ref.endswith(":latest") and "$" not in ref:
                        pin_tag.add(path, st.line)
                        notes["pinned"].append(f"{img} (tag, no digest)")
                    else:
                        pin_bad.add(path, st.line)
                        notes["pinned"].append(f"{img} (unpinned)")
            final = df.stages[-1]
            base = final.image
            if base in stage_names:  # FROM builder AS final: inherit that stage's base
                for st in df.stages:
                    if st.name == base:
                        base = st.image
            user = final.user
            default_nonroot = bool(re.search(r"nonroot|cgr\.dev/chainguard|chainguard/", base, re.I))
            if user is None:
                if default_nonroot:
                    nonroot_ok.add(path, final.line)
                else:
                    nonroot_bad.add(path, final.line)
                    notes["non_root"].append(f"{path}: no USER in the final stage (runs as root)")
            elif user[0].split(":")[0].strip().lower() in ("root", "0"):
                nonroot_bad.add(path, user[1])
                notes["non_root"].append(f"{path}: USER {user[0]}")
            else:
                nonroot_ok.add(path, user[1])
            if re.search(r"distroless|slim|alpine|scratch|chainguard|cgr\.dev|wolfi|ubi\d*-?m(?:icro|inimal)|busybox|minimal", base, re.I):
                minimal_ok.add(path, final.line)
            else:
                minimal_bad.add(path, final.line)
            for ins in df.instructions:
                if ins.cmd in ("ENV", "ARG"):
                    for key, val in _env_pairs(ins.cmd, ins.args):
                        if _SECRET_KEY.search(key) and not _SECRET_KEY_SAFE.search(key) \
                                and (ins.cmd == "ARG" or val.strip("\"' ")):
                            secrets.add(path, ins.line)
                            notes["secrets"].append(f"{ins.cmd} {key}")
                elif ins.cmd == "ADD" and re.search(r"(?:^|\s)(?:https?|ftp)://", ins.args):
                    add_url.add(path, ins.line)
            if final.healthcheck is not None and not final.healthcheck[0].upper().startswith("NONE"):
                hc_ok.add(path, final.healthcheck[1])
            else:
                hc_bad.add(path, final.line)
        self.set("docker.present", True, present)
        self.set("docker.non_root", not nonroot_bad, nonroot_bad or nonroot_ok, "; ".join(notes["non_root"]))
        if pin_bad:
            self.set("docker.pinned_base", False, pin_bad, "; ".join(notes["pinned"]))
        elif pin_tag:
            self.set("docker.pinned_base", "partial", pin_tag, "; ".join(notes["pinned"]))
        else:
            self.set("docker.pinned_base", True, pin_digest, "base images pinned by digest")
        self.set("docker.minimal_base", not minimal_bad, minimal_bad or minimal_ok)
        self.set("docker.secrets_in_env", bool(secrets), secrets,
                 ("secret-looking build args/env: " + ", ".join(dict.fromkeys(notes["secrets"]))) if secrets else "")
        self.set("docker.add_url", bool(add_url), add_url, "ADD downloads from a URL" if add_url else "")
        if hc_bad and compose_hc:
            hc_ok.extend((l.path, l.line) for l in compose_hc.locations())
            hc_bad = _Ev()
        self.set("docker.healthcheck", not hc_bad, hc_bad or hc_ok, "" if not hc_bad else "no HEALTHCHECK in the final stage")

    # ------------------------------------------------------------------ container runtime, k8s, CI
    def container_facts(self) -> None:
        kinds = {"yaml", "other", "docker"}
        ro = self.grep_other(re.compile(r"^\s*read_only:\s*true|readOnlyRootFilesystem:\s*true|--read-only\b", re.I), kinds=kinds)
        ro.extend((l.path, l.line) for l in self.grep_other(re.compile(r"\"--read-only\""), names=lambda p: p.lower().endswith(".json")).locations())
        self.set("container.read_only", bool(ro), ro, "" if ro else "no read-only root filesystem configured")

        good = self.grep_other(re.compile(
            r"seccomp|no-new-privileges|^\s*cap_drop:|--cap-drop|allowPrivilegeEscalation:\s*false"
            r"|^\s*drop:\s*(?:\[\s*[\"']?ALL|$)", re.I), kinds=kinds)
        bad = self.grep_other(re.compile(r"seccomp[=:]\s*[\"']?unconfined|^\s*privileged:\s*true|--privileged\b"
                                         r"|type:\s*Unconfined", re.I), kinds=kinds)
        if bad:
            self.set("container.syscall_restrictions", False, bad, "privileged or unconfined container")
        else:
            self.set("container.syscall_restrictions", bool(good), good,
                     "" if good else "no seccomp profile, cap_drop or no-new-privileges found")

        iso = self.grep_other(re.compile(r"network_mode:\s*[\"']?none|^\s*internal:\s*true|kind:\s*NetworkPolicy|--network[= ]none"), kinds=kinds)
        self.set("container.network_isolation", bool(iso), iso, "" if iso else "no network isolation configured")

        signed = self.grep_other(re.compile(r"cosign\s+sign|sigstore/cosign-installer|notation\s+sign|docker\s+trust\s+sign"
                                            r"|DOCKER_CONTENT_TRUST\s*[=:]\s*[\"']?1|attest-build-provenance"), kinds=kinds)
        if self.value("docker.present"):
            self.set("container.signed", bool(signed), signed, "" if signed else "no image signing step found")
        else:
            self.set("container.signed", None, signed or None)

        k8s = _Ev()
        for path, text in self.yaml.items():
            if re.search(r"^apiVersion:", text, re.M):
                m = re.search(r"^kind:\s*(Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|Service|Ingress|NetworkPolicy)\b", text, re.M)
                if m:
                    k8s.add(path, _line_of(text, m.start()))
            if PurePosixPath(path).name == "Chart.yaml":
                k8s.add(path, 1)
        self.set("deploy.kubernetes", bool(k8s), k8s)

        scan = self.grep_other(re.compile(r"pip-audit|pip_audit|safety\s+(?:check|scan)|osv-scanner|\btrivy\b|\bgrype\b|\bsnyk\b"
                                          r"|dependency-review-action|uv\s+pip\s+audit", re.I), kinds={"yaml", "other"})
        for path in self.other:
            low = path.lower()
            if low.endswith((".github/dependabot.yml", ".github/dependabot.yaml")) or low == ".github/dependabot.yml" \
                    or PurePosixPath(low).name.startswith(("renovate.json", ".renovaterc")):
                scan.add(path, 1)
        self.set("ci.dependency_scan", bool(scan), scan, "" if scan else "no dependency audit (pip-audit, Dependabot...) configured")
        sast = self.grep_other(re.compile(r"\bbandit\b|\bsemgrep\b|codeql|\bmcpaudit\b", re.I), kinds={"yaml"})
        self.set("ci.sast", bool(sast), sast)

    # ------------------------------------------------------------------ dependencies
    def deps_facts(self) -> None:
        lock = _Ev()
        for path, text in self.other.items():
            name = PurePosixPath(path).name.lower()
            if name in _LOCKFILES or (name.startswith("pylock.") and name.endswith(".toml")) \
                    or (name.startswith("requirements") and name.endswith(".lock")):
                lock.add(path, 1)
            elif _kind_of(path) == "requirements" and "--hash=" in text:  # pip-compile --generate-hashes
                lock.add(path, 1)
        self.set("deps.lockfile", bool(lock), lock, "" if lock else "no lock file (uv.lock, poetry.lock, hashed requirements)")
        pinned, unpinned = _Ev(), _Ev()
        for path, text in self.other.items():
            name = PurePosixPath(path).name.lower()
            if _kind_of(path) == "requirements" and name.endswith((".txt", ".in")):
                for i, line in enumerate(text.splitlines(), 1):
                    req = line.split("#", 1)[0].strip()
                    if not req or req.startswith("-"):
                        continue
                    req = req.split(";", 1)[0].strip().rstrip("\\").strip()
                    (pinned if re.search(r"===?|@\s*\S+#sha256=|--hash=", req) else unpinned).add(path, i)
            elif name == "pyproject.toml":
                for dep, i in _pyproject_deps(text):
                    (pinned if re.search(r"===?\s*[\w.]+\s*$|^\s*\d[\w.]*\s*$", dep) else unpinned).add(path, i)
        if lock:
            self.set("deps.pinned", True, lock, "a lock file pins the dependency versions")
        elif not pinned and not unpinned:
            self.set("deps.pinned", None, note="no dependencies declared")
        elif not unpinned:
            self.set("deps.pinned", True, pinned)
        else:
            self.set("deps.pinned", "partial" if pinned else False, unpinned,
                     f"{len(unpinned)} dependency declaration(s) without an exact pin and no lock file")

    # ------------------------------------------------------------------ tools
    def _discover_tools(self) -> List[ToolInfo]:
        """Fallback surface discovery when the caller passes no tools: decorators named *.tool /
        tool, *.call_tool, and add_tool(fn) calls."""
        out: List[ToolInfo] = []
        for py in self.py:
            for f in py.funcs:
                for d in f.node.decorator_list:
                    dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
                    last = _last(dn)
                    if last not in ("tool", "call_tool"):
                        continue
                    name = f.name
                    ann: Dict[str, Any] = {}
                    desc = ast.get_docstring(f.node)
                    if isinstance(d, ast.Call):
                        n = _kw(d, "name")
                        if isinstance(_const(n), str):
                            name = _const(n)
                        elif d.args and isinstance(_const(d.args[0]), str):
                            name = _const(d.args[0])
                        dsc = _kw(d, "description")
                        if isinstance(_const(dsc), str):
                            desc = _const(dsc)
                        ann = _annotations_of(_kw(d, "annotations"))
                    out.append(ToolInfo(
                        name=name, kind="tool" if last == "tool" else "call_tool", function=f.qualname,
                        location=Location(py.path, f.node.lineno), parameters=_params_of(f.node),
                        description=desc, annotations=ann,
                    ))
            for call, name in py.calls:
                if _last(name) == "add_tool" and call.args:
                    fn_name = py.dotted(call.args[0]) or ""
                    tname = _const(_kw(call, "name"))
                    fnode = next((f for p in self.py for f in p.funcs if f.name == _last(fn_name)), None)
                    out.append(ToolInfo(
                        name=tname if isinstance(tname, str) else _last(fn_name),
                        kind="tool", function=_last(fn_name), location=Location(py.path, call.lineno),
                        parameters=_params_of(fnode.node) if fnode else [],
                        annotations=_annotations_of(_kw(call, "annotations")),
                    ))
        return out

    def _tool_funcs(self) -> List[Tuple[ToolInfo, _Py, Optional[_Func]]]:
        cache = getattr(self, "_tf_cache", None)
        if cache is not None:
            return cache
        out = []
        for t in self.tools:
            py = self.py_by_path.get(t.location.path)
            fname = (t.function or t.name).split(".")[-1]
            fn = None
            cands: List[Tuple[_Py, _Func]] = []
            if py is not None:
                cands = [(py, f) for f in py.funcs if f.name == fname]
            if not cands:
                if not hasattr(self, "_funcs_by_name"):
                    self._funcs_by_name: Dict[str, List[Tuple[_Py, _Func]]] = {}
                    for p in self.py:
                        for f in p.funcs:
                            self._funcs_by_name.setdefault(f.name, []).append((p, f))
                cands = list(self._funcs_by_name.get(fname, ()))
            for p, f in cands:
                if p.path == t.location.path and f.first_line <= t.location.line <= f.end_line:
                    py, fn = p, f
                    break
            if fn is None and cands:
                py, fn = cands[0]
            if py is None:
                continue
            out.append((t, py, fn))
        self._tf_cache = out
        return out

    _EXEC_VERBS = {"exec", "execute", "run", "eval", "evaluate"}
    _EXEC_NOUNS = {"shell", "bash", "sh", "zsh", "cmd", "command", "sql", "python", "powershell", "terminal",
                   "query", "raw", "repl", "code", "eval", "exec", "script", "js", "javascript"}
    _RAW_PARAMS = {"command", "cmd", "commands", "shell_command", "shell", "sql", "query", "sql_query", "statement",
                   "code", "python_code", "source", "script", "expression", "expr", "cmdline", "command_line"}
    _DESTRUCTIVE = {"delete", "del", "remove", "rm", "drop", "destroy", "purge", "truncate", "wipe", "erase",
                    "kill", "terminate", "overwrite", "write", "update", "modify", "reset", "revoke", "exec",
                    "execute", "move", "mv", "rename", "uninstall", "shutdown", "unlink", "rmdir", "chmod",
                    "chown", "clear", "format", "deploy", "restart", "reboot"}
    _ADMIN = {"admin", "sudo", "grant", "revoke", "role", "roles", "permission", "permissions", "deploy",
              "restart", "shutdown", "reboot", "impersonate"}
    _CONFIRM_PARAMS = {"confirm", "confirmed", "confirmation", "force", "dry_run", "i_understand", "approve", "approved"}
    _SINKS = {"subprocess.run", "subprocess.Popen", "subprocess.call", "subprocess.check_output", "subprocess.check_call",
              "os.system", "os.popen", "eval", "exec", "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec"}
    _GATE_RE = re.compile(r"permission|role|scope|authoriz|access_token|is_admin|admin_only|require_admin|entitle", re.I)

    def _raw_exec(self, tool: ToolInfo, py: Optional[_Py], fn: Optional[_Func]) -> bool:
        tokens = set(_split_tokens(tool.name))
        raw_params = [p.name for p in tool.parameters if p.tainted and p.name.lower() in self._RAW_PARAMS]
        if raw_params and (tokens & self._EXEC_VERBS or (tokens and tokens <= self._EXEC_NOUNS)):
            return True
        if fn is None or py is None:
            return False
        if tool.parameters:
            params = {p.name for p in tool.parameters if p.tainted}
        else:
            params = {a.arg for a in fn.node.args.args + fn.node.args.kwonlyargs} - {"self", "ctx", "context"}
        for node in ast.walk(fn.node):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                    and node.args[0].id in params:
                name = py.dotted(node.func) or ""
                if name in self._SINKS or _last(name) in ("execute", "executescript") and "." in name:
                    return True
        return False

    def tool_facts(self) -> None:
        tools = [(t, py, fn) for t, py, fn in self._tool_funcs() if t.kind == "tool"]
        # tools whose function could not be found still count for name-based checks
        known = {id(t) for t, _, _ in tools}
        tools += [(t, None, None) for t in self.tools if t.kind == "tool" and id(t) not in known]
        self.set("tools.count", len(tools), None)
        if not tools:
            for fid in ("tools.raw_exec", "tools.destructive_unannotated", "tools.privileged_ungated"):
                self.set(fid, None, note="no MCP tools found")
            return
        raw, destr, ungated = _Ev(), _Ev(), _Ev()
        raw_n, destr_n, ungated_n = [], [], []
        for t, py, fn in sorted(tools, key=lambda x: (x[0].location.sort_key(), x[0].name)):
            loc = (t.location.path, t.location.line)
            tokens = set(_split_tokens(t.name)) | set(_split_tokens((t.function or "").split(".")[-1]))
            is_raw = self._raw_exec(t, py, fn)
            if is_raw:
                raw.add(*loc)
                raw_n.append(t.name)
            destructive = is_raw or bool(tokens & self._DESTRUCTIVE)
            if destructive:
                ann = {k.replace("_", "").lower(): v for k, v in (t.annotations or {}).items()}
                annotated = "destructivehint" in ann
                confirm = any(p.name.lower() in self._CONFIRM_PARAMS for p in t.parameters)
                elicits = fn is not None and py is not None and any(
                    isinstance(n, ast.Call) and "elicit" in _last(py.dotted(n.func) or "")
                    for n in ast.walk(fn.node))
                if not (annotated or confirm or elicits):
                    destr.add(*loc)
                    destr_n.append(t.name)
            if destructive or tokens & self._ADMIN:
                if not self._gated(t, py, fn):
                    ungated.add(*loc)
                    ungated_n.append(t.name)
        self.set("tools.raw_exec", bool(raw), raw,
                 ("raw execution tools: " + ", ".join(raw_n)) if raw_n else "")
        self.set("tools.destructive_unannotated", bool(destr), destr,
                 ("destructive tools without destructiveHint or confirmation: " + ", ".join(destr_n)) if destr_n else "")
        self.set("tools.privileged_ungated", bool(ungated), ungated,
                 ("privileged tools registered for every caller: " + ", ".join(ungated_n)) if ungated_n else "")

    def _gated(self, t: ToolInfo, py: Optional[_Py], fn: Optional[_Func]) -> bool:
        if py is None or fn is None:
            return False
        # registered conditionally (if ROLE == "admin": @mcp.tool() ...)
        for anc in py.ancestors(fn.node):
            if isinstance(anc, ast.If):
                return True
        for d in fn.node.decorator_list:
            dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
            if _last(dn) not in ("tool", "call_tool") and (self._GATE_RE.search(_last(dn)) or re.search(r"requires?\b|auth", _last(dn), re.I)):
                return True
        for node in ast.walk(fn.node):
            if isinstance(node, ast.Call) and self._GATE_RE.search(_last(py.dotted(node.func) or "")):
                return True
            if isinstance(node, ast.If):
                test = ast.dump(node.test)
                if re.search(r"'(scopes|roles?|permissions|is_admin|claims)'", test):
                    return True
        return False


# --------------------------------------------------------------------------- small parsers


_NAMESPACE_HOSTS = re.compile(
    r"(^|\.)(w3\.org|xmlsoap\.org|json-schema\.org|purl\.org|xmlns\.com|openxmlformats\.org|adobe\.com"
    r"|schemas\.microsoft\.com|apache\.org)$")


_NAMESPACE_CALLS = {"Namespace", "URIRef", "QName", "register_namespace", "DefinedNamespace", "Graph", "bind"}


def _local_or_namespace_host(host: str) -> bool:
    host = host.lower()
    if host in ("localhost", "0.0.0.0", "::1", "::", "host.docker.internal") or host.startswith("127."):
        return True
    if host.endswith((".localhost", ".local", ".test", ".invalid", ".example")):
        return True
    if "{" in host or "%" in host or "<" in host:
        return False
    return bool(_NAMESPACE_HOSTS.search(host))


def _walk_no_defs(stmts: Sequence[ast.AST]) -> Iterator[ast.AST]:
    stack = list(stmts)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)


def _scrubbed(py: _Py, expr: ast.AST, ident: str, scrub: "re.Pattern[str]", opaque: Any) -> bool:
    """True when every use of ``ident`` inside ``expr`` sits under a redaction/sanitising call, a
    repo function that never echoes its arguments (``opaque``), or only its type name is used
    (type(e).__name__)."""
    uses = [n for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id == ident]
    for use in uses:
        ok = False
        cur: Optional[ast.AST] = use
        while cur is not None and cur is not expr:
            par = py.parent(cur)
            if isinstance(par, ast.Call) and (scrub.search(_last(py.dotted(par.func) or ""))
                                              or _last(py.dotted(par.func) or "") in opaque):
                ok = True
                break
            if isinstance(par, ast.Call) and (py.dotted(par.func) or "") == "type":
                ok = True
                break
            cur = par
        if isinstance(expr, ast.Call) and not ok and (scrub.search(_last(py.dotted(expr.func) or ""))
                                                      or _last(py.dotted(expr.func) or "") in opaque):
            ok = True
        if not ok:
            return False
    return True


class _LazyOpaque:
    """``name in opaque``: every repo function of that name returns text that never contains one of
    its parameters unscrubbed (e.g. ``error_reference(exc)`` returning a generic message)."""

    def __init__(self, by_name: Dict[str, List[Tuple["_Py", "_Func"]]], scrub: "re.Pattern[str]"):
        self.by_name = by_name
        self.scrub = scrub
        self.cache: Dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or name not in self.by_name:
            return False
        if name not in self.cache:
            self.cache[name] = False  # recursion guard
            self.cache[name] = all(self._opaque(py, f) for py, f in self.by_name[name])
        return self.cache[name]

    def _opaque(self, py: "_Py", f: "_Func") -> bool:
        args = f.node.args
        params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs} - {"self", "cls"}
        rets = [n for n in _walk_no_defs(f.node.body) if isinstance(n, ast.Return) and n.value is not None]
        if not rets or not params:
            return False
        return not any(_contains_name(r.value, prm) and not _scrubbed(py, r.value, prm, self.scrub, self)
                       for r in rets for prm in params)


def _params_of(fn: Optional[ast.AST]) -> List[Parameter]:
    if fn is None:
        return []
    out = []
    args = fn.args
    for a in args.posonlyargs + args.args + args.kwonlyargs:
        if a.arg in ("self", "cls"):
            continue
        ann = ast.unparse(a.annotation) if a.annotation is not None else None
        tainted = not (ann and re.search(r"\b(Context|int|float|bool|Literal|Enum)\b", ann))
        if ann and "Context" in ann:
            continue
        out.append(Parameter(name=a.arg, annotation=ann, tainted=tainted))
    return out


def _annotations_of(node: Optional[ast.AST]) -> Dict[str, Any]:
    if node is None:
        return {}
    out: Dict[str, Any] = {}
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if isinstance(_const(k), str):
                c = _const(v)
                out[_const(k)] = c if c is not _MISSING else True
    elif isinstance(node, ast.Call):
        for k in node.keywords:
            if k.arg:
                c = _const(k.value)
                out[k.arg] = c if c is not _MISSING else True
    return out


_SECRET_KEY = re.compile(r"passw(?:or)?d|passwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|auth_?key", re.I)
_SECRET_KEY_SAFE = re.compile(r"_(?:FILE|PATH|DIR|URL|URI|NAME|TTL|EXPIRY|EXPIRES)$", re.I)


@dataclass
class _Instr:
    cmd: str
    args: str
    line: int


@dataclass
class _Stage:
    image: str
    name: Optional[str]
    line: int
    user: Optional[Tuple[str, int]] = None
    healthcheck: Optional[Tuple[str, int]] = None


@dataclass
class _Dockerfile:
    instructions: List[_Instr]
    stages: List[_Stage]


def _parse_dockerfile(text: str) -> _Dockerfile:
    instrs: List[_Instr] = []
    buf = ""
    start = 0
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if buf and line.lstrip().startswith("#"):
            continue
        if not buf:
            start = i
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        parts = buf.strip().split(None, 1)
        instrs.append(_Instr(parts[0].upper(), parts[1] if len(parts) > 1 else "", start))
        buf = ""
    if buf.strip():
        parts = buf.strip().split(None, 1)
        instrs.append(_Instr(parts[0].upper(), parts[1] if len(parts) > 1 else "", start))
    args: Dict[str, str] = {}
    stages: List[_Stage] = []
    for ins in instrs:
        if ins.cmd == "ARG" and not stages:
            for k, v in _env_pairs("ARG", ins.args):
                args[k] = v
        elif ins.cmd == "FROM":
            toks = [t for t in ins.args.split() if not t.startswith("--")]
            image = toks[0] if toks else ""
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), image)
            name = toks[2] if len(toks) >= 3 and toks[1].lower() == "as" else None
            stages.append(_Stage(image, name, ins.line))
        elif ins.cmd == "USER" and stages:
            stages[-1].user = (ins.args.strip(), ins.line)
        elif ins.cmd == "HEALTHCHECK" and stages:
            stages[-1].healthcheck = (ins.args.strip(), ins.line)
    return _Dockerfile(instrs, stages)


def _env_pairs(cmd: str, args: str) -> List[Tuple[str, str]]:
    args = args.strip()
    if not args:
        return []
    if cmd == "ENV" and "=" not in args.split(None, 1)[0]:
        key, _, val = args.partition(" ")
        return [(key, val.strip())]
    out = []
    for m in re.finditer(r"([A-Za-z_][\w.-]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?", args):
        out.append((m.group(1), m.group(2) or ""))
    return out


def _pyproject_deps(text: str) -> List[Tuple[str, int]]:
    """(requirement, line) pairs from [project].dependencies and [tool.poetry.dependencies]."""
    try:
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        data = tomllib.loads(text)
    except Exception:
        return []
    reqs: List[str] = []
    proj = data.get("project") or {}
    if isinstance(proj.get("dependencies"), list):
        reqs += [r for r in proj["dependencies"] if isinstance(r, str)]
    poetry = ((data.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    if isinstance(poetry, dict):
        for k, v in poetry.items():
            if k.lower() == "python":
                continue
            ver = v if isinstance(v, str) else (v.get("version", "") if isinstance(v, dict) else "")
            reqs.append(f"{k} {ver}" if ver and ver[0].isdigit() else f"{k}{ver}")
    out = []
    lines = text.splitlines()
    for r in reqs:
        name = re.split(r"[\s\[<>=!~;@^*]", r.strip(), 1)[0]
        ln = next((i for i, l in enumerate(lines, 1) if name and name in l), 1)
        # pinned if exactly one version with == (or poetry's bare "1.2.3")
        spec = r[len(name):].split(";", 1)[0].strip()
        out.append((spec if spec else r, ln))
    return out


# --------------------------------------------------------------------------- entry point


def extract_facts(
    root: Path,
    files: Dict[str, str],
    tools: List[ToolInfo],
    other_files: Optional[Dict[str, str]] = None,
) -> List[PostureFact]:
    """Every posture fact of :data:`FACTS`, in that order, for the repository at ``root``.

    ``files`` maps root-relative POSIX paths to decoded Python source; ``tools`` is the MCP surface
    (when empty, a small decorator-based discovery runs instead); ``other_files`` maps Dockerfiles,
    requirements, lock files, compose/Kubernetes YAML, CI workflows... to text — when ``None`` they
    are collected from ``root`` with :func:`collect_other_files`. Nothing is imported or executed."""
    if other_files is None:
        other_files = collect_other_files(Path(root)) if root is not None and Path(root).is_dir() else {}
    with paused():
        return _Extractor(Path(root) if root is not None else Path("."), dict(files), list(tools or ()),
                          dict(other_files)).run()
