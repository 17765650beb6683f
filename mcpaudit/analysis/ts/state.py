"""Module variables a function rebinds: state kept between calls, as for Python's ``global``.

``let currentUrl = "about:blank"`` at module level, set by one handler (``currentUrl =
req.body.url``) and read by another (``page.goto(currentUrl)``): the function that assigns it
records what it stored (``FuncSummary.field_stores[":currentUrl"]``), and a function that reads
it without assigning it first reads the label ``("g", name)``, which the linker replaces with
what any function of the module stored there (:mod:`mcpaudit.analysis.fields`; only where
requests go is read from such state).
"""

from __future__ import annotations

from typing import Dict, FrozenSet

from ..fields import STORED_READ
from ..taintvalue import Info, Taint


def mutable_names(mod) -> FrozenSet[str]:
    """The module's ``let`` and ``var`` variables (declared at its top level)."""
    got = getattr(mod, "_mutable_names", None)
    if got is None:
        names = set()
        for s in mod.body_statements:
            if s.type not in ("lexical_declaration", "variable_declaration") or not s.children:
                continue
            if s.type == "lexical_declaration" and s.children[0].type != "let":
                continue
            for d in s.named_children:
                name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if name is not None and name.type == "identifier":
                    names.add(mod.data[name.start_byte:name.end_byte].decode("utf-8", "replace"))
        got = mod._mutable_names = frozenset(names)
    return got


class ModuleState:
    """Mixed into the function interpreter."""

    def _module_var(self, name: str) -> bool:
        if self.node is None or name in self.param_names or name not in mutable_names(self.mod):
            return False
        return name not in self.locals or name in getattr(self, "module_locals", ())

    def global_read(self, name: str, node) -> Taint:
        """A module variable this function reads before (or without) assigning it."""
        if not self._module_var(name):
            return {}
        return {("g", name): Info((self.step(node, f"'{name}' read {STORED_READ}"),))}

    def global_store(self, name: str, at) -> bool:
        """``name = value`` in a function, where ``name`` is a module variable: recorded."""
        if at is not None and at.parent is not None and at.parent.type == "assignment_expression" and \
                self._module_var(name):
            self.global_stores = getattr(self, "global_stores", set()) | {name}
            return True
        return False

    def module_stores(self) -> Dict[str, Taint]:
        return {f":{n}": self.env[n] for n in sorted(getattr(self, "global_stores", ())) if self.env.get(n)}
