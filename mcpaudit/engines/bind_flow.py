"""Does a bind address reach a listening call? Bandit's B104 fires on every ``"0.0.0.0"``; one
that is only stored, printed or compared never binds a socket.

The value is followed inside its file: through ``x or "0.0.0.0"``, an environment fallback
(``os.environ.get("HOST", "0.0.0.0")``), an ``argparse`` option default (to ``args.<dest>``), a
parameter default (which ends there when every call of the function in the project passes that
parameter: :func:`overridden_everywhere`), a function or class of the same file it is passed to
(its parameter), a local (its loads after the store) or ``self`` attribute it is stored in, a
tuple or list, and the f-string or ``%`` text it is formatted into.
It ends harmlessly in a print or log call, a comparison, an attribute that nothing reads, or the
response of a web route (a ``return`` of a function decorated ``@app.get("/config")``: the
framework writes it to the client, py56a). A read of ``.<attr>`` in another scanned file is
followed there as in this file (through locals, containers, ``{"host": value}``), and ends at
any further hop out of that file (another attribute, a class constant). Anything else - a call
of another module (``uvicorn.run(host=...)``, ``socket.bind``), another return, a module-level
name (other modules may import it) - may bind, and the finding stays. A class-body constant is read as ``.<NAME>`` or by
its name as text (a copy by ``dir()``/``getattr`` into a mapping read by key).
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Iterable, List, Optional, Set

#: call names whose arguments are only written out
_OUTPUT_FUNCS = frozenset({"print", "echo", "secho", "pprint"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "exception", "log",
                          "print", "echo", "secho", "rule"})
_ENV_GETS = frozenset({"getenv", "get"})
_MAX_STEPS = 60
#: a declared field's default (pydantic ``Field``, dataclasses ``field``): the value the field holds
_FIELD_FUNCS = frozenset({"Field", "field"})

REASON = "the address is only stored or printed: it reaches no listening call, never bound"
OVERRIDDEN = ("the address is a parameter default that every call in the project overrides with its own "
              "address: the default is never bound")


def _name(func: ast.AST) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _output_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _OUTPUT_FUNCS
    if isinstance(func, ast.Attribute):
        recv = func.value
        if func.attr == "write" and isinstance(recv, ast.Attribute) and recv.attr in ("stdout", "stderr"):
            return True
        return func.attr in _LOG_METHODS
    return False


def _env_default(call: ast.Call, node: ast.AST) -> bool:
    """``os.getenv(NAME, node)`` / ``os.environ.get(NAME, node)``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in _ENV_GETS and len(call.args) == 2 and call.args[1] is node):
        return False
    recv = func.value
    return (func.attr == "getenv" and isinstance(recv, ast.Name) and recv.id == "os") or \
        (func.attr == "get" and isinstance(recv, ast.Attribute) and recv.attr == "environ")


def _parse_args_names(tree: ast.AST) -> Set[str]:
    """Names bound to an ``argparse`` namespace (``args = parser.parse_args()``)."""
    out: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                _name(node.value.func) in ("parse_args", "parse_known_args"):
            out.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return out


def option_dest(call: ast.Call) -> Optional[str]:
    """The namespace attribute of ``parser.add_argument("--bind-host", ...)``."""
    for kw in call.keywords:
        if kw.arg == "dest" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    long = [f for f in flags if f.startswith("--")] or [f for f in flags if not f.startswith("-")]
    return long[0].lstrip("-").replace("-", "_") if long else None


class _File:
    def __init__(self, tree: ast.AST, others: Callable[[str], Iterable[ast.AST]],
                 callers: Callable[[str], Iterable[ast.AST]] = lambda name: (), entry_names: Iterable[str] = (),
                 home: Optional["_File"] = None):
        self.tree = tree
        #: the file the constant is in; another file (``home`` set) is one whose reads of the
        #: attribute the value was stored in are followed, and ends at any further hop out of it
        self.home = home
        self.foreign: List["_File"] = []  # (the home file's) other files being followed
        self.callers = callers
        self.entry_names = frozenset(entry_names)
        self.parents: Dict[int, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        self.namespaces = _parse_args_names(tree)
        self.defs: Dict[str, ast.AST] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defs.setdefault(node.name, node)
        self._others = others
        self.overridden = False

    def scope_of(self, node: ast.AST) -> Optional[ast.AST]:
        p = self.parents.get(id(node))
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            p = self.parents.get(id(p))
        return p

    def _method(self, call: ast.Call, name: str) -> Optional[ast.AST]:
        """``name`` defined in the class whose method holds ``call``."""
        p = self.parents.get(id(call))
        while p is not None and not isinstance(p, ast.ClassDef):
            p = self.parents.get(id(p))
        if p is None:
            return None
        return next((s for s in p.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name),
                    None)

    def name_uses(self, scope: ast.AST, name: str) -> List[ast.AST]:
        return [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]

    def attr_reads(self, attr: str, skip_namespaces: bool, others: bool = True) -> Optional[List[ast.AST]]:
        """Reads of ``<x>.attr`` in this file (on an ``argparse`` namespace too unless
        ``skip_namespaces``); None when another scanned file reads it (``others``)."""
        def reads(tree: ast.AST, namespaces: Set[str]) -> List[ast.AST]:
            return [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == attr
                    and isinstance(n.ctx, ast.Load)
                    and not (skip_namespaces and isinstance(n.value, ast.Name) and n.value.id in namespaces)]
        out: List[ast.AST] = []
        for other in (self._others(attr) if others else ()):
            found = reads(other, _parse_args_names(other))
            if found and self.home is not None:
                return None  # a third file: not followed
            if found:
                self.foreign.append(_File(other, self._others, _no_callers, (), home=self))
                out.extend(found)  # followed there (a route's response, a log: no bind)
        return reads(self.tree, self.namespaces) + out

    def owner(self, node: ast.AST) -> "_File":
        """The file ``node`` is in: this one or one of the other files followed."""
        return next((o for o in self.foreign if id(node) in o.parents), self)

    def callee(self, call: ast.Call) -> Optional[ast.AST]:
        """The function of this file a call runs (a class: its ``__init__``), or None: a bare name
        (a module function or class) or ``self.<method>`` of the caller's class. A method of
        another object (``uvicorn.run``) is not one of the file's functions of that name."""
        func = call.func
        if isinstance(func, ast.Name):
            node = self.defs.get(func.id)
            if node is not None and isinstance(self.parents.get(id(node)), ast.ClassDef):
                return None  # a method's name called bare is some other function
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            node = self._method(call, func.attr)
        else:
            return None
        if isinstance(node, ast.ClassDef):
            init = [s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"]
            return init[0] if init else None
        return node


def _route_verbs() -> frozenset:
    """Decorator methods that make a function a web route (``@app.get("/config")``): the
    catalog's route decorators of side apps, HTTP bridges and server objects."""
    from ..catalog import catalog

    surface = catalog().python.surface
    side = surface.side_apps or {}
    return frozenset(side.get("route-decorators", ())) | surface.route_decorators


def route_handler(fn: Optional[ast.AST]) -> bool:
    """``fn`` is decorated as a web route with a literal path (``@router.get("/config")``): its
    return value is the HTTP response a framework writes out, never an address it listens on."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    verbs = None
    for deco in fn.decorator_list:
        if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) and deco.args and \
                isinstance(deco.args[0], ast.Constant) and str(deco.args[0].value).startswith("/"):
            verbs = _route_verbs() if verbs is None else verbs
            if deco.func.attr in verbs:
                return True
    return False


def _no_callers(name: str) -> Iterable[ast.AST]:
    raise LookupError(name)  # another file's callers are not looked up: its defaults may be used


def _param_uses(f: _File, fn: ast.AST, pname: str) -> List[ast.AST]:
    return f.name_uses(fn, pname)


def _positional_param(fn: ast.AST, index: int, method: bool) -> Optional[str]:
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if method and params and params[0] in ("self", "cls"):
        params = params[1:]
    return params[index] if index < len(params) else None


def _step(f: _File, node: ast.AST) -> Optional[List[ast.AST]]:
    """Where the value at ``node`` goes next: the nodes that carry it on ([] for a harmless end),
    or None when it may reach a listening call."""
    parent = f.parents.get(id(node))
    if parent is None:
        return None
    if isinstance(parent, (ast.BoolOp, ast.IfExp, ast.JoinedStr)):
        return [parent] if not (isinstance(parent, ast.IfExp) and parent.test is node) else []
    if isinstance(parent, ast.FormattedValue):
        return [parent]
    if isinstance(parent, (ast.Tuple, ast.List)) and isinstance(parent.ctx, ast.Load):
        return [parent]  # the container carries it on
    if isinstance(parent, ast.Dict) and any(v is node for v in parent.values):
        return [parent]  # {"host": value}: the mapping carries it on
    if isinstance(parent, ast.Return) and route_handler(f.scope_of(parent)):
        return []  # a web route's response: the framework serialises it to the client, no bind
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Mod, ast.Add)):
        return [parent]
    if isinstance(parent, ast.Compare):
        return []
    if isinstance(parent, ast.Expr):
        return []
    if isinstance(parent, ast.arguments):
        return _default_uses(f, parent, node)
    if isinstance(parent, ast.Call):
        return _call_arg(f, parent, node, None)
    if isinstance(parent, ast.keyword):
        call = f.parents.get(id(parent))
        return _call_arg(f, call, node, parent.arg) if isinstance(call, ast.Call) else None
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        out: List[ast.AST] = []
        for t in targets:
            nxt = _store_uses(f, parent, t)
            if nxt is None:
                return None
            out.extend(nxt)
        return out
    return None


def _default_uses(f: _File, args: ast.arguments, node: ast.AST) -> Optional[List[ast.AST]]:
    fn = f.parents.get(id(args))
    positional = args.posonlyargs + args.args
    if node in args.defaults:
        param = positional[len(positional) - len(args.defaults) + args.defaults.index(node)].arg
    elif node in args.kw_defaults:
        param = args.kwonlyargs[args.kw_defaults.index(node)].arg
    else:
        return None
    if fn is None:
        return None
    if overridden_everywhere(f, fn, param):
        f.overridden = True
        return []
    return _param_uses(f, fn, param)


def _call_arg(f: _File, call: ast.Call, node: ast.AST, keyword: Optional[str]) -> Optional[List[ast.AST]]:
    if node is call.func:
        return None
    if _output_call(call):
        return []
    if keyword is None and _env_default(call, node):
        return [call]
    if _name(call.func) in _FIELD_FUNCS and (keyword == "default" or (keyword is None and call.args[:1] == [node])):
        return [call]  # host: str = Field(default="0.0.0.0"): the field's default, carried as the field is
    if keyword == "default" and _name(call.func) == "add_argument":
        dest = option_dest(call)
        reads = f.attr_reads(dest, skip_namespaces=False, others=False) if dest else None
        if reads is None or not all(isinstance(r.value, ast.Name) and r.value.id in f.namespaces for r in reads):
            return None
        return list(reads)
    fn = f.callee(call)
    if fn is None or isinstance(fn, ast.ClassDef) or (keyword is None and not any(a is node for a in call.args)):
        return None  # (a ** mapping: which parameter gets it is not read)
    method = isinstance(f.parents.get(id(fn)), ast.ClassDef)
    if keyword is not None:
        names = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
        return _param_uses(f, fn, keyword) if keyword in names else None
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    param = _positional_param(fn, call.args.index(node), method)
    return _param_uses(f, fn, param) if param else None


def _store_uses(f: _File, stmt: ast.AST, target: ast.AST) -> Optional[List[ast.AST]]:
    if f.home is not None and not (isinstance(target, ast.Name) and f.scope_of(stmt) is not None):
        return None  # another file's attribute or class constant: its readers are not looked up
    if isinstance(target, ast.Name):
        scope = f.scope_of(stmt)
        if scope is None and isinstance(f.parents.get(id(stmt)), ast.ClassDef):
            return _class_constant_uses(f, target.id)
        if scope is None:
            return None  # a module-level name: another module may import it
        return _later(f, scope, stmt, f.name_uses(scope, target.id))
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
        reads = f.attr_reads(target.attr, skip_namespaces=True)
        return reads
    return None


def _class_constant_uses(f: _File, name: str) -> Optional[List[ast.AST]]:
    """A class-body constant (``HOST: str = "0.0.0.0"`` in ``class DefaultConfig``) is read as
    ``<x>.HOST`` or by its name as text (``getattr(cfg, "HOST")``, ``config["HOST"]`` after a
    copy by ``dir()``): the attribute reads in this file, None when its name is read as text
    anywhere scanned or another file reads the attribute (py30a)."""
    def named(tree: ast.AST) -> bool:  # (a key of a dict display names an entry it writes: no read)
        keys = {id(k) for n in ast.walk(tree) if isinstance(n, ast.Dict) for k in n.keys if k is not None}
        return any(isinstance(n, ast.Constant) and n.value == name and id(n) not in keys for n in ast.walk(tree))
    if named(f.tree) or any(named(t) for t in f.callers(name)):  # (callers: every file holding the name)
        return None
    return f.attr_reads(name, skip_namespaces=True)


def unbound(tree: ast.AST, constants: Iterable[ast.AST],
            others: Callable[[str], Iterable[ast.AST]] = lambda attr: (),
            callers: Callable[[str], Iterable[ast.AST]] = lambda name: (),
            entry_names: Iterable[str] = ()) -> List[ast.AST]:
    """The ``"0.0.0.0"`` constants of ``tree`` that reach no listening call (see the module).
    ``others(attr)`` yields the parsed other files of the project that may read ``.attr``
    (called only when a value is stored on an attribute); ``callers(name)`` the parsed other
    files whose text names ``name`` (called for a function whose parameter default the value
    is); ``entry_names``: functions a packaging declaration runs (their defaults are used)."""
    return [c for c in constants if why_unbound(tree, c, others, callers, entry_names)]


def why_unbound(tree: ast.AST, constant: ast.AST,
                others: Callable[[str], Iterable[ast.AST]] = lambda attr: (),
                callers: Callable[[str], Iterable[ast.AST]] = lambda name: (),
                entry_names: Iterable[str] = ()) -> Optional[str]:
    """Why ``constant`` reaches no listening call (:data:`REASON`, or :data:`OVERRIDDEN` when a
    parameter default every call overrides is among its ends), or None when it may."""
    f = _File(tree, others, callers, entry_names)
    if not every_end_harmless(constant, lambda node: _step(f.owner(node), node)):
        return None
    return OVERRIDDEN if f.overridden else REASON


def _later(f: _File, scope: ast.AST, stmt: ast.AST, uses: List[ast.AST]) -> List[ast.AST]:
    """The ``uses`` of a local stored by ``stmt`` that may read that store: those after it, or
    all of them when the store is in a loop, the name is global/nonlocal, or a use is inside a
    nested function (it may run later)."""
    p = f.parents.get(id(stmt))
    while p is not None and p is not scope:
        if isinstance(p, (ast.For, ast.AsyncFor, ast.While)):
            return uses
        p = f.parents.get(id(p))
    if any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(scope)):
        return uses
    end = (getattr(stmt, "end_lineno", stmt.lineno), getattr(stmt, "end_col_offset", 0))
    return [u for u in uses if (u.lineno, u.col_offset) > end or f.scope_of(u) is not scope]


def _local_names(scope: ast.AST) -> Set[str]:
    """Names a function stores (its locals): a load of one of them is not a module function."""
    out = {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)} if hasattr(scope, "args") else set()
    out.update(n.id for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return out


def _supplies(call: ast.Call, param: str, index: Optional[int]) -> Optional[bool]:
    """Does ``call`` pass ``param`` (by keyword, or positionally at ``index``)? None: unknown
    (``*args`` / ``**kwargs``)."""
    if any(kw.arg == param for kw in call.keywords):
        return True
    if index is not None and len(call.args) > index and \
            not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
        return True
    if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords):
        return None
    return False


def _references(tree: ast.AST, name: str, attr_too: bool) -> List[ast.AST]:
    """Loads of ``name`` (a bare name, not a local of the function it is read in) in ``tree``,
    with ``.name`` on an imported module's name (``server_module.name``), or on anything when
    ``attr_too`` (a method)."""
    modules = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
               for a in n.names}
    parents: Dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    out: List[ast.AST] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load):
            p = parents.get(id(n))
            while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                p = parents.get(id(p))
            if p is None or name not in _local_names(p):
                out.append((n, parents.get(id(n))))
        elif isinstance(n, ast.Attribute) and n.attr == name and isinstance(n.ctx, ast.Load) and \
                (attr_too or (isinstance(n.value, ast.Name) and n.value.id in modules)):
            out.append((n, parents.get(id(n))))
    return out


def overridden_everywhere(f: _File, fn: ast.AST, param: str) -> bool:
    """Every reference to the function ``fn`` in the project is a call that passes ``param``
    (and there is one): its default is never used. Not for a decorated function (a framework
    calls it: a CLI command, a route), one a packaging declaration runs, a class's method other
    than by ``self``/an object, or a ``__init__``."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.decorator_list or \
            fn.name.startswith("__") or fn.name in f.entry_names:
        return False
    method = isinstance(f.parents.get(id(fn)), ast.ClassDef)
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if method and params and params[0] in ("self", "cls"):
        params = params[1:]
    index = params.index(param) if param in params else None
    refs = _references(f.tree, fn.name, attr_too=method)
    try:
        for other in f.callers(fn.name):
            refs.extend(_references(other, fn.name, attr_too=method))
    except Exception:  # an unreadable other file may call it without the argument
        return False
    calls = 0
    for node, parent in refs:
        if not (isinstance(parent, ast.Call) and parent.func is node) or not _supplies(parent, param, index):
            return False
        calls += 1
    return calls > 0


def every_end_harmless(start: ast.AST, step: Callable[[ast.AST], Optional[List[ast.AST]]],
                       limit: int = _MAX_STEPS) -> bool:
    """Follow a value from ``start``: ``step(node)`` gives the nodes that carry it on ([] for a
    harmless end, None for one that is not). True when every end is harmless within ``limit``
    nodes."""
    todo, seen = [start], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > limit:
            return False
        nxt = step(node)
        if nxt is None:
            return False
        todo.extend(nxt)
    return True
