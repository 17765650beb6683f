"""One pass over one module: the MCP surface and a taint summary of every function.

The module is parsed once with libcst and each function body is evaluated once by a small
abstract interpreter that only descends into the parts of the tree that matter (no generic
visitor, no metadata providers). The result, :class:`ModuleSummary`, is plain picklable data:
it crosses worker processes and goes into the cache; :mod:`mcpaudit.analysis.inter` links the
summaries of all modules into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

import libcst as cst

from . import sinks as S
from .positions import PositionIndex, Pos, is_node, flat_body
from .taintvalue import ALL, EMPTY, FAMILIES, Info, Taint, add_step, mark, union, unclean

# ------------------------------------------------------------------------------------------
# summary data (picklable)


@dataclass
class Step:
    line: int
    column: int
    note: str
    path: str = ""  # filled for steps from other modules when flows are linked


@dataclass
class SinkRec:
    family: str
    sink: str  # human name of the sink, e.g. "subprocess.run(shell=True)"
    pos: Pos
    taint: Taint  # steps are resolved Step objects
    nonconst: bool
    detail: str = ""  # extra words for the message
    whole: Tuple[str, ...] = ()  # params logged as a whole (argument dicts, headers)
    tool_hint: Optional[str] = None
    verbatim: bool = False  # the sink gets the value as is (no string building): a raw-query tool
    uncertain: bool = False  # where the value lands is unknown (argv built elsewhere)


@dataclass
class CallRec:
    target: str  # dotted name after import resolution; "self.m" for methods
    pos: Pos
    args: List[Taint]
    kwargs: Dict[str, Taint]
    star: Taint
    dstar: Taint
    fallback: Taint  # what flows out when the target is not a project function
    tool_hint: Optional[str] = None


@dataclass
class ParamRec:
    name: str
    kind: str  # "pos" | "kwonly" | "vararg" | "kwarg"
    annotation: Optional[str]
    safe: bool  # typed so that it cannot carry an injection (int, Literal, Enum, ...)
    context: bool  # MCP Context / request objects: not caller input
    default: Optional[str]
    pos: Pos
    description: Optional[str] = None
    description_pos: Optional[Pos] = None


@dataclass
class FuncSummary:
    qualname: str
    name: str
    cls: Optional[str]
    pos: Pos
    params: List[ParamRec]
    sinks: List[SinkRec]
    returns: List[Tuple[Pos, Taint]]
    raises: List[Tuple[Pos, Taint]]
    calls: Dict[int, CallRec]
    is_async: bool = False
    docstring: Optional[str] = None
    docstring_pos: Optional[Pos] = None
    validates: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # param -> families proven clean on return


@dataclass
class HandlerRec:
    function: str  # qualname in this module
    kind: str
    framework: str
    owner: str  # dotted expression of the MCP object (mcp, self.mcp, server)
    owner_known: bool  # owner is a known FastMCP/Server instance (not just a name)
    name: Optional[str]
    description: Optional[str]
    description_pos: Optional[Pos]
    uri: Optional[str]
    annotations: Dict[str, object]
    pos: Pos


@dataclass
class LowLevelTool:
    name: str
    description: Optional[str]
    description_pos: Optional[Pos]
    params: Dict[str, Optional[str]]  # param -> description
    pos: Pos
    annotations: Dict[str, object] = field(default_factory=dict)


@dataclass
class ModuleSummary:
    path: str
    imports: Dict[str, str]
    functions: Dict[str, FuncSummary]
    handlers: List[HandlerRec]
    instances: Dict[str, str]  # module-level name -> "fastmcp" | "lowlevel"
    added_tools: List[Tuple[str, Dict[str, object], Pos]]  # add_tool(fn) targets (dotted)
    lowlevel_tools: List[LowLevelTool]
    http: List[dict]  # HTTP serving sites: {"kind", "pos", "detail", "owner"}
    auth: List[dict]  # auth evidence: {"kind", "pos", "detail"}
    enums: Set[str]
    imports_mcp: bool
    lines: int = 0


# ------------------------------------------------------------------------------------------
# helpers

_MCP_CLASSES = {
    "mcp.server.fastmcp.FastMCP": "fastmcp", "mcp.server.fastmcp.server.FastMCP": "fastmcp",
    "fastmcp.FastMCP": "fastmcp2", "fastmcp.server.FastMCP": "fastmcp2",
    "fastmcp.server.server.FastMCP": "fastmcp2",
    "mcp.server.Server": "lowlevel", "mcp.server.lowlevel.Server": "lowlevel",
    "mcp.server.lowlevel.server.Server": "lowlevel",
}
_FASTMCP_DECOS = {"tool": "tool", "resource": "resource", "prompt": "prompt"}
_LOWLEVEL_DECOS = {"call_tool": "call_tool", "read_resource": "read_resource",
                   "get_prompt": "get_prompt", "list_tools": "list_tools",
                   "list_resources": "list_resources", "list_prompts": "list_prompts",
                   "list_resource_templates": "list_resource_templates"}
_MIXIN_DECOS = {"mcp_tool": "tool", "mcp_resource": "resource", "mcp_prompt": "prompt"}
_LIST_MUTATORS = {"append", "extend", "insert", "add", "update", "appendleft", "extendleft",
                  "setdefault"}
_VALIDATOR_NAME = re.compile(r"(?i)(valid|check|ensure|verify|saniti|assert|allowed|safe|permit|guard|restrict|authori|within|inside)")
_RESTRICTED_RE = re.compile(r"^\^?(\[[^\]]*\][+*?]?(\{\d*,?\d*\})?|\\[dw][+*?]?(\{\d*,?\d*\})?|[A-Za-z0-9_]+)+\$?\\?Z?$")
_HTTP_TRANSPORTS = {"sse", "streamable-http", "streamable_http", "http"}
_AUTH_KWARGS = {"auth", "token_verifier", "auth_server_provider", "auth_provider",
                "authentication", "auth_settings"}
_AUTH_NAMES = re.compile(r"(?i)(BearerAuth|AuthenticationMiddleware|TokenVerifier|OAuthProvider|"
                         r"AuthProvider|JWTVerifier|BearerTokenAuth|HTTPBearer|OAuth2PasswordBearer|"
                         r"APIKeyHeader|RequireAuth|AuthMiddleware|auth_middleware|verify_token|"
                         r"StaticTokenVerifier|RemoteAuthProvider|AuthSettings|api_key_auth)")


_PLAIN_PREFIX = {"": False, "r": True, "R": True, "u": False, "U": False}


def _string_value(node) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        raw = node.value
        # fast path: no escapes to interpret (evaluated_value runs ast.literal_eval, a compile)
        q = raw.find(raw[-1])
        prefix = raw[:q]
        if prefix in _PLAIN_PREFIX and (_PLAIN_PREFIX[prefix] or "\\" not in raw):
            quote = raw[q:q + 3] if raw[q:q + 3] in ('"""', "'''") else raw[q]
            return raw[q + len(quote):len(raw) - len(quote)]
        try:
            v = node.evaluated_value
        except Exception:
            return None
        return v.decode("latin-1") if isinstance(v, bytes) else v
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_value(node.left), _string_value(node.right)
        if left is None or right is None:
            return None
        return left + right
    return None


def _const_prefix(node) -> str:
    """The constant text a string expression starts with (for f-strings and ``+``)."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return _string_value(node) or ""
    if isinstance(node, cst.FormattedString):
        out = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append(part.value)
            else:
                break
        return "".join(out)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _const_prefix(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return _const_prefix(node.func.value)
    return ""


def _is_literal(node) -> bool:
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _is_literal(node.left) and _is_literal(node.right)
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return True
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(e, cst.Element) and _is_literal(e.value) for e in node.elements)
    if isinstance(node, cst.UnaryOperation):
        return _is_literal(node.expression)
    return False


def _is_exit(stmt) -> bool:
    return isinstance(stmt, (cst.Return, cst.Raise, cst.Continue, cst.Break))


def _simple_name(node) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _simple_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


#: One empty module to render nodes with (building one per call validated it every time).
_CODEGEN = cst.Module([])


def _dotted_text(node) -> str:
    """The text of an import's dotted name (``a.b.c``), without a codegen pass for the usual
    unparenthesised, unspaced case."""
    parts = []
    cur = node
    while isinstance(cur, cst.Attribute) and not cur.lpar and _tight(cur.dot):
        parts.append(cur.attr.value)
        cur = cur.value
    if isinstance(cur, cst.Name) and not cur.lpar:
        parts.append(cur.value)
        return ".".join(reversed(parts))
    return _CODEGEN.code_for_node(node)


def _tight(dot) -> bool:
    wb, wa = dot.whitespace_before, dot.whitespace_after
    return isinstance(wb, cst.SimpleWhitespace) and not wb.value and \
        isinstance(wa, cst.SimpleWhitespace) and not wa.value


def _annotation_text(ann) -> Optional[str]:
    if ann is None:
        return None
    simple = _simple_name(ann.annotation)
    if simple is not None:
        return simple
    try:
        return _CODEGEN.code_for_node(ann.annotation).strip()
    except Exception:  # pragma: no cover
        return None


_CTX_LAST = {"Context", "RequestContext", "ServerSession", "Request"}


def _ann_parts(text: str) -> List[str]:
    return [p for p in re.split(r"[\[\]\s,|]+", text) if p]


# ------------------------------------------------------------------------------------------


class ModuleAnalyzer:
    def __init__(self, path: str, text: str, module: cst.Module):
        self.path = path
        self.text = text
        self._lines: Optional[List[str]] = None
        self.module = module
        self.pos_index = PositionIndex(text, module)
        self.imports: Dict[str, str] = {}
        self.instances: Dict[str, str] = {}
        self.module_types: Dict[str, str] = {}
        self.functions: Dict[str, FuncSummary] = {}
        self.handlers: List[HandlerRec] = []
        self.added_tools: List[Tuple[str, Dict[str, object], Pos]] = []
        self.lowlevel_tools: List[LowLevelTool] = []
        self.http: List[dict] = []
        self.auth: List[dict] = []
        self.enums: Set[str] = set()
        self.regexes: Dict[str, str] = {}  # NAME = re.compile("...")
        self.imports_mcp = False
        self._resolved_steps: Dict[int, Step] = {}
        self.has_relative_to = "relative_to" in text
        self.dispatch_tables: Dict[str, List[str]] = {}  # NAME = {"tool": function, ...}

    # -- positions and steps ------------------------------------------------------------
    def pos(self, stmt, node=None) -> Pos:
        return self.pos_index.pos(stmt, node)

    def resolve_taint(self, t: Taint) -> Taint:
        """Turn raw steps ``(stmt, node, note)`` into positioned :class:`Step` objects."""
        if not t:
            return {}
        out: Taint = {}
        for label, info in t.items():
            steps = []
            for st in info.steps:
                if isinstance(st, Step):
                    steps.append(st)
                    continue
                stmt, node, note = st
                # statement-level positions for flow steps: node-level alignment is kept
                # for the reported sink itself
                p = self.pos(stmt)
                steps.append(Step(p[0], p[1], note))
            out[label] = Info(tuple(steps), info.weak, info.clean, info.resolved, info.key, info.built)
        return out

    # -- names --------------------------------------------------------------------------
    def dotted(self, node, types: Optional[Dict[str, str]] = None) -> Optional[str]:
        if isinstance(node, cst.Name):
            name = node.value
            if types is not None and name in types:
                return types[name] + "()"
            if name in self.imports:
                return self.imports[name]
            if name in self.module_types:
                return self.module_types[name] + "()"
            return name
        if isinstance(node, cst.Attribute):
            base = self.dotted(node.value, types)
            return None if base is None else f"{base}.{node.attr.value}"
        if isinstance(node, cst.Call):
            base = self.dotted(node.func, types)
            return None if base is None else f"{base}()"
        return None

    def add_import(self, node) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = _dotted_text(alias.name)
                if full.split(".")[0] in ("mcp", "fastmcp"):
                    self.imports_mcp = True
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.imports[alias.asname.name.value] = full
                else:
                    self.imports[full.split(".")[0]] = full.split(".")[0]
        elif isinstance(node, cst.ImportFrom):
            mod = _dotted_text(node.module) if node.module is not None else ""
            dots = "." * len(node.relative)
            base = dots + mod
            if mod.split(".")[0] in ("mcp", "fastmcp"):
                self.imports_mcp = True
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = _dotted_text(alias.name)
                local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                self.imports[local] = f"{base}.{name}" if base and not base.endswith(".") else f"{base}{name}"

    # -- the module ---------------------------------------------------------------------
    def run(self) -> ModuleSummary:
        body = flat_body(self.module)
        # imports and module-level instances first, so decorators anywhere can use them
        for stmt in body:
            if isinstance(stmt, (cst.Import, cst.ImportFrom)):
                self.add_import(stmt)
            elif isinstance(stmt, (cst.If, cst.Try)):
                for inner in self._iter_nested_simple(stmt):
                    if isinstance(inner, (cst.Import, cst.ImportFrom)):
                        self.add_import(inner)
        for stmt in body:
            if isinstance(stmt, (cst.Assign, cst.AnnAssign)):
                self._module_assign(stmt)
            elif isinstance(stmt, cst.ClassDef):
                self._note_class(stmt)
        for m in _AUTH_NAMES.finditer(self.text):
            line = self.text.count("\n", 0, m.start()) + 1
            self.auth.append({"kind": "name", "pos": (line, 1, line, 1), "detail": m.group(0)})
            if len(self.auth) > 20:
                break
        top = FunctionAnalyzer(self, None, "<module>", None, body_stmts=body)
        top.run()
        self.functions["<module>"] = top.summary()
        return ModuleSummary(
            path=self.path, imports=self.imports, functions=self.functions,
            handlers=self.handlers, instances=self.instances, added_tools=self.added_tools,
            lowlevel_tools=self.lowlevel_tools, http=self.http, auth=self.auth,
            enums=self.enums, imports_mcp=self.imports_mcp,
            lines=self.text.count("\n") + (0 if self.text.endswith("\n") else 1),
        )

    def _iter_nested_simple(self, stmt):
        blocks = [stmt.body]
        if isinstance(stmt, cst.Try):
            blocks += [h.body for h in stmt.handlers]
        elif isinstance(stmt, cst.If) and isinstance(stmt.orelse, cst.Else):
            blocks.append(stmt.orelse.body)
        for b in blocks:
            yield from flat_body(b)

    def _module_assign(self, stmt) -> None:
        value = stmt.value
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        if value is None:
            return
        if isinstance(value, cst.Dict) and value.elements:
            funcs = []
            for e in value.elements:
                if isinstance(e, cst.DictElement) and isinstance(e.value, (cst.Name, cst.Attribute)):
                    d = self.dotted(e.value)
                    if d:
                        funcs.append(d)
            if funcs and len(funcs) == len(value.elements):
                for t in targets:
                    if isinstance(t, cst.Name):
                        self.dispatch_tables[t.value] = funcs
        if isinstance(value, cst.Call):
            fq = self.dotted(value.func) or ""
            kind = _MCP_CLASSES.get(fq) or (
                "fastmcp" if fq.endswith("FastMCP") else "lowlevel" if fq.endswith(".Server") and "mcp" in fq else None)
            for t in targets:
                if isinstance(t, cst.Name):
                    if kind:
                        self.instances[t.value] = kind
                    else:
                        self.module_types[t.value] = fq
                    if fq in ("re.compile",) and value.args:
                        pat = _string_value(value.args[0].value)
                        if pat is not None:
                            self.regexes[t.value] = pat
            if kind:
                self._note_mcp_ctor(stmt, value, kind)

    def _note_mcp_ctor(self, stmt, call: cst.Call, kind: str) -> None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in _AUTH_KWARGS and not (
                    isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                self.auth.append({"kind": "ctor-" + arg.keyword.value, "pos": self.pos(stmt, call),
                                  "detail": f"{arg.keyword.value}= passed to the MCP server"})

    def _note_class(self, cls: cst.ClassDef) -> None:
        for base in cls.bases:
            fq = self.dotted(base.value) or ""
            if fq.split(".")[-1] in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"):
                self.enums.add(cls.name.value)

    # -- decorators ---------------------------------------------------------------------
    def handler_from_decorators(self, fn: cst.FunctionDef, qualname: str, stmt, types: Dict[str, str],
                                self_attrs: Dict[str, str], param_types: Dict[str, str]) -> Optional[HandlerRec]:
        for deco in fn.decorators:
            expr = deco.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call is not None else expr
            attr = None
            owner = None
            if isinstance(func, cst.Attribute):
                attr = func.attr.value
                owner = func.value
            elif isinstance(func, cst.Name) and func.value in _MIXIN_DECOS:
                kind = _MIXIN_DECOS[func.value]
                return self._handler_rec(fn, qualname, stmt, call, kind, "fastmcp2", "mixin", True)
            if attr is None:
                continue
            if attr in _FASTMCP_DECOS:
                kind, framework = _FASTMCP_DECOS[attr], "fastmcp"
            elif attr in _LOWLEVEL_DECOS:
                kind, framework = _LOWLEVEL_DECOS[attr], "lowlevel"
            else:
                continue
            owner_s = self.dotted(owner) or ""
            known = False
            inst_kind = None
            if isinstance(owner, cst.Name):
                inst_kind = self.instances.get(owner.value) or param_types.get(owner.value)
                if inst_kind is None and owner.value in self.imports:
                    known = True  # imported object; confirmed when modules are linked
            elif owner_s.startswith("self.") or owner_s.startswith("cls."):
                inst_kind = self_attrs.get(owner_s)
                known = inst_kind is not None
            if inst_kind:
                known = True
                if inst_kind == "fastmcp2":
                    framework = "fastmcp2" if framework == "fastmcp" else framework
            if not known and not self.imports_mcp:
                continue
            return self._handler_rec(fn, qualname, stmt, call, kind, framework, owner_s, known)
        return None

    def _handler_rec(self, fn, qualname, stmt, call, kind, framework, owner, known) -> HandlerRec:
        name = None
        description = None
        description_pos = None
        uri = None
        annotations: Dict[str, object] = {}
        if call is not None:
            for i, arg in enumerate(call.args):
                kw = arg.keyword.value if arg.keyword is not None else None
                sval = _string_value(arg.value)
                if kw is None and i == 0 and sval is not None:
                    if kind == "resource":
                        uri = sval
                    else:
                        name = sval
                elif kw == "name" and sval is not None:
                    name = sval
                elif kw == "uri" and sval is not None:
                    uri = sval
                elif kw == "description" and sval is not None:
                    description = sval
                    description_pos = self.pos(stmt, arg.value) if isinstance(arg.value, cst.Call) else self._arg_pos(stmt, call, arg)
                elif kw == "annotations":
                    annotations = self._annotations(arg.value)
        return HandlerRec(
            function=qualname, kind=kind, framework=framework, owner=owner, owner_known=known,
            name=name, description=description, description_pos=description_pos, uri=uri,
            annotations=annotations, pos=self.pos(stmt),
        )

    def _arg_pos(self, stmt, call, arg) -> Pos:
        p = self.pos(stmt, call)
        # the string's own line: find it in the source after the call start
        code = _CODEGEN.code_for_node(arg.value)
        first = code.splitlines()[0] if code else ""
        lines = self._lines
        if lines is None:
            lines = self._lines = self.text.splitlines()
        for ln in range(p[0], min(p[2], len(lines)) + 1):
            col = lines[ln - 1].find(first)
            if first and col >= 0:
                return (ln, col + 1, ln, col + 1 + len(first))
        return p

    def _annotations(self, node) -> Dict[str, object]:
        out: Dict[str, object] = {}
        if isinstance(node, cst.Call):
            items = [(a.keyword.value, a.value) for a in node.args if a.keyword is not None]
        elif isinstance(node, cst.Dict):
            items = [(_string_value(e.key), e.value) for e in node.elements if isinstance(e, cst.DictElement)]
        else:
            return out
        for k, v in items:
            if k is None:
                continue
            if isinstance(v, cst.Name) and v.value in ("True", "False"):
                out[k] = v.value == "True"
            elif _string_value(v) is not None:
                out[k] = _string_value(v)
        return out


class FunctionAnalyzer:
    """Evaluates one function body (or the module body) once, building its summary."""

    def __init__(self, mod: ModuleAnalyzer, fn: Optional[cst.FunctionDef], qualname: str,
                 cls: Optional[str], body_stmts=None, self_attrs: Optional[Dict[str, str]] = None,
                 fn_stmt=None):
        self.mod = mod
        self.fn = fn
        self.fn_stmt = fn_stmt if fn_stmt is not None else fn
        self.qualname = qualname
        self.cls = cls
        self.body_stmts = body_stmts
        self.env: Dict[str, Taint] = {}
        self.types: Dict[str, str] = {}
        self.lists: Dict[str, List[Tuple[object, Taint, Optional[str]]]] = {}
        self.derived: Dict[str, str] = {}
        self.dicts: Dict[str, cst.Dict] = {}  # name -> the dict literal last assigned to it
        self.host_vars: Set[str] = set()  # host = urlparse(url).hostname (derived[host] == url)
        self.self_attrs = self_attrs if self_attrs is not None else {}
        self.param_types: Dict[str, str] = {}
        self.params: List[ParamRec] = []
        self.param_defaults: Dict[str, object] = {}
        self.sinks: List[SinkRec] = []
        self.calls: Dict[int, CallRec] = {}
        self.returns: List[Tuple[Pos, Taint]] = []
        self.raises: List[Tuple[Pos, Taint]] = []
        self.stmt = None
        self.tool_hint: Optional[str] = None
        self.name_param: Optional[str] = None
        self.is_module = fn is None
        self.final_env: Optional[Dict[str, Taint]] = None
        self.dispatch_vars: Dict[str, str] = {}  # handler = TABLE[name]

    # -- entry --------------------------------------------------------------------------
    def run(self) -> None:
        if self.fn is not None:
            self._init_params()
            body = flat_body(self.fn.body)
        else:
            body = self.body_stmts
        self.exec_block(body)
        self.final_env = self.env

    def summary(self) -> FuncSummary:
        mod = self.mod
        doc = None
        doc_pos = None
        if self.fn is not None:
            body = flat_body(self.fn.body)
            if body and isinstance(body[0], cst.Expr) and isinstance(body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
                doc = _string_value(body[0].value)
                if doc is not None:
                    import inspect as _inspect
                    doc = _inspect.cleandoc(doc)
                    doc_pos = mod.pos(body[0])
        return FuncSummary(
            qualname=self.qualname,
            name=self.fn.name.value if self.fn is not None else "<module>",
            cls=self.cls,
            pos=mod.pos(self.fn_stmt) if self.fn is not None else (1, 1, 1, 1),
            params=self.params,
            sinks=self.sinks,
            returns=[(p, mod.resolve_taint(t)) for p, t in self.returns],
            raises=[(p, mod.resolve_taint(t)) for p, t in self.raises],
            calls=self.calls,
            is_async=bool(self.fn is not None and self.fn.asynchronous is not None),
            docstring=doc, docstring_pos=doc_pos, validates=self._validates(),
        )

    def _validates(self) -> Dict[str, FrozenSet[str]]:
        out: Dict[str, FrozenSet[str]] = {}
        for p in self.params:
            t = self.final_env.get(p.name) if self.final_env is not None else None
            if not t:
                continue
            fams = None
            for info in t.values():
                fams = info.clean if fams is None else fams & info.clean
            if fams and not any(i.weak for i in t.values()):
                out[p.name] = frozenset(fams)
        return out

    def _init_params(self) -> None:
        fn = self.fn
        p = fn.params
        groups = [(x, "pos") for x in list(p.posonly_params) + list(p.params)]
        if isinstance(p.star_arg, cst.Param):
            groups.append((p.star_arg, "vararg"))
        groups += [(x, "kwonly") for x in p.kwonly_params]
        if p.star_kwarg is not None:
            groups.append((p.star_kwarg, "kwarg"))
        for i, (param, kind) in enumerate(groups):
            name = param.name.value
            ann = _annotation_text(param.annotation)
            safe, context = self._classify_annotation(ann)
            if self.cls is not None and i == 0 and name in ("self", "cls"):
                context = True
            default = None
            if param.default is not None:
                try:
                    default = _CODEGEN.code_for_node(param.default)
                except Exception:  # pragma: no cover
                    default = None
                self.param_defaults[name] = param.default
            desc = None
            if ann:
                m = re.search(r"description\s*=\s*(?P<q>['\"])(?P<d>.*?)(?P=q)", ann, re.S)
                if m:
                    desc = m.group("d")
            if param.default is not None and isinstance(param.default, cst.Call):
                for a in param.default.args:
                    if a.keyword is not None and a.keyword.value == "description":
                        desc = _string_value(a.value) or desc
            ppos = self.mod.pos(self.fn_stmt)  # the def line; node-level only for reported sinks
            self.params.append(ParamRec(name, kind, ann, safe, context, default, ppos, desc))
            if ann:
                last = _ann_parts(ann)[-1] if _ann_parts(ann) else ""
                if last == "FastMCP":
                    self.param_types[name] = "fastmcp"
                elif last == "Server":
                    self.param_types[name] = "lowlevel"
            if safe or context:
                self.env[name] = EMPTY
            else:
                self.env[name] = {("p", name): Info(((self.fn_stmt, param, f"parameter '{name}'"),))}

    def _classify_annotation(self, ann: Optional[str]) -> Tuple[bool, bool]:
        if not ann:
            return False, False
        parts = _ann_parts(ann)
        if not parts:
            return False, False
        head = parts[0]
        if head in ("Annotated", "typing.Annotated") and len(parts) > 1:
            inner = ann[ann.index("[") + 1:] if "[" in ann else ""
            depth, cut = 0, len(inner)
            for i, ch in enumerate(inner):
                if ch in "[(":
                    depth += 1
                elif ch in "])":
                    depth -= 1
                elif ch == "," and depth == 0:
                    cut = i
                    break
            return self._classify_annotation(inner[:cut].strip())
        last = head.split(".")[-1]
        if last in _CTX_LAST or head in S.CONTEXT_ANNOTATIONS:
            return False, True
        if head in ("Literal", "typing.Literal", "typing_extensions.Literal"):
            return True, False
        if head in ("Optional", "typing.Optional", "list", "List", "typing.List", "set", "Set", "tuple", "Tuple") and len(parts) > 1:
            inner = [x for x in parts[1:] if x not in ("None", "...")]
            if inner and all(x in S.SAFE_ANNOTATIONS or x.split(".")[-1] in self.mod.enums or x in ("Literal",) for x in inner):
                return True, False
            return False, False
        if head in S.SAFE_ANNOTATIONS or last in self.mod.enums:
            if all(x in S.SAFE_ANNOTATIONS or x == "None" or x.split(".")[-1] in self.mod.enums for x in parts):
                return True, False
        return False, False

    # -- statements ---------------------------------------------------------------------
    def exec_block(self, stmts) -> bool:
        """Run statements in order; True when the block always exits (return/raise/...)."""
        for stmt in stmts:
            if self.exec_stmt(stmt):
                return True
        return False

    def exec_stmt(self, stmt) -> bool:
        self.stmt = stmt
        t = type(stmt)
        if t is cst.Expr:
            self._expr_stmt(stmt)
        elif t is cst.Assign:
            val = self.ev(stmt.value)
            for target in stmt.targets:
                self.assign(target.target, val, stmt.value)
        elif t is cst.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.ev(stmt.value), stmt.value)
        elif t is cst.AugAssign:
            val = union(self.ev(stmt.value), self.ev(stmt.target))
            self.assign(stmt.target, val, None)
        elif t is cst.Return:
            if stmt.value is not None:
                v = self.ev(stmt.value)
                self.returns.append((self.mod.pos(stmt), add_step(v, (stmt, None, "returned"))))
            return True
        elif t is cst.Raise:
            if stmt.exc is not None:
                v = self.ev(stmt.exc)
                if v:
                    self.raises.append((self.mod.pos(stmt), add_step(v, (stmt, None, "raised to the caller"))))
            return True
        elif t in (cst.Continue, cst.Break):
            return True
        elif t is cst.If:
            return self._if(stmt)
        elif t is cst.For:
            self._for(stmt)
        elif t is cst.While:
            self.ev(stmt.test)
            before = dict(self.env)
            self.exec_block(flat_body(stmt.body))
            self.exec_block(flat_body(stmt.body))
            self.env = _merge_env(before, self.env)
            if stmt.orelse is not None:
                self.exec_block(flat_body(stmt.orelse.body))
        elif t is cst.With:
            self._with(stmt)
        elif t is cst.Try or type(stmt).__name__ == "TryStar":
            return self._try(stmt)
        elif t is cst.FunctionDef:
            self._nested_function(stmt)
        elif t is cst.ClassDef:
            self._class(stmt)
        elif t in (cst.Import, cst.ImportFrom):
            self.mod.add_import(stmt)
        elif t is cst.Match:
            subj = self.ev(stmt.subject)
            before = dict(self.env)
            envs = []
            for case in stmt.cases:
                self.env = dict(before)
                hint = self.tool_hint
                if self.name_param and isinstance(stmt.subject, cst.Name) and stmt.subject.value == self.name_param:
                    pat = case.pattern
                    if isinstance(pat, cst.MatchValue):
                        self.tool_hint = _string_value(pat.value) or hint
                if isinstance(case.pattern, cst.MatchAs) and case.pattern.name is not None:
                    self.env[case.pattern.name.value] = subj
                exits = self.exec_block(flat_body(case.body))
                self.tool_hint = hint
                if not exits:
                    envs.append(self.env)
            self.env = before
            for e in envs:
                self.env = _merge_env(self.env, e)
        return False

    def _expr_stmt(self, stmt) -> None:
        value = stmt.value
        self.ev(value)
        # validate_x(v) as a statement: assumed to raise on bad input; only a weak check
        call = value.expression if isinstance(value, cst.Await) else value
        if isinstance(call, cst.Call):
            fname = call.func.attr.value if isinstance(call.func, cst.Attribute) else (
                call.func.value if isinstance(call.func, cst.Name) else "")
            local = self.mod.functions.get(fname) if isinstance(call.func, cst.Name) else None
            if local is not None and local.validates:
                positional = [p.name for p in local.params if p.kind == "pos"]
                for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
                    fams = local.validates.get(positional[i]) if i < len(positional) else None
                    var = _var_of(arg.value)
                    if fams and var and self.env.get(var):
                        self.env[var] = mark(self.env[var], clean=fams)
            elif fname and _VALIDATOR_NAME.search(fname) and fname not in _LIST_MUTATORS:
                for arg in call.args:
                    var = _var_of(arg.value)
                    if var and self.env.get(var):
                        self.env[var] = mark(self.env[var], weak=f"checked by {fname}() (not verified by mcpaudit)")
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "relative_to":
                pass  # handled by _try

    def _if(self, stmt: cst.If) -> bool:
        self.ev(stmt.test)
        pos_n = self.narrowings(stmt.test, True)
        neg_n = self.narrowings(stmt.test, False)
        before = self.env
        hint = self.tool_hint
        self.env = dict(before)
        self._apply(pos_n)
        tool = self._tool_branch(stmt.test)
        if tool:
            self.tool_hint = tool
        body_exits = self.exec_block(flat_body(stmt.body))
        self.tool_hint = hint
        env_body = self.env
        self.env = dict(before)
        self._apply(neg_n)
        else_exits = False
        if isinstance(stmt.orelse, cst.If):
            else_exits = self._if(stmt.orelse)
        elif isinstance(stmt.orelse, cst.Else):
            else_exits = self.exec_block(flat_body(stmt.orelse.body))
        env_else = self.env
        if body_exits and else_exits:
            self.env = _merge_env(env_body, env_else)
            return True
        if body_exits:
            self.env = env_else
        elif else_exits:
            self.env = env_body
        else:
            self.env = _merge_env(env_body, env_else)
        return False

    def _tool_branch(self, test) -> Optional[str]:
        if not self.name_param or not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return None
        comp = test.comparisons[0]
        if isinstance(comp.operator, cst.Equal) and isinstance(test.left, cst.Name) and test.left.value == self.name_param:
            return _string_value(comp.comparator)
        return None

    def _for(self, stmt: cst.For) -> None:
        it = self.ev(stmt.iter)
        before = dict(self.env)
        self.assign(stmt.target, add_step(it, (self.stmt, None, "loop variable")) if it else it, None)
        self.exec_block(flat_body(stmt.body))
        self.exec_block(flat_body(stmt.body))
        self.env = _merge_env(before, self.env)
        if stmt.orelse is not None:
            self.exec_block(flat_body(stmt.orelse.body))

    def _with(self, stmt: cst.With) -> None:
        for item in stmt.items:
            v = self.ev(item.item)
            if item.asname is not None:
                self.assign(item.asname.name, v, item.item)
        self.exec_block(flat_body(stmt.body))

    def _try(self, stmt) -> bool:
        before = dict(self.env)
        body_stmts = flat_body(stmt.body)
        body_exits = self.exec_block(body_stmts)
        after_body = self.env
        handler_envs = []
        all_handlers_exit = True
        for h in stmt.handlers:
            self.env = _merge_env(before, after_body)
            if h.name is not None and isinstance(h.name.name, cst.Name):
                self.env[h.name.name.value] = EMPTY
            exits = self.exec_block(flat_body(h.body))
            if not exits:
                all_handlers_exit = False
                handler_envs.append(self.env)
        self.env = after_body
        if stmt.orelse is not None and not body_exits:
            body_exits = self.exec_block(flat_body(stmt.orelse.body))
        # relative_to() inside try whose handlers all exit: containment check
        if stmt.handlers and all_handlers_exit and self.mod.has_relative_to:
            for s in body_stmts:
                for call in _calls_in_stmt(s):
                    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "relative_to":
                        var = _var_of(call.func.value)
                        if var:
                            self._apply([(var, frozenset({"path"}), None, "relative_to")])
        envs = ([] if body_exits else [self.env]) + handler_envs
        exits = not envs
        if envs:
            self.env = envs[0]
            for e in envs[1:]:
                self.env = _merge_env(self.env, e)
        else:
            self.env = after_body
        if getattr(stmt, "finalbody", None) is not None:
            self.exec_block(flat_body(stmt.finalbody.body))
        return exits

    def _nested_function(self, fn: cst.FunctionDef) -> None:
        prefix = "" if self.is_module else self.qualname + "."
        analyze_function(self.mod, fn, prefix + fn.name.value, None, self_attrs=self.self_attrs,
                         outer_param_types=self.param_types)

    def _class(self, cls: cst.ClassDef) -> None:
        self.mod._note_class(cls)
        prefix = "" if self.is_module else self.qualname + "."
        cname = prefix + cls.name.value
        body = flat_body(cls.body)
        self_attrs: Dict[str, str] = {}
        # self.x = FastMCP(...) anywhere in the class: find first, so decorators can use it
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                for inner in _walk_stmts(flat_body(stmt.body)):
                    if isinstance(inner, cst.Assign) and isinstance(inner.value, cst.Call):
                        fq = self.mod.dotted(inner.value.func) or ""
                        kind = _MCP_CLASSES.get(fq) or ("fastmcp" if fq.endswith("FastMCP") else None)
                        if kind:
                            for t in inner.targets:
                                d = self.mod.dotted(t.target)
                                if d and d.startswith("self."):
                                    self_attrs[d] = kind
                            self.mod._note_mcp_ctor(inner, inner.value, kind)
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                analyze_function(self.mod, stmt, f"{cname}.{stmt.name.value}", cname, self_attrs=self_attrs)
            elif isinstance(stmt, cst.ClassDef):
                sub = FunctionAnalyzer(self.mod, None, cname, None, body_stmts=[])
                sub.is_module = False
                sub._class(stmt)

    # -- assignment ---------------------------------------------------------------------
    def assign(self, target, val: Taint, value_node) -> None:
        stmt = self.stmt
        if isinstance(target, cst.Name):
            name = target.value
            self.env[name] = add_step(val, (stmt, None, f"assigned to '{name}'")) if val else val
            self.types.pop(name, None)
            self.lists.pop(name, None)
            self.derived.pop(name, None)
            self.dicts.pop(name, None)
            self.host_vars.discard(name)
            if value_node is not None:
                self._track(name, value_node)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign(el.value, val, None)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, val, None)
        elif isinstance(target, cst.Attribute):
            d = self.mod.dotted(target)
            if d and (d.startswith("self.") or d.startswith("cls.")):
                self.env[d] = add_step(val, (stmt, None, f"stored in '{d}'")) if val else val
                if value_node is not None and isinstance(value_node, cst.Call):
                    fq = self.mod.dotted(value_node.func, self.types) or ""
                    if fq:
                        self.types[d] = fq
            else:
                base = _var_of(target.value)
                if base and val:
                    self.env[base] = union(self.env.get(base, EMPTY), val)
        elif isinstance(target, cst.Subscript):
            base = _var_of(target.value)
            if base and val:
                self.env[base] = union(self.env.get(base, EMPTY), val)

    def _track(self, name: str, node) -> None:
        if isinstance(node, cst.Await):
            node = node.expression
        self.dispatch_vars.pop(name, None)
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value in self.mod.dispatch_tables:
            self.dispatch_vars[name] = node.value.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
                and isinstance(node.func.value, cst.Name) and node.func.value.value in self.mod.dispatch_tables:
            self.dispatch_vars[name] = node.func.value.value
        if isinstance(node, cst.Call):
            fq = self.mod.dotted(node.func, self.types) or ""
            if fq:
                self.types[name] = fq
            if fq in S.URL_PARSERS or fq.split("()")[0] in S.URL_PARSERS:
                if node.args:
                    src = _var_of(node.args[0].value)
                    if src:
                        self.derived[name] = src
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in S.RESOLVE_METHODS | {"realpath", "abspath"}:
                src = _var_of(node.func.value) or (node.args and _var_of(node.args[0].value))
                if src:
                    self.derived[name] = src
        elif isinstance(node, (cst.List, cst.Tuple)):
            self.lists[name] = [self._elem(e) for e in node.elements]
        elif isinstance(node, cst.Dict):
            self.dicts[name] = node
        elif isinstance(node, cst.Attribute) and node.attr.value in ("hostname", "netloc", "host"):
            base = node.value
            src = None
            if isinstance(base, cst.Call) and base.args:
                fq = self.mod.dotted(base.func, self.types) or ""
                if fq in S.URL_PARSERS:
                    src = _var_of(base.args[0].value)
            elif isinstance(base, cst.Name):
                src = self.derived.get(base.value)
            if src:
                self.derived[name] = src
                self.host_vars.add(name)
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._list_of(node.left)
            right = self._list_of(node.right)
            if left is not None and right is not None:
                self.lists[name] = left + right

    def _elem(self, e):
        if isinstance(e, cst.StarredElement):
            inner = self._list_of(e.value)
            if inner is not None:
                return ("*", inner)
            return (e.value, self.ev(e.value), None)
        return (e.value, self.ev(e.value), _string_value(e.value))

    def _list_of(self, node):
        if isinstance(node, (cst.List, cst.Tuple)):
            out = []
            for e in node.elements:
                el = self._elem(e)
                if el[0] == "*":
                    out.extend(el[1])
                else:
                    out.append(el)
            return out
        if isinstance(node, cst.Name) and node.value in self.lists:
            return list(self.lists[node.value])
        return None

    # -- narrowing ------------------------------------------------------------------------
    def _apply(self, narrowings) -> None:
        for var, clean, weak, _why in narrowings:
            cur = self.env.get(var)
            if cur:
                self.env[var] = mark(cur, clean=clean, weak=weak)
            src = self.derived.get(var)
            if src and ("ssrf" in clean or (ALL in clean and var in self.host_vars)) and self.env.get(src):
                self.env[src] = mark(self.env[src], clean=frozenset({"ssrf"}))
            if src and "path" in clean and self.env.get(src):
                self.env[src] = mark(self.env[src], clean=frozenset({"path"}))

    def narrowings(self, cond, truth: bool):
        out = []
        if isinstance(cond, cst.UnaryOperation) and isinstance(cond.operator, cst.Not):
            return self.narrowings(cond.expression, not truth)
        if isinstance(cond, cst.BooleanOperation):
            if isinstance(cond.operator, cst.And) and truth:
                return self.narrowings(cond.left, True) + self.narrowings(cond.right, True)
            if isinstance(cond, cst.BooleanOperation) and isinstance(cond.operator, cst.Or) and not truth:
                return self.narrowings(cond.left, False) + self.narrowings(cond.right, False)
            return out
        if isinstance(cond, cst.Await):
            cond = cond.expression
        if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1:
            comp = cond.comparisons[0]
            op = comp.operator
            left, right = cond.left, comp.comparator
            positive = (isinstance(op, (cst.In, cst.Equal, cst.Is)) and truth) or (
                isinstance(op, (cst.NotIn, cst.NotEqual, cst.IsNot)) and not truth)
            if isinstance(op, (cst.In, cst.NotIn)):
                lvar = _var_of(left)
                lval = _string_value(left)
                if positive and lvar and not self.ev_quiet(right):
                    # allow-list: the value is one of a fixed, uncontrolled collection
                    fam = frozenset({ALL})
                    host_attr = isinstance(left, cst.Attribute) and left.attr.value in ("hostname", "netloc", "host")
                    if host_attr:
                        fam = frozenset({"ssrf"})
                    out.append((lvar, fam, None, "allow-list"))
                    if host_attr:
                        base = _var_of(left.value) if not isinstance(left.value, cst.Call) else (
                            _var_of(left.value.args[0].value) if left.value.args else None)
                        if base:
                            out.append((base, frozenset({"ssrf"}), None, "host allow-list"))
                            src = self.derived.get(base)
                            if src:
                                out.append((src, frozenset({"ssrf"}), None, "host allow-list"))
                elif not positive and lval is not None and ".." in lval:
                    rvar = _var_of(right)
                    if rvar:
                        out.append((rvar, frozenset(), "a '..' substring check is a deny-list, not a containment check", "deny"))
            elif isinstance(op, (cst.Equal, cst.NotEqual)) and positive:
                lvar, rvar = _var_of(left), _var_of(right)
                if _is_literal(right) and lvar:
                    out.append((lvar, frozenset({ALL}), None, "equality"))
                elif _is_literal(left) and rvar:
                    out.append((rvar, frozenset({ALL}), None, "equality"))
                else:
                    cp = left if _is_call_to(left, "commonpath") else right if _is_call_to(right, "commonpath") else None
                    if cp is not None and cp.args:
                        for el in _elements(cp.args[0].value):
                            var = _var_of(el)
                            if var and self.env.get(var):
                                out.append(self._containment(var, "commonpath"))
            return out
        if isinstance(cond, cst.Call) and truth:
            func = cond.func
            if isinstance(func, cst.Attribute):
                meth = func.attr.value
                var = _var_of(func.value)
                if meth == "is_relative_to" and var:
                    out.append(self._containment(var, "is_relative_to"))
                elif meth == "startswith" and var:
                    out.extend(self._startswith(var, cond))
                elif meth in ("isdigit", "isalnum", "isidentifier", "isdecimal", "isnumeric", "isalpha", "isascii") and var and meth != "isascii":
                    out.append((var, frozenset({ALL}), None, meth))
                elif meth in ("fullmatch", "match"):
                    pat = None
                    target_node = cond.args[0].value if cond.args else None
                    base = func.value
                    if isinstance(base, cst.Name) and base.value in self.mod.regexes:
                        pat = self.mod.regexes[base.value]
                    elif (self.mod.dotted(base) or "") == "re" and len(cond.args) >= 2:
                        pat = _string_value(cond.args[0].value)
                        target_node = cond.args[1].value
                    if pat is not None and target_node is not None:
                        tvar = _var_of(target_node)
                        fam = _regex_families(pat, meth == "fullmatch")
                        if tvar and fam:
                            out.append((tvar, fam, None, "regex"))
            elif isinstance(func, cst.Name) and _VALIDATOR_NAME.search(func.value):
                for a in cond.args:
                    var = _var_of(a.value)
                    if var and self.env.get(var):
                        out.append((var, frozenset(), f"checked by {func.value}() (not verified by mcpaudit)", "validator"))
            if isinstance(func, cst.Attribute) and _VALIDATOR_NAME.search(func.attr.value) and func.attr.value not in (
                    "is_relative_to", "startswith", "fullmatch", "match"):
                for a in cond.args:
                    var = _var_of(a.value)
                    if var and self.env.get(var):
                        out.append((var, frozenset(), f"checked by {func.attr.value}() (not verified by mcpaudit)", "validator"))
        if isinstance(cond, cst.Call) and not truth and isinstance(cond.func, cst.Attribute) and cond.func.attr.value == "startswith":
            # if x.startswith("-"): reject  -> not an option any more
            if cond.args and (_string_value(cond.args[0].value) or "").startswith("-"):
                var = _var_of(cond.func.value)
                if var:
                    out.append((var, frozenset({"argument"}), None, "leading dash rejected"))
        return out

    def _containment(self, var: str, how: str):
        cur = self.env.get(var) or {}
        resolved = bool(cur) and all(i.resolved for i in cur.values())
        if resolved:
            return (var, frozenset({"path"}), None, how)
        return (var, frozenset(), f"{how}() on a path that was not resolved first: '..' and symlinks are not normalised", how)

    def _startswith(self, var: str, call: cst.Call):
        if not call.args:
            return []
        arg = call.args[0].value
        sval = _string_value(arg)
        if sval is not None and sval.startswith("-"):
            return []
        ends_sep = False
        if sval is not None:
            ends_sep = sval.endswith(("/", "\\"))
        elif isinstance(arg, cst.BinaryOperation) and isinstance(arg.operator, cst.Add):
            r = arg.right
            ends_sep = (_string_value(r) or "").endswith(("/", "\\")) or (self.mod.dotted(r) or "") in ("os.sep", "os.path.sep")
        elif isinstance(arg, cst.FormattedString):
            last = arg.parts[-1] if arg.parts else None
            ends_sep = isinstance(last, cst.FormattedStringText) and last.value.endswith(("/", "\\"))
        elif isinstance(arg, cst.Tuple):
            return []
        cur = self.env.get(var) or {}
        if not cur:
            return []
        if sval is not None and "://" in sval:
            # scheme/host prefix check on a URL: restricts SSRF only if it fixes the host
            if S.fixed_host_prefix(sval):
                return [(var, frozenset({"ssrf"}), None, "URL prefix")]
            return []
        resolved = all(i.resolved for i in cur.values())
        if ends_sep and resolved:
            return [(var, frozenset({"path"}), None, "startswith(root + sep)")]
        return [(var, frozenset(), (
            "weak containment check: str.startswith(root) without a trailing separator also accepts "
            "sibling directories such as '/allowed-evil' (CVE-2025-53110)"
            if not ends_sep else "startswith() on a path that was not resolved first"), "startswith")]

    # -- expressions --------------------------------------------------------------------
    def ev_quiet(self, node) -> Taint:
        """Evaluate without recording sinks/calls (used for conditions already evaluated)."""
        if isinstance(node, cst.Name):
            return self._name(node.value)
        if isinstance(node, cst.Attribute):
            d = self.mod.dotted(node)
            if d and d in self.env:
                return self.env[d]
            return self.ev_quiet(node.value)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return union(*[self.ev_quiet(e.value) for e in node.elements])
        if isinstance(node, cst.FormattedString):
            v = union(*[self.ev_quiet(p.expression) for p in node.parts
                        if isinstance(p, cst.FormattedStringExpression)])
            return mark(v, built=True) if v else v
        if isinstance(node, cst.BinaryOperation):
            v = union(self.ev_quiet(node.left), self.ev_quiet(node.right))
            return mark(v, built=True) if v and isinstance(node.operator, (cst.Add, cst.Modulo)) else v
        if isinstance(node, cst.Subscript):
            return self.ev_quiet(node.value)
        if isinstance(node, cst.IfExp):
            return union(self.ev_quiet(node.body), self.ev_quiet(node.orelse))
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute):
                return self.ev_quiet(node.func.value)
            return EMPTY
        return EMPTY

    def _name(self, name: str) -> Taint:
        v = self.env.get(name)
        if v is None:
            v = EMPTY
        if S.is_secret_name(name) and name not in self.mod.functions:
            v = union(v, {("s", name): Info(((self.stmt, None, f"secret '{name}' read"),))})
        return v

    def ev(self, node) -> Taint:
        t = type(node)
        if t is cst.Name:
            return self._name(node.value)
        if t is cst.Call:
            return self.ev_call(node)
        if t in (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis):
            return EMPTY
        if t is cst.Attribute:
            d = self.mod.dotted(node)
            if d and d in self.env:
                v = self.env[d]
            else:
                v = self.ev(node.value)
                if v and not S.is_secret_name(node.attr.value) and any(k[0] == "s" for k in v):
                    # token.client_id is not the token
                    v = {k: i for k, i in v.items() if k[0] != "s"}
                if v and node.attr.value and not any(i.key for i in v.values()):
                    v = {k: i.replace(key="." + node.attr.value) for k, i in v.items()}
            if S.is_secret_name(node.attr.value):
                v = union(v, {("s", d or node.attr.value): Info(((self.stmt, None, f"secret '{d or node.attr.value}' read"),))})
            return v
        if t is cst.FormattedString:
            vals = [self.ev(p.expression) for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
            v = union(*vals)
            if v and any(isinstance(p, cst.FormattedStringText) for p in node.parts):
                v = mark(v, built=True)
            return v
        if t is cst.ConcatenatedString:
            return union(self.ev(node.left), self.ev(node.right))
        if t is cst.BinaryOperation:
            v = union(self.ev(node.left), self.ev(node.right))
            if v and isinstance(node.operator, (cst.Add, cst.Modulo)):
                v = mark(v, built=True)
            return v
        if t is cst.BooleanOperation:
            return union(self.ev(node.left), self.ev(node.right))
        if t is cst.Comparison:
            self.ev(node.left)
            for c in node.comparisons:
                self.ev(c.comparator)
            return EMPTY
        if t is cst.UnaryOperation:
            v = self.ev(node.expression)
            return EMPTY if isinstance(node.operator, cst.Not) else v
        if t is cst.Subscript:
            return self._subscript(node)
        if t is cst.IfExp:
            self.ev(node.test)
            return union(self.ev(node.body), self.ev(node.orelse))
        if t in (cst.List, cst.Tuple):
            return union(*self._seq_items(node))
        if t is cst.Set:
            return union(*[self.ev(e.value) for e in node.elements])
        if t is cst.Dict:
            vals = []
            for e in node.elements:
                if isinstance(e, cst.DictElement):
                    vals.append(self.ev(e.key))
                    vals.append(self.ev(e.value))
                else:
                    vals.append(self.ev(e.value))
            return union(*vals)
        if t in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            return self._comp(node)
        if t is cst.Await:
            return self.ev(node.expression)
        if t is cst.NamedExpr:
            v = self.ev(node.value)
            self.assign(node.target, v, node.value)
            return v
        if t is cst.StarredElement:
            return self.ev(node.value)
        if t in (cst.Yield,):
            if node.value is not None and not isinstance(node.value, cst.From):
                v = self.ev(node.value)
                self.returns.append((self.mod.pos(self.stmt), v))
            return EMPTY
        if t is cst.Lambda:
            return EMPTY
        return EMPTY

    def _seq_items(self, node) -> List[Taint]:
        """Element taints of a list/tuple display. An element after a literal ``"--"``, or with a
        constant prefix, cannot be read as an option wherever the sequence ends up as an argv
        (``run_argv(["grep", "--", pattern])`` in another function)."""
        out = []
        after_dashes = False
        for e in node.elements:
            v = self.ev(e.value)
            if v and not isinstance(e, cst.StarredElement) and (after_dashes or _const_prefix(e.value)):
                v = mark(v, clean=frozenset({"argument"}))
            out.append(v)
            if _string_value(e.value) == "--":
                after_dashes = True
        return out

    def _subscript(self, node: cst.Subscript) -> Taint:
        base = self.ev(node.value)
        key = None
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            idx = node.slice[0].slice.value
            key = _string_value(idx)
            if key is None:
                self.ev(idx)
        d = self.mod.dotted(node.value)
        if d == "os.environ" and key and S.is_secret_name(key):
            return {("s", f"os.environ['{key}']"): Info(((self.stmt, node, f"secret os.environ['{key}'] read"),))}
        if base and key is not None:
            base = {k: (i if i.key else i.replace(key=key)) for k, i in base.items()
                    if k[0] != "s" or S.is_secret_name(key)}
        if key is not None and S.is_secret_name(key) and d != "os.environ":
            base = union(base, {("s", f"{d or '?'}[{key!r}]"): Info(((self.stmt, node, f"secret item [{key!r}] read"),))})
        return base

    def _comp(self, node) -> Taint:
        for comp in _comp_fors(node.for_in):
            it = self.ev(comp.iter)
            self.assign(comp.target, it, None)
            for cond in comp.ifs:
                self.ev(cond.test)
        if isinstance(node, cst.DictComp):
            return union(self.ev(node.key), self.ev(node.value))
        return self.ev(node.elt)

    # -- calls --------------------------------------------------------------------------
    def ev_call(self, call: cst.Call) -> Taint:
        func = call.func
        recv_node = func.value if isinstance(func, cst.Attribute) else None
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        recv = self.ev(recv_node) if recv_node is not None else EMPTY
        pos_args: List[Taint] = []
        kw_args: Dict[str, Taint] = {}
        star: Taint = EMPTY
        dstar: Taint = EMPTY
        for a in call.args:
            v = self.ev(a.value)
            if a.keyword is not None:
                kw_args[a.keyword.value] = v
            elif a.star == "*":
                star = union(star, v)
            elif a.star == "**":
                dstar = union(dstar, v)
            else:
                pos_args.append(v)
        fq = self.mod.dotted(func, self.types) or ""
        all_args = union(*pos_args, *kw_args.values(), star, dstar)

        self._check_sinks(call, fq, method, recv_node, recv, pos_args, kw_args, star)
        if method in _SURFACE_METHODS or fq in _SURFACE_FUNCS or isinstance(func, cst.Call):
            self._note_surface(call, fq, method, recv_node)

        # what the call returns
        base_fq = fq.replace("()", "")
        if fq in S.CAST_SANITIZERS or base_fq in S.CAST_SANITIZERS:
            return EMPTY
        if fq in S.DECODERS:
            v = unclean(union(recv, all_args), FAMILIES | {ALL})
            return add_step(v, (self.stmt, call, f"decoded by {short_name(fq)}() after any check"))
        if fq in S.SQL_CONSTRUCTORS:
            # text(q) is reported where the query is built; executing the clause is the same hazard
            return mark(all_args, clean=frozenset({"sql"}))
        if fq in S.QUOTE_SANITIZERS:
            return mark(all_args, clean=frozenset(S.QUOTE_SANITIZERS[fq]))
        if fq in S.RESOLVERS:
            return mark(all_args, resolved=True)
        if method in S.RESOLVE_METHODS:
            return mark(union(recv, all_args), resolved=True)
        if fq in ("os.getenv", "os.environ.get") and call.args:
            key = _string_value(call.args[0].value)
            if key and S.is_secret_name(key):
                return {("s", f"os.environ['{key}']"): Info(((self.stmt, call, f"secret os.environ['{key}'] read"),))}
            return EMPTY
        if method in _LIST_MUTATORS and recv_node is not None:
            var = _var_of(recv_node)
            if var:
                if all_args:
                    self.env[var] = union(self.env.get(var, EMPTY), all_args)
                if var in self.lists and method in ("append", "extend"):
                    if method == "append" and call.args:
                        self.lists[var] = self.lists[var] + [(call.args[0].value, pos_args[0] if pos_args else EMPTY, _string_value(call.args[0].value))]
                    elif method == "extend" and call.args:
                        more = self._list_of(call.args[0].value)
                        if more is None:
                            self.lists.pop(var, None)
                        else:
                            self.lists[var] = self.lists[var] + more
                return EMPTY
        if method == "get" and recv:
            key = _string_value(call.args[0].value) if call.args else None
            out = {k: (i if i.key or key is None else i.replace(key=key)) for k, i in recv.items()
                   if k[0] != "s" or key is None or S.is_secret_name(key)}
            return out
        if method in ("startswith", "endswith", "isdigit", "isalnum", "is_relative_to", "exists",
                      "is_file", "is_dir", "count", "index", "find") :
            return EMPTY
        dispatch = self._dispatch_targets(func)
        targets = dispatch or ([self._call_target(func, fq)] if self._call_target(func, fq) else [])
        if targets:
            out: Taint = {}
            fallback = self.mod.resolve_taint(self._external_result(fq, method, recv_node, recv, all_args))
            args_r = [self.mod.resolve_taint(a) for a in pos_args]
            kwargs_r = {k: self.mod.resolve_taint(v) for k, v in kw_args.items()}
            star_r, dstar_r = self.mod.resolve_taint(star), self.mod.resolve_taint(dstar)
            for target in targets:
                idx = len(self.calls)
                self.calls[idx] = CallRec(
                    target=target, pos=self.mod.pos(self.stmt), args=args_r, kwargs=kwargs_r,
                    star=star_r, dstar=dstar_r, fallback=fallback, tool_hint=self.tool_hint,
                )
                out[("c", idx)] = Info(((self.stmt, call, f"returned by {target.split('.')[-1]}()"),))
            return out
        return self._external_result(fq, method, recv_node, recv, all_args)

    def _dispatch_targets(self, func) -> List[str]:
        """Functions a table dispatch may call: ``TABLE[name](...)``, ``TABLE.get(name)(...)``,
        or a variable assigned from either (``handler = TABLE[name]; handler(...)``)."""
        table = None
        if isinstance(func, cst.Subscript) and isinstance(func.value, cst.Name):
            table = func.value.value
        elif isinstance(func, cst.Call) and isinstance(func.func, cst.Attribute) and \
                func.func.attr.value == "get" and isinstance(func.func.value, cst.Name):
            table = func.func.value.value
        elif isinstance(func, cst.Name):
            table = self.dispatch_vars.get(func.value)
        if table is None:
            return []
        return list(self.mod.dispatch_tables.get(table, ()))

    def _external_result(self, fq: str, method: Optional[str], recv_node, recv: Taint, all_args: Taint) -> Taint:
        """What a call outside the project returns. An external call's result is not its
        arguments' secret: connect(password=...) returns a connection, requests.get(headers=auth)
        a response. Caller input still flows through. Transparent calls (str(), json.dumps,
        string methods, file reads) keep everything."""
        str_method = method is not None and method in _STR_METHODS and not (
            # requests.get(url, headers=auth) and client.get(...) are requests, not dict.get
            (isinstance(recv_node, cst.Name) and recv_node.value in self.mod.imports)
            or self._is_http_client(recv_node))
        if fq in _SECRET_TRANSPARENT or str_method:
            v = union(recv, all_args)
            if v and method in _STR_BUILDERS and all_args:
                v = mark(v, built=True)
            return v
        return union(recv, {k: v for k, v in all_args.items() if k[0] != "s"})

    def _call_target(self, func, fq: str) -> Optional[str]:
        """A dotted target for calls that may land in project code (linked later)."""
        if isinstance(func, cst.Name):
            name = func.value
            if name in _BUILTINS:
                return None
            return fq or name
        if isinstance(func, cst.Attribute):
            base = func.value
            if isinstance(base, cst.Name):
                if base.value in ("self", "cls"):
                    return f"self.{func.attr.value}"
                if base.value in self.mod.imports or base.value in self.mod.functions:
                    return fq
                # ClassName.method or imported module attribute
                if base.value[:1].isupper():
                    return fq
        return None

    # -- surface: registrations and HTTP serving ----------------------------------------
    def _owner_kind(self, recv_node) -> Optional[str]:
        if isinstance(recv_node, cst.Name):
            return (self.mod.instances.get(recv_node.value) or self.param_types.get(recv_node.value)
                    or ("imported" if recv_node.value in self.mod.imports else None))
        d = self.mod.dotted(recv_node) or ""
        return self.self_attrs.get(d)

    def _note_surface(self, call, fq, method, recv_node) -> None:
        mod = self.mod
        pos = mod.pos(self.stmt, call)
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        if method == "run" and recv_node is not None and fq not in _SURFACE_FUNCS:
            transport = kwargs.get("transport")
            if transport is None and call.args and call.args[0].keyword is None and _string_value(call.args[0].value) is not None:
                transport = call.args[0].value
            tv = _string_value(transport) if transport is not None else None
            owner = self._owner_kind(recv_node)
            if tv in _HTTP_TRANSPORTS and (owner or mod.imports_mcp):
                host = _string_value(kwargs["host"]) if "host" in kwargs else None
                mod.http.append({"kind": "run", "transport": tv, "pos": pos, "host": host,
                                 "detail": f"{mod.dotted(recv_node)}.run(transport={tv!r})"})
            elif tv is None and transport is not None and owner and owner != "imported":
                mod.http.append({"kind": "run-dynamic", "transport": None, "pos": pos, "host": None,
                                 "detail": f"{mod.dotted(recv_node)}.run(transport=<not a constant>)"})
            return
        if method in ("streamable_http_app", "sse_app", "http_app") and recv_node is not None:
            mod.http.append({"kind": method, "transport": "sse" if method == "sse_app" else "streamable-http",
                             "pos": pos, "host": None, "detail": f"{mod.dotted(recv_node)}.{method}()"})
            return
        if fq in _SURFACE_FUNCS:
            host = _string_value(kwargs["host"]) if "host" in kwargs else None
            tls = any(k in kwargs for k in ("ssl_keyfile", "ssl_certfile", "ssl"))
            mod.http.append({"kind": "uvicorn", "transport": "http", "pos": pos, "host": host,
                             "tls": tls, "detail": f"{fq}()"})
            return
        if method == "add_middleware" and call.args:
            name = mod.dotted(call.args[0].value) or ""
            if _AUTH_NAMES.search(name) or "auth" in name.lower():
                mod.auth.append({"kind": "middleware", "pos": pos, "detail": f"add_middleware({name})"})
            return
        if method == "add_tool" and call.args:
            target = mod.dotted(call.args[0].value)
            if target:
                meta = {k: _string_value(v) for k, v in kwargs.items() if _string_value(v) is not None}
                mod.added_tools.append((target, meta, pos))
            return
        if isinstance(call.func, cst.Call) and isinstance(call.func.func, cst.Attribute) and \
                call.func.func.attr.value in ("tool", "resource", "prompt") and call.args:
            target = mod.dotted(call.args[0].value)
            if target:
                inner = {a.keyword.value: _string_value(a.value) for a in call.func.args if a.keyword is not None and _string_value(a.value) is not None}
                inner["kind"] = call.func.func.attr.value
                mod.added_tools.append((target, inner, pos))
            return
        if method == "from_function" and call.args and (mod.dotted(recv_node) or "").endswith("Tool"):
            target = mod.dotted(call.args[0].value)
            if target:
                meta = {k: _string_value(v) for k, v in kwargs.items() if _string_value(v) is not None}
                mod.added_tools.append((target, meta, pos))

    # -- sinks --------------------------------------------------------------------------
    def _sink(self, family: str, name: str, node, taint: Taint, value_node, detail: str = "", whole=(),
              uncertain: bool = False) -> None:
        if not taint and (value_node is None or _is_literal(value_node)) and not whole:
            return
        nonconst = value_node is not None and not _is_literal(value_node)
        if not taint and not nonconst and not whole:
            return
        self.sinks.append(SinkRec(
            family=family, sink=name, pos=self.mod.pos(self.stmt, node),
            taint=self.mod.resolve_taint(add_step(taint, (self.stmt, node, f"reaches {name}"))),
            nonconst=nonconst, detail=detail, whole=tuple(whole), tool_hint=self.tool_hint, uncertain=uncertain,
            verbatim=isinstance(value_node, (cst.Name, cst.Subscript, cst.Attribute)) or (
                isinstance(value_node, cst.Call) and isinstance(value_node.func, cst.Attribute)
                and value_node.func.attr.value in ("get", "strip")),
        ))

    def _check_sinks(self, call, fq, method, recv_node, recv, pos_args, kw_args, star) -> None:
        args = call.args
        positional = [a for a in args if a.keyword is None and not a.star]

        def arg(i, *names):
            for a in args:
                if a.keyword is not None and a.keyword.value in names:
                    return a.value, kw_args.get(a.keyword.value, EMPTY)
            if i is not None and i < len(positional):
                return positional[i].value, pos_args[i]
            return None, EMPTY

        short = fq.split(".")[-1] if fq else (method or "")
        # --- OS command
        if fq in S.SHELL_STRING_SINKS:
            node, t = arg(0, "cmd", "command", "argv")
            self._sink("shell", f"{fq}()", call, t, node)
            return
        if fq in S.SUBPROCESS_FUNCS:
            node, t = arg(0, "args")
            shell = self._kw_truth(call, "shell")
            if shell:
                self._sink("shell", f"{fq}(shell=True)", call, t, node,
                           detail="" if shell is True else "shell= is not a constant")
            elif node is not None:
                self._argv(call, fq, node, t)
            return
        if fq in S.EXEC_ARGV_FUNCS:
            elems = []
            for a, v in zip([a for a in args if a.keyword is None], [None] * len(args)):
                if a.star == "*":
                    inner = self._list_of(a.value)
                    if inner is None:
                        elems.append((a.value, self.ev_quiet(a.value) or star, None, True))
                    else:
                        elems.extend((n, tt, c, False) for (n, tt, c) in inner)
                else:
                    elems.append((a.value, self.ev_quiet(a.value) if not isinstance(a.value, cst.Call) else self._arg_taint(a, positional, pos_args), _string_value(a.value), False))
            self._argv_elems(call, fq, elems)
            return
        if fq.startswith(S.OS_EXEC_PREFIXES):
            node, t = arg(0, "path", "file")
            self._sink("shell", f"{fq}()", call, t, node, detail="the program to run comes from the caller")
            return
        if recv_node is not None and method and (self.mod.dotted(recv_node) or "").endswith(".git") and method not in ("execute",):
            elems = [(a.value, pos_args[i], _string_value(a.value), False) for i, a in enumerate(positional)]
            if elems and any(e[1] for e in elems):
                self._argv_elems(call, f"git {method}", [(None, EMPTY, "git", False), (None, EMPTY, method, False)] + elems, gitpython=True)
            return
        if fq in ("git.Repo", "git.Repo.init", "git.Repo.clone_from", "git.repo.base.Repo"):
            node, t = arg(0, "path", "url")
            self._sink("path", f"{fq}()", call, t, node, detail="opens a git repository at a caller-chosen path")
            return
        # --- code, deserialisation, templates
        if fq in S.CODE_SINKS:
            node, t = arg(0, "source", "name", "object")
            self._sink("code", f"{fq}()", call, t, node)
            return
        if fq in S.DESER_SINKS:
            node, t = arg(0, "data", "s", "stream", "filename", "f", "string", "file")
            self._sink("deserialization", f"{fq}()", call, t, node)
            return
        if fq in S.YAML_LOAD:
            loader, _ = arg(1, "Loader")
            lname = (self.mod.dotted(loader) or "") if loader is not None else ""
            if lname.split(".")[-1] not in S.SAFE_YAML_LOADERS:
                node, t = arg(0, "stream")
                self._sink("deserialization", "yaml.load() without SafeLoader", call, t, node)
            return
        if fq in S.TEMPLATE_SINKS or (method in S.TEMPLATE_METHODS and recv_node is not None):
            node, t = arg(0, "source", "template_string", "text")
            self._sink("template", f"{fq or method}()", call, t, node)
            return
        # --- SQL
        if fq in S.SQL_FUNCS or fq.replace("pd.", "pandas.") in S.SQL_FUNCS:
            node, t = arg(0, "sql", "text", "query")
            self._sink("sql", f"{short}()", call, t, node, detail=_sql_detail(node))
            return
        if method and recv_node is not None:
            rname = self.mod.dotted(recv_node) or ""
            if method in S.SQL_METHODS or (method in S.SQL_MAYBE_METHODS and S.DB_RECEIVER.search(rname.split("()")[-1] or rname)):
                if method in ("raw", "extra", "run", "query", "sql") and not S.DB_RECEIVER.search(rname):
                    pass
                else:
                    node, t = arg(0, "sql", "query", "statement", "operation", "cypher", "stmt")
                    if node is not None:
                        self._sink("sql", f".{method}()", call, t, node, detail=_sql_detail(node))
                    return
            if method in S.NOSQL_METHODS and S.NOSQL_RECEIVER.search(rname):
                node, t = arg(0, "filter", "pipeline")
                if node is not None:
                    self._nosql(call, method, node, t)
                return
        # --- HTTP
        if fq in S.HTTP_MODULE_FUNCS or (method in S.HTTP_METHODS and recv_node is not None and self._is_http_client(recv_node)):
            if fq.endswith(".request") or method == "request":
                node, t = arg(1, "url")
            else:
                node, t = arg(0, "url")
            if node is not None and t:
                prefix = _const_prefix(node)
                if prefix and S.fixed_host_prefix(prefix):
                    return
            self._sink("ssrf", f"{fq.replace('()', '') if fq else method}()", call, t, node)
            return
        # --- files
        if fq in S.PATH_FUNCS:
            node, t = arg(0, "file", "path", "name", "src", "filename", "fp", "top")
            write = fq in S.WRITE_HINT or self._open_mode_writes(call)
            self._sink("path", f"{fq}()", call, t, node, detail="write" if write else "")
            if fq in ("shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "os.rename", "os.replace", "os.symlink"):
                node2, t2 = arg(1, "dst")
                self._sink("path", f"{fq}()", call, t2, node2, detail="write")
            return
        if method in S.PATH_METHODS and recv_node is not None and recv and (
                method not in _AMBIGUOUS_PATH_METHODS or self._is_pathlike(recv_node, recv)):
            self._sink("path", f".{method}()", call, recv, recv_node,
                       detail="write" if method in S.WRITE_HINT else "")
            return
        if method == "open" and recv_node is not None and recv and not (self.mod.dotted(recv_node) or "").startswith(("zipfile", "tarfile")):
            self._sink("path", ".open()", call, recv, recv_node)
            return
        # --- logs
        if self._is_log_call(fq, method, recv_node):
            t = union(*pos_args, *kw_args.values(), star)
            whole = []
            for a in args:
                for nm in _whole_names(a.value):
                    whole.append(nm)
            secret = {k: v for k, v in t.items() if k[0] in ("s", "p", "c")}
            if secret or whole:
                self._sink("log", f"{fq.replace('()', '') or method}()", call, secret, None, whole=whole)
            return

    def _is_pathlike(self, node, taint: Taint) -> bool:
        if any(i.resolved for i in taint.values()):
            return True
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            return True
        d = self.mod.dotted(node, self.types) or ""
        return "Path" in d or d.endswith((".resolve()", ".absolute()", ".expanduser()"))

    def _arg_taint(self, a, positional, pos_args) -> Taint:
        for i, p in enumerate(positional):
            if p is a:
                return pos_args[i]
        return self.ev_quiet(a.value)

    def _kw_truth(self, call, kw):
        for a in call.args:
            if a.keyword is not None and a.keyword.value == kw:
                v = a.value
                if isinstance(v, cst.Name):
                    if v.value == "True":
                        return True
                    if v.value in ("False", "None"):
                        return False
                    default = self.param_defaults.get(v.value)
                    if isinstance(default, cst.Name):
                        return default.value == "True"
                    return "maybe"
                if isinstance(v, cst.Integer):
                    return v.value != "0"
                return "maybe"
        return False

    def _open_mode_writes(self, call) -> bool:
        mode = None
        for i, a in enumerate(call.args):
            if (a.keyword is not None and a.keyword.value == "mode") or (a.keyword is None and i == 1):
                mode = _string_value(a.value)
        return bool(mode) and any(c in mode for c in "wax+")

    def _is_http_client(self, recv_node) -> bool:
        d = self.mod.dotted(recv_node, self.types) or ""
        base = d.replace("()", "")
        if base in S.HTTP_CLIENT_CTORS or base in ("requests", "httpx", "aiohttp", "urllib3"):
            return True
        if isinstance(recv_node, cst.Name):
            tp = self.types.get(recv_node.value) or self.mod.module_types.get(recv_node.value)
            return bool(tp) and tp.replace("()", "") in S.HTTP_CLIENT_CTORS
        if isinstance(recv_node, cst.Attribute):
            dd = self.mod.dotted(recv_node) or ""
            tp = self.types.get(dd)
            if tp and tp.replace("()", "") in S.HTTP_CLIENT_CTORS:
                return True
            return bool(re.search(r"(?i)(http_?client|session|client)$", recv_node.attr.value)) and "http" in self.mod.text[:5000].lower()
        return False

    def _is_log_call(self, fq: str, method: Optional[str], recv_node) -> bool:
        if fq in S.LOG_FUNCS:
            return True
        if method in S.LOG_METHODS and recv_node is not None:
            d = self.mod.dotted(recv_node) or ""
            if "getLogger" in d or "get_logger" in d:
                return True
            tp = self.types.get(d) or self.mod.module_types.get(d) or ""
            if "getLogger" in tp or "get_logger" in tp:
                return True
            last = d.split(".")[-1]
            return bool(S.LOGGER_RECEIVER.search(last)) or d in ("logging", "logger", "log")
        return False

    def _argv(self, call, fq, node, t) -> None:
        elems = self._list_of(node)
        if elems is not None:
            self._argv_elems(call, fq, [(n, tt, c, False) for (n, tt, c) in elems])
            return
        if t:
            # a command string, a split command line, or an argv built elsewhere
            split_of = _split_source(node)
            if split_of is not None:
                self._sink("shell", f"{fq}()", call, t, node,
                           detail=f"the caller's text is split into the argv ({split_of}): it chooses the program and its arguments")
            elif isinstance(node, cst.BinaryOperation) and _has_list_side(node):
                self._argv_elems(call, fq, self._partial_argv(node))
            elif isinstance(node, (cst.FormattedString, cst.BinaryOperation, cst.SimpleString, cst.ConcatenatedString)):
                self._sink("shell", f"{fq}()", call, t, node, detail="the command line is a string built from caller input")
            else:
                self._sink("argument", f"{fq}()", call, mark(t, weak="argv built elsewhere; which element the value lands in is unknown"), node,
                           detail="the argument vector comes from caller input")

    def _partial_argv(self, node):
        """Elements of ``[...] + something``: known literal elements, then one unknown tail."""
        left = self._list_of(node.left)
        if left is None:
            return [(node.left, self.ev_quiet(node.left), None, True), (node.right, self.ev_quiet(node.right), None, True)]
        tail = self._list_of(node.right)
        if tail is not None:
            return [(n, tt, c, False) for (n, tt, c) in left + tail]
        return [(n, tt, c, False) for (n, tt, c) in left] + [(node.right, self.ev_quiet_split(node.right), None, True)]

    def ev_quiet_split(self, node):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "split":
            return self.ev_quiet(node.func.value)
        if isinstance(node, cst.Call) and node.args:
            return self.ev_quiet(node.args[0].value)
        return self.ev_quiet(node)

    def _argv_elems(self, call, fq, elems, gitpython=False) -> None:
        """elems: (node, taint, const_string, unknown_splat)."""
        if not elems:
            return
        consts = [e[2] for e in elems]
        first_node, first_t, first_c, first_splat = elems[0]
        if first_t and not gitpython and first_splat:
            # *argv built elsewhere: which elements carry the value (program? option?) is unknown
            self._sink("argument", f"{fq}()", call, first_t, first_node, uncertain=True,
                       detail="the argument vector is built from caller input elsewhere; the program or its options may come from the caller")
            return
        if first_t and not gitpython:
            self._sink("shell", f"{fq}()", call, first_t, first_node,
                       detail="the program to run comes from the caller")
            return
        prog = (first_c or "").rsplit("/", 1)[-1]
        for i, (n, t, c, splat) in enumerate(elems[1:], start=1):
            if not t:
                continue
            if prog in {p.rsplit("/", 1)[-1] for p in S.SHELL_PROGRAMS} and i >= 1 and consts[i - 1] in S.SHELL_FLAGS:
                self._sink("shell", f"{fq}([{prog!r}, {consts[i - 1]!r}, ...])", call, t, n,
                           detail=f"the value is run as a {prog} script")
                continue
            if "--" in consts[:i]:
                continue
            if n is not None:
                prefix = _const_prefix(n)
                if prefix:
                    continue
            flagged = {k: v for k, v in t.items() if not v.is_clean("argument")}
            if flagged:
                self._sink("argument", f"{fq}()" if not gitpython else fq, call, flagged, n if n is not None else call,
                           detail="a value starting with '-' is read as an option (no '--' before it)")

    def _nosql(self, call, method, node, t) -> None:
        if isinstance(node, cst.Name) and node.value in self.dicts:
            node = self.dicts[node.value]  # query = {...}; coll.find(query)
        if isinstance(node, cst.Dict):
            bad: Taint = {}
            detail = "caller input chooses a query operator"
            for e in node.elements:
                if not isinstance(e, cst.DictElement):
                    bad = union(bad, self.ev_quiet(e.value))
                    continue
                k = _string_value(e.key)
                if k is None:
                    bad = union(bad, self.ev_quiet(e.key))
                elif k in ("$where", "$function", "$accumulator", "$expr"):
                    v = self.ev_quiet(e.value)
                    if v and k != "$expr":
                        detail = f"caller input is spliced into a server-side JavaScript {k} clause"
                    bad = union(bad, v)
            if bad:
                self._sink("nosql", f".{method}()", call, bad, node, detail=detail)
            return
        if isinstance(node, cst.List):
            return
        if t:
            self._sink("nosql", f".{method}()", call, t, node, detail="the whole query document comes from the caller")


_AMBIGUOUS_PATH_METHODS = {"replace", "rename", "glob", "touch", "unlink", "mkdir", "chmod", "rmdir", "extract"}
_SURFACE_METHODS = {"run", "streamable_http_app", "sse_app", "http_app", "add_middleware",
                    "add_tool", "from_function"}
_SURFACE_FUNCS = {"uvicorn.run", "uvicorn.Config", "hypercorn.asyncio.serve"}
_SECRET_TRANSPARENT = {"str", "repr", "format", "bytes", "f", "json.dumps", "base64.b64encode",
                       "base64.b64decode", "base64.urlsafe_b64encode", "urllib.parse.quote",
                       "urllib.parse.urlencode", "dict", "list", "tuple", "sorted", "pprint.pformat",
                       "textwrap.dedent", "os.path.join", "copy.copy", "copy.deepcopy",
                       # reading a secrets file yields secrets
                       "open", "io.open", "json.load", "json.loads", "yaml.safe_load", "yaml.load",
                       "tomllib.load", "tomllib.loads", "tomli.load", "tomli.loads", "pathlib.Path",
                       "dotenv.dotenv_values", "configparser.ConfigParser.read"}
_STR_BUILDERS = {"format", "format_map", "join"}
_STR_METHODS = {"strip", "lstrip", "rstrip", "lower", "upper", "replace", "format", "join", "split",
                "encode", "decode", "removeprefix", "removesuffix", "title", "casefold", "splitlines",
                "partition", "rpartition", "zfill", "ljust", "rjust", "center", "expandtabs",
                "format_map", "copy", "items", "values", "keys", "get", "dumps"}

_BUILTINS = {
    "str", "repr", "format", "list", "dict", "set", "tuple", "sorted", "reversed", "enumerate",
    "zip", "map", "filter", "min", "max", "sum", "any", "all", "isinstance", "issubclass",
    "getattr", "setattr", "hasattr", "type", "super", "iter", "next", "range", "print", "open",
    "len", "int", "float", "bool", "bytes", "bytearray", "abs", "round", "ord", "chr", "hex",
    "id", "hash", "vars", "dir", "callable", "frozenset", "object", "slice", "divmod", "pow",
    "eval", "exec", "compile", "__import__", "input", "memoryview", "property", "staticmethod",
    "classmethod", "ascii", "bin", "oct", "globals", "locals", "Exception", "ValueError",
    "TypeError", "RuntimeError", "KeyError", "PermissionError", "FileNotFoundError", "OSError",
    "NotImplementedError", "HTTPException",
}


def short_name(fq: str) -> str:
    return fq.replace("()", "").rsplit(".", 1)[-1]


def _merge_env(a: Dict[str, Taint], b: Dict[str, Taint]) -> Dict[str, Taint]:
    if a is b:
        return dict(a)
    out = dict(a)
    for k, v in b.items():
        prev = out.get(k)
        if prev is None:
            out[k] = v
        elif prev is not v:
            out[k] = union(prev, v)
    return out


def _var_of(node) -> Optional[str]:
    """The variable a check or a mutation is about (``x``, ``x.strip()``, ``str(x)``)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
        return f"{node.value.value}.{node.attr.value}"
    if isinstance(node, cst.Attribute) and node.attr.value in ("hostname", "netloc", "host", "scheme"):
        return _var_of(node.value)
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("strip", "lower", "upper", "casefold", "rstrip", "lstrip"):
            return _var_of(node.func.value)
        if isinstance(node.func, cst.Name) and node.func.value in ("str", "Path", "urlparse", "urlsplit") and node.args:
            return _var_of(node.args[0].value)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("urlparse", "urlsplit") and node.args:
            return _var_of(node.args[0].value)
    return None


def _is_call_to(node, name: str) -> bool:
    return isinstance(node, cst.Call) and (
        (isinstance(node.func, cst.Attribute) and node.func.attr.value == name)
        or (isinstance(node.func, cst.Name) and node.func.value == name))


def _elements(node):
    if isinstance(node, (cst.List, cst.Tuple)):
        return [e.value for e in node.elements]
    return [node]


def _comp_fors(f):
    while f is not None:
        yield f
        f = f.inner_for_in


def _walk_stmts(stmts):
    for s in stmts:
        yield s
        for attr in ("body", "orelse", "finalbody"):
            b = getattr(s, attr, None)
            if b is None or isinstance(s, (cst.SimpleStatementLine,)) or not isinstance(b, (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Else, cst.Finally, cst.If)):
                continue
            if isinstance(b, cst.If):
                yield from _walk_stmts([b])
                continue
            inner = b.body if isinstance(b, (cst.Else, cst.Finally)) else b
            yield from _walk_stmts(flat_body(inner))
        for h in getattr(s, "handlers", ()) or ():
            yield from _walk_stmts(flat_body(h.body))


def _calls_in_stmt(stmt):
    out = []
    stack = [stmt]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call):
            out.append(n)
        if isinstance(n, (cst.IndentedBlock, cst.SimpleStatementSuite)) and n is not stmt:
            continue
        for f in n.__dataclass_fields__:
            v = getattr(n, f)
            if is_node(type(v)):
                stack.append(v)
            elif isinstance(v, (list, tuple)):
                stack.extend(x for x in v if is_node(type(x)))
    return out


def _whole_names(node) -> List[str]:
    """Argument dicts and header maps logged as a whole (``arguments``, ``request.headers``)."""
    out = []
    if isinstance(node, cst.Name) and node.value in ("arguments", "kwargs", "headers", "args_dict"):
        out.append(node.value)
    elif isinstance(node, cst.Attribute) and node.attr.value == "headers":
        out.append("headers")
    elif isinstance(node, cst.FormattedString):
        for p in node.parts:
            if isinstance(p, cst.FormattedStringExpression):
                out.extend(_whole_names(p.expression))
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("str", "repr", "dict") and node.args:
        out.extend(_whole_names(node.args[0].value))
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "dumps" and node.args:
        out.extend(_whole_names(node.args[0].value))
    return out


def _split_source(node) -> Optional[str]:
    """``shlex.split(x)`` / ``x.split()`` as a whole argv: the split's name, else None."""
    if isinstance(node, cst.Call):
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "split":
            if isinstance(f.value, cst.Name) and f.value.value == "shlex":
                return "shlex.split"
            return ".split()"
        if isinstance(f, cst.Name) and f.value == "split":
            return "split"
    return None


def _has_list_side(node) -> bool:
    return isinstance(node.operator, cst.Add) and (
        isinstance(node.left, (cst.List, cst.Tuple)) or isinstance(node.right, (cst.List, cst.Tuple)))


def _sql_detail(node) -> str:
    if isinstance(node, cst.FormattedString):
        return "the query is an f-string"
    if isinstance(node, cst.BinaryOperation):
        return "the query is built with '%'" if isinstance(node.operator, cst.Modulo) else "the query is built by concatenation"
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return "the query is built with .format()"
    return ""


def _regex_families(pattern: str, full: bool) -> FrozenSet[str]:
    """Families a successful (full)match of ``pattern`` rules out, if the pattern is restrictive."""
    p = pattern
    if not full and not (p.endswith("$") or p.endswith("\\Z")):
        return frozenset()
    body = p.lstrip("^").rstrip("$")
    if body.endswith("\\Z"):
        body = body[:-2]
    if not _RESTRICTED_RE.match(body) or "\\S" in body or ".*" in body or ".+" in body:
        return frozenset()
    classes = "".join(re.findall(r"\[([^\]]*)\]", body))
    fams = {"shell", "sql", "nosql", "code", "template", "deserialization", "ssrf"}
    # a dash allowed first may start an option
    first = re.match(r"\[([^\]]*)\]", body)
    if not (first and "-" in first.group(1).replace("a-z", "").replace("A-Z", "").replace("0-9", "").rstrip("-")[:1]):
        fams.add("argument")
    if not ("." in classes and ("/" in classes or "\\\\" in classes)):
        fams.add("path")
    return frozenset(fams)


def analyze_function(mod: ModuleAnalyzer, fn: cst.FunctionDef, qualname: str, cls: Optional[str],
                     self_attrs: Optional[Dict[str, str]] = None,
                     outer_param_types: Optional[Dict[str, str]] = None) -> None:
    fa = FunctionAnalyzer(mod, fn, qualname, cls, self_attrs=self_attrs, fn_stmt=fn)
    if outer_param_types:
        fa.param_types.update(outer_param_types)
    handler = mod.handler_from_decorators(fn, qualname, fn, fa.types, fa.self_attrs, fa.param_types)
    if handler is not None:
        mod.handlers.append(handler)
        if handler.kind in ("call_tool", "get_prompt"):
            fa.name_param = None
    fa.run()
    if handler is not None and handler.kind == "call_tool":
        p = [x.name for x in fa.params if not x.context]
        if p:
            fa.name_param = p[0]
            # re-run with the tool-name hint enabled
            fa2 = FunctionAnalyzer(mod, fn, qualname, cls, self_attrs=self_attrs, fn_stmt=fn)
            if outer_param_types:
                fa2.param_types.update(outer_param_types)
            fa2.name_param = p[0]
            fa2.run()
            fa = fa2
    if handler is not None and handler.kind == "list_tools":
        _collect_lowlevel_tools(mod, fn)
    mod.functions[qualname] = fa.summary()
    # add_tool(fn) / mcp.tool()(fn) registrations inside this function are handled in the
    # module-level pass via _scan_registrations


def _collect_lowlevel_tools(mod: ModuleAnalyzer, fn: cst.FunctionDef) -> None:
    for stmt in _walk_stmts(flat_body(fn.body)):
        for call in _calls_in_stmt(stmt):
            fq = mod.dotted(call.func) or ""
            if fq.split(".")[-1] != "Tool":
                continue
            name = desc = None
            desc_pos = None
            params: Dict[str, Optional[str]] = {}
            annotations: Dict[str, object] = {}
            for a in call.args:
                if a.keyword is None:
                    continue
                k = a.keyword.value
                if k == "name":
                    name = _string_value(a.value)
                elif k == "description":
                    desc = _string_value(a.value)
                    desc_pos = mod._arg_pos(stmt, call, a)
                elif k in ("inputSchema", "input_schema") and isinstance(a.value, cst.Dict):
                    params = _schema_params(a.value)
                elif k == "annotations":
                    annotations = mod._annotations(a.value)
            if name:
                mod.lowlevel_tools.append(LowLevelTool(name, desc, desc_pos, params, mod.pos(stmt, call), annotations))


def _schema_params(d: cst.Dict) -> Dict[str, Optional[str]]:
    out: Dict[str, Optional[str]] = {}
    for e in d.elements:
        if isinstance(e, cst.DictElement) and _string_value(e.key) == "properties" and isinstance(e.value, cst.Dict):
            for pe in e.value.elements:
                if not isinstance(pe, cst.DictElement):
                    continue
                pname = _string_value(pe.key)
                if pname is None:
                    continue
                desc = None
                if isinstance(pe.value, cst.Dict):
                    for fe in pe.value.elements:
                        if isinstance(fe, cst.DictElement) and _string_value(fe.key) == "description":
                            desc = _string_value(fe.value)
                out[pname] = desc
    return out
