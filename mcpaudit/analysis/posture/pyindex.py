"""A cheap per-file index of a Python module, built with :mod:`ast` in one pass.

:func:`index_python` parses a file (never imports or runs it) and records what the posture facts
ask about: import aliases, every call with its resolved dotted name, the functions with their
names and line spans, the string literals (docstrings left out), assignments and
``except`` handlers, and each node's parent. A file that does not parse gets an index with
empty lists, so the text greps still see it.

The small helpers below (:func:`kw`, :func:`const`, :func:`last`...) read the nodes of such an index.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ...sources import split_lines


@dataclass
class FuncInfo:
    """A function or method definition of an indexed file."""

    node: ast.AST  # FunctionDef | AsyncFunctionDef
    name: str
    first_line: int  # first decorator line, or the def line
    end_line: int


@dataclass
class PyIndex:
    """What one Python file holds, in source order.

    ``calls`` pairs each call with the dotted name of its callee, import aliases resolved
    (``from subprocess import run as r; r()`` -> ``subprocess.run``; a call on a call's result
    ends in ``()``); the name is empty when the callee is not a plain name or attribute chain.
    ``strings`` pairs each string literal that is not a docstring with whether it is a piece of
    an f-string. A file that does not parse has only its path, text and lines."""

    path: str
    text: str
    lines: List[str]
    aliases: Dict[str, str] = field(default_factory=dict)
    parents: Dict[int, ast.AST] = field(default_factory=dict)
    calls: List[Tuple[ast.Call, str]] = field(default_factory=list)
    funcs: List[FuncInfo] = field(default_factory=list)
    strings: List[Tuple[ast.Constant, bool]] = field(default_factory=list)  # (node, in f-string)
    assigns: List[ast.Assign] = field(default_factory=list)
    handlers: List[ast.ExceptHandler] = field(default_factory=list)
    #: id of a call, an ``if`` or a function definition -> the innermost function definition
    #: around it (its decorators and defaults are inside it; a module-level node has none)
    owners: Dict[int, ast.AST] = field(default_factory=dict)
    ifs: List[ast.If] = field(default_factory=list)  # every ``if`` statement, in walk order
    tree: Optional[ast.AST] = None  # the module's ``ast`` (None when it does not parse)
    _within: Optional[Dict[int, Tuple[List[Tuple[ast.Call, str]], List[ast.If]]]] = None

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        """The node ``node`` is a child of (None for the module)."""
        return self.parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """The parent of ``node``, its parent, and so on up to the module."""
        cur = self.parent(node)
        while cur is not None:
            yield cur
            cur = self.parent(cur)

    def owners_of(self, node: ast.AST) -> Iterator[ast.AST]:
        """The function definitions around ``node`` (a call, an ``if`` or a definition of this
        index), innermost first: the definitions among :meth:`ancestors`, without walking them."""
        cur = self.owners.get(id(node))
        while cur is not None:
            yield cur
            cur = self.owners.get(id(cur))

    def within(self, fn: ast.AST) -> Optional[Tuple[List[Tuple[ast.Call, str]], List[ast.If]]]:
        """The calls (as in :attr:`calls`, in that order) and the ``if`` statements anywhere
        under the function definition ``fn`` (its decorators, defaults and nested definitions
        included: what ``ast.walk(fn)`` meets); None when ``fn`` is not a function of this index.
        Read once per index from :attr:`owners`, not by walking each function."""
        if self._within is None:
            within: Dict[int, Tuple[List[Tuple[ast.Call, str]], List[ast.If]]] = \
                {id(f.node): ([], []) for f in self.funcs}
            for call, name in self.calls:
                for f in self.owners_of(call):
                    within[id(f)][0].append((call, name))
            for node in self.ifs:
                for f in self.owners_of(node):
                    within[id(f)][1].append(node)
            self._within = within
        return self._within.get(id(fn))

    def segment(self, start: int, end: int) -> str:
        """Source lines ``start`` to ``end`` (1-based, inclusive)."""
        return "\n".join(self.lines[max(0, start - 1):end])

    def enclosing_func(self, node: ast.AST) -> Optional[ast.AST]:
        """The innermost function definition around ``node``."""
        for anc in self.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return anc
        return None

    def dotted(self, node: ast.AST) -> Optional[str]:
        """The dotted name of a name/attribute/call expression, import aliases resolved."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            base = self.dotted(node.func)
            return f"{base}()" if base else None
        return None


_DEFS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstring_node(node: ast.AST) -> Optional[ast.Constant]:
    body = getattr(node, "body", None)
    if isinstance(node, _DEFS) and body and isinstance(body[0], ast.Expr) \
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        return body[0].value
    return None


def _record_import(py: PyIndex, node: ast.AST) -> None:
    if isinstance(node, ast.Import):
        for a in node.names:
            if a.asname:
                py.aliases[a.asname] = a.name
            else:
                top = a.name.split(".")[0]
                py.aliases.setdefault(top, top)
    elif node.module and node.level == 0:  # ast.ImportFrom
        for a in node.names:
            py.aliases[a.asname or a.name] = f"{node.module}.{a.name}"


def index_python(path: str, text: str, tree: Optional[ast.AST] = None) -> PyIndex:
    """Index ``text`` (the source of the root-relative ``path``) in one walk over its ``ast``;
    ``tree`` is that ``ast``, when the cst engine's first pass has parsed the file already."""
    py = PyIndex(path=path, text=text, lines=split_lines(text))
    if tree is None:
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError):
            return py
    py.tree = tree
    calls: List[ast.Call] = []
    docstrings: Set[int] = set()
    stack: List[ast.AST] = [tree]
    owner_stack: List[Optional[ast.AST]] = [None]  # the innermost function around each node of ``stack``
    parents, owners = py.parents, py.owners
    while stack:
        node = stack.pop()
        owner = owner_stack.pop()
        doc = _docstring_node(node)
        if doc is not None:
            docstrings.add(id(doc))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            py.funcs.append(FuncInfo(node, node.name, first, getattr(node, "end_lineno", node.lineno) or node.lineno))
            if owner is not None:
                owners[id(node)] = owner
            inner = node
        else:
            inner = owner
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            _record_import(py, node)
        elif isinstance(node, ast.Call):
            calls.append(node)
            if owner is not None:
                owners[id(node)] = owner
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) not in docstrings:
                py.strings.append((node, isinstance(py.parents.get(id(node)), ast.JoinedStr)))
            continue  # no children
        elif isinstance(node, ast.Assign):
            py.assigns.append(node)
        elif isinstance(node, ast.ExceptHandler):
            py.handlers.append(node)
        elif isinstance(node, ast.If):
            py.ifs.append(node)
            if owner is not None:
                owners[id(node)] = owner
        elif isinstance(node, (ast.Name, ast.Load, ast.Store)):
            continue
        # ast.iter_child_nodes, inlined: a third of the pass went into its generators
        for fname in node._fields:
            v = getattr(node, fname, None)
            if isinstance(v, list):
                for child in v:
                    if isinstance(child, ast.AST):
                        parents[id(child)] = node
                        stack.append(child)
                        owner_stack.append(inner)
            elif isinstance(v, ast.AST):
                parents[id(v)] = node
                stack.append(v)
                owner_stack.append(inner)
    # resolve call names once every import alias is known
    py.calls = [(c, py.dotted(c.func) or "") for c in calls]
    py.calls.sort(key=lambda c: (c[0].lineno, c[0].col_offset))
    py.strings.sort(key=lambda s: (s[0].lineno, s[0].col_offset))
    py.funcs.sort(key=lambda f: f.first_line)
    return py


#: :func:`const` of a node that is not a literal.
MISSING = object()


def kw(call: ast.Call, name: str) -> Optional[ast.expr]:
    """The value of keyword argument ``name`` of ``call``, or None."""
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def const(node: Optional[ast.AST]) -> Any:
    """The value of a literal node, or :data:`MISSING`."""
    if isinstance(node, ast.Constant):
        return node.value
    return MISSING


def last(name: str) -> str:
    """The last component of a dotted name (``a.b.c`` -> ``c``)."""
    return name.rsplit(".", 1)[-1] if name else ""


def contains_name(node: ast.AST, ident: str) -> bool:
    """``node`` mentions the variable ``ident`` somewhere."""
    return any(isinstance(n, ast.Name) and n.id == ident for n in ast.walk(node))


def walk_no_defs(stmts: Sequence[ast.AST]) -> Iterator[ast.AST]:
    """Every node of ``stmts`` and below, without entering nested functions, lambdas or classes."""
    stack = list(stmts)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)
