"""Tool facts: what the MCP tools can do, and what guards the dangerous ones.

Decides ``tools.count``, ``tools.raw_exec``, ``tools.destructive_unannotated`` and
``tools.privileged_ungated`` from the tools of the surface analysis (names, parameters,
annotations) and the functions behind them:

* raw execution: a tool named for executing (``run_sql``, ``shell``...) that takes a command/
  query/code parameter, or one that passes a parameter straight into a subprocess, ``eval``/
  ``exec`` or a SQL ``execute``;
* destructive: raw execution or a destructive verb in the tool's or function's name (delete,
  drop, write, deploy...), without a ``destructiveHint`` annotation, a confirmation parameter or an
  elicitation in the function;
* privileged: destructive or administrative (admin, grant, role...), registered for every caller:
  no enclosing ``if``, no permission/role/scope decorator, call or check in the function.

Without tools the three judgements are null with the note "no MCP tools found".
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Tuple

from ...models import ToolInfo
from .context import Context
from .evidence import Evidence
from .pyindex import FuncInfo, PyIndex, last

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
_GATE_DECORATOR = re.compile(r"requires?\b|auth", re.I)
_GATE_TEST = re.compile(r"'(scopes|roles?|permissions|is_admin|claims)'")


def _split_tokens(name: str) -> List[str]:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name or "")
    return [t for t in re.split(r"[^A-Za-z0-9]+", name.lower()) if t]


def _raw_exec(tool: ToolInfo, py: Optional[PyIndex], fn: Optional[FuncInfo]) -> bool:
    tokens = set(_split_tokens(tool.name))
    raw_params = [p.name for p in tool.parameters if p.tainted and p.name.lower() in _RAW_PARAMS]
    if raw_params and (tokens & _EXEC_VERBS or (tokens and tokens <= _EXEC_NOUNS)):
        return True
    if fn is None or py is None:
        return False
    if tool.parameters:
        params = {p.name for p in tool.parameters if p.tainted}
    else:
        params = {a.arg for a in fn.node.args.args + fn.node.args.kwonlyargs} - {"self", "ctx", "context"}
    for node, name in _calls(py, fn):
        if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in params:
            if name in _SINKS or last(name) in ("execute", "executescript") and "." in name:
                return True
    return False


def _calls(py: PyIndex, fn: FuncInfo) -> List[Tuple[ast.Call, str]]:
    """Every call anywhere under ``fn`` with its dotted name, from the index (a walk of the
    function only when the index does not know it)."""
    within = py.within(fn.node)
    if within is not None:
        return within[0]
    return [(n, py.dotted(n.func) or "") for n in ast.walk(fn.node) if isinstance(n, ast.Call)]


def _ifs(py: PyIndex, fn: FuncInfo) -> List[ast.If]:
    """Every ``if`` statement anywhere under ``fn`` (as :func:`_calls`)."""
    within = py.within(fn.node)
    if within is not None:
        return within[1]
    return [n for n in ast.walk(fn.node) if isinstance(n, ast.If)]


def _confirmed(t: ToolInfo, py: Optional[PyIndex], fn: Optional[FuncInfo]) -> bool:
    """A destructive tool is annotated, takes a confirmation parameter, or elicits one."""
    ann = {k.replace("_", "").lower(): v for k, v in (t.annotations or {}).items()}
    annotated = "destructivehint" in ann
    confirm = any(p.name.lower() in _CONFIRM_PARAMS for p in t.parameters)
    elicits = fn is not None and py is not None and any("elicit" in last(name) for _n, name in _calls(py, fn))
    return annotated or confirm or elicits


def _gated(py: Optional[PyIndex], fn: Optional[FuncInfo]) -> bool:
    if py is None or fn is None:
        return False
    # registered conditionally (if ROLE == "admin": @mcp.tool() ...)
    for anc in py.ancestors(fn.node):
        if isinstance(anc, ast.If):
            return True
    for d in fn.node.decorator_list:
        dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
        if last(dn) not in ("tool", "call_tool") and (_GATE_RE.search(last(dn)) or _GATE_DECORATOR.search(last(dn))):
            return True
    if any(_GATE_RE.search(last(name)) for _n, name in _calls(py, fn)):
        return True
    return any(_GATE_TEST.search(ast.dump(node.test)) for node in _ifs(py, fn))


def decide(ctx: Context) -> None:
    """Set the tool facts."""
    tools = [(t, py, fn) for t, py, fn in ctx.tool_funcs() if t.kind == "tool"]
    # tools whose function could not be found still count for name-based checks
    known = {id(t) for t, _, _ in tools}
    tools += [(t, None, None) for t in ctx.tools if t.kind == "tool" and id(t) not in known]
    ctx.set("tools.count", len(tools), None)
    if not tools:
        for fid in ("tools.raw_exec", "tools.destructive_unannotated", "tools.privileged_ungated"):
            ctx.set(fid, None, note="no MCP tools found")
        return
    raw, destr, ungated = Evidence(), Evidence(), Evidence()
    raw_n, destr_n, ungated_n = [], [], []
    for t, py, fn in sorted(tools, key=lambda x: (x[0].location.sort_key(), x[0].name)):
        loc = (t.location.path, t.location.line)
        tokens = set(_split_tokens(t.name)) | set(_split_tokens((t.function or "").split(".")[-1]))
        is_raw = _raw_exec(t, py, fn)
        if is_raw:
            raw.add(*loc)
            raw_n.append(t.name)
        destructive = is_raw or bool(tokens & _DESTRUCTIVE)
        if destructive and not _confirmed(t, py, fn):
            destr.add(*loc)
            destr_n.append(t.name)
        if (destructive or tokens & _ADMIN) and not _gated(py, fn):
            ungated.add(*loc)
            ungated_n.append(t.name)
    ctx.set("tools.raw_exec", bool(raw), raw,
            ("raw execution tools: " + ", ".join(raw_n)) if raw_n else "")
    ctx.set("tools.destructive_unannotated", bool(destr), destr,
            ("destructive tools without destructiveHint or confirmation: " + ", ".join(destr_n)) if destr_n else "")
    ctx.set("tools.privileged_ungated", bool(ungated), ungated,
            ("privileged tools registered for every caller: " + ", ".join(ungated_n)) if ungated_n else "")
