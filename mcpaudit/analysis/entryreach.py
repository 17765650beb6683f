"""Reachability from a Python server's entry points: the modules and top-level functions nothing
an entry point runs can reach (a stale copy of a dispatcher, a module left beside the live one, an
old version of the server kept in the tree, a helper nothing calls).

The entry points are what starts the server's code: the packaging files' entry points (``module:
function`` in ``pyproject.toml`` scripts and entry points, ``setup.py``/``setup.cfg``
``console_scripts``; the same spelling in any deployment file or document: ``uvicorn pkg.app:app``),
every ``__main__.py``, every module with an ``if __name__ == "__main__":`` block, every module a
deployment file or document names (``python src/tool.py``, ``python -m pkg.tool``), what a host
application loads by its place or name (a top-level package's ``__init__.py``: a plugin or add-on
folder; the catalog's ``reach.host-files`` and ``reach.host-functions``), and what the
MCP surface analysis found: the modules (and the functions around the sites) that register tools,
resources, prompts or low-level handlers, serve HTTP or configure authentication.

From them: a module's own code runs when the module is reached (its class bodies, so every method,
and its decorators); what reached code imports (every package on the way, ``from x import name``
the module or the function ``name`` of ``x``, ``import *`` every function of ``x``) is reached; a
name reached code reads is its module's function of that name, or the function its import binds;
an attribute (``mod.name``) or a string (``getattr(m, "name")``, ``__all__``,
``importlib.import_module("pkg.mod")``) reaches every function and module of that name; code that
loads modules by a computed name (the catalog's ``reach.loaders``) reaches every module under its
folder, and code that lists a namespace (``globals()``, ``getmembers``) every function of its
module and of the modules it imports. A module ``ast`` could not parse reaches every name its text
spells. All of it reads the ``ast`` trees the first pass made (:mod:`mcpaudit.firstpass`); only a
file whose first-pass digest came from the cache (no tree in this run) is parsed here.

Only where the verdict is sure: when no entry point resolves, nothing is unreached (a library, or a
layout not understood). The findings a scan reports in unreached code (at their location) go
to the audit view with the reason (:func:`lower_unreached`). A top-level function of a reached
module that nothing reached names is judged only when the project shows it stale (unreached code
names it, or another module keeps a reached function of that name): one nothing names at all may be
a library's API. Kept in the default view: the findings of the catalog's
``reach.kept-rules`` (a credential committed to the repository leaks whether it runs or not).
"""

from __future__ import annotations

import ast
import re
import threading
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from .._gc import paused, refreeze
from ..regexgate import gated
from ..models import Confidence
from ..sources import is_test_path
from .modnames import _package_of, absolute_from, module_names, root_dotted

_PACKAGING = ("pyproject.toml", "setup.py", "setup.cfg")
#: ``module:function`` as an entry point, a web server's app or a script line spells it
_SPEC = re.compile(r"(?<![\w./-])([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)\b")
_FILE = gated(re.compile(r"([\w-]+)\.py\b"))  # over whole files: only where ".py" occurs (regexgate)
_DASH_M = re.compile(r"-m\s+([A-Za-z_][\w.]*)")
_DOTTED = re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b")
_WORD = re.compile(r"[A-Za-z_]\w*")
_INTROSPECT = frozenset({"globals", "vars", "locals", "dir", "getmembers", "__dict__"})

Span = Tuple[str, int, int]  # function name, first line (decorators included), last line


@dataclass
class Reach:
    """What no entry point reaches, and how the entry points were found (for the reason)."""

    entries: Tuple[str, ...]
    dead_modules: FrozenSet[str] = frozenset()
    dead_functions: Dict[str, Tuple[Span, ...]] = field(default_factory=dict)

    def where(self, path: str, line: int) -> Optional[str]:
        """Why ``path:line`` is unreached, or None when an entry point may reach it."""
        name = next((n for n, a, b in self.dead_functions.get(path, ()) if a <= line <= b), None)
        if path in self.dead_modules:
            what = f"{path} is imported or named by nothing an entry point runs"
            if name is None:
                return what
            return f"in {name}(), which nothing in the project calls, imports or registers on a path from an entry point: {what}"
        if name is not None:
            return (f"in {name}(), which nothing in the project calls, imports or registers on a path from an "
                    "entry point (nothing that code reaches names it)")
        return None

    def shown_entries(self) -> str:
        more = len(self.entries) - 3
        return "; ".join(self.entries[:3]) + (f" and {more} more" if more > 0 else "")


@dataclass
class _Unit:
    """What one unit of code (a module's own code, or one top-level function) reads."""

    names: Set[str] = field(default_factory=set)
    attrs: Set[str] = field(default_factory=set)
    strings: Set[str] = field(default_factory=set)
    imports: List[Tuple[str, Tuple[str, ...]]] = field(default_factory=list)  # (dotted, names; ("*",) star)
    loads: bool = False  # loads a module by a computed name
    lists: bool = False  # lists a namespace (globals(), getmembers)


@dataclass
class _Module:
    path: str
    defs: Dict[str, Span] = field(default_factory=dict)  # top-level functions
    decorated: Set[str] = field(default_factory=set)
    binds: Dict[str, Tuple[str, str]] = field(default_factory=dict)  # local name -> (module, name)
    units: Dict[str, _Unit] = field(default_factory=dict)  # "" = the module's own code
    main_block: bool = False


_SKIP_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})  # leaves that name nothing


def _walk(top: ast.AST) -> Iterable[ast.AST]:
    """Every node under ``top`` in source order (pre-order), without the context and operator
    leaves that ``ast.walk`` also yields (a third of a tree's nodes, none of them a name)."""
    stack = [top]
    while stack:
        n = stack.pop()
        yield n
        children: List[ast.AST] = []
        for f in n._fields:
            if f in _SKIP_FIELDS:
                continue
            v = getattr(n, f, None)
            if type(v) is list:
                children.extend(x for x in v if isinstance(x, ast.AST))
            elif isinstance(v, ast.AST):
                children.append(v)
        stack.extend(reversed(children))


def _read_unit(nodes: Iterable[ast.AST], path: str, loaders: FrozenSet[str],
               aliases: Optional[Dict[str, Tuple[str, str]]] = None) -> _Unit:
    """What ``nodes`` read; ``from x import a as b`` aliases go into ``aliases`` (b -> (x, a))."""
    u = _Unit()
    for top in nodes:
        for n in _walk(top):
            t = type(n)
            if t is ast.Name:
                u.names.add(n.id)
                if n.id in _INTROSPECT:
                    u.lists = True
            elif t is ast.Attribute:
                u.attrs.add(n.attr)
                if n.attr in _INTROSPECT:
                    u.lists = True
            elif t is ast.Constant and isinstance(n.value, str) and len(n.value) < 200:
                u.strings.add(n.value)
            elif t is ast.Import:
                u.imports.extend((a.name, ()) for a in n.names)
            elif t is ast.ImportFrom:
                base = _absolute(path, "." * (n.level or 0) + (n.module or ""))
                u.imports.append((base, tuple(a.name for a in n.names)))
                if aliases is not None:
                    aliases.update((a.asname, (base, a.name)) for a in n.names if a.asname and a.name != "*")
            elif t is ast.Call and not u.loads:
                callee = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
                if callee in loaders and n.args and not isinstance(n.args[0], ast.Constant):
                    u.loads = True
    return u


def _absolute(path: str, dotted: str) -> str:
    """``dotted`` made absolute from the module at ``path`` (the linker's way)."""
    return absolute_from(_package_of(path), dotted)


def _is_main_test(node: ast.AST) -> bool:
    """``if __name__ == "__main__":`` (either side)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare) or len(node.test.comparators) != 1:
        return False
    sides = [node.test.left, node.test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def _read_module(path: str, tree: ast.Module, loaders: FrozenSet[str]) -> _Module:
    m = _Module(path)
    own: List[ast.AST] = []
    aliases: Dict[str, Tuple[str, str]] = {}  # import aliases bind other names
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            m.defs[node.name] = (node.name, first, node.end_lineno or node.lineno)
            if node.decorator_list:
                m.decorated.add(node.name)
            a = node.args
            own.extend([*node.decorator_list, *a.defaults, *(d for d in a.kw_defaults if d is not None)])
            m.units[node.name] = _read_unit([*node.body, a], path, loaders, aliases)
        else:
            own.append(node)
            m.main_block = m.main_block or _is_main_test(node)
    m.units[""] = _read_unit(own, path, loaders, aliases)
    for u in m.units.values():
        for dotted, names in u.imports:
            for n in names:
                if n != "*":
                    m.binds.setdefault(n, (dotted, n))
    m.binds.update(aliases)
    return m


class _Walk:
    """The reachability walk over the modules' units."""

    def __init__(self, modules: Dict[str, _Module], package: str = ""):
        self.modules = modules
        self.named: Dict[str, List[str]] = {}  # dotted name (every suffix) -> modules
        self.files: Dict[str, List[str]] = {}  # file name (x.py) -> modules
        self.defining: Dict[str, List[str]] = {}  # function name -> modules defining it at top level
        for path in sorted(modules, key=lambda p: (p.count("/"), p)):
            for name in module_names(path):
                self.named.setdefault(name, []).append(path)
            if package and path.endswith(".py"):  # the name the scan root is imported under (modnames.root_dotted)
                full = module_names(path)
                self.named.setdefault(f"{package}.{full[0]}" if full else package, []).append(path)
            self.files.setdefault(path.rsplit("/", 1)[-1], []).append(path)
            for fn in modules[path].defs:
                self.defining.setdefault(fn, []).append(path)
        self.modules_reached: Set[str] = set()
        self.functions_reached: Set[Tuple[str, str]] = set()
        self.todo: List[Tuple[str, str]] = []

    def module(self, path: str) -> None:
        if path in self.modules and path not in self.modules_reached:
            self.modules_reached.add(path)
            self.todo.append((path, ""))
            for fn in self.modules[path].decorated:
                self.function(path, fn)

    def function(self, path: str, name: str) -> None:
        if path in self.modules and name in self.modules[path].defs and (path, name) not in self.functions_reached:
            self.functions_reached.add((path, name))
            self.todo.append((path, name))
            self.module(path)  # importing a function runs its module

    def dotted(self, dotted: str) -> None:
        """An import of ``dotted``: every package on the way and the module itself."""
        for prefix in accumulate(dotted.split("."), lambda a, b: f"{a}.{b}"):
            for q in self.named.get(prefix, ()):
                self.module(q)

    def word(self, text: str) -> None:
        """A string or a word of a text that may name a module or a function."""
        head, _, tail = text.partition(":")
        if head in self.named:
            self.dotted(head)  # (a dotted name imports every package on the way)
            for q in self.named[head] if tail else ():
                self.function(q, tail)
        for q in self.files.get(text.rsplit("/", 1)[-1], ()) if text.endswith(".py") else ():
            self.module(q)
        for q in self.defining.get(text, ()):
            self.function(q, text)

    def run(self) -> None:
        while self.todo:
            path, name = self.todo.pop()
            m = self.modules[path]
            self.unit(m, m.units[name])

    def unit(self, m: _Module, u: _Unit) -> None:
        for dotted, names in u.imports:
            if dotted:
                self.dotted(dotted)
            for n in names:
                full = f"{dotted}.{n}" if dotted else n
                if n == "*":
                    for q in self.named.get(dotted, ()):
                        for fn in self.modules[q].defs:
                            self.function(q, fn)
                    continue
                for q in self.named.get(full, ()):
                    self.module(q)
                for q in self.named.get(dotted, ()) if dotted else ():
                    self.function(q, n)
        for n in u.names:
            if n in m.defs:
                self.function(m.path, n)
            elif n in m.binds:
                dotted, name = m.binds[n]
                for q in self.named.get(dotted, ()):
                    self.function(q, name)
                for q in self.named.get(f"{dotted}.{name}" if dotted else name, ()):
                    self.module(q)
        for a in u.attrs:
            for q in self.defining.get(a, ()):
                self.function(q, a)
        for s in u.strings:
            self.word(s)
        if u.loads:  # modules loaded by a computed name: every module under the loader's folder
            folder = m.path.rsplit("/", 1)[0] + "/" if "/" in m.path else ""
            for q in self.modules:
                if q.startswith(folder):
                    self.module(q)
        if u.lists:  # a namespace listed: every function of the module and of what it imports
            targets = [m.path] + [q for d, _ns in u.imports for q in self.named.get(d, ())]
            for q in targets:
                for fn in self.modules[q].defs:
                    self.function(q, fn)


def _packaging_texts(root: Path, paths: Iterable[str]) -> List[Tuple[str, str]]:
    """(root-relative path, text) of the packaging files in the scan's root and in every folder
    above a scanned module."""
    folders = {""}
    for p in paths:
        parts = p.split("/")[:-1]
        folders.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    out = []
    for folder in sorted(folders):
        for name in _PACKAGING:
            f = root / folder / name
            if f.is_file():
                try:
                    out.append((f"{folder}/{name}" if folder else name, f.read_text(encoding="utf-8", errors="replace")[:400_000]))
                except OSError:
                    continue
    return out


#: what one packaging file, deployment file or document names: its path, its ``module:function``
#: specs, ``x.py`` file stems, ``-m`` modules and dotted names, each in the order of the text
Named = Tuple[str, List[Tuple[str, str]], List[str], List[str], List[str]]


def _scan_names(texts: Iterable[Tuple[str, str]]) -> List[Named]:
    """The names each of ``texts`` spells (the regular expressions of :func:`_named_entries`,
    which need no walk: :class:`ReadAhead` runs them early)."""
    return [(rel, [(m.group(1), m.group(2)) for m in _SPEC.finditer(text)], [m.group(1) for m in _FILE.finditer(text)],
             [m.group(1) for m in _DASH_M.finditer(text)], [m.group(0) for m in _DOTTED.finditer(text)])
            for rel, text in texts]


def _named_texts(root: Path, paths: Iterable[str]) -> List[Named]:
    """What the packaging files above the modules at ``paths``, and the deployment files and
    documents of ``root``, name."""
    return _scan_names([*_packaging_texts(root, paths), *_config_texts(root)])


def _named_entries(w: _Walk, named: Iterable[Named], entries: List[str]) -> None:
    """Entry points the packaging files, deployment files and documents name: ``module:function``
    specs, ``x.py`` file names, ``-m pkg.mod`` and dotted module names."""
    for rel, specs, stems, dash_m, dotted in named:
        hits: List[str] = []
        for module, function in specs:
            if module in w.named:
                hits.append(f"{module}:{function}")
                for q in w.named[module]:
                    w.module(q)
                    w.function(q, function)
        for found_in, names in ((w.files, stems), (w.named, dash_m)):
            for name in names:
                if name.startswith("__"):
                    continue  # __init__.py, __main__.py: no module in particular
                for q in found_in.get(name + ".py" if found_in is w.files else name, ()):
                    if q not in w.modules_reached:
                        hits.append(q)
                    w.module(q)
        for name in dotted:
            for q in w.named.get(name, ()):
                if q not in w.modules_reached:
                    hits.append(q)
                w.module(q)
        if hits:
            entries.append(f"{rel} names {', '.join(sorted(set(hits))[:3])}")


def _host_entries(w: _Walk, conf: Dict, entries: List[str]) -> None:
    """What a host application or an installer loads by its place or its name: a top-level
    package's ``__init__.py`` (a plugin or add-on folder, or the package its users import), the
    files a host loads by name (``InitGui.py``) and the modules defining a function a host calls
    (``PLUGIN_ENTRY``): the catalog's ``reach.host-files`` and ``reach.host-functions``."""
    files = frozenset(conf.get("host-files", ()))
    functions = frozenset(conf.get("host-functions", ()))
    for path, m in sorted(w.modules.items()):
        folder, _, name = path.rpartition("/")
        parent = folder.rpartition("/")[0]
        top = name == "__init__.py" and f"{parent}/__init__.py".lstrip("/") not in w.modules
        hosted = sorted(functions & set(m.defs))
        if top or name in files or hosted:
            entries.append(f"{path} is loaded by its place or name" + (f" ({hosted[0]})" if hosted else ""))
            w.module(path)
            for fn in hosted:
                w.function(path, fn)


def _enclosing(m: _Module, line: int) -> Optional[str]:
    return next((n for n, a, b in m.defs.values() if a <= line <= b), None)


def _loaders() -> FrozenSet[str]:
    from ..catalog import catalog

    return frozenset(catalog().python.surface.reach.get("loaders", ()))


def _readable(path: str, tree: object) -> bool:
    return isinstance(tree, ast.Module) and path.endswith(".py") and not is_test_path(path)


class ReadAhead:
    """What each module's code reads (:func:`_read_module`, most of :func:`reach`'s CPU: two
    thirds of a second on the generated 100k-line corpus), read from the first pass's trees on a
    thread of its own while the deep analysis runs in worker processes and this process waits,
    instead of on the link step's serial tail; and the names the packaging files, deployment
    files and documents spell (their regular expressions: 0.35 s on the awslabs slice, whose
    ``api_metadata.json`` alone is 1.4 MB). :func:`reach` takes a module's entry only for the same
    tree object (a module read from a tree parsed again, or without an entry, is read there), and
    the names only when its modules are the same (a file without a tree parsed there changes the
    packaging files above them)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._thread: Optional[threading.Thread] = None
        self._modules: Dict[str, Tuple[ast.AST, _Module]] = {}
        self._named: Optional[Tuple[FrozenSet[str], List[Named]]] = None  # for these module paths
        self._stop = False

    def hook(self, then=None):
        """An ``on_first_pass(texts, trees)`` that starts the reading, then calls ``then``."""

        def on_first_pass(texts: Dict[str, str], trees: Dict[str, object]) -> None:
            self.start(trees)
            if then is not None:
                then(texts, trees)

        return on_first_pass

    def start(self, trees: Dict[str, object]) -> None:
        if self._thread is not None or not trees:
            return
        loaders = _loaders()  # the catalog, on the caller's thread
        jobs = [(p, t) for p, t in sorted(trees.items()) if _readable(p, t)]

        def work() -> None:
            with paused():
                for path, tree in jobs:
                    if self._stop:
                        return
                    self._modules[path] = (tree, _read_module(path, tree, loaders))
                paths = [p for p, _t in jobs]
                self._named = (frozenset(paths), _named_texts(self.root, paths))
            refreeze()  # kept until the link step, as the trees they come from


        self._thread = threading.Thread(target=work, name="reach-read-ahead", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop reading (the link step will not run)."""
        self._stop = True

    def named(self, root: Path, paths: Iterable[str]) -> Optional[List["Named"]]:
        """What the texts around the modules at ``paths`` name (:func:`_named_texts`), when they
        were read for the same root and modules; else None."""
        self.result()
        if self._named is None or root != self.root or self._named[0] != frozenset(paths):
            return None
        return self._named[1]

    def result(self) -> Dict[str, Tuple[ast.AST, "_Module"]]:
        """The modules read, by path, each with its tree (waits for the thread)."""
        if self._thread is not None:
            self._thread.join()
        return self._modules


def reach(trees: Dict[str, ast.AST], texts: Dict[str, str], root: Path, tools=(), sites=(),
          ahead: Optional[ReadAhead] = None) -> Optional[Reach]:
    """What no entry point of the project reaches (module docstring), from the first pass's
    ``ast`` trees (path -> tree), the Python files' ``texts`` (a file without a tree reaches every
    name its text spells), the MCP handlers ``tools`` and the surface's ``sites`` (HTTP serving
    and authentication records, each with ``path`` and ``pos``). None when no entry point resolves.
    ``ahead``: the modules read already from these trees (:class:`ReadAhead`)."""
    from ..catalog import catalog

    conf = catalog().python.surface.reach
    loaders = _loaders()
    done = ahead.result() if ahead is not None else {}
    trees = dict(trees)
    for p in texts:  # a file whose first-pass digest came from the cache has no tree in this run
        if p.endswith(".py") and p not in trees and not is_test_path(p) and len(texts[p]) < (1 << 20):
            try:
                trees[p] = ast.parse(texts[p])
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
    modules = {p: done[p][1] if p in done and done[p][0] is t else _read_module(p, t, loaders)
               for p, t in trees.items() if _readable(p, t)}
    unparsed = [p for p in texts if p.endswith(".py") and p not in modules and not is_test_path(p)]
    if not modules:
        return None
    w = _Walk(modules, root_dotted(root))
    entries: List[str] = []
    for path, m in sorted(modules.items()):
        if path.rsplit("/", 1)[-1] == "__main__.py" or m.main_block:
            entries.append(f"{path} runs as a program" + (" (__main__)" if m.main_block else ""))
            w.module(path)
    _host_entries(w, conf, entries)
    registered: Dict[str, None] = {}
    for path, line, fn in [*((t.location.path, t.location.line, t.function) for t in tools),
                           *((s.get("path", ""), (s.get("pos") or (0,))[0], "") for s in sites)]:
        m = modules.get(path)
        if m is None:
            continue
        registered.setdefault(path)
        w.module(path)
        for name in (_enclosing(m, line), fn.split(".")[0]):
            if name:
                w.function(path, name)
    entries += [f"{p} registers MCP handlers or serves them" for p in registered]
    named = ahead.named(root, modules) if ahead is not None else None
    _named_entries(w, named if named is not None else _named_texts(root, modules), entries)
    if not entries:
        return None  # no entry point resolves: nothing is judged
    for path in unparsed:  # read without a tree: every name its text spells
        for word in set(_WORD.findall(texts[path])):
            w.word(word)
    w.run()
    dead = frozenset(p for p in modules if p not in w.modules_reached)
    # a function of a reached module nothing reached names is judged only when the project shows
    # it stale: unreached code names it, or another module keeps a reached function of that name
    # (a lone function nothing names may be a library's API, called by its users)
    named: Dict[str, Set[Tuple[str, str]]] = {}  # name -> the units naming it
    for p, m in modules.items():
        for un, u in m.units.items():
            for n in (*u.names, *u.attrs, *u.strings, *(n for _d, ns in u.imports for n in ns)):
                named.setdefault(n, set()).add((p, un))
    live = {n for _p, n in w.functions_reached}
    funcs = {p: tuple(span for n, span in sorted(m.defs.items()) if (p, n) not in w.functions_reached
                      and (p in dead or n in live or named.get(n, set()) - {(p, n)}))
             for p, m in modules.items()}
    return Reach(tuple(entries), dead, {p: s for p, s in funcs.items() if s})


def _config_texts(root: Path) -> List[Tuple[str, str]]:
    from .ts.orphans import config_texts

    return list(config_texts(root))


def lower_unreached(findings, reach_: Optional[Reach]) -> None:
    """Findings that are no tool's whose location lies in code no entry point reaches: to the
    audit view, with the reason (the catalog's ``reach.kept-rules`` stay). The location is where
    the hazard happens (the sink, the log call): code that never runs never does it, wherever the
    value it would use comes from (a secret read by a live helper the dead code calls). A tool's
    finding is never judged: its handler is an entry point."""
    if reach_ is None or (not reach_.dead_modules and not reach_.dead_functions):
        return
    from ..catalog import catalog

    kept = frozenset(catalog().python.surface.reach.get("kept-rules", ()))
    for f in findings:
        if f.tool or f.confidence <= Confidence.LOW or f.rule_id in kept or not f.location.path.endswith(".py") \
                or f.properties.get("code"):
            continue  # (test, example or tooling code is out of the default view already)
        why = reach_.where(f.location.path, f.location.line)
        if why is None:
            continue
        f.confidence = Confidence.LOW
        f.message += (f"; not reachable from any entry point of the server: {why} (entry points: "
                      f"{reach_.shown_entries()}; audit view)")


__all__ = ["ReadAhead", "Reach", "lower_unreached", "reach"]
