"""The project's class hierarchy as the linker sees it: which project class a dotted name in a
module means, a class's subclasses and ancestors, and the concrete overrides of a method (a call
on a base class may land in any of them)."""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from .flagfields import flag_off
from .modnames import module_names
from .pathreturns import returns_path
from .progreturns import runs_program
from ..catalog import catalog
from .summary import FuncSummary

#: a protocol implemented by more project classes than this is dispatched to none of them
_MAX_IMPLEMENTERS = 3


class Hierarchy:
    """Mixed into :class:`~mcpaudit.analysis.inter.Linker` (which holds ``modules``, ``index``,
    ``absolute`` and the ``_subclasses`` memo)."""

    def class_ref(self, path: str, dotted: str, depth: int = 0) -> Optional[Tuple[str, str]]:
        """(module path, class name) of a project class named ``dotted`` in module ``path``."""
        mod = self.modules.get(path)
        if mod is None or depth > 4:
            return None
        if dotted in mod.class_bases:
            return (path, dotted)
        split = self.module_prefix(path, dotted)
        if split is None:
            return self._package_class(path, dotted)
        mpath, parts, cut = split
        attr = ".".join(parts[cut:])
        tmod = self.modules[mpath]
        if attr in tmod.class_bases:
            return (mpath, attr)
        head = parts[cut]
        if head in tmod.imports and mpath != path:  # re-exported by a package
            return self.class_ref(mpath, ".".join([tmod.imports[head], *parts[cut + 1:]]), depth + 1)
        return self._package_class(path, dotted)

    def _package_class(self, path: str, dotted: str) -> Optional[Tuple[str, str]]:
        """``pkg.mixins.BackupMixin`` where ``pkg/mixins/__init__.py`` only re-exports its modules'
        classes (a file with nothing else the analysis keeps, so no module of the link): the one
        module directly in that package that defines the class."""
        pkg, _, name = self.absolute(path, dotted).rpartition(".")
        if not pkg or not name[:1].isupper():
            return None
        hits = self._package_classes().get(pkg, {}).get(name, ())
        return (next(iter(hits)), name) if len(hits) == 1 else None

    def package_member(self, path: str, target: str) -> Optional[Tuple[str, str]]:
        """(module path, ``Class`` or ``Class.method``) for a call target through a class that a
        package ``__init__`` only re-exports (no module of the link): ``pkg.core.Scraper.fetch`` of
        ``from pkg.core import Scraper`` (a ``with Scraper() as s`` binding, ``s = Scraper()``)."""
        ref = self._package_class(path, target)
        if ref is not None:
            return ref
        head, _, method = target.rpartition(".")
        ref = self._package_class(path, head) if head and method else None
        return (ref[0], f"{ref[1]}.{method}") if ref is not None else None

    def _package_classes(self) -> Dict[str, Dict[str, Set[str]]]:
        """package -> class name -> the paths of the modules directly in that package that define
        it, from the module index (built once per linker; :meth:`index_package` forgets it)."""
        memo = self.__dict__.get("_pkg_classes")
        if memo is None:
            memo = self.__dict__["_pkg_classes"] = {}
            for key, p in self.index.items():
                pkg = key.rpartition(".")[0]
                if not pkg:
                    continue
                for name in getattr(self.modules.get(p), "class_bases", {}) or {}:
                    memo.setdefault(pkg, {}).setdefault(name, set()).add(p)
        return memo

    def index_package(self, name: str) -> None:
        """The scanned folder is itself a package (``src/pkg`` scanned alone): its modules are also
        imported by absolute names under its own name (``from pkg.ssh import f`` in ``pkg/server.py``)."""
        if not name or not all(x.isidentifier() for x in name.split(".")):
            return
        for path in sorted(self.modules, key=lambda p: (p.count("/"), p)):
            if path.endswith(".py"):  # its full name only (pkg/a/b.py: name.pkg.a.b, never name.b); the root's
                names = module_names(path)  # own __init__.py is the package itself
                self.index.setdefault(f"{name}.{names[0]}" if names else name, path)
        self._prefixes = {}  # the index grew: answers made before it are forgotten
        self.__dict__.pop("_pkg_classes", None)

    def module_prefix(self, path: str, dotted: str) -> Optional[Tuple[str, Tuple[str, ...], int]]:
        """The longest proper prefix of ``dotted`` (made absolute in module ``path``) that names a
        module of the project: (that module's path, the dotted parts, the prefix's length in
        parts); None when no prefix does. Memoised per linker (the link asks the same names
        again for every instantiation; the module index only grows in :meth:`index_package`,
        which forgets the answers)."""
        memo = self.__dict__.setdefault("_prefixes", {})
        key = (path, dotted)
        if key in memo:
            return memo[key]
        parts = tuple(self.absolute(path, dotted).split("."))
        found = None
        for cut in range(len(parts) - 1, 0, -1):
            mpath = self.index.get(".".join(parts[:cut]))
            if mpath is not None:
                found = (mpath, parts, cut)
                break
        memo[key] = found
        return found

    @staticmethod
    def _made_by(mod, target: str) -> Optional[str]:
        """``NAME.method`` where ``NAME`` is an object that module makes at its level (the class or
        factory's ``.method``), or ``factory.method`` of a module function whose return annotation
        names a class (that class's ``.method``); None otherwise."""
        head, _, rest = target.partition(".")
        if not rest or "." in rest:
            return None
        made = mod.module_types.get(head)
        if made is None:
            fn = mod.functions.get(head)
            made = fn.return_type if fn is not None and fn.cls is None else None
        made = made.replace("()", "") if made else None
        return f"{made}.{rest}" if made and made != head else None

    def attr_target(self, mpath: str, parts: Sequence[str], cut: int) -> Optional[Tuple[str, str]]:
        """(module, ``Class.method``) for ``Class.attr.method`` of a class in module ``mpath``:
        ``method`` of the class that ``Class``'s methods assign to ``self.attr`` (a constructor
        call, a project-typed parameter), dotted as that module imports it; None when not known.
        Also a chain of such attributes, from a class or from a function's annotated result
        (``get_runtime.reads.files.run``: ``get_runtime() -> Runtime``, ``Runtime.reads:
        ReadServices``, ...): the last class's ``method``, dotted in the module that declares the
        last attribute."""
        if len(parts) == cut + 3:
            types = getattr(self.modules[mpath], "attr_types", {}).get(parts[cut], {})
            t = types.get("self." + parts[cut + 1]) or getattr(self.modules[mpath], "object_attr_types", {}).get(
                f"{parts[cut]}.{parts[cut + 1]}")  # pkg.server.mcp.client.run: mcp.client = Client() there
            if t:
                return mpath, f"{t.replace('()', '')}.{parts[-1]}"
        return self._chain(mpath, parts, cut) if len(parts) >= cut + 3 else None

    def _chain(self, mpath: str, parts: Sequence[str], cut: int) -> Optional[Tuple[str, str]]:
        """(module, ``Class.method``) at the end of an attribute chain (see :meth:`attr_target`)."""
        tmod = self.modules[mpath]
        head = parts[cut]
        fn = tmod.functions.get(head)
        cls = (fn.return_type or "") if fn is not None and fn.cls is None else (
            head if head in tmod.class_bases else tmod.module_types.get(head, ""))  # RUNTIME = Runtime()
        cls = cls.replace("()", "")
        path = mpath
        for attr in parts[cut + 1:-1]:
            ref = self.class_ref(path, cls) if cls else None
            if ref is None:
                return None
            cls = ""
            for cpath, cname in [ref, *self.ancestors(*ref)]:
                t = getattr(self.modules[cpath], "attr_types", {}).get(cname, {}).get("self." + attr)
                if t:
                    path, cls = cpath, t.replace("()", "")
                    break
        return (path, f"{cls}.{parts[-1]}") if cls else None

    def own_or_inherited(self, mpath: str, attr: str) -> Optional[Tuple[str, FuncSummary, bool]]:
        """(path, function, is_method) of ``attr`` in module ``mpath``: a function or ``Class.method``
        of the module, or, for a class of the module that does not define the method, the nearest
        project base class that does (``KubernetesAdvancedService.backup_namespace`` defined by a
        mixin it inherits, the mixin imported through a package ``__init__`` re-export)."""
        fn = self.modules[mpath].functions.get(attr)
        if fn is not None:
            return (mpath, fn, "." in attr)
        cls, _, name = attr.partition(".")
        if not name or "." in name or cls not in (getattr(self.modules[mpath], "class_bases", {}) or {}):
            return None
        for bpath, bcls in self.ancestors(mpath, cls):
            fn = self.modules[bpath].functions.get(f"{bcls}.{name}")
            if fn is not None:
                return (bpath, fn, True)
        return None

    def subclasses(self) -> Dict[Tuple[str, str], List[Tuple[str, str]]]:
        """Every project class's direct subclasses in the project."""
        if self._subclasses is None:
            out: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
            for path in sorted(self.modules):
                for cls, bases in getattr(self.modules[path], "class_bases", {}).items():
                    for base in bases:
                        ref = self.class_ref(path, base)
                        if ref is not None and ref != (path, cls):
                            out.setdefault(ref, []).append((path, cls))
            self._subclasses = out
        return self._subclasses

    def ancestors(self, path: str, cls: str) -> List[Tuple[str, str]]:
        """The project base classes of ``cls``, nearest first."""
        out: List[Tuple[str, str]] = []
        todo = [(path, cls)]
        while todo and len(out) < 50:
            p, c = todo.pop(0)
            mod = self.modules.get(p)
            for base in (getattr(mod, "class_bases", {}) or {}).get(c, ()):
                ref = self.class_ref(p, base)
                if ref is not None and ref not in out and ref != (path, cls):
                    out.append(ref)
                    todo.append(ref)
        return out

    def overrides(self, path: str, cls: str, name: str) -> List[Tuple[str, FuncSummary]]:
        """The concrete ``name`` methods of the subclasses of ``cls`` (at any depth)."""
        out: List[Tuple[str, FuncSummary]] = []
        seen = {(path, cls)}
        todo = list(self.subclasses().get((path, cls), ()))
        while todo and len(seen) < 200:
            ref = todo.pop(0)
            if ref in seen:
                continue
            seen.add(ref)
            fn = self.modules[ref[0]].functions.get(f"{ref[1]}.{name}")
            if fn is not None and not fn.abstract:
                out.append((ref[0], fn))
            todo.extend(self.subclasses().get(ref, ()))
        return out

    def implementers(self, path: str, cls: str, name: str) -> List[Tuple[str, FuncSummary]]:
        """The ``name`` methods of the project classes that implement protocol ``cls`` (a
        ``typing.Protocol``, which they need not subclass) by defining every method it declares,
        when there are few (``_MAX_IMPLEMENTERS``): a call through an attribute typed with the
        protocol lands in one of them, as interface dispatch does."""
        bases = (getattr(self.modules.get(path), "class_bases", {}) or {}).get(cls, ())
        if not any(b.split("[")[0].split(".")[-1] == "Protocol" for b in bases):
            return []
        methods = self._class_methods()
        wanted = methods.get((path, cls), frozenset())
        out: List[Tuple[str, FuncSummary]] = []
        for (p, c), have in sorted(methods.items()):
            if (p, c) == (path, cls) or not wanted <= have:
                continue
            fn = self.modules[p].functions.get(f"{c}.{name}")
            if fn is None or fn.abstract:
                continue
            if len(out) == _MAX_IMPLEMENTERS:
                return []  # an interface many classes implement: no one of them is the call's
            out.append((p, fn))
        return out

    def _class_methods(self) -> Dict[Tuple[str, str], FrozenSet[str]]:
        """(module path, class) -> the names of the methods it defines, public ones only. Memoised."""
        memo = self.__dict__.get("_methods_of")
        if memo is None:
            found: Dict[Tuple[str, str], Set[str]] = {}
            for path, mod in self.modules.items():
                for fn in mod.functions.values():
                    if fn.cls and fn.qualname == f"{fn.cls}.{fn.name}" and not fn.name.startswith("_"):
                        found.setdefault((path, fn.cls), set()).add(fn.name)
            memo = self.__dict__["_methods_of"] = {k: frozenset(v) for k, v in found.items()}
        return memo

    def not_a_sink(self, path: str, fn: FuncSummary, sink) -> bool:
        """A sink matched by a method's name whose receiver turned out to be project code
        (``unless_target``), or an object of a package that is not the project's: a library the
        models do not know, so not one of the receivers the row names (``unless_library``)."""
        if sink.unless_target and self.resolve_all(path, fn, sink.unless_target):
            return True
        need = getattr(sink, "needs_import", None)
        if need and not self.imports_library(need):
            return True  # an object of that library's shape in a project that does not use it
        if getattr(sink, "shell_field", None) and flag_off(self, path, sink.shell_field) != sink.shell_off:
            return True  # shell=<a field>: the reading the project's values rule out (flagfields.py)
        later = getattr(sink, "pathlike_from", ())
        if later and not returns_path(self, path, fn, later):
            return True  # .unlink() on a helper's result not annotated as a path (pathreturns.py)
        prog = getattr(sink, "program_from", ())
        if prog and runs_program(self, path, fn, prog, catalog().python.script_programs) is None:
            return True  # a written file run by what a helper returns, which is no interpreter
        lib = getattr(sink, "unless_library", None)
        return bool(lib) and lib not in self.index

    def imports_library(self, lib: str) -> bool:
        """Whether some module of the project imports ``lib`` (or a module inside it). Memoised."""
        memo = self.__dict__.setdefault("_imported_libs", {})
        if lib not in memo:
            memo[lib] = any(v == lib or v.startswith(lib + "/")
                            for m in self.modules.values() for v in (getattr(m, "imports", None) or {}).values())
        return memo[lib]
