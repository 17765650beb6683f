"""Tools registered in a loop over functions picked by a name prefix.

A module loader collects functions by name and registers those with a prefix::

    for name, func in inspect.getmembers(module, inspect.isfunction):   # or dir(m), vars(m),
        if not name.startswith("handle_"):                              # globals(), a dict a
            continue                                                    # loader built
        wrapped = make_wrapper(func)
        mcp.tool(name=name[len("handle_"):], annotations=annotations_for(...))(wrapped)

No name in the registration call says which functions these are: the loop's source is a
collection the analysis cannot list (the members of a module another object imported by name).
The prefix test can: every module-level function of the project whose name starts with the
prefix is registered by the loop (only the registering module's own with ``globals()``).

A test is read for its polarity: ``if not (isfunction(f) and name.startswith(P)): continue`` and
``if name.startswith(P): <register>`` require the prefix; ``if name.startswith("_"): continue``
excludes one and picks nothing. The registered value is the loop's function, ``getattr(m, name)``,
or either passed through a wrapper call (``make_wrapper(func)``), directly or through a local.

The tool's name: the function's, or with the prefix taken off when the ``name=`` argument is the
key with it removed (``name[len(P):]``, ``name.removeprefix(P)``, ``name.replace(P, "")``).
Annotations a module function picks from the tool name (``_annotations_for(tool_name)``: a table
of exact names, then a table of name prefixes, of ``ToolAnnotations(...)``) are read per tool.

Module side: :func:`note_loop` / :func:`end_loop` around a ``for`` body, :func:`note_registration`
at a registration call (``ModuleSummary.prefix_tools``). Linker side: :func:`prefix_tools`.
"""

from __future__ import annotations

import posixpath
from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst, later

CODE = later(lambda: cst.Module([]))

from .cstnodes import find_all, string_value, walk_stmts
from .positions import flat_body
from .tuplelists import binds

#: calls whose result lists a module's (or an object's) members by name
_MEMBER_SOURCES = frozenset({"getmembers", "dir", "vars"})
_OWN_MODULE = frozenset({"globals", "locals"})
_PASS_THROUGH = frozenset({"sorted", "list", "tuple", "reversed", "dict"})
_MIN_PREFIX = 3


class _Loop:
    __slots__ = ("key", "val", "prefixes", "scope", "body", "excluded")

    def __init__(self, key: str, val: Optional[str], prefixes: Set[str], scope: str, body):
        self.key, self.val, self.prefixes, self.scope, self.body = key, val, prefixes, scope, body
        #: (prefix, on the name without the loop's prefix) of names an unconditional skip leaves out
        self.excluded: Set[Tuple[str, bool]] = set()

    def assigned(self, name: str) -> List[cst.BaseExpression]:
        """The values the loop body assigns to ``name``."""
        return [s.value for s in walk_stmts(self.body) if isinstance(s, (cst.Assign, cst.AnnAssign))
                and s.value is not None and any(binds(t.target, name) for t in
                                                (s.targets if isinstance(s, cst.Assign) else [s]))]


def _source(it) -> Optional[str]:
    """``"own"`` for the module's own globals, ``"any"`` for members of something else, None for
    a source the analysis lists itself (a literal) or that lists no functions."""
    while isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value in _PASS_THROUGH \
            and it.args:
        it = it.args[0].value
    if not isinstance(it, cst.Call):
        return None
    f = it.func
    if isinstance(f, cst.Attribute) and f.attr.value in ("items", "keys"):
        base = f.value
        if isinstance(base, cst.Call) and isinstance(base.func, cst.Name) and base.func.value in _OWN_MODULE:
            return "own"
        if isinstance(base, (cst.Dict, cst.DictComp)):
            return None
        if isinstance(base, cst.Call) and isinstance(base.func, cst.Name) and base.func.value == "vars":
            return "any" if base.args else "own"
        return "any"  # a dict built elsewhere (a loader's collected functions), X.__dict__
    name = f.attr.value if isinstance(f, cst.Attribute) else f.value if isinstance(f, cst.Name) else None
    if name in _MEMBER_SOURCES:
        return "any" if it.args else "own"
    return "own" if name in _OWN_MODULE else None


def _starts(call, key: str, val: Optional[str]) -> Set[str]:
    """The prefixes of ``key.startswith(P)`` / ``val.__name__.startswith(P)``."""
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute) or \
            call.func.attr.value != "startswith" or not call.args:
        return set()
    recv = call.func.value
    on_key = isinstance(recv, cst.Name) and recv.value == key
    on_val = val is not None and isinstance(recv, cst.Attribute) and recv.attr.value == "__name__" and \
        isinstance(recv.value, cst.Name) and recv.value.value == val
    if not (on_key or on_val):
        return set()
    arg = call.args[0].value
    texts = [string_value(e.value) for e in arg.elements] if isinstance(arg, cst.Tuple) else [string_value(arg)]
    return {t for t in texts if t and len(t.strip("_")) >= _MIN_PREFIX - 1 and len(t) >= _MIN_PREFIX}


def _required(test, key: str, val: Optional[str], holds: bool) -> Set[str]:
    """Prefixes the key must start with for ``test`` to be ``holds``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _required(test.expression, key, val, not holds)
    if isinstance(test, cst.BooleanOperation):
        both = isinstance(test.operator, cst.And) == holds  # a and b true / not (a or b)
        if not both:
            return set()
        return _required(test.left, key, val, holds) | _required(test.right, key, val, holds)
    return _starts(test, key, val) if holds else set()


def _skips(body) -> bool:
    stmts = flat_body(body)
    return bool(stmts) and isinstance(stmts[-1], (cst.Continue, cst.Return))


def note_loop(fa, stmt: cst.For) -> None:
    """Push the prefix loop ``stmt`` is (or a placeholder): see :func:`end_loop`."""
    loops = fa.__dict__.setdefault("prefix_loops", [])
    loops.append(_loop_of(stmt))


def end_loop(fa) -> None:
    fa.__dict__["prefix_loops"].pop()


def _loop_of(stmt: cst.For) -> Optional[_Loop]:
    scope = _source(stmt.iter)
    if scope is None:
        return None
    t = stmt.target
    if isinstance(t, cst.Name):
        key, val = t.value, None
    elif isinstance(t, cst.Tuple) and len(t.elements) == 2 and \
            all(isinstance(e.value, cst.Name) for e in t.elements):
        key, val = t.elements[0].value.value, t.elements[1].value.value
    else:
        return None
    prefixes: Set[str] = set()
    for s in walk_stmts(flat_body(stmt.body)):
        if isinstance(s, cst.If):
            prefixes |= _required(s.test, key, val, not _skips(s.body))
    if not prefixes:
        return None
    lp = _Loop(key, val, prefixes, scope, flat_body(stmt.body))
    for s in walk_stmts(lp.body):
        if isinstance(s, cst.If) and _skips(s.body):  # if tool_name.startswith("tmpl_"): continue
            lp.excluded |= _excluding(s.test, lp)
    return lp


def _excluding(test, lp: _Loop) -> Set[Tuple[str, bool]]:
    """Prefixes whose names ``test`` is true for whatever else holds: ``x.startswith(Q)`` (or
    an ``or`` of such) on the key, or on a local the loop makes of the key without its prefix."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        return _excluding(test.left, lp) | _excluding(test.right, lp)
    if not isinstance(test, cst.Call) or not isinstance(test.func, cst.Attribute) or \
            test.func.attr.value != "startswith" or not isinstance(test.func.value, cst.Name):
        return set()
    name = test.func.value.value
    on_tool = name != lp.key and any(_naming(None, m, lp, p) == "strip" for m in lp.assigned(name)
                                     for p in lp.prefixes)
    if name != lp.key and not on_tool:
        return set()
    arg = test.args[0].value if test.args else None
    texts = [string_value(e.value) for e in arg.elements] if isinstance(arg, cst.Tuple) else [string_value(arg)]
    return {(t, on_tool) for t in texts if t}


def _is_loop_fn(fa, node, lp: _Loop, depth: int = 0) -> bool:
    """``node`` is the loop's function: the value variable, ``getattr(x, key)``, a wrapper call
    around either, or a local bound to one of these."""
    if depth > 3:
        return False
    if isinstance(node, cst.Name):
        if node.value == lp.val:
            return True
        if node.value == lp.key:
            return False
        made = lp.assigned(node.value)
        return bool(made) and all(_is_loop_fn(fa, m, lp, depth + 1) for m in made)
    if not isinstance(node, cst.Call):
        return False
    if isinstance(node.func, cst.Name) and node.func.value == "getattr" and len(node.args) >= 2:
        k = node.args[1].value
        return isinstance(k, cst.Name) and k.value == lp.key
    pos = [a.value for a in node.args if a.keyword is None and not a.star]
    return len(pos) == 1 and _is_loop_fn(fa, pos[0], lp, depth + 1)


def _naming(fa, name_node, lp: _Loop, prefix: str) -> str:
    """``"strip"`` when the tool's name is the key without the prefix, else ``"fn"``."""
    if isinstance(name_node, cst.Name) and name_node.value != lp.key:
        made = lp.assigned(name_node.value)
        name_node = made[0] if len(made) == 1 else None
    if isinstance(name_node, cst.Subscript) and isinstance(name_node.value, cst.Name) and \
            name_node.value.value == lp.key and len(name_node.slice) == 1 and \
            isinstance(name_node.slice[0].slice, cst.Slice) and name_node.slice[0].slice.lower is not None:
        return "strip"
    if isinstance(name_node, cst.Call) and isinstance(name_node.func, cst.Attribute) and \
            name_node.func.attr.value in ("removeprefix", "replace") and name_node.args and \
            string_value(name_node.args[0].value) == prefix:
        return "strip"
    return "fn"


def _module_defs(mod) -> Dict[str, cst.FunctionDef]:
    return {s.name.value: s for s in flat_body(mod.module) if isinstance(s, cst.FunctionDef)}


def _annotation_tables(fa, node) -> Optional[tuple]:
    """For the registration call around ``node`` with ``annotations=f(...)``, ``f`` a module-level
    function that looks the tool name up in module tables of annotations: ``(exact, prefixed)``,
    each a list of ``(key, annotations)``: exact names first (``if name in T: return T[name]``),
    then prefixes (``for p, a in P.items(): if name.startswith(p): return a``)."""
    reg = next((c for c in find_all(fa.stmt, cst.Call) if any(a.value is node for a in c.args)), None)
    if reg is None:
        return None
    kw = [a for c in (reg, reg.func) if isinstance(c, cst.Call) for a in c.args
          if a.keyword is not None and a.keyword.value == "annotations"]
    ann = kw[0].value if kw else None
    if not isinstance(ann, cst.Call) or not isinstance(ann.func, cst.Name):
        return None
    fn = _module_defs(fa.mod).get(ann.func.value)
    if fn is None:
        return None
    exact, prefixed = [], []
    for s in walk_stmts(flat_body(fn.body)):
        if isinstance(s, cst.For) and isinstance(s.iter, cst.Call) and isinstance(s.iter.func, cst.Attribute) and \
                s.iter.func.attr.value == "items" and isinstance(s.iter.func.value, cst.Name):
            prefixed += _table(fa.mod, s.iter.func.value.value)
        elif isinstance(s, cst.If) and isinstance(s.test, cst.Comparison) and len(s.test.comparisons) == 1 and \
                isinstance(s.test.comparisons[0].operator, cst.In) and \
                isinstance(s.test.comparisons[0].comparator, cst.Name):
            exact += _table(fa.mod, s.test.comparisons[0].comparator.value)
    return (exact, prefixed) if exact or prefixed else None


def _table(mod, name: str) -> List[Tuple[str, dict]]:
    node = mod.module_values.get(name)
    if not isinstance(node, cst.Dict):
        return []
    return [(string_value(e.key), mod._annotations(e.value)) for e in node.elements
            if isinstance(e, cst.DictElement) and string_value(e.key) is not None]


def _wrapper_names(fa, node, lp: _Loop) -> List[str]:
    """The names a wrapper the loop's function is passed through spells as string literals
    (``removable = {"conn", "tool_name"}``, ``inject["fs_config"] = ...``): parameters of the
    function that the wrapper takes out of the tool's signature and fills itself."""
    seen = 0
    while isinstance(node, cst.Name) and node.value != lp.val and seen < 4:
        made = {CODE.code_for_node(m): m for m in lp.assigned(node.value)}  # one value, in each branch
        node, seen = (next(iter(made.values())) if len(made) == 1 else None), seen + 1
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Name) or node.func.value == "getattr":
        return []
    scope = fa.fn if fa.fn is not None else fa.mod.module
    defs = [d for d in find_all(scope, cst.FunctionDef) if d.name.value == node.func.value] or \
        [d for d in flat_body(fa.mod.module) if isinstance(d, cst.FunctionDef) and d.name.value == node.func.value]
    if len(defs) != 1:
        return []
    texts = {string_value(n) for n in find_all(defs[0].body, cst.SimpleString)}
    return sorted(t for t in texts if t and t.isidentifier())


def note_registration(fa, node, meta: dict, name_node, pos) -> bool:
    """Record a registration of a prefix loop's function; True when it is one."""
    for lp in reversed(fa.__dict__.get("prefix_loops") or ()):
        if lp is None or not _is_loop_fn(fa, node, lp):
            continue
        tables = _annotation_tables(fa, node) if not meta.get("annotations") else None
        meta = dict(meta, injected=tuple(_wrapper_names(fa, node, lp)))
        for prefix in sorted(lp.prefixes):
            rec = (prefix, lp.scope, _naming(fa, name_node, lp, prefix), dict(meta), pos, tables,
                   tuple(sorted(lp.excluded)))
            if rec not in fa.mod.prefix_tools:
                fa.mod.prefix_tools.append(rec)
        return True
    return False


# -- linker side -------------------------------------------------------------------------
def _test_module(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return any(p in ("tests", "test") for p in parts[:-1]) or parts[-1].startswith("test_")


def drop_injected(linker, tool, meta: dict) -> None:
    """Take the parameters a registering wrapper fills itself off ``tool``: no caller sets them."""
    names = set(meta.get("injected") or ())
    if names:
        tool.parameters = [p for p in tool.parameters if p.name not in names]
        linker.__dict__.setdefault("injected_params", set()).update((tool.name, n) for n in names)


def injected(linker, tool, name: str) -> bool:
    return (tool.name, name) in linker.__dict__.get("injected_params", ())


def _package_root(linker, path: str) -> str:
    """The folder of the top package holding module ``path`` (its own folder outside a package)."""
    d = posixpath.dirname(path.replace("\\", "/"))
    while d and posixpath.join(posixpath.dirname(d), "__init__.py") in linker.modules:
        d = posixpath.dirname(d)
    return d


def prefix_tools(linker, path: str) -> List[Tuple[str, object, dict]]:
    """``(path, function, meta)`` of each tool the prefix loops of module ``path`` register: the
    functions of the registering module's own package tree (the loader imports its tools by name)."""
    mod = linker.modules[path]
    out = []
    for prefix, scope, naming, meta, _pos, tables, excluded in getattr(mod, "prefix_tools", ()):
        root = _package_root(linker, path)
        where = [path] if scope == "own" else [p for p in sorted(linker.modules)
                                               if not root or p.replace("\\", "/").startswith(root + "/")]
        for tpath in where:
            if _test_module(tpath) and not _test_module(path):
                continue
            for q, fn in sorted(linker.modules[tpath].functions.items()):
                if "." in q or fn.cls is not None or not q.startswith(prefix) or q == prefix:
                    continue
                if any((q[len(prefix):] if on_tool else q).startswith(x) for x, on_tool in excluded):
                    continue
                m = dict(meta)
                m["name"] = q[len(prefix):] if naming == "strip" else q
                if tables:
                    m["annotations"] = _picked(tables, m["name"])
                out.append((tpath, fn, m))
    return out


def _picked(tables: Optional[tuple], tool: str) -> Dict[str, object]:
    if not tables:
        return {}
    exact, prefixed = tables
    hit = next((a for k, a in exact if k == tool), None)
    if hit is None:
        hit = next((a for p, a in prefixed if tool.startswith(p)), None)
    return dict(hit or {})
