"""Logging and output facts: what the server records, and what it lets callers see.

Decides ``logging.audit``, ``output.error_details``, ``output.redaction`` and ``debug.enabled``:

* audit logging: a logging call (or a call to a repository helper that logs) in each tool's
  function, an audit/log decorator on it, or logging in one central place (a fastmcp
  ``on_call_tool`` middleware hook, a log/audit middleware added with ``add_middleware``, the
  low-level server's ``call_tool`` handler); null without tools;
* error details: ``traceback.format_*`` returned or used in a tool outside a logging call, and
  ``except ... as e`` blocks that return ``e`` (or raise a new exception built from it inside a
  tool) without a redacting/sanitising call or a repository function that never echoes it;
* redaction: a redact/scrub/mask... function defined and used, or a PII-scrubbing library;
* debug: ``debug=True`` arguments, ``DEBUG = True``, uvicorn ``reload=True``, ``DEBUG=1`` or
  ``--reload`` in Dockerfiles and YAML.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Dict, List, Optional, Set, Tuple

from .context import Context
from .evidence import Evidence, prefiltered
from .pyindex import FuncInfo, PyIndex, const, contains_name, kw, last, walk_no_defs

_LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "msg"}
_AUDIT_OR_LOG = re.compile(r"audit|log", re.I)  # in a decorator's or a middleware's name
_SCRUB = re.compile(r"redact|sanitiz|sanitis|scrub|mask|censor|safe_?err|generic_?err|public_?err", re.I)
_TRACEBACK_CALLS = ("traceback.format_exc", "traceback.format_exception", "traceback.format_tb")
_REDACT_DEF = prefiltered(
    re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w*(?:redact|scrub|sanitiz\w*_(?:output|log|result|secret|sensitive|text)"
               r"|mask_?(?:secret|sensitive|token|pii|credential)|filter_?(?:secret|sensitive)|censor)\w*)", re.I),
    "edact", "EDACT", "crub", "CRUB", "anitiz", "ANITIZ", "ask", "ASK", "ilter", "ILTER", "ensor", "ENSOR")
_REDACT_LIBRARY = re.compile(r"^\s*(?:from|import)\s+(scrubadub|presidio_analyzer|presidio_anonymizer|logredactor)\b")
_DEBUG_OTHER = re.compile(r"\b(?:FASTMCP_)?DEBUG\s*[=:]\s*[\"']?(?:1|true|True|yes)\b|--reload\b")


def is_log_call(name: str) -> bool:
    """A call by this dotted name writes a log record (``log.info``, ``logger.error``,
    ``structlog...``, ``audit_*``/``log_*`` helpers); MCP ``ctx.info`` messages to the client do not
    count."""
    if not name or name.startswith(("ctx.", "context.")):
        return False
    parts = name.split(".")
    last_name = parts[-1]
    if "audit" in last_name.lower() or last_name.lower().startswith(("log_", "_log_")):
        return True
    if last_name in _LOG_METHODS and len(parts) >= 2:
        base = parts[-2].lower().replace("()", "")
        return "log" in base or base in ("structlog", "audit")
    return False


class _LogIndex:
    """Which functions log (first logging-call line), and which calls each function makes; built
    on the first question (most servers never ask)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._logs_in: Optional[Dict[int, int]] = None
        self._calls_in: Dict[int, List[Tuple[str, int]]] = {}
        self._log_helpers: Set[str] = set()

    def _build(self) -> Dict[int, int]:
        logs_in: Dict[int, int] = {}
        for py in self._ctx.py:
            for call, name in py.calls:
                is_log = is_log_call(name)
                for anc in py.owners_of(call):  # every function around the call, innermost first
                    if is_log:
                        logs_in.setdefault(id(anc), call.lineno)
                    else:
                        self._calls_in.setdefault(id(anc), []).append((last(name), call.lineno))
        self._log_helpers = {f.name for py in self._ctx.py for f in py.funcs if id(f.node) in logs_in}
        return logs_in

    def func_logs(self, fn: ast.AST) -> Optional[int]:
        """Line of a logging call in ``fn``, or of a call to a same-repo helper that logs."""
        if self._logs_in is None:
            self._logs_in = self._build()
        if id(fn) in self._logs_in:
            return self._logs_in[id(fn)]
        for name, line in self._calls_in.get(id(fn), ()):
            if name in self._log_helpers:
                return line
        return None


def _central_logging(ctx: Context, logs: _LogIndex) -> Evidence:
    """Logging every tool call passes through: a fastmcp ``on_call_tool`` middleware hook that
    logs, or a log/audit middleware added with ``add_middleware``."""
    central = Evidence()
    for py in ctx.py:
        for f in py.funcs:
            if f.name == "on_call_tool":
                ln = logs.func_logs(f.node)
                if ln:
                    central.add(py.path, ln)
        for call, name in py.calls:
            if last(name) == "add_middleware":
                for a in call.args:
                    an = py.dotted(a.func if isinstance(a, ast.Call) else a) or ""
                    if _AUDIT_OR_LOG.search(last(an)):
                        central.add(py.path, call.lineno)
    return central


def _audit(ctx: Context, logs: _LogIndex) -> None:
    central = _central_logging(ctx, logs)
    audited, unaudited = Evidence(), Evidence()
    names_missing: List[str] = []
    for tool, py, fn in ctx.tool_funcs():
        if tool.kind == "call_tool":  # the low-level server's one handler for every tool
            ln = logs.func_logs(fn.node) if fn else None
            if ln:
                central.add(py.path, ln)
            continue
        if fn is None:
            continue
        deco = None
        for d in fn.node.decorator_list:
            dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
            if _AUDIT_OR_LOG.search(last(dn)):
                deco = d.lineno
        ln = deco or logs.func_logs(fn.node)
        if ln:
            audited.add(py.path, ln)
        else:
            unaudited.add(tool.location.path, tool.location.line)
            names_missing.append(tool.name)
    n_tools = sum(1 for t in ctx.tools if t.kind == "tool")
    if central:
        ctx.set("logging.audit", True, central, "tool calls are logged centrally")
    elif not ctx.tools:
        ctx.set("logging.audit", None, note="no MCP tools found")
    elif not unaudited and audited:
        ctx.set("logging.audit", True, audited, f"all {n_tools} tool(s) log their invocation")
    elif audited:
        ctx.set("logging.audit", "partial", unaudited,
                "tools without audit logging: " + ", ".join(sorted(names_missing)[:10]))
    else:
        ctx.set("logging.audit", False, unaudited,
                "no tool logs its invocation: " + ", ".join(sorted(names_missing)[:10]))


def _scrubbed(py: PyIndex, expr: ast.AST, ident: str, opaque: Any) -> bool:
    """True when every use of ``ident`` inside ``expr`` sits under a redaction/sanitising call, a
    repo function that never echoes its arguments (``opaque``), or only its type name is used
    (type(e).__name__)."""
    uses = [n for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id == ident]
    for use in uses:
        ok = False
        cur: Optional[ast.AST] = use
        while cur is not None and cur is not expr:
            par = py.parent(cur)
            if isinstance(par, ast.Call) and (_SCRUB.search(last(py.dotted(par.func) or ""))
                                              or last(py.dotted(par.func) or "") in opaque):
                ok = True
                break
            if isinstance(par, ast.Call) and (py.dotted(par.func) or "") == "type":
                ok = True
                break
            cur = par
        if isinstance(expr, ast.Call) and not ok and (_SCRUB.search(last(py.dotted(expr.func) or ""))
                                                      or last(py.dotted(expr.func) or "") in opaque):
            ok = True
        if not ok:
            return False
    return True


class _LazyOpaque:
    """``name in opaque``: every repo function of that name returns text that never contains one of
    its parameters unscrubbed (e.g. ``error_reference(exc)`` returning a generic message)."""

    def __init__(self, by_name: Dict[str, List[Tuple[PyIndex, FuncInfo]]]):
        self.by_name = by_name
        self.cache: Dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or name not in self.by_name:
            return False
        if name not in self.cache:
            self.cache[name] = False  # recursion guard
            self.cache[name] = all(self._opaque(py, f) for py, f in self.by_name[name])
        return self.cache[name]

    def _opaque(self, py: PyIndex, f: FuncInfo) -> bool:
        args = f.node.args
        params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs} - {"self", "cls"}
        rets = [n for n in walk_no_defs(f.node.body) if isinstance(n, ast.Return) and n.value is not None]
        if not rets or not params:
            return False
        return not any(contains_name(r.value, prm) and not _scrubbed(py, r.value, prm, self)
                       for r in rets for prm in params)


def _inside_tool(py: PyIndex, node: ast.AST, tool_nodes: Set[int]) -> bool:
    return any(id(a) in tool_nodes for a in py.ancestors(node))


def _under_log_call(py: PyIndex, node: ast.AST) -> bool:
    for a in py.ancestors(node):
        if isinstance(a, ast.Call) and is_log_call(py.dotted(a.func) or ""):
            return True
        if isinstance(a, (ast.stmt,)):
            return False
    return False


def _error_details(ctx: Context) -> None:
    leak = Evidence()
    tool_nodes = {id(fn.node) for _, _, fn in ctx.tool_funcs() if fn is not None}
    # repo functions that turn an argument into a caller-facing message without echoing it,
    # decided lazily for the names actually met around exception variables
    opaque = _LazyOpaque(ctx.funcs_by_name())
    for py in ctx.py:
        for node, name in py.calls:
            if name in _TRACEBACK_CALLS:
                if any(isinstance(a, ast.Return) for a in py.ancestors(node)) or \
                        _inside_tool(py, node, tool_nodes) and not _under_log_call(py, node):
                    leak.add(py.path, node.lineno)
        for node in py.handlers:
            if not node.name:
                continue
            in_tool = _inside_tool(py, node, tool_nodes)
            for sub in walk_no_defs(node.body):
                expr = None
                if isinstance(sub, ast.Return) and sub.value is not None:
                    expr = sub.value
                elif isinstance(sub, ast.Raise) and in_tool and isinstance(sub.exc, ast.Call):
                    expr = sub.exc
                if expr is None or not contains_name(expr, node.name):
                    continue
                if _scrubbed(py, expr, node.name, opaque):
                    continue
                leak.add(py.path, sub.lineno)
    ctx.set("output.error_details", bool(leak), leak,
            "exception text/tracebacks reach the caller" if leak else "")


def _redaction(ctx: Context) -> None:
    red = ctx.used_definitions(_REDACT_DEF)
    red.update(ctx.grep_py(_REDACT_LIBRARY))
    ctx.set("output.redaction", bool(red), red, "" if red else "no redaction/scrubbing of outputs or logs found")


def _debug(ctx: Context) -> None:
    dbg = Evidence()
    for py, call, name in ctx.calls(lambda n: True):
        if const(kw(call, "debug")) is True:
            dbg.add(py.path, call.lineno)
        if last(name) == "run" and name.startswith("uvicorn") and const(kw(call, "reload")) is True:
            dbg.add(py.path, call.lineno)
    for py in ctx.py:
        for node in py.assigns:
            if const(node.value) is True:
                for t in node.targets:
                    n = t.id if isinstance(t, ast.Name) else (t.attr if isinstance(t, ast.Attribute) else "")
                    if n in ("DEBUG", "debug"):
                        dbg.add(py.path, node.lineno)
    dbg.update(ctx.grep_other(_DEBUG_OTHER, kinds={"docker", "yaml"}))
    ctx.set("debug.enabled", bool(dbg), dbg, "debug mode or auto-reload switched on" if dbg else "")


def decide(ctx: Context) -> None:
    """Set the audit-logging, error-details, redaction and debug facts."""
    _audit(ctx, _LogIndex(ctx))
    _error_details(ctx)
    _redaction(ctx)
    _debug(ctx)
