"""A settings field's temp-folder default that is only created (issue 12, py57c).

B108 reports every string that starts with ``/tmp``: a predictable name in a shared folder that
another local user can pre-create or link. A settings class often carries one as a default::

    class Settings(BaseSettings):
        temp_dir: Path = Field(default=Path("/tmp/mcp-clickhouse"), alias="TEMP_DIR")

    class Server:
        def __init__(self, temp_dir: str = str(settings.temp_dir)):
            self.temp_dir = temp_dir
            os.makedirs(self.temp_dir, exist_ok=True)

When every read of the field in the scanned files only creates the folder or tests for it
(``os.makedirs``, ``Path.mkdir``, ``exists``) or shows it (a log line, an f-string), nothing is
written to or read from a path under it: no file of the server sits at a name another user
can plant. Such a hit moves to the audit view (:func:`made_only`). The value may pass through
``str()``/``Path()``, a parameter's default, a local name or an attribute of ``self`` on the
way, each read in turn (three steps at most). A field read anywhere else (joined with a file
name, opened, returned, passed to another call, read through ``getattr``) keeps the hit.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from ..astparents import enclosing_function, parents as _parents
from .bandit_cleanup import _callee
from .bandit_context import _Unreadable

#: calls that create a folder or test for it, and write no file in it
_MAKES = frozenset({"makedirs", "mkdir", "exists", "isdir", "is_dir", "lexists"})
#: calls whose arguments are only shown
_SHOWN = frozenset({"info", "debug", "warning", "error", "exception", "print", "log", "critical"})
#: calls that only convert a path: their result is the value again
_CONVERTS = frozenset({"str", "Path", "PurePath", "PosixPath", "fspath", "abspath", "expanduser", "resolve"})
#: settings field constructors whose ``default=`` is the field's value
_FIELDS = frozenset({"Field", "field", "attrib"})

WHY = ("the temp folder is the default of setting '{name}', and every read of it only creates the folder or tests "
       "for it ({uses}): no file is written to or read from a path under it")

_DEPTH = 3


def _field_name(node: ast.AST, parents: Dict[int, ast.AST]) -> Optional[str]:
    """The name of the class-body field whose default the string ``node`` is (through
    ``Path(...)``, ``Field(default=...)``)."""
    cur = node
    while True:
        p = parents.get(id(cur))
        if isinstance(p, ast.Call) and _callee(p) in _CONVERTS and p.args and p.args[0] is cur:
            cur = p
        elif isinstance(p, ast.keyword) and p.arg == "default":
            call = parents.get(id(p))
            if not (isinstance(call, ast.Call) and _callee(call) in _FIELDS):
                return None
            cur = call
        elif isinstance(p, ast.Call) and _callee(p) in _FIELDS and p.args and p.args[0] is cur:
            cur = p  # Field(Path("/tmp/x"), ...): the first positional is the default
        else:
            break
    p = parents.get(id(cur))
    if isinstance(p, ast.AnnAssign) and p.value is cur and isinstance(p.target, ast.Name):
        target = p.target.id
    elif isinstance(p, ast.Assign) and p.value is cur and len(p.targets) == 1 and isinstance(p.targets[0], ast.Name):
        target = p.targets[0].id
    else:
        return None
    return target if isinstance(parents.get(id(p)), ast.ClassDef) else None


class _Reads:
    """Follows the reads of a value through the scanned trees."""

    def __init__(self, trees: Callable[[str], Iterable[ast.AST]]) -> None:
        self.trees = trees
        self.parents: Dict[int, Dict[int, ast.AST]] = {}
        self.uses: Set[str] = set()
        self.seen: Set[str] = set()

    def _parents_of(self, tree: ast.AST) -> Dict[int, ast.AST]:
        if id(tree) not in self.parents:
            self.parents[id(tree)] = _parents(tree)
        return self.parents[id(tree)]

    def attribute(self, name: str, depth: int) -> Optional[int]:
        """The number of reads of attribute ``name`` when each only creates or shows, else None."""
        if name in self.seen:
            return 0
        self.seen.add(name)
        count = 0
        for tree in self.trees(name):
            parents = self._parents_of(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and node.value == name:
                    return None  # getattr(settings, "temp_dir")
                if isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.ctx, ast.Load):
                    if not self.value(node, parents, depth):
                        return None
                    count += 1
        return count

    def value(self, node: ast.AST, parents: Dict[int, ast.AST], depth: int) -> bool:
        """One read of the value: it only creates or shows the folder, here or where it goes."""
        p = parents.get(id(node))
        if isinstance(p, (ast.FormattedValue, ast.JoinedStr)):
            return True
        if isinstance(p, ast.keyword):
            p, arg = parents.get(id(p)), p.arg
        else:
            arg = None
        if isinstance(p, ast.Call) and (node in p.args or arg is not None):
            name = _callee(p)
            if name in _MAKES or name in _SHOWN:
                self.uses.add(name)
                return True
            if name in _CONVERTS and len(p.args) == 1 and not p.keywords:
                return self.value(p, parents, depth)
            return False
        if isinstance(p, ast.Attribute) and p.value is node:
            call = parents.get(id(p))
            if p.attr in _MAKES and isinstance(call, ast.Call) and call.func is p:
                self.uses.add(p.attr)
                return True
            return False
        if depth <= 0:
            return False
        if isinstance(p, ast.arguments):  # a parameter's default: read the parameter in its function
            fn = parents.get(id(p))
            param = _param_of(p, node)
            return fn is not None and param is not None and self._name(fn, param, depth - 1)
        if isinstance(p, (ast.Assign, ast.AnnAssign)) and p.value is node:
            targets = p.targets if isinstance(p, ast.Assign) else [p.target]
            if len(targets) != 1:
                return False
            t = targets[0]
            if isinstance(t, ast.Name):
                fn = enclosing_function(p, parents)
                return fn is not None and self._name(fn, t.id, depth - 1)
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                return self.attribute(t.attr, depth - 1) is not None
        return False

    def _name(self, fn: ast.AST, name: str, depth: int) -> bool:
        parents = None
        for node in ast.walk(fn):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                if parents is None:
                    parents = _parents(fn)
                if not self.value(node, parents, depth):
                    return False
        return True


def _param_of(args: ast.arguments, default: ast.AST) -> Optional[str]:
    positional = [*args.posonlyargs, *args.args]
    for p, d in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        if d is default:
            return p.arg
    for p, d in zip(args.kwonlyargs, args.kw_defaults):
        if d is default:
            return p.arg
    return None


def made_only(tree: ast.AST, hits: List[Tuple[int, int]],
              others: Callable[[str], Iterable[ast.AST]]) -> Dict[Tuple[int, int], str]:
    """For B108 hits at (line, 0-based column) of ``tree``: the ones whose string is a settings
    field's default that every read in the scanned files only creates or shows (the reason).
    ``others(name)``: the other scanned files' trees whose text holds ``.name``."""
    parents = _parents(tree)
    at = {(n.lineno, n.col_offset): n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    out: Dict[Tuple[int, int], str] = {}
    for key in hits:
        node = at.get(key)
        name = _field_name(node, parents) if node is not None else None
        if name is None:
            continue
        reads = _Reads(lambda attr: [tree, *others(attr)])
        try:
            count = reads.attribute(name, _DEPTH)
        except _Unreadable:  # another file that may read it does not parse: the hit stays
            continue
        if count and reads.uses & _MAKES:
            out[key] = WHY.format(name=name, uses=", ".join(sorted(reads.uses & _MAKES)))
    return out


__all__ = ["WHY", "made_only"]
