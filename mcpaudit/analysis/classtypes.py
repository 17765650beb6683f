"""Module-level types for call resolution: the classes of a module (their methods, the types of the attributes
their methods set, their properties and return annotations), and which project class an annotation or an
imported name stands for."""

from __future__ import annotations

from typing import Dict, List, Optional
from ..lazycst import cst
from . import cstnodes as N
from .dispatch import class_tool_description, class_tool_ref
from .ctxmanagers import enters_elsewhere
from .positions import flat_body
from .receivertypes import library_heads
from .receivergetters import factory_attr, modelled_class, typed_library
from .declared import module_strings
from .records import class_shape
from .secretglobals import secret_globals
from .singletons import singleton_class
from .factoryreturns import _NOT_CLASSES, library_return


def collect_module_types(mod, body) -> None:
    """Classes of the module (their methods and the types of the attributes their methods set)
    and the return annotations of its functions, before any function is analysed."""
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            secret_globals(mod, stmt)
        if isinstance(stmt, cst.FunctionDef) and (t := _return_type(mod, stmt) if stmt.returns is not None
                                                  else library_return(mod, stmt)):
            mod.return_types[stmt.name.value] = t  # -> Store; a library client it builds (factoryreturns.py)
        elif isinstance(stmt, cst.ClassDef):
            _collect_class(mod, stmt, stmt.name.value)
    for stmt in body:  # once the module's classes are known
        _element_type(mod, stmt, "")
        if isinstance(stmt, cst.ClassDef):
            for inner in flat_body(stmt.body):
                _element_type(mod, inner, stmt.name.value + ".")
                for held in N.walk_stmts(flat_body(inner.body)) if isinstance(inner, cst.FunctionDef) else ():
                    _element_type(mod, held, stmt.name.value + ".")  # self.tools: dict[str, ToolInfo] = {}


_MAPPINGS = ("Dict", "dict", "Mapping", "MutableMapping")


def _element_type(mod, stmt, prefix: str) -> None:
    """``TOOLS: Dict[str, BaseTool] = {}`` (or a class's ``_tools: ClassVar[dict[str, "BaseTool"]]``,
    or ``self.tools: dict[str, ToolInfo] = {}`` in one of its methods):
    what a lookup in the registry returns is a ``BaseTool`` of the project, whatever filled it (a
    decorator, ``__init_subclass__``)."""
    if isinstance(stmt, cst.FunctionDef) and prefix and stmt.returns is not None and _is_property(mod, stmt):
        stmt = cst.AnnAssign(target=stmt.name, annotation=stmt.returns)  # @cached_property def tools(self) -> dict[str, T]
    if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Attribute) and prefix \
            and isinstance(stmt.target.value, cst.Name) and stmt.target.value.value == "self":
        stmt = stmt.with_changes(target=stmt.target.attr)  # a method's self.<name>: the class's registry
    if not (isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name)):
        return
    node = stmt.annotation.annotation
    for _ in range(2):
        if not isinstance(node, cst.Subscript):
            return
        last = (mod.dotted(node.value) or "").split(".")[-1]
        inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if last == "ClassVar" and len(inner) == 1:
            node = inner[0]
            continue
        if last not in _MAPPINGS or len(inner) != 2:
            return
        value = inner[1]
        text = N.string_value(value)
        if text is not None:
            try:
                value = cst.parse_expression(text)
            except cst.ParserSyntaxError:
                return
        t = _project_class(mod, value) or (mod.dotted(value) if maybe_project_class(mod, mod.dotted(value) or "") else None)
        if t:
            mod.element_types[prefix + stmt.target.value] = t
        return


def _collect_class(mod, cls: cst.ClassDef, cname: str) -> None:
    mod.local_classes.add(cname)
    if enters_elsewhere(cls):  # with Cls() as x: x is what __enter__ returns (ctxmanagers.py)
        mod.__dict__.setdefault("enters_elsewhere", set()).add(cname)
    ref = class_tool_ref(cls)
    if ref is not None:
        mod.class_tool_refs[cname] = ref
        desc = class_tool_description(cls, mod.M.surface.lowlevel_declaration["class"])
        if desc:
            mod.class_tool_descs[cname] = desc
    mod.class_bases[cname] = [d for d in (mod.dotted(b.value) for b in cls.bases if b.keyword is None) if d]
    mod.class_shapes[cname] = class_shape(mod.M, cls, module_strings(mod))
    methods: List[str] = []
    attrs: Dict[str, str] = {}
    for stmt in flat_body(cls.body):
        if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name):
            # a declared field (a dataclass's, a typed context's): ``client: httpx.AsyncClient``
            # is what ``obj.client`` holds wherever the object is built
            t = _annotated_class(mod, stmt.annotation.annotation)
            if t:
                attrs.setdefault(f"self.{stmt.target.value}", t)
        if not isinstance(stmt, cst.FunctionDef):
            continue
        methods.append(stmt.name.value)
        if singleton_class(cname, stmt):  # Service.get_instance() -> cls._instance (singletons.py)
            mod.return_types[f"{cname}.{stmt.name.value}"] = cname
        if stmt.returns is not None:
            t = _return_type(mod, stmt)
            if t:
                mod.return_types[f"{cname}.{stmt.name.value}"] = t
            t = _property_type(mod, stmt)
            if t:
                attrs.setdefault(f"self.{stmt.name.value}", t)  # @property def shell(self) -> pexpect.spawn
        typed_params = _project_typed_params(mod, stmt)
        for inner in N.walk_stmts(flat_body(stmt.body)):
            if not isinstance(inner, (cst.Assign, cst.AnnAssign)) or inner.value is None:
                continue
            call = N.constructed(inner.value)
            fq = mod.dotted(call.func) if call is not None else None
            if fq is None and isinstance(inner.value, cst.Name):
                fq = typed_params.get(inner.value.value)  # self.pm = pm, with pm: ProcessManager
                fq = fq or _imported_object(mod, inner.value.value)  # self.system = hook_system
            if isinstance(inner, cst.AnnAssign):
                fq = _project_class(mod, inner.annotation.annotation) or fq  # self.pm: ProcessManager = ...
                declared = _annotated_class(mod, inner.annotation.annotation)
                fq = declared if fq is None and typed_library(mod.M, declared) else fq  # self.kc: Optional[KernelClient] = None
            targets = [t.target for t in inner.targets] if isinstance(inner, cst.Assign) else [inner.target]
            for t in targets:
                d = mod.dotted(t)
                if fq and d and d.startswith("self.") and d.count(".") == 1:
                    attrs.setdefault(d, fq)
    for d, fq in attrs.items():  # self.kc = self.km.client(), self.km a kernel manager
        attrs[d] = factory_attr(attrs, fq, mod.M.receiver_constructors) or fq
    mod.class_methods[cname] = methods
    mod.class_attr_types[cname] = attrs


def inherited_attr_types(mod, cls: str) -> Dict[str, str]:
    """The classes of a class's ``self.<attr>`` (``class_attr_types``) with those its bases in the
    same module assign, nearest first: ``self.executor`` set in a base class's ``__init__`` and
    used by a subclass's method is the same object."""
    out: Dict[str, str] = {}
    seen = set()
    todo = [cls]
    while todo:
        c = todo.pop(0)
        if c in seen or c not in mod.class_attr_types:
            continue
        seen.add(c)
        for k, v in mod.class_attr_types[c].items():
            out.setdefault(k, v)
        todo.extend(mod.class_bases.get(c, ()))
    return out


def _return_type(mod, fn: cst.FunctionDef) -> Optional[str]:
    """A function's annotated return class: any dotted name, or a project class that may be
    None (``-> ToolHandler | None``: a lookup that can miss still returns a ``ToolHandler``)."""
    ann = fn.returns.annotation
    text = N.string_value(ann)
    if text is not None:  # -> "ToolHandler": a forward reference names the class all the same
        try:
            ann = cst.parse_expression(text)
        except cst.ParserSyntaxError:
            return None
    return mod.dotted(ann) or _project_class(mod, ann) or modelled_class(mod, ann)


def _property_type(mod, fn: cst.FunctionDef) -> Optional[str]:
    """The class a ``@property`` returns, from its annotation: ``-> Client``, ``-> "pexpect.spawn[str]"``,
    ``-> Optional[Client]``, dotted as the module imports it."""
    return _annotated_class(mod, fn.returns.annotation) if fn.returns is not None and _is_property(mod, fn) else None


def _is_property(mod, fn: cst.FunctionDef) -> bool:
    return any((mod.dotted(d.decorator) or "").split(".")[-1] in ("property", "cached_property") for d in fn.decorators)


def _annotated_class(mod, node) -> Optional[str]:
    """The class an annotation names: ``Client``, ``"pexpect.spawn[str]"``, ``Optional[Client]``,
    ``Client | None``, dotted as the module imports it (None for builtins and bare containers)."""
    text = N.string_value(node)
    if text is not None:
        try:
            node = cst.parse_expression(text)
        except cst.ParserSyntaxError:
            return None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        sides = [x for x in (node.left, node.right) if not (isinstance(x, cst.Name) and x.value == "None")]
        node = sides[0] if len(sides) == 1 else node
    if isinstance(node, cst.Subscript):
        inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if (mod.dotted(node.value) or "").split(".")[-1] == "Optional" and len(inner) == 1:
            node = inner[0]
        else:
            node = node.value  # pexpect.spawn[str]: the generic class itself
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return None
    t = mod.dotted(node)
    return t if t and t.split(".")[-1] not in _NOT_CLASSES else None


def _project_class(mod, node) -> Optional[str]:
    """A type annotation naming a class of the project (``Store``, ``Optional[Store]``,
    ``Store | None``), dotted as the module imports it."""
    if isinstance(node, cst.Subscript) and (mod.dotted(node.value) or "").split(".")[-1] == "Optional":
        inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        node = inner[0] if len(inner) == 1 else None
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        sides = [x for x in (node.left, node.right) if not (isinstance(x, cst.Name) and x.value == "None")]
        node = sides[0] if len(sides) == 1 else None
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return None
    t = mod.dotted(node)
    if not t:
        return None
    head = t.split(".")[0]
    if t in mod.local_classes or head in mod.local_classes or t.startswith(".") or (
            head in mod.path_parts and head not in ("src", "lib", "app")):
        return t
    return None


def maybe_project_class(mod, t: str) -> bool:
    """A class imported by an absolute name that may be the project's own: a module analysed on
    its own cannot tell ``from src.desktop import Desktop`` (a package of the project beside this
    file) from a library's class, so a method called on its objects is recorded as a call the
    linker follows when it resolves to a project module (and as a library call when it does
    not). The standard library and the classes library models name are never the project's."""
    if not t or t.startswith(".") or "(" in t or "." not in t:
        return False
    head = t.split(".")[0]
    if head in library_heads(mod.M):
        return False
    return any(v.split(".")[0] == head for v in mod.imports.values())


def _imported_object(mod, name: str) -> Optional[str]:
    """``from .hooks import hook_system`` (a lower-case name taken from a module of the project):
    the object that module binds, as imported (``self.system = hook_system``: the linker follows
    ``self.system.create()`` to the method of the class that module built it from). None for a
    class, a module or a library's name."""
    fq = mod.imports.get(name)
    if not fq or not name[:1].islower() or "." not in fq or fq.rsplit(".", 1)[1] != name:
        return None
    return fq if fq.startswith(".") or maybe_project_class(mod, fq) else None


def _project_typed_params(mod, fn: cst.FunctionDef) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for p in (*fn.params.params, *fn.params.kwonly_params):
        if p.annotation is not None:
            t = _project_class(mod, p.annotation.annotation)
            lib = None if t else _annotated_class(mod, p.annotation.annotation)
            t = t or (lib if typed_library(mod.M, lib) else None)  # kernel_manager: AsyncKernelManager
            if t:
                out[p.name.value] = t
    return out


def imported_object_target(fa, func) -> Optional[str]:
    """``global_container.backtest_engine.run`` where ``global_container`` is an object imported
    from a module of the project (``from app.core.container import global_container``): the
    dotted chain, which the linker follows through the object's class and the classes its
    attributes are built from (``Container().backtest_engine = BacktestEngine()``: that class's
    ``run``). A method matched by name on it is a library sink only when the chain does not
    land in project code (``unless_target``). None for anything else."""
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Attribute):
        return None
    head = func.value
    while isinstance(head, cst.Attribute):
        head = head.value
    if not isinstance(head, cst.Name) or head.value in fa.local_values or _imported_object(fa.mod, head.value) is None:
        return None
    return fa.mod.dotted(func)
