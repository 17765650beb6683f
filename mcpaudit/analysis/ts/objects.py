"""State an object keeps between method calls, for TypeScript classes.

A method's ``this.attr = value`` (a constructor's parameter property ``constructor(private url:
string)`` too) and ``this.parts.push(value)`` are its ``FuncSummary.field_stores[attr]``; a
method that reads ``this.attr`` without assigning it first reads the label ``("f", attr)``. The
linker (:mod:`mcpaudit.analysis.fields`, shared with Python) replaces that label with what the
object the method was called on holds, and with what any call stored on an object of the class
(state kept between calls: only where requests go is read from it).

The object the calling function built (``const b = new Builder(cmd); b.add(x); run(b.build())``,
or the chain ``new Builder(cmd).add(x).build()``) holds what its constructor and the earlier
method calls on it stored, under those calls' arguments: its fields' flows are reported at a sink
of any family, as for Python's ``db = Database(path); db.read()``.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set

from ..fields import FRESH_OBJECT, MODULE_OBJECT, OBJECT_FIELD, STORED_READ, THROUGH_STATE, call_env
from ..taintvalue import EMPTY, Info, Taint, add_step, union
from . import nodes as N

#: a TypeScript class's constructor, as the interpreter names it (``Cls.constructor``)
CONSTRUCTOR = "constructor"


class ObjectState:
    """Mixed into the function interpreter."""

    def field_read(self, attr: str, node) -> Taint:
        """``this.attr`` read in a method before (or without) this method assigning it."""
        if not self.cls or self.node is None:
            return EMPTY
        return {("f", attr): Info((self.step(node, f"'this.{attr}' read {STORED_READ}"),))}

    def typed_field_read(self, obj, attr: str, node) -> Taint:
        """``server.attr`` where ``server`` is declared or built as a project class (``server:
        ProjectServer``, ``new ProjectServer()``) other than this method's own: what a method of
        that class stored in ``this.attr`` (the label ``("f", attr, Cls)``, kept state the
        linker reads by class; nothing when the class is not the project's or stores no such
        field)."""
        u = N.unwrap(obj)
        if u is None or u.type != "identifier":
            return EMPTY
        tp = self.type_of(u)
        short = (tp or "").rsplit("#", 1)[-1].rsplit(".", 1)[-1]
        if not tp or "(" in tp or not short[:1].isupper():
            return EMPTY
        if tp not in self.mod.classes:  # or a class it imports (module#Class), by its name here
            tp = next((local for local, full in self.mod.imports.items() if full == tp), None)
            if tp is None:
                return EMPTY
        name = N.text(self.data, u)
        if name in self.locals and name not in self.param_names and name not in getattr(self, "outer_names", ()):
            return EMPTY  # an object this function built or took from a call: not one kept across tools
        return {("f", attr, tp): Info((self.step(node, f"'{name}.{attr}' read {STORED_READ}"),))}

    def param_property(self, p, name: str) -> None:
        """``constructor(private url: string)``: the parameter is also stored as ``this.url``."""
        if not self.cls or not self.qualname.endswith(f".{CONSTRUCTOR}"):
            return
        if any(c.type in ("accessibility_modifier", "readonly") for c in p.children):
            v = self.env.get(name)
            if v:
                self.env[f"this.{name}"] = add_step(v, self.step(p, f"stored in 'this.{name}'"))

    def object_stores(self) -> Dict[str, Taint]:
        """What a method left in its object's fields when it returns (``this.attr``)."""
        if not self.cls or self.node is None:
            return {}
        return {k[5:]: v for k, v in self.env.items()
                if v and k.startswith("this.") and "." not in k[5:] and "[" not in k}


class ObjectFields:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    CONSTRUCTOR = CONSTRUCTOR

    def class_target(self, path: str, target: str, depth: int):
        """A call target naming a class of module ``path``: ``new Cls(...)``, its constructor;
        ``new Cls(x).add(y).build()``, a method of the class reached through a chain of its own
        methods (a fluent builder)."""
        mod = self.modules.get(path)
        if mod is None or depth > 8:
            return None
        if target in mod.classes:
            return self._method(path, target, CONSTRUCTOR, depth)
        head, _, rest = target.partition(".")
        if head.endswith("()") and head[:-2] in mod.classes and rest:
            return self._method(path, head[:-2], rest.replace("()", ""), depth)
        if not rest and target in mod.wrapped_fns:  # const t = withErrorHandling(fn): t runs fn (wrappedexports.py)
            return self.resolve(path, None, mod.wrapped_fns[target], depth + 1)
        return None

    def object_fields(self, path, caller, rec, env, depth, stack, hint, cache) -> Dict[str, Taint]:
        """``this.<attr>`` of the object a method call is made on (as ``self.<attr>`` entries of
        the method's environment): the calling method's own object, and what the constructor
        and the earlier method calls on an object the calling function built stored there."""
        own = rec.target.startswith("this.") and rec.target.count(".") == 1
        out = {k: v for k, v in env.items() if k.startswith("self.")} if own else {}
        if not rec.receiver_calls:
            if self._module_object(path, rec.target):  # built when its module loaded: no tool's value
                out[MODULE_OBJECT] = {("module-object",): Info(())}
            return out
        out[FRESH_OBJECT] = {("fresh",): Info(())}  # built here: no earlier call's value in it (fields.py)
        cur = next((k for k, v in caller.calls.items() if v is rec), None)
        for idx in self._object_calls(caller, rec, cur):
            for attr, v in self._stored_by(path, caller, idx, env, depth, stack, hint, cache).items():
                out[f"self.{attr}"] = union(out.get(f"self.{attr}", {}), v)
        return out

    def _module_object(self, path: str, target: str) -> bool:
        """``http.get`` / ``module#http.get``: a method of an object a module binds once, at its
        top level, to a new object (records.const_objects)."""
        head = target.rpartition(".")[0]
        if "#" in head:
            mpath, name = self._module_ref(head)
        else:
            mpath, name = path, head
        mod = self.modules.get(mpath) if mpath else None
        if mod is None or not name or "." in name or (mpath == path and name in mod.imports):
            return False
        return name in getattr(mod, "const_objects", ())

    def state_class(self, path: str, name: str):
        """The project class a typed receiver's field read names (ObjectState.typed_field_read):
        one of module ``path`` or one it imports (``module#Class``)."""
        mod = self.modules.get(path)
        if mod is not None and name in mod.classes:
            return (path, name)
        full = mod.imports.get(name) if mod is not None else None
        if full and "#" in full:
            mpath, rest = self._module_ref(full)
            if mpath is not None and rest in self.modules[mpath].classes:
                return (mpath, rest)
        return None

    def _object_calls(self, caller, rec, cur: Optional[int]) -> List[int]:
        """The calls that built the receiver (a constructor, the methods of a chain), then the
        method calls made on the same object before ``rec``, in order."""
        chain: List[int] = []
        todo = list(rec.receiver_calls)
        seen: Set[int] = set()
        while todo and len(seen) < 16:
            idx = todo.pop(0)
            if idx in seen or idx not in caller.calls:
                continue
            seen.add(idx)
            chain.append(idx)
            todo.extend(caller.calls[idx].receiver_calls)
        roots = set(chain)
        later = [k for k, r in caller.calls.items()
                 if k not in roots and (cur is None or k < cur) and roots & set(r.receiver_calls)]
        return sorted(chain) + later[:16]

    def _stored_by(self, path, caller, idx: int, env, depth, stack, hint, cache) -> Dict[str, Taint]:
        """What the project method (or constructor) call ``idx`` stored on its object, under
        the call's arguments: caller input and secrets only."""
        crec = caller.calls[idx]
        hits = self.resolve_all(path, caller, crec.target)
        if len(hits) != 1 or not hits[0][1].cls or not hits[0][1].field_stores:
            return {}
        tpath, fn = hits[0][0], hits[0][1]
        fenv = call_env(self, path, caller, crec, fn, env, depth, stack, hint, cache)
        out: Dict[str, Taint] = {}
        for attr, t in fn.field_stores.items():
            if attr.startswith(":"):
                continue
            v = {label: info.replace(clean=info.clean | {THROUGH_STATE, OBJECT_FIELD})
                 for label, info in self.subst(t, tpath, fn, fenv, depth + 1, stack, hint, {}).items()
                 if label[0] in ("src", "s")}
            if v:
                out[attr] = v
        return out


def is_this(node) -> bool:
    u = N.unwrap(node) if node is not None else None
    return u is not None and u.type == "this"
