"""Tool registrations a module cannot settle alone: its server, its function or its name comes
from elsewhere, and the linker completes them.

Three general facts about how Python MCP servers register tools:

* **A server subclass.** ``def register(server: MyServer): server.tool(server.read, name=...)``
  calls the registration method (not as a decorator) on an object of a project class; when that
  class derives from an MCP server class (``class MyServer(FastMCP)``, in any module), the call
  registers the bound method ``MyServer.read`` (or ``MyServer.attr.method`` of an object the
  class keeps, or either branch of a local ``fn = a if c else b``).
* **A registration callback.** ``register_tools(add_tool)`` calls its callable parameter with a
  function (``add_tool(service.query, annotations=...)``); that registers the function when some
  call hands the parameter a server's ``add_tool`` -- directly, or a function that forwards its
  first argument to one (a filtering wrapper). A call on an object the analysis cannot type
  (``service.register_tools(filtered)`` over a tuple of modules) lands in the module-level
  functions of that name that call that parameter so.
* **A registration helper.** ``def _register(mcp, name, fn): mcp.tool(name=name)(wrap(fn))``
  registers whatever each call hands it for ``fn``, under the name it hands for ``name``. A
  decorator factory whose returned wrapper calls (or hands on) the function it was given
  (``functools.wraps``) registers that function; one whose wrapper never uses it registers none.
* **Subclasses walked.** ``for cls in Tool.all_tools(): mcp.add_tool(cls().invoke)`` over the
  classes ``Tool.__subclasses__()`` gives: a bound method of an object of a class the module
  cannot name registers that method of every project subclass of a class whose subclasses the
  project walks (under the class's name, unless the call names the tool).

Module side (:func:`note_call`, :func:`registered_node`): ``ModuleSummary.reg_sites`` and the
calls that hand functions on (``fn_args``). Linker side: :func:`linked_registrations`.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import find_all, named_params, string_value
from .positions import flat_body
from .tuplelists import assigned
from .registrars import UNRESOLVED, PASSED, _confirm, _server_ref, registering_params
from .decowrappers import admitted
from .injectedwrappers import runtime_wrapper
from .recordfns import RECORD
from .madedecos import link_made_decorators, wrapped_param

__all__ = ["admitted", "linked_registrations", "note_call", "own_method_ref", "registered_node", "registering_params",
           "wrapper_factories"]  # admitted (decowrappers.py) and registering_params: for inter.py, beside ours

REF, PARAM, STR, ADDER, SUB = "ref", "param", "str", "adder", "sub"
_CLASS, _CALLBACK = "class:", "param:"


# -- module side -------------------------------------------------------------------------
def _defs(mod) -> Dict[str, cst.FunctionDef]:
    """The module's functions by qualified name (module-level, methods, nested)."""
    out = mod.__dict__.get("_regsite_defs")
    if out is None:
        out = mod.__dict__["_regsite_defs"] = {}
        todo = [("", s) for s in flat_body(mod.module)]
        while todo:
            prefix, s = todo.pop()
            if isinstance(s, (cst.FunctionDef, cst.ClassDef)):
                q = prefix + s.name.value
                if isinstance(s, cst.FunctionDef):
                    out[q] = s
                todo.extend((q + ".", inner) for inner in flat_body(s.body))
    return out


def _owner_of(fa, name: str) -> Optional[str]:
    """The function (this one or one enclosing it) whose parameter ``name`` is."""
    if any(p.name == name for p in fa.params):
        return fa.qualname if name not in fa.local_values else None
    defs = _defs(fa.mod)
    parts = fa.qualname.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        outer = defs.get(".".join(parts[:cut]))
        if outer is not None:
            return ".".join(parts[:cut]) if any(x.name.value == name for x in named_params(outer)) else None
    return None


def wrapper_factories(mod) -> List[str]:
    """Module-level functions that return a nested wrapper whose body calls, or hands on, the
    function given as their first parameter (``def run_async(fn): @wraps(fn) async def w(*a):
    return await to_thread(fn, *a); return w``): ``factory(f)`` stands for ``f``."""
    out = mod.__dict__.get("_wrapper_factories")
    if out is not None:
        return out
    out = mod.__dict__["_wrapper_factories"] = []
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef) or not fn.params.params:
            continue
        p = fn.params.params[0].name.value
        body = flat_body(fn.body)
        nested = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
        returned = [s.value.value for s in body if isinstance(s, cst.Return) and isinstance(s.value, cst.Name)]
        if returned and all(r in nested and _uses(nested[r], p) for r in returned):
            out.append(fn.name.value)
    return out


def _uses(fn: cst.FunctionDef, p: str) -> bool:
    """``p(...)`` or ``g(..., p, ...)`` in the body of ``fn``."""
    for call in find_all(fn.body, cst.Call):
        if isinstance(call.func, cst.Name) and call.func.value == p:
            return True
        if any(isinstance(a.value, cst.Name) and a.value.value == p for a in call.args):
            return True
    return False


def _ref(fa, node) -> Optional[tuple]:
    """What an argument names: a function (``(REF, dotted)``), a parameter of the calling
    function, a string, or a server's ``add_tool`` method (``(ADDER, server ref)``)."""
    mod = fa.mod
    if isinstance(node, cst.Name):
        name = node.value
        if name in getattr(fa, "nested", {}):
            return (REF, f"{fa.qualname}.{name}")
        if any(p.name == name for p in fa.params) and name not in fa.local_values:
            return (PARAM, name)
        if name in mod.imports and not name[:1].isupper():
            return (REF, mod.imports[name])
        if name in _defs(mod) and name not in fa.local_values:
            return (REF, name)
        return None
    if isinstance(node, cst.Attribute):
        if node.attr.value in mod.M.surface.add_methods:
            ref = _server_ref(fa, node.value)
            return (ADDER, ref) if ref else None
        d = mod.dotted(node, fa.types)
        head = node.value
        while isinstance(head, cst.Attribute):
            head = head.value
        if d and not node.attr.value[:1].isupper() and isinstance(head, cst.Name) and (
                head.value in mod.imports or head.value in fa.types):
            return (REF, d.replace("()", ""))
        own = own_method_ref(fa, node)
        return (REF, own) if own else None
    text = string_value(node)
    return (STR, text) if text is not None else None


def _meta(fa, call: cst.Call, kind: str) -> dict:
    meta: dict = {k.keyword.value: string_value(k.value) for k in call.args
                  if k.keyword is not None and string_value(k.value) is not None}
    ann = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "annotations"), None)
    if ann is not None:
        meta["annotations"] = fa.mod._annotations(ann, fa.local_values)
    meta["kind"] = kind
    return meta


def _site(fa, registrar: str, fn: tuple, via: Optional[str], name_param: Optional[str], meta: dict, pos) -> None:
    site = (fa.qualname, registrar, fn, via, name_param, meta, pos)
    if not any(s[:5] == site[:5] and s[6] == pos for s in fa.mod.reg_sites):
        fa.mod.reg_sites.append(site)


def _branches(fa, node) -> List[cst.BaseExpression]:
    """``fn`` bound to ``a if c else b`` in this function (or to ``a`` in one branch and ``b``
    in another): each; otherwise the node itself."""
    if not isinstance(node, cst.Name) or any(p.name == node.value for p in fa.params):
        return [node]
    out = []
    for made in assigned(fa, node.value):
        out += [made.body, made.orelse] if isinstance(made, cst.IfExp) else [made]
    return out or [node]


def note_call(fa, call: cst.Call, targets) -> None:
    """Record a registration through a callable parameter or on an object of a project class,
    the functions and strings a call hands on, and the classes whose subclasses are walked."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value == "__subclasses__" and not fa.inlining:
        base = func.value
        walked = fa.cls if isinstance(base, cst.Name) and base.value in ("cls", "self") else fa.mod.dotted(base)
        if walked and walked not in fa.mod.subclass_walks:
            fa.mod.subclass_walks.append(walked)
    if fa.inlining or not call.args:
        return
    first = call.args[0]
    surface = fa.M.surface
    if first.keyword is None and not first.star:
        if isinstance(func, cst.Name):
            owner = _owner_of(fa, func.value)
            ref = _ref(fa, first.value) if owner else None
            if ref is not None and ref[0] in (REF, PARAM):
                _site(fa, f"{_CALLBACK}{owner}:{func.value}", ref, None, None, _meta(fa, call, "tool"),
                      fa.mod.pos(fa.stmt, call))
        elif isinstance(func, cst.Attribute) and func.attr.value in surface.fastmcp_decorators and \
                isinstance(func.value, cst.Name) and (func.value.value in fa.types or _own_method(fa, func.value)) and \
                fa._owner_kind(func.value) is None:
            # server.tool(fn, name=...) on an object of a project class, or self.tool(fn, ...) in
            # one of its methods: a registration when the class derives from a server class
            cls = fa.types[func.value.value] if func.value.value in fa.types else fa.cls
            for node in _branches(fa, first.value):
                ref = _ref(fa, node)
                if ref is not None and ref[0] == REF:
                    _site(fa, _CLASS + cls, ref, None, None, _meta(fa, call, surface.fastmcp_decorators[func.attr.value]),
                          fa.mod.pos(fa.stmt, call))
    args: Dict[object, tuple] = {}
    pos = 0
    for a in call.args:
        if a.star:
            break
        key = a.keyword.value if a.keyword is not None else pos
        pos += a.keyword is None
        ref = _ref(fa, a.value)
        if ref is not None:
            args[key] = ref
    if any(r[0] in (REF, ADDER) for r in args.values()):
        dotted = fa.mod.dotted(func, fa.types)
        where = list(targets) or ([dotted.replace("()", "")] if dotted else [])
        for t in where:
            fa.mod.fn_args.append((fa.qualname, t, args, fa.mod.pos(fa.stmt, call)))


def own_method_ref(fa, node) -> Optional[str]:
    """``self.search`` in a method of a class of this module: ``Class.search``, a method of the
    class or of the subclass whose object it is (falcon-style ``self._add_tool(server,
    self.search, ...)`` in each module class, ``server.add_tool(self._search)``)."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and _own_method(fa, node.value):
        return f"{fa.cls}.{node.attr.value}"
    return None


def _own_method(fa, recv) -> bool:
    """``self`` in a method of a class of this module."""
    return recv.value == "self" and bool(fa.cls) and any(p.name == "self" for p in fa.params[:1])


def registered_node(fa, node, meta: dict, name_node, pos):
    """The expression a registration call registers, with a pass-through decorator factory of
    this module taken off (``mcp.tool()(run_async(fn))``: ``fn``); None when the registration
    is recorded here for the linker to complete (the function is a parameter, or comes out of
    an imported factory)."""
    node, via = _peeled(fa, node)
    node, meta = wrapped_param(fa, node, meta, pos)  # @wraps(fn) def wrapper: fn itself (madedecos.py)
    ref = _ref(fa, node) if isinstance(node, (cst.Name, cst.Attribute)) else None
    if ref is None and isinstance(node, cst.Name):
        node, via, ref = _wrapped_local(fa, node, via)
    if ref is not None and ref[0] == PARAM:
        name_param = name_node.value if isinstance(name_node, cst.Name) and \
            any(p.name == name_node.value for p in fa.params) else None
        _site(fa, "", ref, via, name_param, dict(meta), pos)
        return None
    if via is not None:
        if ref is not None and ref[0] == REF:
            _site(fa, "", ref, via, None, dict(meta), pos)
        return None
    method = _unnamed_receiver_method(fa, node)
    if method is not None:
        _site(fa, "", (SUB, method, fa.mod.dotted(node) or method), None, None, dict(meta), pos)
        return None
    return node


def _peeled(fa, node):
    """``node`` with its decorator factory calls taken off (``log_call(debug(fn))``: ``fn``): a
    pass-through one of this module is dropped, an imported one kept as the registration's ``via``
    (one dotted name, or a tuple of them, outermost first) for the linker to check."""
    vias: List[str] = []
    while isinstance(node, cst.Call) and len(node.args) == 1 and node.args[0].keyword is None and \
            not node.args[0].star and isinstance(node.func, cst.Name):
        name = node.func.value
        if name in wrapper_factories(fa.mod) and name not in fa.local_values or runtime_wrapper(fa, name):
            node = node.args[0].value  # (a placeholder rebound at run time: injectedwrappers.py)
        elif name in fa.mod.imports:
            vias.append(fa.mod.imports[name])
            node = node.args[0].value
        else:
            break
    return node, _packed(vias)


def _wrapped_local(fa, node: cst.Name, via):
    """A local the helper binds to the function it was handed, wrapped or not, in every branch
    (``if debug: f = debug_tool(func); f = log_call(f) else: f = func``): that parameter, with
    the wrappers of the branch that has the fewest, plus those of every rewrap of the local itself
    (``f = log_call(f)``), which may apply to any branch."""
    branches, rewraps = [], []
    for made in assigned(fa, node.value):
        inner, vias = _peeled(fa, made)
        vias = _listed(vias)
        if isinstance(inner, cst.Name) and inner.value == node.value:
            rewraps += vias
            continue
        ref = _ref(fa, inner) if isinstance(inner, cst.Name) else None
        if ref is None or ref[0] != PARAM or any(b[2] != ref for b in branches):
            return node, via, None
        branches.append((len(vias), tuple(vias), ref, inner))
    if not branches:
        return node, via, None
    _n, vias, ref, inner = min(branches, key=lambda b: b[:2])  # the fewest wrappers; a tie in name order
    # outermost first: those of the registration call itself, every rewrap of the local, the branch's
    return inner, _packed([*_listed(via), *rewraps, *vias]), ref


def _listed(via) -> List[str]:
    """A registration's ``via`` (None, one dotted name or a tuple of them) as a list."""
    return [] if via is None else [via] if isinstance(via, str) else list(via)


def _packed(vias: List[str]):
    return None if not vias else vias[0] if len(vias) == 1 else tuple(vias)


def _unnamed_receiver_method(fa, node) -> Optional[str]:
    """``v().m`` / ``v.m`` where ``v`` names nothing the module knows (a loop variable over
    classes): ``m``."""
    if not isinstance(node, cst.Attribute):
        return None
    v = node.value
    if isinstance(v, cst.Call) and not v.args:
        v = v.func
    if not isinstance(v, cst.Name) or v.value in ("self", "cls"):
        return None
    mod = fa.mod
    known = (v.value in mod.imports or v.value in fa.types or v.value in mod.module_types or v.value in
             mod.instances or v.value in _defs(mod) or v.value in mod.class_bases or v.value in fa.local_values
             or any(p.name == v.value for p in fa.params))
    return None if known else node.attr.value


# -- linker side -------------------------------------------------------------------------
def _server_class(linker, path: str, dotted: str) -> bool:
    """A project class that derives from an MCP server class."""
    ref = linker.class_ref(path, dotted)
    if ref is None:
        return False
    kind = linker_surface().server_kind
    for p, c in [ref, *linker.ancestors(*ref)]:
        if any(kind(b) for b in linker.modules[p].class_bases.get(c, ())):
            return True
    return False


def linker_surface():
    from ..catalog import catalog
    return catalog().python.surface


def _positional(fn, is_method: bool) -> List[str]:
    params = [p for p in fn.params if p.kind in ("pos", "kwonly")]
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    return [p.name for p in params]


def _bind(linker, path: str, caller, target: str, args: Dict[object, tuple]):
    """(callee path, qualname, {parameter: ref}) of a recorded call, or None."""
    hit = linker.resolve(path, caller, target)
    if hit is None:
        return None
    tpath, callee, is_method = hit[:3]
    names = _positional(callee, is_method)
    kinds = {p.name: p.kind for p in callee.params}
    bound = {}
    for key, ref in args.items():
        if isinstance(key, str) and key in names:
            bound[key] = ref
        elif isinstance(key, int) and key < len(names) and kinds.get(names[key]) == "pos":
            bound[names[key]] = ref
    return tpath, callee.qualname, bound


class _State:
    def __init__(self, linker):
        self.linker = linker
        self.servers = registering_params(linker)
        self.adders: Set[Tuple[str, str, str]] = set()
        self.forwarders: Set[Tuple[str, str]] = set()
        # module-level function name -> (path, parameter, position) called with a function
        self.callback_params: Dict[str, List[Tuple[str, str, int]]] = {}
        for path, mod in linker.modules.items():
            for func, registrar, *_ in getattr(mod, "reg_sites", ()):
                if registrar.startswith(_CALLBACK):
                    owner, p = registrar[len(_CALLBACK):].rsplit(":", 1)
                    fn = mod.functions.get(owner)
                    if fn is not None and "." not in owner and p in _positional(fn, False):
                        self.callback_params.setdefault(owner, []).append((path, p, _positional(fn, False).index(p)))

    def registrar_ok(self, path: str, registrar: str) -> bool:
        if not registrar:
            return True
        if registrar.startswith(_CLASS):
            return _server_class(self.linker, path, registrar[len(_CLASS):])
        owner, p = registrar[len(_CALLBACK):].rsplit(":", 1)
        return (path, owner, p) in self.adders

    def _server(self, path: str, caller: str, ref: str) -> bool:
        if ref.startswith(PASSED):
            return (path, caller, ref[len(PASSED):]) in self.servers
        if ref.startswith(UNRESOLVED):
            return _confirm(self.linker, path, ref) is not None
        return True

    def dests(self, path, mod, caller, target, key) -> List[Tuple[str, str, str]]:
        bound = _bind(self.linker, path, mod.functions.get(caller), target, {key: (STR, "")})
        if bound is not None:
            return [(bound[0], bound[1], p) for p in bound[2]]
        head = target.split(".", 1)[0]
        if "." not in target or head in mod.imports or not isinstance(key, int):
            return []
        # obj.register_tools(cb) on an object of no known type (a module out of a tuple)
        return [(p, target.rsplit(".", 1)[-1], name) for p, name, i in
                self.callback_params.get(target.rsplit(".", 1)[-1], ()) if i == key]

    def settle(self) -> None:
        for _ in range(8):
            before = (len(self.adders), len(self.forwarders))
            for path, mod in self.linker.modules.items():
                for func, registrar, fn, _via, _n, _m, _p in getattr(mod, "reg_sites", ()):
                    f = mod.functions.get(func)
                    if fn[0] == PARAM and f is not None and _positional(f, f.cls is not None)[:1] == [fn[1]] and \
                            self.registrar_ok(path, registrar):
                        self.forwarders.add((path, func))
                for caller, target, args, _pos in getattr(mod, "fn_args", ()):
                    for key, ref in args.items():
                        if self._adder(path, mod, caller, ref):
                            self.adders.update(self.dests(path, mod, caller, target, key))
            if (len(self.adders), len(self.forwarders)) == before:
                return

    def _adder(self, path, mod, caller, ref) -> bool:
        if ref[0] == ADDER:
            return self._server(path, caller, ref[1])
        if ref[0] == PARAM:
            return (path, caller, ref[1]) in self.adders
        if ref[0] == REF and self.forwarders:
            hit = self.linker.resolve(path, mod.functions.get(caller), ref[1])
            return hit is not None and (hit[0], hit[1].qualname) in self.forwarders
        return False


def _passes(linker, path, mod, func, via) -> bool:
    """Each imported decorator factory (``via``: one dotted name or a tuple) is a pass-through one of its module."""
    for one in _listed(via):
        hit = linker.resolve(path, mod.functions.get(func), one)
        if hit is None or hit[1].qualname not in getattr(linker.modules[hit[0]], "wrapper_factories", ()):
            return False
    return True


def _all(linker) -> Dict[str, List[tuple]]:
    out: Dict[str, List[tuple]] = {}
    if not any(getattr(m, "reg_sites", None) for m in linker.modules.values()):
        return out
    st = _State(linker)
    st.settle()
    helpers: Dict[str, List[tuple]] = {}
    for path, mod in sorted(linker.modules.items()):
        for func, registrar, fn, via, name_param, meta, pos in mod.reg_sites:
            if not st.registrar_ok(path, registrar):
                continue
            if fn[0] == SUB:
                if not out_sub(linker, meta, pos, fn[1], out):  # no walked hierarchy has it: a record's
                    # field (d.fn: recordfns.py), else unfollowed
                    rec = "." in fn[2] and "(" not in fn[2]
                    out.setdefault(path, []).append((fn[2] + RECORD if rec else fn[2], meta, pos))
            elif fn[0] == REF:
                # a factory that is no pass-through one: the registration stays unfollowed
                outer = (_listed(via) or [None])[0]
                target = fn[1] if _passes(linker, path, mod, func, via) else f"{outer}()"
                out.setdefault(path, []).append((target, meta, pos))
            elif (path, func) not in st.forwarders:
                helpers.setdefault(func.rsplit(".", 1)[-1], []).append((path, func, fn[1], via, name_param, meta))
    link_made_decorators(linker, out)  # @tool of tool = make_tool(mcp) (madedecos.py)
    if not helpers:
        return out
    for cpath, cmod in sorted(linker.modules.items()):
        for caller, target, args, pos in getattr(cmod, "fn_args", ()):
            for hpath, func, fparam, via, name_param, meta in helpers.get(target.rsplit(".", 1)[-1], ()):
                bound = _bind(linker, cpath, cmod.functions.get(caller), target, args)
                if bound is None or bound[:2] != (hpath, func) or bound[2].get(fparam, ("",))[0] != REF:
                    continue
                if not _passes(linker, hpath, linker.modules[hpath], func, via):
                    continue
                m = dict(meta)
                name = bound[2].get(name_param) if name_param else None
                if name is not None and name[0] == STR:
                    m["name"] = name[1]
                out.setdefault(cpath, []).append((bound[2][fparam][1], m, pos))
    return out


def out_sub(linker, meta: dict, pos, method: str, out: Dict[str, List[tuple]]) -> int:
    """``method`` of every project subclass of a class whose subclasses the project walks (how
    many)."""
    seen = set()
    n = 0
    for path, mod in sorted(linker.modules.items()):
        for walked in getattr(mod, "subclass_walks", ()):
            ref = linker.class_ref(path, walked)
            if ref is None or ref in seen:
                continue
            seen.add(ref)
            for tpath, fn in linker.overrides(*ref, method):
                m = dict(meta)
                m.setdefault("name", fn.qualname.rsplit(".", 1)[0])
                out.setdefault(tpath, []).append((fn.qualname, m, pos))
                n += 1
    return n


def linked_registrations(linker, path: str) -> List[tuple]:
    """``(target, meta, pos)`` registrations of module ``path`` the linker completed."""
    memo = linker.__dict__.get("_linked_registrations")
    if memo is None:
        memo = linker.__dict__["_linked_registrations"] = _all(linker)
    return memo.get(path, [])
