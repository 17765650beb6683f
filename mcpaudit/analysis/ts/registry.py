"""Tool definitions run by a registry, for the TypeScript linker.

A server may keep its tools as definition objects (``defineTool({ name, schema, handler })``,
kept in modules whose exports are spread into a list, ``[...Object.values(pageTools)]``) and
register them through a registry of its own: a function or a class that holds a definition and
calls its handler with the caller's arguments wrapped in an object of its own,
``this.tool.handler({ params, page }, response)``. The registration names the tool by a property
we cannot follow, so the project's definitions are the tools (``TsLinker._definitions``), each
handler run as the tool's. Two facts of the registry's call decide what in the handler is the
caller's:

- the object passed at the handler's first place holds the caller's arguments under one field
  (``params``, the registry's own parameter as a whole); its other fields (``page``, a browser
  page the server picked) are the server's, so a definition's ``request.page`` is no input;
- ``request.params.url`` reads the arguments through that field, which the interpreter takes as
  an envelope (``request.url``): where a caller passed an object literal with an envelope field,
  a property it did not set is read from the envelope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, FrozenSet, List, Optional, Set, Tuple

from ..taintvalue import Taint
from .expressions import _ENVELOPE as ENVELOPES  # fields read as the arguments as a whole

if TYPE_CHECKING:  # pragma: no cover
    from ..summary import FuncSummary
    from .link import TsLinker


class RegistryCalls:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def registry_call_fields(self: "TsLinker", handler_keys) -> Optional[Tuple[str, FrozenSet[str]]]:
        """(the field holding the caller's arguments, the registry's other fields) of the object
        the project passes first to a definition's handler (``<x>.handler({ params, page })``,
        ``params`` a parameter of the calling function), when every such call agrees; None."""
        cache = self.__dict__.get("_registry_fields", False)
        if cache is not False:
            return cache
        whole: Set[str] = set()
        others: Set[str] = set()
        for mod in self.modules.values():
            for fn in mod.functions.values():
                for rec in fn.calls.values():
                    if rec.target.rsplit(".", 1)[-1] not in handler_keys or "#0.*" not in rec.kwargs:
                        continue
                    fields = {k[3:] for k in rec.kwargs if k.startswith("#0.") and k != "#0.*"}
                    carry = {f for f in fields if any(lbl[0] == "p" and len(lbl) == 2 for lbl in rec.kwargs[f"#0.{f}"])}
                    if len(carry) == 1:
                        whole |= carry
                        others |= fields - carry
        found = (next(iter(whole)), frozenset(others - whole)) if len(whole) == 1 else None
        self.__dict__["_registry_fields"] = found
        return found

    def mask_registry_fields(self: "TsLinker", path: str, fn: "FuncSummary", env: Dict[str, Taint]) -> None:
        """A definition run as a tool (a registry we could not follow): the fields the registry
        adds beside the caller's arguments are not the caller's."""
        if (path, fn.qualname) not in self.__dict__.get("_registry_defs", ()):
            return
        from .link import _HANDLER_KEYS

        fields = self.registry_call_fields(_HANDLER_KEYS)
        top = [p for p in fn.params if p.kind != "field"]
        if fields is None or not top:
            return
        for other in fields[1]:
            env[f"{top[0].name}.{other}"] = {}

    def registry_defined(self, path: str, fn: "FuncSummary") -> None:
        """Remember that ``fn`` of ``path`` is a definition's handler run as a tool."""
        self.__dict__.setdefault("_registry_defs", set()).add((path, fn.qualname))

    def defined_inputs(self: "TsLinker", path: str, fn: "FuncSummary", name: str,
                       inputs: Tuple[int, ...]) -> Tuple[int, ...]:
        """The caller's arguments' place in a definition's handler run as a tool: where the
        project's registry passes them (``tool.handler(client, args)``: the second,
        :func:`.methodlists.handler_positions`) when every module that calls a handler so agrees
        and the handler has that parameter; else ``inputs``. A definition whose tool a followed
        registration also serves (the registry's loop, whose handler calls this one) keeps
        ``inputs``: that registration's flow is the tool's."""
        if (path, fn.qualname) not in self.__dict__.get("_registry_defs", ()):
            return inputs
        if any(t.function != fn.qualname for t in self._tools_named().get(name, ())):  # (a tool records no handler path)
            return inputs
        places = self.__dict__.get("_handler_places")
        if places is None:  # every module's places, once (they do not change while flows are followed)
            places = self.__dict__["_handler_places"] = frozenset(
                i for m in self.modules.values() for i in getattr(m, "handler_inputs", ()))
        top = [p for p in fn.params if p.kind != "field"]
        if len(places) != 1:
            return inputs
        i = next(iter(places))
        return (i,) if i < len(top) else inputs

    def _tools_named(self: "TsLinker") -> Dict[str, List]:
        """The project's tools by name (rebuilt when a tool was added since)."""
        cached = self.__dict__.get("_tools_by_name")
        if cached is None or cached[0] != len(self.tools):
            by: Dict[str, List] = {}
            for t in self.tools:
                by.setdefault(t.name, []).append(t)
            cached = self.__dict__["_tools_by_name"] = (len(self.tools), by)
        return cached[1]


def envelope_field(env: Dict[str, Taint], param: str) -> Optional[Taint]:
    """What ``param.<x>`` reads when the caller passed an object literal without ``x`` but
    with an envelope (``{ params }``): the envelope's taint (``request.params.x`` reads like
    ``request.x``); None when it passed none."""
    got: List[Taint] = [env[f"{param}.{e}"] for e in ENVELOPES if env.get(f"{param}.{e}")]
    return got[0] if got else None


__all__ = ["ENVELOPES", "RegistryCalls", "envelope_field"]
