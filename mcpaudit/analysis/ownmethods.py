"""A method matched by name whose receiver is most likely an object of the project's own class.

A query row with a ``typed-receiver`` (``.fetch()`` of asyncpg and ``databases``) names a method,
not an object. When the code shows neither the receiver's library type nor a project class
(``entry.session.fetch(url)`` with ``session: Any`` in a record), the row applies by name alone.
A project that defines its own public ``fetch(self, url, ...)`` in a class (a browser session's
page load), whose first parameter is not the row's query text, calls that method when either the
project imports none of the libraries of the row's class (no database driver anywhere in its
modules) or the call's keywords are parameters of that own method, one at least no driver's
method of the name takes (``fetch(url, wait=..., page_action=...)``): the linker drops such a sink
(:class:`OwnMethods`). A receiver named like the row's objects (``conn``, ``db``, ``pool``,
``cursor``: the class's ``type-pattern``) stays a sink, and so does a call whose keywords a driver
takes too in a project that imports one of the class's libraries, and every call of a name whose
own method takes the query.

Module side: :func:`mark_receiver` records on each sink a method row just made the row's
``unless_library`` package (receivertypes.py) and ``unless_own_method`` name.
"""

from __future__ import annotations

import ast

import re
from typing import Dict, FrozenSet, List, Optional

from .receivertypes import library_type, unless_library

#: a first parameter by these words takes the query text (a project's own query wrapper)
_QUERY_WORDS = re.compile(r"(?i)sql|query|stmt|statement|cypher|operation|command|expr")
#: keywords the drivers' methods of these names take (asyncpg, databases, DB-API, SQLAlchemy)
_DRIVER_KEYWORDS = frozenset({"timeout", "record_class", "values", "parameters", "params", "args", "column",
                              "prepare", "size", "execution_options", "bind_arguments", "query", "sql"})

#: the parameters of an own method that takes ``**kwargs``: every keyword
ANY_KEYWORD: FrozenSet[str] = frozenset({"**"})


def mark_receiver(fa, model, recv_node, method: str, new_sinks, call) -> None:
    """Mark the sinks ``model`` just recorded for the receiver ``recv_node``: another library's
    object (``unless_library``), or possibly the project's own method (``unless_own_method``)."""
    if not model.typed_receiver or recv_node is None or not new_sinks:
        return
    rc = fa.M.receivers[model.typed_receiver]
    lib = unless_library(fa, rc, recv_node)
    own = _own_candidate(fa, rc, recv_node, method) if lib is None and model.kind == "query" else None
    keywords = [a.keyword.value for a in getattr(call, "args", ()) if a.keyword is not None]
    for sink in new_sinks:
        if lib:
            sink.unless_library = lib  # another library's object, unless the package is ours
        elif own:
            sink.unless_own_method = (own, tuple(sorted(rc.type_modules)), tuple(sorted(keywords)))


def _own_candidate(fa, rc, recv_node, method: str) -> Optional[str]:
    """``method`` when the receiver's type is unknown and its text does not name the row's class."""
    if library_type(fa, recv_node) is not None:
        return None
    text = fa.mod.dotted(recv_node) or ""
    last = text.rsplit(".", 1)[-1]
    if not text or (rc.type_pattern and rc.type_pattern.search(last)):
        return None  # conn.fetch(q), self.db.fetch(q), pool.fetch(q): the row's receivers by name
    return method


class OwnMethods:
    """Linker side: a name-matched sink on a receiver of unknown type is the project's own method
    when the project defines one by that name not taking query text and uses no library of the
    row's class."""

    def not_a_sink(self, path, fn, sink) -> bool:
        marked = getattr(sink, "unless_own_method", None)
        if marked and self._own_method_rules(str(path), *marked):
            return True
        return super().not_a_sink(path, fn, sink)  # type: ignore[misc]

    def _own_method_rules(self, path: str, method: str, libs, keywords) -> bool:
        home = _source_root(self, path)
        own = _own_public_methods(self, home).get(method)
        if not own:
            return False
        kws = frozenset(keywords)
        if kws - _DRIVER_KEYWORDS and any(params is ANY_KEYWORD or kws <= params for params in own):
            return True  # fetch(url, wait=..., page_action=...): the own method's keywords
        memo: Dict[tuple, bool] = self.__dict__.setdefault("_own_methods_libs", {})
        key = (home, frozenset(libs))
        if key not in memo:
            memo[key] = _imports_any(self, key[1], home)
        return not memo[key]


def _sources(linker) -> Dict[str, object]:
    """path -> its ``ast`` tree for every Python file of the scan (``linker.all_paths``, set by
    link()): the first pass's tree when it read the file, else the file read again with ``ast``
    (a re-scan whose unchanged files came from the cache has no tree for them), so the result
    is the same in every mode; the analysed modules' summaries when link() named no files."""
    memo = linker.__dict__.get("_own_sources")
    if memo is None:
        paths = [str(p) for p in (getattr(linker, "all_paths", None) or ()) if str(p).endswith(".py")]
        if not paths:
            memo = dict(linker.modules)
        else:
            from .issuedhandles import _tree
            memo = {p: _LazyTree(linker, p, _tree) for p in paths}
        linker.__dict__["_own_sources"] = memo
    return memo


class _LazyTree:
    """A file's ``ast`` tree, read when first asked for (only the files of a source root that
    has a marked sink are ever read)."""

    __slots__ = ("linker", "path", "read", "_tree")

    def __init__(self, linker, path, read):
        self.linker, self.path, self.read, self._tree = linker, path, read, False

    def get(self):
        if self._tree is False:
            self._tree = self.read(self.linker, self.path)
        return self._tree


def _source_root(linker, path: str) -> str:
    """The directory holding the top-level package of ``path`` (the first folder up from it
    without an ``__init__.py`` among the project's files): one project of a tree of several
    (a monorepo's servers, the fixtures), whose own classes are the ones its calls can reach."""
    memo: Dict[str, str] = linker.__dict__.setdefault("_own_roots", {})
    if path not in memo:
        inits = linker.__dict__.get("_own_inits")
        if inits is None:
            inits = linker.__dict__["_own_inits"] = {
                p.replace("\\", "/").rpartition("/")[0] for p in map(str, _sources(linker))
                if p.replace("\\", "/").rpartition("/")[2] == "__init__.py"}
        d = path.replace("\\", "/").rpartition("/")[0]
        while d and d in inits:
            d = d.rpartition("/")[0]
        memo[path] = d
    return memo[path]


def _is_modules(linker, sources) -> bool:
    """Whether ``sources`` are the analysed modules' summaries (no file list given)."""
    return not sources or not isinstance(next(iter(sources.values())), _LazyTree)


def _in_root(linker, path, home: str) -> bool:
    return _source_root(linker, str(path)) == home


def _own_public_methods(linker, home: str) -> Dict[str, List[FrozenSet[str]]]:
    """The public class methods of the project under source root ``home`` whose first parameter
    after ``self`` is not query text (and that take one at all): name -> the parameter names of
    each. A name of which some own method takes query text is left out."""
    memos = linker.__dict__.setdefault("_own_public", {})
    memo = memos.get(home)
    if memo is None:
        found: Dict[str, List[FrozenSet[str]]] = {}
        query = set()
        for name, first, params, spread in _class_methods(linker, home):
            if _QUERY_WORDS.search(first):
                query.add(name)
            found.setdefault(name, []).append(ANY_KEYWORD if spread else params)
        memo = memos[home] = {k: v for k, v in found.items() if k not in query}
    return memo


def _class_methods(linker, home: str):
    """(name, first parameter, parameter names, takes ``**kwargs``) of each public method of a
    module-level class under source root ``home`` that takes a positional parameter after
    ``self``."""
    sources = _sources(linker)
    if not _is_modules(linker, sources):
        for path, lazy in sources.items():
            if not _in_root(linker, path, home):
                continue
            for cls in getattr(lazy.get(), "body", ()):
                if not isinstance(cls, ast.ClassDef):
                    continue
                for fn in cls.body:
                    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name.startswith("_"):
                        continue
                    pos = [a.arg for a in fn.args.posonlyargs + fn.args.args if a.arg not in ("self", "cls")]
                    if not pos:
                        continue
                    names = frozenset(pos + [a.arg for a in fn.args.kwonlyargs])
                    yield fn.name, pos[0], names, fn.args.kwarg is not None
        return
    for path, mod in linker.modules.items():
        if not _in_root(linker, path, home):
            continue
        for fn in mod.functions.values():
            if not fn.cls or fn.qualname != f"{fn.cls}.{fn.name}" or fn.name.startswith("_"):
                continue
            params = [p for p in fn.params if p.kind in ("pos", "kwonly") and p.name not in ("self", "cls")]
            if not params or params[0].kind != "pos":
                continue
            yield fn.name, params[0].name, frozenset(p.name for p in params), any(p.kind == "kwarg" for p in fn.params)


def _imports_any(linker, libs: FrozenSet[str], home: str) -> bool:
    """Whether a module of the project under source root ``home`` imports one of ``libs``
    (dotted, or a module inside one): every file's first-pass tree, or the analysed modules when
    no trees were given."""
    def hit(v: str) -> bool:
        return bool(v) and not v.startswith(".") and any(v == lib or v.startswith(lib + ".") for lib in libs)

    sources = _sources(linker)
    if not _is_modules(linker, sources):
        for path, lazy in sources.items():
            if not _in_root(linker, path, home):
                continue
            tree = lazy.get()
            for node in ast.walk(tree) if isinstance(tree, ast.AST) else ():
                if isinstance(node, ast.Import) and any(hit(a.name) for a in node.names):
                    return True
                if isinstance(node, ast.ImportFrom) and not node.level and node.module and (
                        hit(node.module) or any(hit(f"{node.module}.{a.name}") for a in node.names)):
                    return True
        return False
    for path, mod in linker.modules.items():
        if not _in_root(linker, path, home):
            continue
        for v in (getattr(mod, "imports", None) or {}).values():
            if v and hit(v):
                return True
    return False
