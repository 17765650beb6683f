"""What ``with f(...) as x`` binds when ``f`` is a generator-based context manager.

``@asynccontextmanager async def get_handler(self, name) -> AsyncContextManager[Handler]: ...
yield handler``: in ``async with self.get_handler(name) as h:``, ``h`` is the yielded object, a
``Handler`` (or any subclass the factory picks from the configuration, whose methods the linker
follows through the class hierarchy), not the context manager. Its class comes from the return
annotation (``AsyncContextManager[X]``, ``AsyncIterator[X]``, ``Iterator[X]``, ``Generator[X, ...]``,
``ContextManager[X]``) or, without one, from what is yielded: a constructor call, or a local
assigned from a call whose return annotation names a class (``handler =
self._create_handler(kind)`` with ``-> Handler``).

Module side: :func:`collect_cm_types` records ``mod.cm_types`` (``"Class.method"`` or ``"func"``
-> class) once the module's return annotations are known; :func:`with_type` answers for a
``with`` item in a function.
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body

_DECORATORS = frozenset({"contextmanager", "asynccontextmanager"})
_WRAPPERS = frozenset({"AsyncContextManager", "ContextManager", "AbstractAsyncContextManager",
                       "AbstractContextManager", "AsyncIterator", "Iterator", "AsyncGenerator", "Generator",
                       "AsyncIterable", "Iterable"})


def collect_cm_types(mod, body) -> None:
    """``mod.cm_types`` for the module's context-manager functions and methods."""
    out: Dict[str, str] = {}
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            _note(mod, stmt, stmt.name.value, out)
        elif isinstance(stmt, cst.ClassDef):
            for inner in flat_body(stmt.body):
                if isinstance(inner, cst.FunctionDef):
                    _note(mod, inner, f"{stmt.name.value}.{inner.name.value}", out, stmt.name.value)
    mod.cm_types = out


def _note(mod, fn: cst.FunctionDef, key: str, out: Dict[str, str], cls: Optional[str] = None) -> None:
    if not any((mod.dotted(d.decorator) or "").split(".")[-1] in _DECORATORS for d in fn.decorators):
        return
    t = _annotated(mod, fn) or _yielded(mod, fn, cls)
    if t:
        out[key] = t


def _annotated(mod, fn: cst.FunctionDef) -> Optional[str]:
    ann = fn.returns.annotation if fn.returns is not None else None
    text = N.string_value(ann) if ann is not None else None
    if text is not None:
        try:
            ann = cst.parse_expression(text)
        except cst.ParserSyntaxError:
            return None
    if not isinstance(ann, cst.Subscript) or (mod.dotted(ann.value) or "").split(".")[-1] not in _WRAPPERS:
        return None
    inner = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
    if not inner or not isinstance(inner[0], (cst.Name, cst.Attribute)):
        return None
    t = mod.dotted(inner[0])
    return t if t and t.split(".")[-1] not in ("Any", "None", "str", "int", "dict", "list", "bool", "bytes") else None


def _yielded(mod, fn: cst.FunctionDef, cls: Optional[str]) -> Optional[str]:
    made: Dict[str, set] = {}
    for s in N.walk_stmts(flat_body(fn.body)):
        if isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.targets[0].target, cst.Name):
            t = _call_type(mod, N.constructed(s.value), cls)
            if t:
                made.setdefault(s.targets[0].target.value, set()).add(t)
    found = set()
    for y in N.find_all(fn, cst.Yield):
        v = y.value
        if isinstance(v, cst.Name) and len(made.get(v.value, ())) == 1:
            found |= made[v.value]
        elif isinstance(v, cst.Call) and _call_type(mod, v, cls):
            found.add(_call_type(mod, v, cls))
        else:
            return None
    return next(iter(found)) if len(found) == 1 else None


def _call_type(mod, call: Optional[cst.Call], cls: Optional[str]) -> Optional[str]:
    """The class a call's result is: a local class built, or a function's or method's return
    annotation (``self._create_handler(kind) -> Handler``)."""
    if call is None:
        return None
    f = mod.dotted(call.func) or ""
    if f.startswith("self.") and cls is not None:
        f = f"{cls}.{f[5:]}"
    if f in mod.return_types:
        return mod.return_types[f].replace("()", "")
    return f if f in mod.local_classes else None


def with_type(fa, node) -> Optional[str]:
    """The class ``with node as x`` binds to ``x`` when ``node`` calls a context-manager function
    of this module, or None."""
    call = node.expression if isinstance(node, cst.Await) else node
    if not isinstance(call, cst.Call):
        return None
    f = fa.mod.dotted(call.func) or ""
    if (f.startswith("self.") or f.startswith("cls.")) and fa.cls is not None:
        f = f"{fa.cls}.{f.split('.', 1)[1]}"
    return getattr(fa.mod, "cm_types", {}).get(f)


def enters_elsewhere(cls: cst.ClassDef) -> bool:
    """Whether the class's ``__enter__``/``__aenter__`` returns something other than ``self``:
    then ``with Cls(...) as x`` binds ``x`` to that other object (a pooled connection, a
    session), not to a ``Cls``. A class without either method, or whose every return is
    ``self``, binds its own instance."""
    for stmt in flat_body(cls.body):
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value in ("__enter__", "__aenter__"):
            rets = N.find_all(stmt, cst.Return)
            return not rets or any(not (isinstance(r.value, cst.Name) and r.value.value == "self") for r in rets)
    return False


def drop_enter_type(fa, node, name: str) -> None:
    """``with Cls(...) as name``: forget that ``name`` is a ``Cls`` when this module's ``Cls``
    enters as another object (:func:`enters_elsewhere`)."""
    call = node.expression if isinstance(node, cst.Await) else node
    f = fa.mod.dotted(call.func) if isinstance(call, cst.Call) else None
    if f and f in getattr(fa.mod, "enters_elsewhere", ()):
        fa.types.pop(name, None)


def class_alias(fa, node) -> Optional[str]:
    """``session_cls = SandboxSession`` / ``= Artifact if plots else Plain``: a local bound to a
    library class whose objects a sink model names as receivers (one of the conditional's
    classes, when every branch is one); a call of the local builds that class's object, as
    ``with session_cls(**kw) as session`` does."""
    branches = [node.body, node.orelse] if isinstance(node, cst.IfExp) else [node]
    found = []
    for b in branches:
        if not isinstance(b, (cst.Name, cst.Attribute)):
            return None
        fq = fa.mod.dotted(b) or ""
        if fq not in fa.M.receiver_constructors:
            return None
        found.append(fq)
    return found[0] if found else None
