"""Class-based tools, for the TypeScript linker: a base class whose ``register(server)`` calls
``server.registerTool(this.name, ..., this.invoke.bind(this))``, each subclass that names itself
a tool handled by its own override of the method the registered one calls on ``this``."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from ..summary import FuncSummary
from .instnames import inherited_const, instance_const
from .records import TsRegistration

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: fields a tool class names itself with, besides the one it registers (``static toolName``)
_NAME_FIELDS = ("name", "toolName", "tool_name", "TOOL_NAME")


class ClassTools:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def subclasses(self: "TsLinker", path: str, cls: str) -> List[Tuple[str, str]]:
        """Every class that extends ``cls`` (of module ``path``), transitively."""
        out: List[Tuple[str, str]] = []
        todo = [(path, cls)]
        seen = set(todo)
        while todo:
            here = todo.pop()
            for sub in self.implementors.get(here, []):
                if sub not in seen:
                    seen.add(sub)
                    out.append(sub)
                    todo.append(sub)
        return out

    def _class_chain(self: "TsLinker", path: str, cls: str) -> List[Tuple[str, str]]:
        """``cls`` and its base classes, most derived first."""
        out = [(path, cls)]
        for _ in range(8):
            base = self.modules[path].classes.get(cls)
            w = self._where(path, base) if base else None
            if w is None or w[0] not in self.modules or w[1] not in self.modules[w[0]].classes:
                break
            path, cls = w
            out.append((path, cls))
        return out

    def _class_value(self: "TsLinker", chain, table: str, field: str) -> Optional[Tuple[str, str]]:
        for cpath, c in chain:
            v = getattr(self.modules[cpath], table).get(c, {}).get(field)
            if v is not None:
                return cpath, v
        # super('x') to a base constructor that stores the argument in the field (instnames.py)
        return inherited_const(self, chain, field) if table == "class_consts" else None

    def instance_const(self: "TsLinker", path: str, val: str) -> Optional[str]:
        """``tool(getTool.name, ...)`` with ``getTool = new GetTool()``: the class's constant."""
        return instance_const(self, path, val)

    def _class_tools(self: "TsLinker", path: str, reg: TsRegistration):
        """``register(server) { server.registerTool(this.name, ..., this.invoke.bind(this)) }``
        in a base class: each subclass that names itself is a tool, handled by its own override
        of the method the registered one calls on ``this`` (``invoke`` -> ``this.execute``)."""
        props = reg.loop_props
        for spath, sub in self.subclasses(path, reg.owner_class or ""):
            chain = self._class_chain(spath, sub)
            hit = None
            for field in (props.get("name", "name"), *_NAME_FIELDS):
                hit = self._class_value(chain, "class_consts", field)
                if hit is not None:
                    break
            if hit is None:
                continue
            name = hit[1]
            desc = self._class_value(chain, "class_consts", props.get("description", "description"))
            schema = self._class_value(chain, "class_schemas", props.get("schema", "argsShape"))
            res = self._class_handler(path, reg, chain)
            if res is None:
                continue
            params = self._schema(schema[0], schema[1]) if schema else []
            yield self._tool(res[0], res[1], reg, name, desc[1] if desc else None, None, params)

    def _class_handler(self: "TsLinker", path: str, reg: TsRegistration, chain) -> Optional[Tuple[str, FuncSummary]]:
        base = self._handler(path, reg.handler) if reg.handler and not reg.handler.startswith("r:this.") else None
        if base is None and reg.handler and reg.handler.startswith("r:this."):
            method = reg.handler[len("r:this."):].split(".")[0]
            for cpath, c in chain:
                fn = self.modules[cpath].functions.get(f"{c}.{method}")
                if fn is not None:
                    base = (cpath, fn)
                    break
        if base is None:
            return None
        # the most derived override of a method the registered one calls on `this`
        owner = {(path, reg.owner_class)}
        for rec in base[1].calls.values():
            if not rec.target.startswith("this."):
                continue
            method = rec.target[5:]
            for cpath, c in chain:
                if (cpath, c) in owner:
                    break
                fn = self.modules[cpath].functions.get(f"{c}.{method}")
                if fn is not None:
                    return (cpath, fn)
        return base


__all__ = ["ClassTools"]
