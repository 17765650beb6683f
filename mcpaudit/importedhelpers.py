"""The text of small helpers a module imports from another module of the project, for the deep
analysis of the importing module (which reads one module alone).

``cmd = ["kubectl"] + context_args(ctx) + ["get", name]`` where ``context_args`` is defined in
``config.py`` and returns ``["--context", ctx]`` or ``[]``: read in ``config.py`` alone, the
module that builds the argv cannot see that the helper adds an option and its value only
(:mod:`mcpaudit.analysis.optlists`). The first pass has every file's text and imports, so it can
hand the importing module the helper's source; the module then reads it as one of its own
functions, with the checks it applies to those (the shape of every ``return``).

Only candidates are handed on: a top-level ``def`` of the module the import names (absolute or
relative, at any depth of the importing file), at most :data:`_MAX_LINES` lines, whose text
returns something and holds a string starting with ``-`` (an option) or a replace chain that
doubles the backslash (a quote escaper, :mod:`mcpaudit.analysis.sqlescape`). They travel in the
module's bindings (:mod:`mcpaudit.starnames`) under :data:`KEY` ``+ local name`` (the summary's
cache key covers them); :func:`split` takes them out again.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Mapping, Optional, Sequence, Tuple

from .analysis.importedreturns import FIELDS, RETURNS, imported_return, returned_fields
from .analysis.libsubclass import LIBBASE, imported_library_class
from .analysis.receivergetters import METHODS, method_returns

#: the prefix of a binding that carries an imported helper's source (never a Python name)
KEY = "\x1fdef:"
#: after :data:`KEY`: the name of an imported helper that never returns (no source handed on)
NORETURN = "\x1fnoreturn:"
#: after :data:`KEY`: the name of an Enum class imported from another module of the project
ENUM = "\x1fenum:"
_MAX_LINES = 40
_OPTION = re.compile(r"""['"]--?[A-Za-z]""")
_RETURN = re.compile(r"\breturn\b")
#: a quote escaper's chain doubling the backslash (``value.replace("\\", "\\\\")``: sqlescape.py)
#: a relative ``from .mod import a, b`` (or a parenthesised list over lines)
_FROM_IMPORT = re.compile(r"^from\s+(\.+[\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)", re.M)
_ESCAPER = re.compile(r"""\.replace\(\s*(['"])\\\\\1\s*,""")


def _last_name(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.rsplit(".", 1)[-1]
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _annotated_noreturn(ann, names) -> bool:
    """``-> NoReturn`` / ``-> Never`` (``typing.NoReturn``, ``"NoReturn"``; the catalog's
    ``noreturn-annotations``)."""
    return _last_name(ann) in names


def _candidates(text: str) -> Dict[str, str]:
    """The module's top-level functions that are candidates (see the module's docstring), by
    name: their source; under :data:`ENUM` + name its Enum classes; and, under :data:`NORETURN` + name, those annotated ``-> NoReturn``
    (a ``raise_tool_error(response)`` helper: a call of it ends the caller's branch as ``raise``
    does, whatever its length)."""
    from .catalog import catalog

    M = catalog().python
    if not _OPTION.search(text) and not _ESCAPER.search(text) and \
            not any(n in text for n in (*M.noreturn_annotations, *M.enum_bases)):
        return {}
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return {}
    lines = text.splitlines()
    out: Dict[str, str] = {}
    for fn in tree.body:
        if isinstance(fn, ast.ClassDef) and fn.bases:
            if any(_last_name(b) in M.enum_bases for b in fn.bases):
                out.setdefault(ENUM + fn.name, "")  # ErrorCode.AUTH_INVALID_TOKEN: a member's name
            continue
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and _annotated_noreturn(fn.returns, M.noreturn_annotations):
            out.setdefault(NORETURN + fn.name, "")  # raise_tool_error(...) -> NoReturn: ends a branch
            continue
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.end_lineno is None \
                or fn.end_lineno - fn.lineno >= _MAX_LINES:
            continue
        src = "\n".join(lines[fn.lineno - 1:fn.end_lineno]) + "\n"
        if (_OPTION.search(src) or _ESCAPER.search(src)) and _RETURN.search(src):
            out.setdefault(fn.name, src)
    return out


def with_helpers(found: Dict[str, Dict[str, str]], digests: Sequence, texts: Mapping[str, str],
                 package: str = "") -> Dict[str, Dict[str, str]]:
    """``found`` (module -> bindings) with, for every candidate module, the source of each
    helper it imports by name from another module of ``texts`` (see the module's docstring)."""
    from .analysis.inter import Linker

    linker = Linker({p: None for p in texts})  # type: ignore[dict-item]
    linker.index_package(package)
    memo: Dict[str, Dict[str, str]] = {}
    libs: Dict[Tuple[str, str, str], Optional[str]] = {}
    trees: Dict[str, Optional[ast.Module]] = {}
    out = {k: dict(v) for k, v in found.items()}
    for d in digests:
        if not d.candidate:
            continue
        for local, target in d.imports:
            head, _, attr = linker.absolute(d.path, target).rpartition(".")
            mpath = linker.index.get(head) if head and attr else None
            if mpath is not None and mpath in texts and f"def {attr}" not in texts[mpath] \
                    and f"class {attr}" not in texts[mpath]:
                mpath = _reexported(linker, mpath, attr, texts)  # a package's __init__: from .notebook import X
            if mpath is None or mpath == d.path or mpath not in texts or \
                    (f"def {attr}" not in texts[mpath] and f"class {attr}" not in texts[mpath]):
                continue
            if mpath not in memo:
                memo[mpath] = _candidates(texts[mpath])
            src = memo[mpath].get(attr)
            if src is not None:
                out.setdefault(d.path, {})[KEY + local] = src
            elif NORETURN + attr in memo[mpath]:
                out.setdefault(d.path, {})[KEY + NORETURN + local] = ""
            elif ENUM + attr in memo[mpath]:
                out.setdefault(d.path, {})[KEY + ENUM + local] = ""
            else:
                lib = _library_value(texts[mpath], mpath, attr, trees, libs)
                if lib is not None:
                    out.setdefault(d.path, {})[KEY + lib[0] + local] = lib[1]  # type: ignore[assignment]
    return out


def _library_value(text: str, mpath: str, attr: str, trees: Dict[str, Optional[ast.Module]],
                   libs: Dict[Tuple[str, str, str], Optional[str]]) -> Optional[Tuple[str, str]]:
    """(binding prefix, value) for ``attr`` of module ``mpath``: a function returning a modelled
    library object (``RETURNS``: importedreturns.py), else a class deriving from a modelled library
    class (``LIBBASE``: libsubclass.py), or None. A def and a class of the name are each looked up
    (``def FooFactory`` is no def of ``Foo``); the module is parsed once."""
    for kind, prefix, judge in (("def", RETURNS, imported_return), ("def", FIELDS, returned_fields),
                                ("class", LIBBASE, imported_library_class), ("class", METHODS, method_returns)):
        if not re.search(rf"\b{kind} {re.escape(attr)}\b\s*[(:]", text):
            continue
        if (prefix, mpath, attr) not in libs:
            tree = _library_tree(text, mpath, trees)
            libs[(prefix, mpath, attr)] = judge(tree, attr, _ctors()) if tree is not None else None
        if libs[(prefix, mpath, attr)] is not None:
            return prefix, libs[(prefix, mpath, attr)]  # type: ignore[return-value]
    return None


def _reexported(linker, mpath: str, attr: str, texts: Mapping[str, str]) -> Optional[str]:
    """The module a package's ``__init__`` (or any module) takes ``attr`` from by a relative
    ``from .notebook import attr`` (one hop), when that module is the project's; else None."""
    m = next((m for m in _FROM_IMPORT.finditer(texts[mpath]) if re.search(rf"\b{re.escape(attr)}\b", m.group(2))), None)
    if m is None:
        return None
    target = linker.absolute(mpath, m.group(1) + ("" if m.group(1).endswith(".") else ".") + attr)
    head = target.rpartition(".")[0]
    return linker.index.get(head)


def _ctors():
    from .catalog import catalog

    py = catalog().python  # and the MCP server classes: a factory's server (factoryservers.py)
    names = py.__dict__.get("_returned_classes")
    if names is None:
        names = py.__dict__["_returned_classes"] = py.receiver_constructors | frozenset(py.surface.server_classes)
    return names


def _library_tree(text: str, mpath: str, trees: Dict[str, Optional[ast.Module]]) -> Optional[ast.Module]:
    """The parsed module (once per module), when its text names the last word of a modelled
    library class."""
    if mpath not in trees:
        tree = None
        if any(c.rsplit(".", 1)[-1] in text for c in _ctors()):
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
                tree = None
        trees[mpath] = tree
    return trees[mpath]


def bindings_and_helpers(digests: Sequence, texts: Mapping[str, str], package: str = ""):
    """(``digests`` with their star-import bindings, the bindings with the imported helpers):
    :func:`mcpaudit.starnames.with_bindings`, then :func:`with_helpers`."""
    from .starnames import with_bindings

    digests, found = with_bindings(digests, package)
    return digests, with_helpers(found, digests, texts, package)


def enum_names(helpers: Mapping[str, str]) -> frozenset:
    """The local names of Enum classes imported from another module of the project (in
    :func:`split`'s helpers): their members are names (``ErrorCode.AUTH_INVALID_TOKEN``)."""
    return frozenset(k[len(ENUM):] for k in helpers if k.startswith(ENUM))


def noreturn_names(helpers: Mapping[str, str]) -> frozenset:
    """The local names of imported helpers annotated ``-> NoReturn`` (in :func:`split`'s helpers)."""
    return frozenset(k[len(NORETURN):] for k in helpers if k.startswith(NORETURN))


def split(extra: Optional[Mapping[str, str]]) -> Tuple[Dict[str, str], Dict[str, str]]:
    """(the bindings that are names, local name -> imported helper source; a helper annotated
    ``-> NoReturn`` under :data:`NORETURN` + local name, see :func:`noreturn_names`)."""
    names: Dict[str, str] = {}
    helpers: Dict[str, str] = {}
    for k, v in (extra or {}).items():
        if k.startswith(KEY):
            helpers[k[len(KEY):]] = v
        else:
            names[k] = v
    return names, helpers


__all__ = ["ENUM", "KEY", "NORETURN", "bindings_and_helpers", "enum_names", "noreturn_names", "split", "with_helpers"]
