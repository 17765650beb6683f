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
from typing import Any, Dict, List, Optional

from ...models import Location, Parameter, ToolInfo
from ...sources import is_test_path
from .context import Context
from .evidence import Evidence
from .pyindex import MISSING, FuncInfo, PyIndex, const, kw, last

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
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in params:
            name = py.dotted(node.func) or ""
            if name in _SINKS or last(name) in ("execute", "executescript") and "." in name:
                return True
    return False


def _confirmed(t: ToolInfo, py: Optional[PyIndex], fn: Optional[FuncInfo]) -> bool:
    """A destructive tool is annotated, takes a confirmation parameter, or elicits one."""
    ann = {k.replace("_", "").lower(): v for k, v in (t.annotations or {}).items()}
    annotated = "destructivehint" in ann
    confirm = any(p.name.lower() in _CONFIRM_PARAMS for p in t.parameters)
    elicits = fn is not None and py is not None and any(
        isinstance(n, ast.Call) and "elicit" in last(py.dotted(n.func) or "")
        for n in ast.walk(fn.node))
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
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Call) and _GATE_RE.search(last(py.dotted(node.func) or "")):
            return True
        if isinstance(node, ast.If):
            test = ast.dump(node.test)
            if _GATE_TEST.search(test):
                return True
    return False


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


# --------------------------------------------------------------------------- fallback discovery


def discover_tools(ctx: Context) -> List[ToolInfo]:
    """Fallback surface discovery when the caller passes no tools: decorators named *.tool /
    tool, *.call_tool, and add_tool(fn) calls."""
    out: List[ToolInfo] = []
    for py in ctx.py:
        for f in py.funcs:
            for d in f.node.decorator_list:
                dn = py.dotted(d.func if isinstance(d, ast.Call) else d) or ""
                last_name = last(dn)
                if last_name not in ("tool", "call_tool"):
                    continue
                name = f.name
                ann: Dict[str, Any] = {}
                desc = ast.get_docstring(f.node)
                if isinstance(d, ast.Call):
                    n = kw(d, "name")
                    if isinstance(const(n), str):
                        name = const(n)
                    elif d.args and isinstance(const(d.args[0]), str):
                        name = const(d.args[0])
                    dsc = kw(d, "description")
                    if isinstance(const(dsc), str):
                        desc = const(dsc)
                    ann = _annotations_of(kw(d, "annotations"))
                out.append(ToolInfo(
                    name=name, kind="tool" if last_name == "tool" else "call_tool", function=f.qualname,
                    location=Location(py.path, f.node.lineno), parameters=_params_of(f.node),
                    description=desc, annotations=ann,
                ))
        for call, name in py.calls:
            if last(name) == "add_tool" and call.args:
                fn_name = py.dotted(call.args[0]) or ""
                tname = const(kw(call, "name"))
                fnode = next((f for p in ctx.py for f in p.funcs if f.name == last(fn_name)), None)
                out.append(ToolInfo(
                    name=tname if isinstance(tname, str) else last(fn_name),
                    kind="tool", function=last(fn_name), location=Location(py.path, call.lineno),
                    parameters=_params_of(fnode.node) if fnode else [],
                    annotations=_annotations_of(kw(call, "annotations")),
                ))
    return [t for t in out if not is_test_path(t.location.path)]


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
            if isinstance(const(k), str):
                c = const(v)
                out[const(k)] = c if c is not MISSING else True
    elif isinstance(node, ast.Call):
        for k in node.keywords:
            if k.arg:
                c = const(k.value)
                out[k.arg] = c if c is not MISSING else True
    return out
