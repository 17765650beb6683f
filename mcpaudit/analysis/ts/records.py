"""What the analysis of one TypeScript/JavaScript module adds to the shared summary records
(:mod:`mcpaudit.analysis.summary`): exports, tables of constants and objects, schemas and
registrations whose parts name things in other modules (resolved when modules are linked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..positions import Pos
from ..summary import ModuleSummary
from . import nodes as N

#: the key suffix under which a module keeps the project class a class's field holds
#: (``types["Base.client" + FIELD]``), for a method of a subclass in another module
FIELD = ":field"
from .getters import getter_type
from .instancetools import const_method
from .instnames import constructor_links, returned_schema
from .selfmaps import field_map
from .servicetools import service_dispatch

#: A table value: "s:<string>", "r:<target>" (a name to resolve), "f:<qualname>" (a function of
#: the module), "o:<table>" (an object literal), "a:<array>" (an array literal), "z:<schema>".
Value = str

#: One parameter a schema declares: (name, description, families it is clean for).
SchemaParam = Tuple[str, Optional[str], FrozenSet[str]]

#: properties a project's tool object carries its handler under (``{ name, execute }``,
#: ``createTool({ name, handler })``), run by a call-tool handler as ``tool.<key>(args)``
TOOL_OBJECT_HANDLERS = ("execute", "handler")

#: the loop property standing for an entry's key: ``registerTool(name, ...)`` inside
#: ``for (const [name, t] of Object.entries(TOOLS))`` names each tool by its key in ``TOOLS``
KEY = "[key]"

#: the schema value of a schema built by a call we cannot read: no declared parameters, and the
#: handler's first parameter is still the caller's arguments, each field of unknown type
UNKNOWN_SCHEMA = "?"


@dataclass
class TsRegistration:
    """An MCP handler registered in this module; parts that name other modules' things are
    references resolved by the linker."""

    kind: str  # tool | prompt | resource | call_tool | read_resource | get_prompt | list_tools
    framework: str
    pos: Pos
    name: Optional[Value] = None  # "s:literal" or "r:reference"
    handler: Optional[Value] = None  # "f:qualname" or "r:reference"
    description: Optional[Value] = None
    description_pos: Optional[Pos] = None
    schema: Optional[Value] = None  # "z:key" or "r:reference"
    uri: Optional[str] = None
    template: bool = False  # a resource template: the URI's variables are caller input
    annotations: Dict[str, object] = field(default_factory=dict)
    owner_known: bool = True  # the receiver is a known server object (not only a method name)
    owner_named: bool = False  # ... or named like one in a module that does not import MCP itself
    loop: Optional[Value] = None  # "r:<array>": registered once per element of this array
    loop_props: Dict[str, str] = field(default_factory=dict)  # role -> element property
    context_index: Optional[int] = None  # the handler's extra/context parameter
    inputs: Tuple[int, ...] = (0,)  # the handler's parameters that are caller input
    owner_class: Optional[str] = None  # registered by this class for `this.name`: its subclasses are the tools


@dataclass
class TsModuleSummary(ModuleSummary):
    """A module summary with what TypeScript/JavaScript linking needs on top."""

    exports: Dict[str, str] = field(default_factory=dict)  # exported name -> local target
    star_exports: List[str] = field(default_factory=list)  # modules re-exported whole
    aliases: Dict[str, str] = field(default_factory=dict)  # local dotted name -> target
    tables: Dict[str, Dict[str, Value]] = field(default_factory=dict)  # object literals
    arrays: Dict[str, List[Value]] = field(default_factory=dict)  # array literals
    pushed: Dict[str, str] = field(default_factory=dict)  # "<list>.push@<n>" (an array) -> the list it fills
    schemas: Dict[str, List[SchemaParam]] = field(default_factory=dict)
    registrations: List[TsRegistration] = field(default_factory=list)
    classes: Dict[str, Optional[str]] = field(default_factory=dict)  # class -> base class target
    implements: Dict[str, List[str]] = field(default_factory=dict)  # class -> interfaces (targets)
    interface_fields: Dict[str, Dict[str, str]] = field(default_factory=dict)  # interface -> property -> type
    types: Dict[str, str] = field(default_factory=dict)  # module-level name -> constructor/type
    const_objects: List[str] = field(default_factory=list)  # module-level `const x = new C(...)` (objects.py)
    constructions: List[Tuple[str, List[str]]] = field(default_factory=list)  # new C(refs): fieldtools.py
    partial: List[int] = field(default_factory=list)  # lines of syntax errors (recovered)
    open_app: bool = False  # an HTTP app here answers any origin or listens everywhere (routes.py)
    browser: str = ""  # "launch" / "connect": how the module gets a browser (remotebrowser.py)
    app_read_only: bool = False  # a guard refuses operations when a read-only flag is set (appmode)
    app_read_only_refuses: List[str] = field(default_factory=list)  # ... the names it refuses
    app_read_only_flags: List[str] = field(default_factory=list)  # ... the write flags it tests (modetools.py)
    flagged_tools: Dict[str, List[str]] = field(default_factory=dict)  # write flag -> tools whose definition sets it
    operator_read_only: bool = False  # reads a read-only flag the operator sets (modeparams.operator_mode)
    names_write_stages: bool = False  # the module names the $out/$merge pipeline stages
    # operation records whose flag says "reads" while their HTTP method writes, and the gates of
    # a read-only mode that trust such a flag (writeflags.py)
    flag_records: List[Tuple[str, int, str, str, str, int]] = field(default_factory=list)
    flag_gates: List[Tuple[str, int, str]] = field(default_factory=list)
    # tests that classify a command read-only by its program name alone (cmdgates.py)
    command_gates: List[tuple] = field(default_factory=list)
    # tools a read-only mode hides from the list that the call handler still runs (listfilter.py)
    list_bypasses: List[tuple] = field(default_factory=list)
    # (address, by default, overriding env var, pos) of the module's listen() calls (mountedlisten.py)
    listen_hosts: List[tuple] = field(default_factory=list)
    runs_tool_objects: bool = False  # a call-tool handler here runs a looked-up tool's execute()
    registrars: Dict[str, str] = field(default_factory=dict)  # registry method -> name path (registrars.py)
    registrar_tables: List[Tuple[str, str, str]] = field(default_factory=list)  # tables given to a registry method
    dispatched: Dict[str, List[str]] = field(default_factory=dict)  # function -> tool names it dispatches on
    name_splits: Dict[str, str] = field(default_factory=dict)  # function -> what it splits the tool's name at
    class_consts: Dict[str, Dict[str, str]] = field(default_factory=dict)  # class -> field -> constant
    consts: Dict[str, str] = field(default_factory=dict)  # module-level name -> constant string (hostconsts.py)
    class_schemas: Dict[str, Dict[str, str]] = field(default_factory=dict)  # class -> field -> "z:<schema>"
    url_credentials: List[Tuple[str, int]] = field(default_factory=list)  # (query key, line): carriers.py
    # line of a log sink -> (its if/else chain or switch, its branch): logrepeats.py
    log_arms: Dict[int, Tuple[int, int]] = field(default_factory=dict)
    lib_returns: Dict[str, str] = field(default_factory=dict)  # function -> library type it returns (receiverorigin.py)
    # module-level client (or function returning one, "name()") -> the option carrying the server's
    # credential in its construction (exportedclients.py)
    client_creds: Dict[str, str] = field(default_factory=dict)
    wrapped_fns: Dict[str, str] = field(default_factory=dict)  # const n = wrapper(fn): n -> fn (wrappedexports.py)
    handler_inputs: List[int] = field(default_factory=list)  # x.handler(client, args): args' places (methodlists.py)


def method_fields(mod, cname: str, m, mname: str) -> None:
    """What a method tells about its class's fields: a constructor's (:func:`constructor_fields`);
    any other method's ``this.x = <client>`` where ``<client>`` is built by a constructor or
    factory of a receiver class of the models (``this.http = axios.create(...)`` in a
    ``setup()`` the constructor calls): the field holds that client whatever type it is declared
    with (``http!: AxiosInstance``, ``any``) or where it is assigned."""
    if mname == "constructor":
        constructor_fields(mod, cname, m)
    const_method(mod, cname, m, mname)  # getToolName() { return "x" } (instancetools.py)
    service_dispatch(mod, cname, m, mname)  # listTools() + executeTool(name, args) (servicetools.py)
    getter_type(mod, cname, m, mname)  # get client() { return this.refClient.ref } (getters.py)
    returned_schema(mod, cname, m, mname)  # getDefinition() { return { inputSchema } } (instnames.py)
    body = m.child_by_field_id(mod.F.body)
    for st in body.named_children if body is not None else ():
        e = st.named_children[0] if st.type == "expression_statement" and st.named_children else None
        if e is None or e.type != "assignment_expression":
            continue
        left, right = e.child_by_field_id(mod.F.left), e.child_by_field_id(mod.F.right)
        parts = N.member_parts(mod.data, left) if left is not None else None
        field_map(mod, parts, right)  # this.handlersMap = { git_x: handleX } (selfmaps.py)
        tp = mod.top.type_of(right) if parts and len(parts) == 2 and parts[0] == "this" and right is not None else None
        if tp and _client_type(mod, tp.replace("()", "")):
            mod.field_types[(cname, parts[1])] = tp


def _client_type(mod, tp: str) -> bool:
    """``tp`` is what a receiver class of the models is built by (a constructor or factory)."""
    return any(tp in rc.constructors or any(f in tp for f in rc.factories) for rc in mod.M.receivers.values())


def constructor_fields(mod, cname: str, ctor) -> None:
    """What a class's constructor tells about its fields, kept on the module ``mod`` (a
    ``TsModule``): parameter properties (``private readonly db: Database``) and
    ``this.x = ...`` assignments give a field's type, the sink it aliases and its constant."""
    params = ctor.child_by_field_id(mod.F.parameters)
    if params is not None:
        for p in params.named_children:
            if p.type in ("required_parameter", "optional_parameter") and any(
                    c.type == "accessibility_modifier" or c.type == "readonly" for c in p.children):
                pat = p.child_by_field_id(mod.F.pattern)
                ann = p.child_by_field_id(mod.F.type)
                if pat is not None and pat.type == "identifier" and ann is not None:
                    tp = mod.top.resolve_type(N.type_name(mod.data, ann) or "")
                    if tp:
                        mod.field_types[(cname, N.text(mod.data, pat))] = tp
                        if "#" in tp:  # a project class: kept for a subclass of another module (link.py)
                            mod.types[f"{cname}.{N.text(mod.data, pat)}{FIELD}"] = tp
    constructor_links(mod, cname, ctor)  # super('x') to a base storing this.name = name (instnames.py)
    body = ctor.child_by_field_id(mod.F.body)
    if body is None:
        return
    for st in body.named_children:
        if st.type != "expression_statement" or not st.named_children:
            continue
        e = st.named_children[0]
        if e.type != "assignment_expression":
            continue
        left, right = e.child_by_field_id(mod.F.left), e.child_by_field_id(mod.F.right)
        parts = N.member_parts(mod.data, left) if left is not None else None
        if not parts or len(parts) != 2 or parts[0] != "this" or right is None:
            continue
        tp = mod.top.type_of(right)
        if tp:
            mod.field_types.setdefault((cname, parts[1]), tp)
        sink = mod.top.sink_alias(right)
        if sink:
            mod.field_aliases[(cname, parts[1])] = sink
        c = mod.top.const_of(right)
        if c is not None:
            mod.field_consts.setdefault((cname, parts[1]), c)


def const_objects(data: bytes, root) -> List[str]:
    """Names a module binds once to a new object at its top level (``export const http = new
    HttpClient({...})``): the object is built when the module loads, from no tool's arguments,
    and no later call rebinds the name (fields.py reads its constructor's state as that)."""
    out: List[str] = []
    for s in root.named_children:
        d = s.named_children[-1] if s.type == "export_statement" and s.named_children else s
        if d.type != "lexical_declaration" or not d.children or d.children[0].type != "const":
            continue
        for v in d.named_children:
            name, value = v.child_by_field_name("name"), v.child_by_field_name("value")
            if v.type == "variable_declarator" and name is not None and name.type == "identifier" and \
                    value is not None and value.type == "new_expression":
                out.append(data[name.start_byte:name.end_byte].decode("utf-8", "replace"))
    return out
