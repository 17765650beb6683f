"""What the analysis of one module produces: plain, picklable records.

A :class:`ModuleSummary` crosses worker processes and goes into the cache; the linker
(:mod:`mcpaudit.analysis.inter`) joins the summaries of all modules into findings. Positions are
``(line, column, end_line, end_column)``, 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from .positions import Pos
from .taintvalue import Taint


@dataclass
class Step:
    """One hop of a flow inside a function summary (``path`` is set once linked)."""

    line: int
    column: int
    note: str
    path: str = ""  # filled for steps from other modules when flows are linked


@dataclass
class SinkRec:
    """A sink call in a function, with the taint (in terms of parameters and calls) that reaches it."""

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
    # the argv is the split of one string kept in a variable or unpacked (argv = shlex.split(c));
    # behind a check mcpaudit cannot see, that check may be an allow-list of programs
    program_split: bool = False
    read_only: bool = False  # a query on a connection opened read-only (mode=ro, readonly=1, ...)
    weak_read_only: bool = False  # ... opened read-only on an engine whose read-only mode still writes
    confined: bool = False  # the call itself tries to confine the value (eval with emptied builtins)
    # stems by which a tool claims the sink confines the code it runs, which it cannot (node:vm):
    # a tool saying so has a vulnerability besides its capability (capabilities.false_boundary)
    boundary: Tuple[str, ...] = ()
    # ... and the words of a claim the code makes itself: a node:vm context built as a sandbox
    # around host objects (ts/vmcontext.py); reported like a tool's claim
    host_claim: str = ""
    # stems by which a tool declares this sink's purpose besides its family's (npm install in the
    # caller's folder runs that folder's scripts: a tool that says it installs or builds means it)
    declared_by: Tuple[str, ...] = ()
    writes: bool = False  # the call changes what it reaches (a delete/update of query documents)
    # a library method on a project function's result: a sink unless this target is project code
    unless_target: Optional[str] = None
    # a method matched by name on an object of this package, which the models do not know: a
    # sink unless that package is a library (not the project's own; receivertypes.unless_library)
    unless_library: Optional[str] = None
    # ... or, on a receiver of unknown type, possibly the project's own method of that name:
    # (method, the row's class's libraries, the call's keywords); ownmethods.py
    unless_own_method: Optional[Tuple[str, Tuple[str, ...], Tuple[str, ...]]] = None
    # a method matched by its receiver's name, on an object whose origin the code shows: (that
    # origin, the row's typed-receiver class); no sink when it is another library's (TS receiverorigin.py)
    unless_origin: Optional[Tuple[str, str]] = None
    # a method of a library client on what a project function returned: (that function, the row's
    # receiver class); a sink only when the function returns that class's client (TS returnedclients.py)
    if_origin: Optional[Tuple[str, str]] = None
    # a request to the caller's URL through a client another module builds or a project function
    # returns: (that origin, the receiver's text); the linker names the credential the origin's
    # construction carries, when it carries one (TS exportedclients.py)
    client_from: Optional[Tuple[str, str]] = None
    # a receiver-path method (.unlink()) on a project call's result whose type is known only
    # there: (call target, element or -1); a sink when one says Path (FuncSummary.path_returns)
    pathlike_from: Tuple[Tuple[str, int], ...] = ()
    # code run by the program a project helper returns the path of (``str(py)`` of ``py = await
    # create_venv()``): the helper calls; a sink when one returns an interpreter (progreturns.py)
    program_from: Tuple[str, ...] = ()
    # (param, "truthy"|"falsy"|"none"|"set"): the branch conditions on parameters it sits under
    requires: Tuple[Tuple[str, str], ...] = ()
    # an argv sink whose list was built elsewhere: the options of its (constant) program that take
    # the next element as their value, "opt" or "subcommand opt" (see taintvalue.ARGV_OPERAND)
    operands: Tuple[str, ...] = ()
    # an argv sink: its constant program and the words of its command ("helm repo add"), when
    # every element before them is the author's (argvcommand.py)
    command: str = ""
    # an argv element handed to a program as its operand, the sink naming that program
    # (``x() ['ffmpeg', …]``, TypeScript): what the program does with the value is not what a
    # parameter's description declares (capabilities.described)
    operand_of: Optional[str] = None
    # an argv sink whose command the caller chooses: (line, entry) of each allow-list entry the
    # function tests it against that the models list as a command that writes (cmdlists.py)
    admits: Tuple[Tuple[int, str], ...] = ()
    url: bool = False  # the value is a URL (a request's, a client's base): urlpath.py
    credential: str = ""  # the server's credential the request carries: reqcreds.py
    # the rest of a request (options, headers, body, its client): what may hold a secret of the
    # server's, and the one it holds once linked, sent to the caller's host too (sentcreds.py)
    sent: Taint = field(default_factory=dict)
    sent_secret: str = ""
    # whose credential a path fill's request carries (credowner.py): the taint of the values that
    # carry it, then (linked) the server's secret among them, or the credential, the caller's own
    cred: Taint = field(default_factory=dict)
    cred_secret: str = ""
    cred_own: str = ""
    # a file read in a function that returns only truth values and keeps nothing: fixednames.py
    truth_read: bool = False
    # an append to (or the mkdir of the folder of) a file named as a log whose path holds a parameter
    # (logappend.param_log_append): no write a read-only claim is about unless a flow to it is reported
    log_append: bool = False
    own_output: bool = False  # a metadata or opener sink: a flow of the tool's own file is none (ownoutput.py)
    # a loader's URL, read from disk when it is a file: URL or a bare path (a fixed network
    # scheme, narrowing.NET_SCHEME, rules that out)
    file_url: bool = False
    # a task an agent carries out (models: kind instruction): caller text placed after the
    # server's own words still steers it, so the flow is as is (capabilities.as_is)
    steered: bool = False
    # a path a loader opens by its scheme, which takes a URL as well (models: kind uri): a
    # parameter declared as a URL only does not declare the file read (capabilities.url_only)
    by_scheme: bool = False
    dialect: Optional[str] = None  # the SQL dialect of the query's receiver's driver: sqlquote.py
    statement: Optional[str] = None  # the first word of the query's constant text (DESC, SELECT)
    # the driver runs one statement per call (why; models: single-statement): no stacked statement
    one_statement: str = ""
    # a write that creates its path when missing, following a symlink there even when its target
    # is missing (models: creates): a path contained only where it exists is exposed (dangling.py)
    creates: bool = False
    # an argv sink whose program is this parameter of its function (``create_subprocess_exec(cmd,
    # *args)``): each call site that passes a constant program checks the rest as for that
    # program (progwrap.py)
    program_param: Optional[str] = None
    # a shell sink that runs only when this parameter names one of the modules that run the value
    # (``ansible HOSTS -m {module} -a <value>``); a caller who chooses the module chooses what runs,
    # which the module's own flow says (argvruns.py)
    module_param: Optional[str] = None
    # an argument-injection sink on an argv built elsewhere: the program its argv puts in front
    # ("" when that is not a constant), to read the marks of where values were placed (progwrap.py)
    program: Optional[str] = None
    # a sink of a library's object recognised by its shape (models: object-sinks): a sink only in
    # a project some module of which imports that library
    needs_import: Optional[str] = None
    # a call whose flag keyword reads a project object's field (``shell=options.shell``): (class,
    # field, keyword line); ``shell_off``: this sink is the reading with the flag off (flagfields.py)
    shell_field: Optional[Tuple[str, str, int]] = None
    shell_off: bool = False
    # a mapping given whole (a request body, GraphQL variables) a parameter of the function
    # brings: only a value the caller placed under one of these keys is the statement (sqlhttp.py)
    body_keys: Tuple[str, ...] = ()
    # a statement sent to a service (a SQL API, GraphQL variables: sqlhttp.py keyed-query): the
    # service decides what it may do, a read-only mode of its own that mcpaudit cannot see
    service: bool = False
    # a script of a language whose string literals end only at an unescaped one of these quotes
    # (osascript's '"'): an escaped value placed between them stays one string (stdinscript.py)
    script_quotes: FrozenSet[str] = frozenset()


#: the detail of a shell-or-argv sink whose ``shell=`` is not a constant (taken as a shell)
SHELL_UNKNOWN = "shell= is not a constant"


@dataclass
class CallRec:
    """A call that may land in project code, with the taint of each argument; linked later."""

    target: str  # dotted name after import resolution; "self.m" for methods
    pos: Pos
    args: List[Taint]
    kwargs: Dict[str, Taint]
    star: Taint
    dstar: Taint
    fallback: Taint  # what flows out when the target is not a project function
    tool_hint: Optional[str] = None
    # literal facts of the arguments (position or keyword -> "truthy"|"empty"|"none"), and whether
    # the call spreads *args/**kwargs (then a parameter left out may still be passed)
    given: Optional[Dict[object, str]] = None
    # a method call on an object a recorded call of the same function returned (``db =
    # Database(path); db.read()``): those calls' indexes (a constructor's stores are this
    # object's fields: FieldState.object_fields)
    receiver_calls: Tuple[int, ...] = ()
    # (position, reference) of the arguments that name a project function (TS: a function
    # passed to be called through the parameter, analysis/ts/passed.py)
    fn_refs: Tuple[Tuple[object, str], ...] = ()  # Python: (position or keyword, function reference)
    # constant string arguments by position (``run("netlify login")``): the command a wrapper's
    # sink runs when it runs that parameter (claims.py)
    consts: Optional[Dict[int, str]] = None
    # Python: string literal arguments by position or keyword (a bridge's command name, bridgelink.py)
    literals: Optional[Dict[object, str]] = None
    # Python: the known classes of the arguments of a call that may build a project object, by
    # position or keyword (what a constructor stores from its parameters: paramattrs.py)
    arg_types: Optional[Dict[object, str]] = None
    # Python: (position or keyword, parameter) of the arguments that are a parameter of the caller
    # passed on as is: the facts its own caller gave them decide the callee's branches (guards.py)
    forwarded: Tuple[Tuple[object, str], ...] = ()
    # Python: the record class a converter builds from a mapping (``convert(data, Model)``; the
    # class's dotted name, recordconvert.py), None for any other call
    model_ref: Optional[str] = None
    # Python: "<program> --help" when an argument is a help or version command line (helpprobes.py)
    probe: Optional[str] = None
    # Python: the parameter conditions of the branches the call is made in (guards.py, as a sink's
    # ``requires``): a caller whose literal arguments contradict them never makes it (py53a)
    requires: Tuple[Tuple[str, str], ...] = ()
    # Python: (position, result) of a library callable argument called with the rest of the
    # arguments at this site, for a wrapper that calls it (madecalls.py)
    made: Tuple[Tuple[int, Dict], ...] = ()


@dataclass
class ParamRec:
    """A parameter of a function, and whether its type rules out an injection."""

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
    """Everything the linker needs to know about one function, parametric in its parameters."""

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
    return_elements: Optional[List[Taint]] = None  # every return is a tuple of this many: each element's taint
    return_fields: Optional[Dict[str, Taint]] = None  # every return an object literal: each property's (ts/retfields.py)
    # return position -> the constant properties of the object literal (dict display) it returns,
    # ((prop, value), ...): what a caller's branch on one of them keeps (discriminants.py)
    return_tags: Dict[Pos, Tuple[Tuple[str, object], ...]] = field(default_factory=dict)
    # return position -> each element of the tuple it returns, when every return is a tuple
    # (a caller's `if not ok: return` keeps the elements of the returns that answer True: tupleverdicts.py)
    return_tuple_elements: Dict[Pos, List[Taint]] = field(default_factory=dict)
    # return position -> the tool hint of the branch it is in (a low-level call_tool handler's
    # `if (name === X) return ...`): the tool the value is returned to (ts/branchreturns.py)
    return_hints: Dict[Pos, str] = field(default_factory=dict)
    weak_checks: Dict[str, str] = field(default_factory=dict)  # param -> why its check is bypassable
    # param -> (families a true verdict, True or (True, ...), proves clean; why that check is weak)
    verdicts: Dict[str, Tuple[FrozenSet[str], Optional[str]]] = field(default_factory=dict)
    # param -> why a false verdict leaves it only weakly checked: a deny helper (``is_write(q)``
    # searches q for write keywords) that callers refuse on when true (see verdicts.py)
    deny_checks: Dict[str, str] = field(default_factory=dict)
    # param -> (families clean wherever it returns None, why weak): a validator that returns the
    # error to send back, which callers refuse on when truthy (refusals.py)
    refusals: Dict[str, Tuple[FrozenSet[str], Optional[str]]] = field(default_factory=dict)
    # (param, "truthy"/"empty") -> the refusals when a caller fixes that mode flag (flagarms.py)
    flag_refusals: Dict[Tuple[str, str], Dict[str, Tuple[FrozenSet[str], Optional[str]]]] = field(default_factory=dict)
    confines: FrozenSet[str] = frozenset()  # params a containment check puts inside every returned value (a root)
    # param -> every returned value is a folder above it, normalised ("" or the weak reason whose
    # link-time reference verifies it; see roots.py)
    ancestor_of: Dict[str, str] = field(default_factory=dict)
    return_type: Optional[str] = None  # the annotated return class, dotted as its module imports it
    # the classes a tuple return annotation names per position ("" for none), dotted as above (tupleelems.py)
    return_element_types: Tuple[str, ...] = ()
    # what the annotation says is a filesystem path: -1 the whole value, k element k of a tuple
    path_returns: Tuple[int, ...] = ()
    # the classes a factory may return (a union annotation, the constructors it returns; factoryreturns.py)
    return_classes: Tuple[str, ...] = ()
    abstract: bool = False  # a method with no body of its own (pass, ..., raise NotImplementedError, @abstractmethod)
    # calls of a call_tool handler whose callee the tool name chooses: (position, callee as written,
    # indices of the CallRecs recorded for it - none when the interpreter found no candidate)
    dispatch_sites: List[Tuple[Pos, str, Tuple[int, ...]]] = field(default_factory=list)
    # a method's ``self.attr = value`` stores as they stand when it returns: attr -> taint
    field_stores: Dict[str, Taint] = field(default_factory=dict)
    # method calls on objects of unknown class that one class of the module defines, given a
    # literal: the bridge linker's only (bridges.note_loose_call)
    loose_calls: List[CallRec] = field(default_factory=list)
    # the string lists it tests membership in and the long options it names (cmdlists.py)
    guard_lists: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    # param -> (why a command-line check on it is bypassable, where; see ts/cmdguards.py)
    guards: Dict[str, Tuple[str, Optional[Step]]] = field(default_factory=dict)
    # param -> (egressguard.DIRECT,) or the "target|argpos" of the calls it is passed to: a
    # resolve-then-refuse egress guard of the parameter (egressguard.py)
    egress_guard: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    # positional index -> what the function writes into that parameter's elements (TS: files.push(p)
    # into the caller's list, ts/outparams.py); bound by the linker to the caller's ("o", call, i)
    param_writes: Dict[int, Taint] = field(default_factory=dict)


@dataclass
class HandlerRec:
    """A function registered as an MCP handler by a decorator in this module."""

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
    # registered by the low-level Server's constructor (on_call_tool=fn): called as fn(ctx, params)
    request_params: bool = False
    # assigned into the low-level Server's request_handlers table: called as fn(request), the tool
    # name at request.params.name
    request_object: bool = False
    # a low-level call_tool decorator that validates the arguments against the listed schemas (schemachoices.py)
    validates_input: bool = False
    # the owner is this parameter of the enclosing function, of no server type (registrars.py)
    via_param: Optional[str] = None
    # registered by an imported bare-name decorator that may wrap a server's (decowrappers.py)
    via_decorator: Tuple[str, ...] = ()


@dataclass
class LowLevelTool:
    """A tool declared by a low-level ``list_tools`` handler (``Tool(name=..., inputSchema=...)``)."""

    name: str
    description: Optional[str]
    description_pos: Optional[Pos]
    params: Dict[str, Optional[str]]  # param -> description
    pos: Pos
    annotations: Dict[str, object] = field(default_factory=dict)
    model: Optional[str] = None  # the model class its input schema is made from (dotted, as imported)
    types: Dict[str, str] = field(default_factory=dict)  # param -> its schema's JSON type ("boolean")
    choices: Tuple[str, ...] = ()  # params its schema fixes to listed values or no text (schemachoices.py)


@dataclass
class ModuleSummary:
    """The result of analysing one module: imports, function summaries, handlers, HTTP and auth sites."""

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
    quiet_sinks: Set[Tuple[int, str]] = field(default_factory=set)  # (line, family) no value reached
    read_only_mode: bool = False  # the module sets up a read-only mode its database enforces
    fastapi_mcp_apps: Tuple[str, ...] = ()  # apps handed to FastApiMCP / from_fastapi (fastapimcp.py)
    registering_methods: Tuple[str, ...] = ()  # decorator factory methods filing into a dict (dictregistry.py)
    weak_read_only_mode: Optional[str] = None  # a read-only connection whose engine still writes (duckdb)
    read_only_role: Optional[Tuple[int, str]] = None  # (line, words) a read-only role listed as SQL verbs
    # a function of it checks a query's prefix for SELECT and accepts statements by a write verb's
    # prefix too: its prefix checks route statements between operations (stmtroutes.py)
    routes_writes: bool = False
    class_bases: Dict[str, List[str]] = field(default_factory=dict)  # class -> its bases (dotted, as imported)
    class_shapes: Dict[str, object] = field(default_factory=dict)  # class -> records.ClassShape
    server_texts: List[str] = field(default_factory=list)  # names and instructions of its MCP servers
    class_tools: Dict[str, str] = field(default_factory=dict)  # class -> the tool name it declares
    # tools of dispatch tables and record lists: tool name -> description ("" when none)
    dispatch_text: Dict[str, str] = field(default_factory=dict)

    # parameters of tools a list_tools handler declares under a name chosen at run time
    # (Tool(name=get_command(), inputSchema=...)): their schemas are known though their names are not
    unnamed_tool_params: List[str] = field(default_factory=list)
    # parameters of each Tool(...) a handler class declares (None: a schema that is not a literal)
    method_tool_schemas: List[Optional[List[str]]] = field(default_factory=list)
    # module-level lists of functions (TOOLS = [a, b]): name -> the functions (dotted, as imported),
    # for a loop in another module that registers each
    function_lists: Dict[str, List[str]] = field(default_factory=dict)
    # "f()" / "NAME" -> the lists and calls a function's result or a module-level name derives
    # from, for lists of functions built across functions and modules (listsources.py)
    list_sources: Dict[str, List[str]] = field(default_factory=dict)
    # "f()" of function_lists built from the module's __all__ -> whether only coroutine functions
    # are kept; a name that resolves to no (such) function is dropped (exportlists.py)
    exported_lists: Dict[str, bool] = field(default_factory=dict)
    # module-level function -> the constant last segment of the path it returns (progreturns.py)
    program_returns: Dict[str, str] = field(default_factory=dict)
    # class -> {"self.attr": the class its methods assign to it} (resolution._collect_class)
    attr_types: Dict[str, Dict[str, str]] = field(default_factory=dict)
    # class -> {attr: (position, parameter)} of ``self.attr = param`` in __init__ (paramattrs.py)
    param_attrs: Dict[str, Dict[str, Tuple[int, str]]] = field(default_factory=dict)
    # its call_tool handler runs tool-wrapper objects, whose functions are listed as the tools
    wrapped_served: bool = False
    # the rows' tool names and descriptions of function_lists that functions return (tuplelists.py)
    listed_text: Dict[str, Tuple[List[Optional[str]], List[Optional[str]]]] = field(default_factory=dict)
    # the module turns the root logger's INFO (or DEBUG) records on (logging.basicConfig(level=...)):
    # libraries' own INFO logs are written, httpx's request lines among them
    verbose_logging: bool = False
    # module-level objects: name -> the class (or factory) that made them, dotted as imported
    module_types: Dict[str, str] = field(default_factory=dict)
    # "NAME.attr" -> the class module level code keeps there (mcp.client = Client(): objattrs.py)
    object_attr_types: Dict[str, str] = field(default_factory=dict)
    # (calling function, call target, argument position or keyword, server kind or "=dotted"):
    # arguments that may be server objects (registrars.py)
    server_args: List[Tuple[str, str, object, str]] = field(default_factory=list)
    # HTTP routes added beside the MCP endpoint: (name "POST /path", endpoint target, pos) (httproutes.py)
    routes: List[Tuple[str, str, Pos]] = field(default_factory=list)
    # registrations whose server, function or name the linker completes, and the calls that hand
    # functions (and strings) on; module functions returning a wrapper of their argument (regsites.py)
    reg_sites: List[tuple] = field(default_factory=list)
    fn_args: List[tuple] = field(default_factory=list)
    # (decorated function, decorator or its factory as dotted, made by a call, pos) (madedecos.py)
    made_decorators: List[tuple] = field(default_factory=list)
    wrapper_factories: List[str] = field(default_factory=list)
    subclass_walks: List[str] = field(default_factory=list)
    prefix_tools: List[tuple] = field(default_factory=list)  # loops registering functions by prefix (prefixtools.py)
    # both ends of message bridges (bridges.py): function -> the parameters its messages hold
    # under constant fields; and the command names its dispatchers run functions for
    bridge_senders: Dict[str, List[Tuple[str, str, str, str]]] = field(default_factory=dict)
    bridge_receivers: List[Tuple[str, str, str, str, str, bool, int]] = field(default_factory=list)
    # each Prompt(...) the module declares: its argument names, None when not literal (promptargs.py)
    prompt_args: List[Optional[Tuple[str, ...]]] = field(default_factory=list)
    # def tool(func): return SERVER.tool(func): name -> (handler kind, framework) (decowrappers.py)
    tool_decorators: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    # project classes an SDK Tool subclass of this module wraps, and the methods each class of
    # this module looks up by a constant name (classtools.py)
    wrapped_tool_classes: Tuple[str, ...] = ()
    lookup_methods: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    # Class(field=function) records: (class dotted, field, function, literal name) (recordfns.py)
    record_functions: List[Tuple[str, str, str, Optional[str]]] = field(default_factory=list)
    # Record(field=self.method) calls in its classes' methods: (class, field, Class.method, name) (recordcalls.py)
    record_methods: List[Tuple[str, str, str, Optional[str]]] = field(default_factory=list)
    # (line, function, error) of functions whose analysis failed; the rest of the module was analysed
    partial: List[Tuple[int, str, str]] = field(default_factory=list)
    # constant field defaults of its classes, and the field settings its code makes (flagfields.py)
    flag_defaults: Dict[str, Dict[str, str]] = field(default_factory=dict)
    flag_sets: FrozenSet[Tuple[str, str, str]] = frozenset()
    # module-level dispatch tables (NAME = {"tool": function, ...}): name -> entries (dotted, as
    # imported), and entry -> its key, for a call_tool in another module that imports NAME
    dispatch_tables: Dict[str, List[str]] = field(default_factory=dict)
    dispatch_keys: Dict[str, str] = field(default_factory=dict)
    # tool name of a tuple table's row -> its input model; fields of the module's classes (modeltables.py)
    table_models: Dict[str, str] = field(default_factory=dict)
    class_fields: Dict[str, List[Tuple[str, Optional[str]]]] = field(default_factory=dict)
    # Enum classes the module defines: member -> string value (a match arm's tool name, matchtools.py)
    enum_values: Dict[str, Dict[str, str]] = field(default_factory=dict)
    # functions stored in records by the functions they are handed to (storedfns.py)
    stored: Optional[tuple] = None
