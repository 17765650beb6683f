"""Handlers in a module that nothing uses: an old server file left in the tree.

A module that no module of the project imports (statically, re-exported, dynamically or by
``require``; a monorepo package by its name) and whose top level runs nothing (only imports,
declarations, classes and functions) cannot serve a tool while another module does. When the
project has such a live module with MCP registrations, the findings whose flow starts in a dead
module are kept at low confidence (the audit view), with a note saying why. A project with no
live MCP module (a library whose entry is named only in package.json, a tree we cannot read
whole) loses nothing.

Limits: a module reached only through a path alias the scan does not know, or only named in
package.json ``exports``, is taken as unused when its top level runs nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, FrozenSet

from ...models import Confidence
from ...sources import is_test_path

_SPEC = re.compile(rb"""(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"'\n]{1,300})["']""")
_LOOPS = frozenset({"if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement",
                    "try_statement", "switch_statement", "labeled_statement", "statement_block"})
_RUNNING = frozenset({"call_expression", "new_expression", "await_expression"})


def module_use(mod) -> Dict[str, object]:
    """What the linker needs of a module (a ``TsModule``): the project modules its text names in
    an import, export-from or require (their keys), and whether its top level runs anything."""
    refs = set()
    for m in _SPEC.finditer(mod.data):
        spec = m.group(1).decode("utf-8", "replace")
        if spec.startswith(("node:", "http:", "https:")):
            continue
        local = spec.startswith((".", "/")) or spec.startswith(_alias_prefixes())
        refs.add(mod.canonical(spec) if local else spec)  # a project module: "<key>#"
    return {"module_refs": sorted(refs), "runs_top": _runs(mod)}


def _alias_prefixes():
    from .module import _ALIAS_PREFIXES  # (module imports this one)
    return _ALIAS_PREFIXES


def _runs(mod) -> bool:
    for s in mod.tree.root_node.named_children:
        t = s.type
        if t == "expression_statement":
            inner = s.named_children[0] if s.named_children else None
            if inner is not None and inner.type != "string":  # "use strict"
                return True
        elif t in _LOOPS:
            return True
        elif t in ("lexical_declaration", "variable_declaration") and _has_call(s):
            return True
        elif t == "export_statement" and any(
                c.type not in ("class_declaration", "abstract_class_declaration", "function_declaration",
                               "generator_function_declaration", "interface_declaration", "type_alias_declaration",
                               "enum_declaration", "lexical_declaration", "export_clause", "string", "comment",
                               "identifier") for c in s.named_children):
            return True  # export default new Server(), export = ...
        elif t == "export_statement" and any(c.type == "lexical_declaration" and _has_call(c) for c in s.named_children):
            return True
    return False


def _has_call(decl) -> bool:
    for d in decl.named_children:
        if d.type != "variable_declarator":
            continue
        v = d.child_by_field_name("value")
        while v is not None and v.type in ("parenthesized_expression", "as_expression", "non_null_expression"):
            v = v.named_children[0] if v.named_children else None
        if v is not None and v.type in _RUNNING:
            return True
    return False


def dead_modules(linker) -> FrozenSet[str]:
    """Modules nothing imports and whose top level runs nothing, when a live module registers
    MCP handlers; empty otherwise (cached on the linker)."""
    cached = getattr(linker, "_dead_modules", None)
    if cached is not None:
        return cached
    mods = linker.modules
    imported = set()
    for path, m in mods.items():
        for ref in getattr(m, "module_refs", ()) or ():
            key = ref if "#" in ref else (linker.in_workspace(ref) or "")
            target = linker.module_of(key.partition("#")[0]) if key else None
            if target and target != path:
                imported.add(target)
    live = [p for p, m in mods.items() if (m.registrations or m.lowlevel_tools) and not is_test_path(p)
            and (getattr(m, "runs_top", True) or p in imported)]
    dead = frozenset(p for p, m in mods.items() if live and p not in imported and p not in live
                     and not getattr(m, "runs_top", True) and (m.registrations or m.lowlevel_tools))
    linker._dead_modules = dead
    return dead


def lower_dead(linker, f):
    """A finding whose flow starts in a dead module, at low confidence with a note."""
    start = f.flow[0].location.path if f.flow else None
    if not start or f.confidence <= Confidence.LOW or start not in dead_modules(linker):
        return f
    return replace(f, confidence=Confidence.LOW, message=(
        f"{f.message} (from {start}, a module no module of the project imports and whose top level "
        "runs nothing: its handlers are not served)"))
