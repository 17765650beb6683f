"""Where bandit's value tests fire: the syntax around the value.

B104 (``hardcoded_bind_all_interfaces``) reports every string constant equal to ``"0.0.0.0"``,
wherever it is. It is a bind address when it is assigned, passed or returned as a host; it is
not one when it is compared against (``host == "0.0.0.0"``, ``host in (...)``,
``netloc.startswith("0.0.0.0")``) or is one of
several host names in a tuple, list or set (a deny-list of local addresses an SSRF guard refuses,
a ``choices=`` list), nor when it reaches no listening call: only stored on a helper and printed
(:mod:`.bind_flow`). Those hits move to the audit view with the reason. One that is the host
of an MCP server object (``FastMCP(host="0.0.0.0")``, ``mcp.settings.host = "0.0.0.0"``) binds
only when that server is run over HTTP: such hits are marked (:data:`SERVER_HOST`) and the
transport posture decides (:func:`mcpaudit.inventory.reconcile_http`).
"""

from __future__ import annotations

import ast
import os
import re
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from .bind_flow import why_unbound
from .constapps import constant_app_bind
from ..astparents import parents as _parents

BIND_ALL = "0.0.0.0"
SERVER_HOST = "mcp-server-host"


#: string tests whose argument a host name is compared with (``netloc.startswith("0.0.0.0")``)
_AFFIX_TESTS = frozenset({"startswith", "endswith"})

#: what a socket bound in a ``with`` block must do there to serve on the address
_SERVES = frozenset({"listen", "accept", "recv", "recvfrom", "recv_into", "serve_forever"})


def _probe(parent: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """``with socket.socket(...) as s: s.bind(("0.0.0.0", port))`` whose block never listens,
    accepts or receives on ``s``: a test that the port is free; the socket closes at the block's end."""
    call = parents.get(id(parent))
    if not (isinstance(parent, ast.Tuple) and isinstance(call, ast.Call) and call.args and call.args[0] is parent
            and isinstance(call.func, ast.Attribute) and call.func.attr == "bind"
            and isinstance(call.func.value, ast.Name)):
        return False
    sock, block = call.func.value.id, parents.get(id(call))
    while block is not None and not isinstance(block, (ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef)):
        block = parents.get(id(block))
    if not isinstance(block, (ast.With, ast.AsyncWith)) or not any(
            isinstance(i.optional_vars, ast.Name) and i.optional_vars.id == sock for i in block.items):
        return False
    return not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _SERVES
                   and isinstance(n.func.value, ast.Name) and n.func.value.id == sock
                   for s in block.body for n in ast.walk(s))


def _why(node: ast.AST, parents: Dict[int, ast.AST]) -> Optional[str]:
    parent = parents.get(id(node))
    if _probe(parent, parents):
        return "a port-availability probe: the socket is bound in a with block that closes it and never listens"
    if isinstance(parent, ast.Compare):
        return "the address is compared against, not bound"
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr in _AFFIX_TESTS \
            and node in parent.args:
        return "the address is compared against (a prefix or suffix test of a host name), not bound"
    if isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        if isinstance(parents.get(id(parent)), ast.Compare):
            return "the address is compared against, not bound"
        elts = parent.elts
        if len(elts) >= 2 and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
            return "the address is one of several host names in a collection (a list of hosts), not bound"
    return None


def _probe_servers(tree: ast.AST) -> Dict[int, Tuple[str, List[str]]]:
    from ..analysis.handlerapis import probe_servers

    return probe_servers(tree) if isinstance(tree, ast.Module) else {}


def _probe_bind(node: ast.AST, parents: Dict[int, ast.AST], probes: Dict[int, Tuple[str, List[str]]]) -> Optional[str]:
    """``HTTPServer(("0.0.0.0", port), Handler)`` whose handler answers health and metrics probes
    only (:func:`mcpaudit.analysis.handlerapis.probe_servers`): the address an orchestrator's
    liveness/readiness check must reach, serving a status word and no operation."""
    parent = parents.get(id(node))
    call = parents.get(id(parent)) if isinstance(parent, ast.Tuple) else parent
    if not (isinstance(call, ast.Call) and id(call) in probes and call.args
            and (call.args[0] is node or call.args[0] is parent)):
        return None
    handler, routes = probes[id(call)]
    return (f"the address serves only health-check probes ({handler}: {', '.join(routes)}), answered with a "
            f"status word: no operation is reachable there")


def not_bound(text: str, hits: List[Tuple[int, int]],
              others: Callable[[str], Iterable[ast.AST]] = lambda attr: (),
              callers: Callable[[str], Iterable[ast.AST]] = lambda name: (),
              entry_names: Iterable[str] = (), module: str = "") -> Dict[Tuple[int, int], str]:
    """For B104 hits at (line, 0-based column) of a file's ``text``: the ones whose
    ``"0.0.0.0"`` is not a bind address, with the reason: compared against, one of a list of
    hosts, or reaching no listening call (:mod:`.bind_flow`; ``others(attr)``: the project's
    other files that may read ``.attr``; ``callers(name)``: those that name a function, for a
    parameter default every call overrides; ``entry_names``: functions packaging runs), or
    sitting in a function nothing runs (:mod:`.bind_reach`; ``module``: the file's module name). A hit
    whose constant is not found at its place (or a file that does not parse) is kept."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    constants = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == BIND_ALL]
    if not constants:
        return {}
    parents = _parents(tree)
    probes = _probe_servers(tree)
    out: Dict[Tuple[int, int], str] = {}
    for line, col in hits:
        here = [n for n in constants if n.lineno == line and n.col_offset == col] or \
            [n for n in constants if n.lineno == line]
        reasons = [_why(n, parents) or _probe_bind(n, parents, probes) or constant_app_bind(n, parents, tree) for n in here]
        if reasons and all(reasons):
            out[(line, col)] = reasons[0] or ""
        elif here:
            why = None if any(_server_host(n, parents) for n in here) else \
                _flow_unbound(tree, here, others, callers, entry_names)
            why = why or _unreached(tree, here, callers, entry_names, module)
            if why:
                out[(line, col)] = why
    return out


def _unreached(tree: ast.AST, here: List[ast.AST], callers: Callable[[str], Iterable[ast.AST]],
               entry_names: Iterable[str], module: str) -> Optional[str]:
    from .bind_reach import unreached_reason

    reasons = [unreached_reason(tree, n, callers, entry_names, module) for n in here]
    return reasons[0] if reasons and all(reasons) else None


def _flow_unbound(tree: ast.AST, here: List[ast.AST], others: Callable[[str], Iterable[ast.AST]],
                  callers: Callable[[str], Iterable[ast.AST]], entry_names: Iterable[str]) -> Optional[str]:
    try:
        reasons = [why_unbound(tree, n, others, callers, entry_names) for n in here]
    except _Unreadable:
        return None
    return reasons[0] if all(reasons) else None


_ENTRY = re.compile(r"""=\s*["']?[\w.]+\s*:\s*(\w+)""")


def entry_names(root: str, rel: str) -> Set[str]:
    """Function names the packaging declarations (``pyproject.toml``, ``setup.cfg``,
    ``setup.py``) of the folders from ``rel``'s up to ``root`` run as entry points
    (``name = "pkg.module:function"``): called with no arguments, so their defaults are used."""
    return memo_entry_names(root)(rel)


def memo_entry_names(root: str) -> Callable[[str], Set[str]]:
    """:func:`entry_names` for the files under ``root``, each folder's declarations read once."""
    root = os.path.abspath(root)
    memo: Dict[str, FrozenSet[str]] = {}

    def folder(here: str) -> FrozenSet[str]:
        if here not in memo:
            out: Set[str] = set()
            for decl in ("pyproject.toml", "setup.cfg", "setup.py"):
                try:
                    with open(os.path.join(here, decl), encoding="utf-8", errors="replace") as fh:
                        out.update(_ENTRY.findall(fh.read(200_000)))
                except OSError:
                    pass
            if not (here == root or len(here) <= len(root)):
                out.update(folder(os.path.dirname(here)))
            memo[here] = frozenset(out)
        return memo[here]

    return lambda rel: set(folder(os.path.dirname(os.path.join(root, rel))))


def other_trees(scanned: Sequence[str], this: str, sources, prefix: str = ".",
                parsed: Optional[Dict[str, Optional[ast.AST]]] = None) -> Callable[[str], Iterable[ast.AST]]:
    """``others(attr)`` for :func:`not_bound`: the parsed scanned files other than ``this`` whose
    text holds ``.attr`` (``prefix`` + the name: ``""`` for a function's callers). ``parsed``:
    trees already parsed by path, shared between the lookups of one scan."""
    parsed = {} if parsed is None else parsed

    def others(attr: str) -> Iterator[ast.AST]:
        needle = prefix + attr
        for path in scanned:
            if os.path.abspath(path) == os.path.abspath(this):
                continue
            lines = sources.lines(path)
            text = "\n".join(lines) if lines else ""
            if needle not in text:
                continue
            if path not in parsed:
                try:
                    parsed[path] = ast.parse(text)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    parsed[path] = None
            tree = parsed[path]
            if tree is None:
                raise _Unreadable(path)
            yield tree
    return others


class _Unreadable(Exception):
    """Another file that may read the attribute cannot be parsed: assume it binds."""


def _server_classes() -> frozenset:
    from ..catalog import catalog

    surface = catalog().python.surface
    names = {c.rsplit(".", 1)[-1] for c in surface.server_classes if surface.server_classes[c] != "lowlevel"}
    return frozenset(names)


def _env_read(call) -> bool:
    """``os.getenv(...)`` / ``os.environ.get(...)`` (a name or attribute ending so)."""
    if not isinstance(call, ast.Call):
        return False
    f = call.func
    if isinstance(f, ast.Name):
        return f.id == "getenv"
    return isinstance(f, ast.Attribute) and (f.attr == "getenv" or f.attr == "get" and isinstance(f.value, (
        ast.Attribute, ast.Name)) and getattr(f.value, "attr", getattr(f.value, "id", None)) == "environ")


def _server_host(node: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """``FastMCP(..., host="0.0.0.0")`` or ``<server>.settings.host = "0.0.0.0"``, the constant
    also as the fallback of an environment read there (``host=os.getenv("HOST", "0.0.0.0")``)."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.keyword) and parent.arg == "default":
        node, parent = parent, parents.get(id(parent))  # os.getenv("HOST", default="0.0.0.0")
    if _env_read(parent) and (node in parent.args[1:2] or isinstance(node, ast.keyword)):
        node, parent = parent, parents.get(id(parent))
    if isinstance(parent, ast.keyword) and parent.arg == "host":
        call = parents.get(id(parent))
        func = call.func if isinstance(call, ast.Call) else None
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        return name in _server_classes()
    if isinstance(parent, ast.Assign) and parent.value is node:
        return all(isinstance(t, ast.Attribute) and t.attr == "host" and isinstance(t.value, ast.Attribute)
                   and t.value.attr == "settings" for t in parent.targets)
    return False


def server_hosts(text: str, hits: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """The B104 hits (line, 0-based column) whose ``"0.0.0.0"`` is given to an MCP server object
    as its host: a bind address only if that server runs over HTTP."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    constants = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == BIND_ALL]
    parents = _parents(tree) if constants else {}
    out = []
    for line, col in hits:
        here = [n for n in constants if n.lineno == line and n.col_offset == col]
        if here and all(_server_host(n, parents) for n in here):
            out.append((line, col))
    return out
