"""Stale copies of functions: module-level functions nothing in the project reaches while
another module keeps a live function of the same name.

A copy of a dispatcher left in a module after the live one moved elsewhere (``handlers.py``
keeps an older ``dispatcher_handler`` while ``server.py`` registers its own) is never called:
a credential it would log is never logged. (A lone function nothing calls may be a library's
public API, called by its users: not judged.) A top-level function is unreferenced when no code of
its own module names it (outside its definition), no other module imports it by name
(``from <its module> import name``, or ``import *`` of it), no attribute anywhere is called so,
no string literal anywhere spells it (``getattr(module, "name")``, ``__all__``), it has no
decorator, and no packaging file names it as an entry point (``module:name``). Findings that are
not a tool's (a secret written to a log) inside such a function go to the audit view.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from ..models import Confidence

#: findings in dead code that go to the audit view (tool findings follow their handler already)
RULES = frozenset({"secret-in-log"})
_PACKAGING = ("pyproject.toml", "setup.cfg", "setup.py")


def _module_stem(path: str) -> str:
    p = Path(path)
    return p.parent.name if p.stem == "__init__" else p.stem


class _Refs(ast.NodeVisitor):
    def __init__(self) -> None:
        self.names: Set[str] = set()  # names this module uses
        self.attrs: Set[str] = set()  # attribute names (module.name)
        self.strings: Set[str] = set()
        self.imported: Set[Tuple[str, str]] = set()  # (module stem, name) of from-imports
        self.star: Set[str] = set()  # module stems imported with *

    def visit_Name(self, node: ast.Name) -> None:
        self.names.add(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.attrs.add(node.attr)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and len(node.value) < 80:
            self.strings.add(node.value)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        stem = (node.module or "").split(".")[-1]
        for a in node.names:
            if a.name == "*":
                self.star.add(stem)
            else:
                self.imported.add((stem, a.name))
                self.imported.add(("", a.name))  # from . import name (a module or the function)


def dead_functions(files: Dict[str, str], root: Optional[Path] = None) -> Dict[str, List[Tuple[str, int, int]]]:
    """Path -> (name, first line, last line) of each unreferenced top-level function whose name
    another module defines and uses."""
    trees: Dict[str, ast.Module] = {}
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                trees[path] = ast.parse(text)
            except (SyntaxError, ValueError):
                continue
    refs: Dict[str, _Refs] = {}
    for path, tree in trees.items():
        r = _Refs()
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in [*node.decorator_list, *node.body, *node.args.defaults]:
                    r.visit(sub)
            else:
                r.visit(node)
        refs[path] = r
    packaging = ""
    for name in _PACKAGING:
        p = Path(root, name) if root is not None else None
        if p is not None and p.is_file():
            packaging += p.read_text(encoding="utf-8", errors="replace")
    defined: Dict[str, Set[str]] = {}  # name -> the modules defining it at top level
    for path, tree in trees.items():
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.setdefault(node.name, set()).add(path)
    out: Dict[str, List[Tuple[str, int, int]]] = {}
    for path, tree in trees.items():
        stem = _module_stem(path)
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.decorator_list:
                continue
            name = node.name
            own = refs[path]
            if not any(refs[p] is not own and name in refs[p].names for p in defined[name]):
                continue  # only a stale copy: another module keeps a live function of that name
            if name.startswith("__") or name in own.names or re.search(rf":\s*{re.escape(name)}\b", packaging):
                continue
            if any(name in r.strings or name in r.attrs or (stem, name) in r.imported or ("", name) in r.imported
                   or stem in r.star for r in refs.values()):
                continue
            out.setdefault(path, []).append((name, node.lineno, node.end_lineno or node.lineno))
    return out


def lower_dead(findings, project) -> None:
    """Findings of :data:`RULES` with no tool inside an unreferenced function: to the audit view."""
    wanted = [f for f in findings if f.rule_id in RULES and not f.tool and f.confidence > Confidence.LOW]
    if not wanted:
        return
    files = {p: s.text for p, s in project.files.items() if getattr(s, "text", None) is not None}
    dead = dead_functions(files, project.root)
    for f in wanted:
        for name, first, last in dead.get(f.location.path, ()):
            if first <= f.location.line <= last:
                f.confidence = Confidence.LOW
                f.message += (f"; in {name}(), which nothing in the project calls, imports or registers "
                              "(dead code: audit view)")
                break
