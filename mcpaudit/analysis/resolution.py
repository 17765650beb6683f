"""Call resolution: which project functions a call may land in.

A call's target is resolved when modules are linked (:mod:`.inter`); this module decides what
target to record. Beyond plain names (``helper(x)``, ``module.helper(x)``, ``self.method(x)``) it
follows:

* methods of objects whose class is known: built by a local constructor (``db = Database(p)``), a
  module-level instance (``STORE = Store()``), an attribute set anywhere in the class
  (``self.client = Client()`` in ``__init__``), a parameter annotation (``store: Store``) or a
  function's return annotation (``get_store() -> Store``);
* callbacks handed to executors and threads (``loop.run_in_executor(None, fn, x)``,
  ``asyncio.to_thread(fn, x)``, ``pool.submit(fn, x)``, ``Thread(target=fn, args=(x,))``) — the
  library calls that do this are rows of the models' ``callbacks`` section;
* dispatch tables of functions or of tool objects (``TOOLS[name](args)``,
  ``handler = TOOLS[name]; handler.execute(args)``) and ``getattr(self, f"handle_{name}")``.

A method call on an object of a *project* class is the project's code, never a library sink:
``Fetcher().fetch(url)`` is not asyncpg's ``fetch``.

Mixed into the function interpreter; module-level facts (classes, their attributes and methods,
return annotations, tables) are collected by :func:`collect_module_types`.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .bridges import call_literals
from .helpprobes import help_probe
from .dispatch import (IMPORTED_TABLE, MODEL_HINT, field_entries, picked_from, record_entries, record_field_table,
                       records_of, self_table_name, spread_entries)
from .callchains import own_method, project_function
from .guards import arg_fact, forwarded_params
from .binders import spread_args, unbind
from .boundtables import self_literal_table, typed_entries
from .modeltables import called_table, tuple_head
from .keyedtypes import keyed_type
from .paramattrs import ctor_arg_types, param_attr_target
from .paramrecv import param_receiver_target  # client.run(x), client a parameter the callers type
from .objattrs import free_attr_target, object_attr_type
from .forwarders import forwarder_model
from .passedfns import converted_model, passed_refs
from .lifespans import lifespan_type
from .pathreturns import path_returns
from .receivergetters import getter_type, typed_library
from .summary import CallRec
from .taintvalue import EMPTY, Info, Taint, union
from .retkeys import keyed_label
from .dispatchkeys import note_dispatch_keys
from .classtypes import _annotated_class, collect_module_types, inherited_attr_types, imported_object_target, maybe_project_class  # re-exported


def registry_keys(mod, value) -> Dict[str, str]:
    """The tool name each entry of a dispatch table literal is filed under
    (``{"run_command": run_command_impl}`` gives run_command_impl -> run_command)."""
    out: Dict[str, str] = {}
    if isinstance(value, cst.Dict):
        for e in value.elements:
            if not isinstance(e, cst.DictElement):
                continue
            key = N.string_value(e.key)
            v = tuple_head(e.value)
            d = mod.dotted(v.func if isinstance(v, cst.Call) else v)
            if key and d:
                out.setdefault(d + "()" if isinstance(v, cst.Call) else d, key)  # two keys: the first (note_dispatch_keys)
    return out


def registry_entries(mod, value) -> Optional[List[str]]:
    """The entries of a dispatch table or tool registry literal: function names, or ``Class()``
    for instances (``{"a": fn_a}``, ``{"a": ToolA()}``, ``{t.name: t for t in [ToolA(), ToolB()]}``,
    ``[ToolA(), ToolB()]``). None when any entry is something else."""
    if isinstance(value, cst.Dict):
        spread = spread_entries(mod, value)  # {**FILE_HANDLERS, **WEB_HANDLERS}: dispatch.py
        if spread is not None:
            return spread or None
        items = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
        if len(items) != len(value.elements):
            return None
    elif isinstance(value, cst.DictComp) and isinstance(value.for_in.iter, (cst.List, cst.Tuple)):
        items = [e.value for e in value.for_in.iter.elements]
    elif isinstance(value, (cst.List, cst.Tuple)):
        items = [e.value for e in value.elements]
    else:
        return None
    out = []
    for v in map(tuple_head, items):  # {"a": (fn_a, ModelA)}: fn_a (modeltables.py)
        if isinstance(v, (cst.Name, cst.Attribute)):
            d = mod.dotted(v)
        elif isinstance(v, cst.Call) and not v.args and isinstance(v.func, (cst.Name, cst.Attribute)):
            d = (mod.dotted(v.func) or "") + "()" if mod.dotted(v.func) else None
        else:
            return None
        if not d:
            return None
        out.append(d)
    if not isinstance(value, cst.Dict) and not all(e.endswith("()") for e in out):
        return None  # a list of functions is data, not a registry of tools
    return out or None


class Resolution:
    """Mixed into the function interpreter."""

    # -- types ------------------------------------------------------------------------
    def _receiver_type(self, node) -> Optional[str]:
        """The dotted class (or factory) of an expression's value, when known."""
        t = None
        if isinstance(node, cst.Name):
            t = self.types.get(node.value) or self.mod.module_types.get(node.value)
        elif isinstance(node, cst.Attribute):
            t = self.types.get(self.mod.dotted(node) or "") or object_attr_type(self, node) or self._attr_type(node)
        elif isinstance(node, cst.Call):
            f = self.mod.dotted(node.func) or ""
            if f.startswith("self.") and self.cls is not None:
                f = own_method(self, f[5:])
            t = self.mod.return_types.get(f) or getter_type(self, node)  # mgr.get_kernel(n): receivergetters.py
            if t is None and isinstance(node.func, cst.Name) and self._is_project_type(f):
                t = f  # Class(...) used in place
            if t is None and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
                t = self._element_of(node.func.value)  # TOOLS.get(name)
        elif isinstance(node, cst.Subscript):
            t = self._element_of(node.value) or keyed_type(self, node)  # TOOLS[name], COMPONENTS["ops"]
        return t.replace("()", "") if t else None

    def _path_returns(self) -> Tuple[int, ...]:
        return path_returns(self.mod, self.fn)  # -> Path, -> tuple[Path, str]: pathreturns.py

    def _attr_type(self, node: cst.Attribute, depth: int = 0) -> Optional[str]:
        """The class of ``obj.attr`` where ``obj``'s class is a project class: the class its
        methods assign to ``self.attr`` when that class is in this module, else ``Class.attr``,
        which the linker resolves against that class's module (``container.feature``)."""
        if lifespan_type(self.mod, node):
            return lifespan_type(self.mod, node)  # ctx.request_context.lifespan_context
        base = node.value.expression if isinstance(node.value, cst.Await) else node.value
        t = None
        if isinstance(base, cst.Name):
            t = self.types.get(base.value) or self.mod.module_types.get(base.value)
        elif isinstance(base, cst.Attribute) and depth < 4:
            t = self.types.get(self.mod.dotted(base) or "") or self._attr_type(base, depth + 1)
        elif isinstance(base, cst.Call):  # get_runtime().reads.files: the factory's annotated class
            t = self._receiver_type(base) or project_function(self, base.func)
        elif isinstance(base, cst.Subscript):  # self.entries[name].builder: the registry's element class
            t = self._receiver_type(base)
        t = t.replace("()", "") if t else None
        if not t or not (self._is_project_type(t) or isinstance(base, cst.Call) and maybe_project_class(self.mod, t)):
            return None
        local = self.mod.class_attr_types.get(t, {}).get("self." + node.attr.value)
        return local or f"{t}.{node.attr.value}"

    def note_attr_local(self, name: str, node: cst.Attribute) -> None:
        """``feature = container.feature``: the variable holds that attribute's class (also for
        functions nested after it)."""
        t = self._attr_type(node) if not isinstance(node.value, cst.Name) or node.value.value != "self" else \
            self.types.get(self.mod.dotted(node) or "")
        if t:
            self.types[name] = t
            self.attr_locals[name] = t

    def _element_of(self, container) -> Optional[str]:
        """The project class a registry annotated ``Dict[str, X]`` holds (a global, or a class's)."""
        d = self.mod.dotted(container) or ""
        head, _, attr = d.partition(".")
        if head in ("cls", "self") and self.cls is not None:
            d = f"{self.cls}.{attr}"
        return self.mod.element_types.get(d)

    def _is_project_type(self, t: str) -> bool:
        """A class defined in this project: in this module, imported relatively, or imported from
        the package this file belongs to."""
        if not t:
            return False
        head = t.split(".")[0]
        if t in self.mod.local_classes or head in self.mod.local_classes:
            return True
        if t.startswith("."):
            return True
        return head in self.mod.path_parts and head not in ("src", "lib", "app")

    def _typed_target(self, func) -> Optional[str]:
        """``obj.method`` where ``obj``'s class is a project class: ``Class.method``."""
        if not isinstance(func, cst.Attribute):
            return None
        t = self._receiver_type(func.value)
        if t and self._is_project_type(t):
            return f"{t}.{func.attr.value}"
        return None

    def _maybe_typed_target(self, func) -> Optional[str]:
        """``obj.method`` where ``obj``'s class may be the project's: ``Class.method``, which the
        linker follows when the class is in one of the project's modules (see
        :func:`maybe_project_class`); None otherwise."""
        if not isinstance(func, cst.Attribute):
            return None
        t = self._receiver_type(func.value)
        if t is None and isinstance(func.value, cst.Call):
            t = self.mod.dotted(func.value.func)  # make_runner().run(x), make_runner imported
        if t and maybe_project_class(self.mod, t):
            return f"{t}.{func.attr.value}"
        # self.validator.check(), validator a constructor's parameter; srv.client.run(), srv an enclosing one's
        # global_container.engine.run(), global_container imported from a project module (classtypes.py)
        return param_attr_target(self, func) or free_attr_target(self, func) or param_receiver_target(self, func) \
            or imported_object_target(self, func)

    def _annotation_type(self, ann) -> Optional[str]:
        """A parameter's annotation as a project class (``store: Store``), or as a library class
        whose objects a sink model names as receivers (``kc: BlockingKernelClient``)."""
        if ann is None:
            return None
        node = ann.annotation
        text = N.string_value(node) if isinstance(node, cst.SimpleString) else None
        if text and text.replace(".", "").replace("_", "").isalnum():
            node = cst.parse_expression(text)  # container: "ServicesContainer" (a forward reference)
        if isinstance(node, cst.Subscript):  # Optional[Store]
            inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
            node = inner[0] if len(inner) == 1 else None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr) and \
                isinstance(node.right, cst.Name) and node.right.value == "None":
            node = node.left  # Store | None
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        t = self.mod.dotted(node)
        return t if t and (self._is_project_type(t) or typed_library(self.M, t)  # km: AsyncKernelManager
                           or maybe_project_class(self.mod, t)) else None

    # -- dispatch ---------------------------------------------------------------------
    def _track_dispatch(self, name: str, node) -> None:
        """``handler = TABLE[name]`` / ``TABLE.get(name)`` / ``getattr(self, f"do_{name}")``."""
        self.dispatch_vars.pop(name, None)
        self.getattr_vars.pop(name, None)
        self.chosen_vars.discard(name)
        self._local_table(name, node)
        if self._chooses(node):
            self.chosen_vars.add(name)
        table = self._table_of(node)
        if table is not None:
            self.dispatch_vars[name] = table
            return
        prefix = self._getattr_prefix(node)
        if prefix is not None:
            self.getattr_vars[name] = prefix

    def _local_table(self, name: str, node) -> None:
        """``functions = {"neo4j": create_neo4j, ...}`` in a function body: a dispatch table of
        that function (``functions[kind](**config)`` calls one of its functions)."""
        local = self.__dict__.setdefault("local_tables", {})
        local.pop(name, None)
        entries = registry_entries(self.mod, node) if self.fn is not None and isinstance(node, cst.Dict) else None
        entries = typed_entries(self, node, entries)  # {"a": searcher.fetch}: Searcher.fetch (boundtables.py)
        if entries and not any(e.endswith("()") for e in entries):
            key = f"<local {self.qualname}.{name}>"
            self.mod.dispatch_tables[key] = entries
            local[name] = key
            note_dispatch_keys(self.mod, registry_keys(self.mod, node))  # the tool each entry serves, as a module table's

    def _table_named(self, node) -> Optional[str]:
        """The dispatch table a name stands for: a local table of this function, else the module's,
        else an imported name (``from .tools import HANDLERS``): ``<dotted>{*}``, expanded at link."""
        node = self_table_name(self.mod, node) or node  # self.handlers = HANDLERS in a method: HANDLERS
        if table := self_literal_table(self.mod, node) or called_table(self, node):  # boundtables.py, modeltables.py
            return table
        if isinstance(node, cst.Attribute):
            head = node
            while isinstance(head, cst.Attribute):
                head = head.value
            dotted = self.mod.dotted(node) if isinstance(head, cst.Name) and head.value in self.mod.imports else None
            return dotted + IMPORTED_TABLE if dotted else None
        if not isinstance(node, cst.Name):
            return None
        local = self.__dict__.get("local_tables", {}).get(node.value)
        if local or node.value in self.mod.dispatch_tables:
            return local or node.value
        imported = self.mod.imports.get(node.value)
        return imported + IMPORTED_TABLE if imported else None

    def _table_of(self, node) -> Optional[str]:
        if isinstance(node, cst.Subscript) and self._table_named(node.value):
            return self._table_named(node.value)
        key = record_field_table(node, self.mod.dispatch_tables)  # TABLE[name]["handler"]
        if key:
            return key
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
                and self._table_named(node.func.value):
            return self._table_named(node.func.value)
        picked = picked_from(node)  # next(t for t in TOOLS if t.name == name): a tool object of TOOLS
        if self._table_named(picked):
            return self._table_named(picked)
        records = record_entries(self, node)
        # next(t.handler for t in TOOLS if t.name == name): a table of the records' functions
        return self._record_table(records, node) if records else None

    def _record_table(self, records, node) -> str:
        """A dispatch table of the functions records hold, filed under the records' names."""
        key = f"<records@{self.mod.pos(self.stmt, node)[0]}>"
        self.mod.dispatch_tables[key] = [fn for fn, _name, _desc in records]
        for fn, name, desc in records:
            note_dispatch_keys(self.mod, {fn: name})  # a function two records hold serves the first
            self.mod.dispatch_text.setdefault(name, desc)
        return key

    def _dispatch_site(self, func) -> Optional[str]:
        """The callee as written, when a ``call_tool`` handler's tool name chooses it: it
        mentions the name, or is (a method of) a variable computed from it."""
        if not self.name_param:
            return None
        base = func
        while isinstance(base, cst.Attribute):
            base = base.value
        if self._chooses(func) or (isinstance(base, cst.Name) and (
                base.value in self.chosen_vars or base.value in self.loop_records)):
            return N.CODEGEN.code_for_node(func)[:80]
        return None

    def _chooses(self, node) -> bool:
        """An expression that picks something by the tool name: a lookup (``T[name]``,
        ``T.get(name)``, ``getattr(x, name)``, ``next(... name ...)``) or a call of the project's
        own code given the name (``get_handler(name)``) - not a library call that merely takes
        it (``logging.getLogger(name)``) - or an attribute of either."""
        if not self.name_param:
            return False
        while isinstance(node, (cst.Attribute, cst.Await)):
            node = node.value if isinstance(node, cst.Attribute) else node.expression
        if isinstance(node, cst.Subscript):
            return N.mentions(node.slice[0] if node.slice else node, self.name_param) or self._chooses(node.value)
        if not isinstance(node, cst.Call):
            return False
        given = any(N.mentions(a.value, self.name_param) for a in node.args)
        f = node.func
        if isinstance(f, cst.Name) and f.value in ("getattr", "next"):
            return given
        if isinstance(f, cst.Attribute) and f.attr.value == "get":
            return given
        if self._chooses(f):
            return True
        fq = self.mod.dotted(f) or ""
        head = fq.split(".")[0]
        library = head in self.mod.imports and not self._is_project_type(fq)
        return given and not library

    def _getattr_prefix(self, node) -> Optional[str]:
        """The constant prefix of ``getattr(self, "<prefix>" + name)`` (or an f-string)."""
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "getattr"
                and len(node.args) >= 2 and isinstance(node.args[0].value, cst.Name)
                and node.args[0].value.value in ("self", "cls") and self.cls is not None):
            return None
        prefix = N.const_prefix(node.args[1].value)
        return prefix or None

    def _dispatch_targets(self, func) -> List[str]:
        """Functions a dispatch may call: ``TABLE[name](...)``, ``TABLE.get(name)(...)``, a
        variable assigned from either, a method of the tool objects of a table
        (``TABLE[name].execute(...)``), or the methods ``getattr(self, prefix + name)`` can name."""
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in self.loop_records:
            # for t in tools: ... t.handler(arguments): the function each record holds
            records = field_entries(self, self.loop_records[func.value.value], func.attr.value)
            if records:
                return list(self.mod.dispatch_tables[self._record_table(records, func)])
        if isinstance(func, cst.Attribute):
            base = func.value
            table = self._table_of(base) if not isinstance(base, cst.Name) else (
                self.dispatch_vars.get(base.value) or self.loop_tables.get(base.value))
            if table is None or table.endswith(IMPORTED_TABLE):
                return []
            return [f"{e[:-2]}.{func.attr.value}" for e in self.mod.dispatch_tables[table] if e.endswith("()")]
        table = self._table_of(func)
        if table is None and isinstance(func, cst.Name):
            table = self.dispatch_vars.get(func.value)
            prefix = self.getattr_vars.get(func.value)
            if table is None and prefix is not None:
                return self._prefixed_methods(prefix)
        if table is None:
            prefix = self._getattr_prefix(func)
            return self._prefixed_methods(prefix) if prefix else []
        if table.endswith(IMPORTED_TABLE):
            return [table]  # each function of another module's table (dispatch.imported_table_targets)
        return [e for e in self.mod.dispatch_tables.get(table, ()) if not e.endswith("()")]

    def _dispatch_hint(self, target: str) -> Optional[str]:
        """The tool a dispatch target serves: its key in the table, or its name after the prefix."""
        keys = self.mod.dispatch_keys
        hint = keys.get(target) or keys.get(target.rsplit(".", 1)[0] + "()")
        if hint is None and target.startswith("self."):
            m = target[5:]
            for prefix in {*self.getattr_vars.values(), *self.getattr_prefixes}:
                if m.startswith(prefix):
                    return m[len(prefix):]
        return hint

    def _prefixed_methods(self, prefix: str) -> List[str]:
        self.getattr_prefixes.add(prefix)
        methods = self.mod.class_methods.get(self.cls or "", ())
        return [f"self.{m}" for m in methods if m.startswith(prefix) and m != self.name_of_function()]

    def name_of_function(self) -> str:
        return self.fn.name.value if self.fn is not None else ""

    # -- callbacks --------------------------------------------------------------------
    def _callback(self, call: cst.Call, fq: str, method: Optional[str], pos_args, kw_args) -> Optional[Taint]:
        """A library call that runs a function of ours with some of its arguments: record a call
        of that function with those arguments and return what it returns."""
        model = self.M.callback_calls.get(fq) or (self.M.callback_methods.get(method) if method else None)
        forwarder = forwarder_model(self.mod, fq) if model is None and method is None else None
        model = model or forwarder
        if model is None:
            return None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        fnode = next((a.value for a in call.args if a.keyword is not None and a.keyword.value in model.function.names), None)
        if fnode is None and model.function.index is not None and model.function.index < len(positional):
            fnode = positional[model.function.index].value
        given, (fnode, bound) = fnode, unbind(self, fnode)  # partial(f, a, k=v): f(a, ..., k=v)
        bound, spread = spread_args(call, given, bound)  # to_thread(h, **args), partial(h, **args)
        if not isinstance(fnode, (cst.Name, cst.Attribute, cst.Subscript)):
            return None  # a Subscript: a dispatch table's entry (TABLE[key]), evaluated as TABLE[key](...)
        closure = self.closure_of(fnode)
        looked_up = isinstance(fnode, cst.Name) and (fnode.value in self.dispatch_vars or fnode.value in self.getattr_vars)
        target = None if closure is not None or looked_up else (  # a looked-up handler: the made call dispatches
            self._call_target(fnode, self.mod.dotted(fnode, self.types) or "") or self._typed_target(fnode))
        if forwarder is not None and closure is None and not target:
            return None  # a project wrapper running a library function: the wrapper's call stands
        if model.args_keyword:
            tup = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == model.args_keyword), None)
            elements = [a for a in bound if a.keyword is None] + (
                list(tup.elements) if isinstance(tup, (cst.Tuple, cst.List)) else [])
            args = [self.ev_quiet(e.value) for e in elements]
            kws: Dict[str, Taint] = {}
        else:
            elements = [a for a in call.args if a.keyword is None and not a.star][model.args_from or 0:] \
                if model.args_from is not None else []
            # to_thread(subprocess.run, cmd, shell=True): keywords go to the function too
            elements += [a for a in call.args if a.keyword is not None and a.keyword.value not in model.function.names]
            args = list(pos_args[model.args_from:]) if model.args_from is not None else []
            kws = {k: v for k, v in kw_args.items() if k not in model.function.names}
            elements = [a for a in bound if a.keyword is None] + elements
            args = [self.ev_quiet(a.value) for a in bound if a.keyword is None] + args
        elements += [a for a in bound if a.keyword is not None] + spread
        kws.update((a.keyword.value, self.ev_quiet(a.value)) for a in bound if a.keyword is not None)
        if closure is None:
            made = self._made_call(call, fnode, elements)
            if not target:
                return self.ev(made)
            if not self._typed_target(fnode):
                # os.system resolves like a function name: its sinks are checked all the same
                fq = self.mod.dotted(fnode, self.types) or ""
                recv_node = fnode.value if isinstance(fnode, cst.Attribute) else None
                self._check_sinks(made, fq, fnode.attr.value if recv_node is not None else None, recv_node,
                                  self.ev_quiet(recv_node) if recv_node is not None else EMPTY, args, {}, EMPTY)
        if closure is not None:
            return self.run_closure(closure, args, kws)
        star, dstar = ([self.mod.resolve_taint(self.ev_quiet(a.value)) for a in spread if a.star == s] for s in ("*", "**"))
        return self._record_call([target], call, [self.mod.resolve_taint(a) for a in args],
                                 {k: self.mod.resolve_taint(v) for k, v in kws.items()}, union(*star), union(*dstar), EMPTY)

    def _made_call(self, call: cst.Call, fnode, elements) -> cst.Call:
        """``asyncio.to_thread(cursor.execute, q)``, ``loop.run_in_executor(None, os.system, cmd)``:
        the call the runner makes, ``cursor.execute(q)``, built to be evaluated (its sinks and
        models) as if written in place, at the runner call's position."""
        made = cst.Call(func=fnode, args=[cst.Arg(value=e.value, keyword=getattr(e, "keyword", None),
                                                  star=getattr(e, "star", "")) for e in elements])
        self.made_calls.append(made)
        self.mod.pos_index.alias(self.stmt, made, call)
        return made

    def _closure_call(self, call: cst.Call, pos_args, kw_args) -> Optional[Taint]:
        """``inner(x)`` for a nested function of this body: run it in place. A nested function
        handed to any other call (``functools.partial(inner)``, a thread pool's ``map``) is run
        in place too, with nothing bound to its parameters, for the sinks its closure reaches;
        the call's own value is left to the rest of the evaluation (None)."""
        closure = self.closure_of(call.func)
        if closure is not None:
            return self.run_closure(closure, pos_args, kw_args)
        for a in call.args:
            closure = self.closure_of(a.value)
            if closure is not None and not closure.decorators:
                self.run_closure(closure, [], {})
        return None

    def _record_call(self, targets, call, args_r, kwargs_r, star_r, dstar_r, fallback, dispatched=False,
                     receiver=None, made=()) -> Taint:
        """One :class:`CallRec` per target; the value is what the targets return (with no secret
        in it when the function's name says it redacts)."""
        out: Taint = {}
        redacts = self.M.redaction_names
        clean = frozenset({"log", "return"}) if redacts is not None and any(
            redacts.search(t.split(".")[-1]) for t in targets) else frozenset()
        forwarded = forwarded_params(self, call)
        for target in targets:
            idx = len(self.calls)
            self.calls[idx] = CallRec(
                target=target, pos=self.mod.pos(self.stmt), args=args_r, kwargs=kwargs_r,
                star=star_r, dstar=dstar_r, fallback=fallback,
                tool_hint=self._call_hint(target, dispatched), given=self._text_facts(_arg_facts(call), forwarded),
                receiver_calls=tuple(sorted(k[1] for k in (receiver or {}) if k[0] == "c" and (len(k) == 2 or keyed_label(k)))),
                literals=call_literals(call), arg_types=ctor_arg_types(self, call, targets), probe=help_probe(self, call),
                fn_refs=passed_refs(self, call), forwarded=forwarded, model_ref=converted_model(self, call, target),
                requires=tuple(getattr(self, "guards", ())), made=made,
            )
            out[("c", idx)] = Info(((self.stmt, call, f"returned by {target.split('.')[-1]}()"),), clean=clean)
        return out

    def _text_facts(self, facts: Optional[Dict[object, str]], forwarded) -> Optional[Dict[object, str]]:
        """The call's argument facts, with "text" for a ``str`` parameter of this function passed
        as is (the linker marks it TEXT_ARG: ``list.extend`` adds it one character per element):
        of the parameters passed as is (``forwarded``: guards.forwarded_params), those annotated ``str``."""
        if facts:
            for k, own in forwarded:
                if facts.get(k) == "?" and self._text_param(cst.Name(own)):
                    facts[k] = "text"
        return facts

    def _call_hint(self, target: str, dispatched: bool) -> Optional[str]:
        """The tool a recorded call serves: the branch's tool name, else the dispatch table's,
        else the branch's input model (the linker maps that to a tool, or drops it)."""
        hint = self.tool_hint
        if hint and not hint.startswith(MODEL_HINT):
            return hint
        return (self._dispatch_hint(target) if dispatched and self.name_param else None) or hint

    def _loop_registry(self, target, it) -> None:
        """``for tool in TOOLS:`` (or ``TOOLS.values()``): method calls on ``tool`` dispatch to
        the registry's tool objects."""
        if not isinstance(target, cst.Name):
            return
        node = it
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "values":
            node = node.func.value
        if isinstance(node, cst.Name) and node.value in self.mod.dispatch_tables:
            self.loop_tables[target.value] = node.value
        else:
            self.loop_tables.pop(target.value, None)
        funcs = self._loop_functions(it)  # for f in [register_a, register_b]: f(mcp)
        if funcs:
            key = f"<loop {self.qualname}@{self.mod.pos(self.stmt, it)[0]}>"
            self.mod.dispatch_tables[key] = funcs
            self.dispatch_vars[target.value] = key
        elif (self.dispatch_vars.get(target.value) or "").startswith("<loop "):
            del self.dispatch_vars[target.value]
        self.loop_records.pop(target.value, None)
        if records_of(self, it):
            self.loop_records[target.value] = it

    def _loop_functions(self, it) -> Optional[List[str]]:
        """The call targets of a loop over a list (or tuple) of the module's or imported functions,
        literal or bound to a name: ``f(mcp)`` in the loop calls each of them."""
        it = self._collection(it)
        if not isinstance(it, (cst.List, cst.Tuple)) or not it.elements:
            return None
        names = [e.value for e in it.elements]
        if not all(isinstance(v, cst.Name) and (v.value in self.mod.functions or v.value in self.mod.imports)
                   for v in names):
            return None
        out = [self._call_target(v, self.mod.dotted(v) or "") for v in names]
        return out if all(out) else None


__all__ = ["Resolution", "collect_module_types", "registry_entries"]


def _arg_facts(call) -> Optional[Dict[object, str]]:
    """Literal facts of a call's arguments by position and keyword (see guards.py); None when it
    spreads ``*args``/``**kwargs`` (a parameter left out may be passed through them)."""
    if call is None or not isinstance(call, cst.Call) or any(a.star for a in call.args):
        return None
    return {a.keyword.value if a.keyword is not None else i: arg_fact(a.value) or "?"
            for i, a in enumerate(call.args)}
