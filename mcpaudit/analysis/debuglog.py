"""A root logger at DEBUG under an SSE transport: the request bodies, tool arguments included,
are written to the log.

The mcp SDK's SSE transport (``mcp/server/sse.py``, ``SseServerTransport.handle_post_message``;
fastmcp builds its SSE app on it) logs every message a client posts at DEBUG, on the logger
``mcp.server.sse``: ``Received JSON: <body>``, then ``Validated client message: <message>``.
That logger has no level of its own, so it writes whatever the root logger lets through: a
program that sets the root logger to DEBUG (``logging.basicConfig(level=logging.DEBUG)``,
``logging.getLogger().setLevel(...)``, or a level taken from a ``LOG_LEVEL``-like environment
variable whose default is DEBUG) writes every tool call's arguments to its log. When a tool takes
a credential as a parameter (a password, a token, a connection string that embeds one), the
credential lands in the log.

:func:`debug_sse_logs` finds the three facts in a project and says where each is.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Optional, Tuple

from ..sources import is_test_path
from .project import NOT_SERVING

#: names of parameters that carry a credential: the catalog's secret names, and connection
#: strings / DSNs / database URLs, which embed the password (postgresql://user:pass@host/db)
_CONNECTION_NAMES = re.compile(r"(?i)^(?:\w*_)?(?:connection_?string|conn_?str(?:ing)?|dsn|database_?url|db_?url"
                               r"|connection_?ur[il]|conn_?ur[il])$")
_LEVEL_ENV = re.compile(r"(?i)log_?level|loglevel|log_?lvl")
_TEXT = re.compile(r"(?i)[\"']debug[\"']|logging\.DEBUG")


def _credential(name: str) -> bool:
    from ..catalog import catalog

    return bool(_CONNECTION_NAMES.match(name)) or catalog().python.is_secret_name(name)


def _root_level_set(tree: ast.AST) -> Optional[int]:
    """The line of a call that sets the root logger's level from a value (``basicConfig(level=
    ...)``, ``logging.getLogger().setLevel(...)``, ``root.setLevel(...)`` on a name assigned
    ``getLogger()``), or None."""
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_root_logger(node.value):
            roots.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr == "basicConfig" and any(k.arg == "level" for k in node.keywords):
            return node.lineno
        if node.func.attr == "setLevel" and (_is_root_logger(node.func.value) or
                                             isinstance(node.func.value, ast.Name) and node.func.value.id in roots):
            return node.lineno
    return None


def _is_root_logger(node) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getLogger" \
        and (not node.args or isinstance(node.args[0], ast.Constant) and node.args[0].value in ("", None))


def _debug_default(tree: ast.AST) -> Optional[Tuple[int, str]]:
    """Where the log level defaults to DEBUG: ``os.getenv("LOG_LEVEL", "DEBUG")`` (the
    variable's name says it is a log level), or ``basicConfig(level=logging.DEBUG)`` outside any
    ``if`` (``if debug_mode: basicConfig(level=DEBUG)`` is DEBUG only when asked for)."""
    conditional = {id(n) for branch in ast.walk(tree) if isinstance(branch, (ast.If, ast.IfExp))
                   for part in (branch.body, branch.orelse) for stmt in (part if isinstance(part, list) else [part])
                   for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if name in ("get", "getenv") and len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args):
            var, default = node.args[0].value, node.args[1].value
            if isinstance(var, str) and _LEVEL_ENV.search(var) and str(default).upper() == "DEBUG":
                return node.lineno, f"{var} defaults to DEBUG"
        if name == "basicConfig" and id(node) not in conditional:
            level = next((k.value for k in node.keywords if k.arg == "level"), None)
            if level is not None and (isinstance(level, ast.Attribute) and level.attr == "DEBUG"
                                      or isinstance(level, ast.Constant) and str(level.value).upper() == "DEBUG"):
                return node.lineno, "logging.basicConfig sets the root logger to DEBUG"
    return None


def debug_sse_logs(project) -> Optional[Dict[str, object]]:
    """``{"path", "line", "words"}`` when the project serves an SSE transport, sets the root
    logger's level and defaults it to DEBUG, and a tool takes a credential parameter; None
    otherwise."""
    sse = next((s for s in project.http_servers if s.get("kind") not in NOT_SERVING
                and s.get("transport") == "sse" and not is_test_path(s.get("path", ""))), None)
    if sse is None:
        return None
    creds = [(t, p.name) for t in project.tools if t.kind == "tool" for p in t.parameters
             if p.tainted and _credential(p.name)]
    if not creds:
        return None
    default, setter = None, None
    for path, f in sorted(project.files.items()):
        if not path.endswith(".py") or is_test_path(path) or not _TEXT.search(f.text) and "setLevel" not in f.text:
            continue
        try:
            tree = ast.parse(f.text)
        except (SyntaxError, ValueError):
            continue
        if default is None:
            found = _debug_default(tree)
            default = (path, *found) if found else None
        line = _root_level_set(tree)
        setter = setter or ((path, line) if line else None)
    if default is None or setter is None:
        return None
    tool, param = creds[0]
    more = f" (and {len(creds) - 1} more credential parameter{'s' if len(creds) > 2 else ''})" if len(creds) > 1 else ""
    sets = "" if (setter[0], setter[1]) == (default[0], default[1]) else \
        f" and the root logger takes the level ({setter[0]}:{setter[1]})"
    words = (f"{default[2]} ({default[0]}:{default[1]}){sets}; "
             f"the SSE transport served at {sse['path']}:{sse['pos'][0]} (mcp.server.sse) logs every posted request body "
             f"at DEBUG, so tool '{tool.name}''s parameter '{param}' is written to the log{more}")
    return {"path": default[0], "line": default[1], "words": words}
