"""Project factories that return an object of one of several classes, and the method calls made
on what they return:

    def get_converter() -> RemoteConverter | LocalConverter:     # a union annotation
        ...
        return LocalConverter()                                    # or the constructors returned

    def get_importer(fmt):
        table = {"md": MarkdownImporter, "jex": JexImporter}       # a class chosen from a table
        cls = table.get(fmt)
        return cls(options) if cls else GenericImporter(options)

    converter = get_converter(); converter.convert(source)        # lands in either class's convert

Module side: :func:`collect` records, for each module-level function, the classes it may return
(``FuncSummary.return_classes``). Link side: :class:`FactoryReturns` adds, to the targets of a
method call on such a function's result (``CallRec.receiver_calls``), that method of each class.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import find_all

#: annotation names that are no class a method can be called on
_NOT_CLASSES = frozenset({"str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "Any",
                          "None", "Dict", "List", "Tuple", "Set", "Optional", "Union", "object"})
_MAX = 8  # more classes than this: a registry of everything, not a factory's choice


def collect(mod, body) -> Dict[str, Tuple[str, ...]]:
    """Module-level function -> the classes it may return (dotted as the module, or the function's
    own imports, name them), when more than one or when its annotation names none."""
    out: Dict[str, Tuple[str, ...]] = {}
    for stmt in body:
        if not isinstance(stmt, cst.FunctionDef):
            continue
        # one walk of the body for the three kinds of statement read below (each kind in source order)
        nodes = find_all(stmt.body, (cst.ImportFrom, cst.Assign, cst.Return))
        names = _local_imports(nodes)
        found: List[str] = []
        for node in _union_members(stmt.returns.annotation) if stmt.returns is not None else ():
            _add(found, _class_name(mod, names, node))
        if not found:
            for cls in _returned(mod, names, nodes):
                _add(found, cls)
        if found and len(found) <= _MAX and (len(found) > 1 or stmt.name.value not in mod.return_types):
            out[stmt.name.value] = tuple(found)
    return out


def _add(found: List[str], cls: Optional[str]) -> None:
    if cls and cls not in found:
        found.append(cls)


def _union_members(node) -> List[cst.BaseExpression]:
    """``A | B``, ``Union[A, B]``, ``Optional[A]``: the members (``None`` included)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    if isinstance(node, cst.Subscript) and isinstance(node.value, (cst.Name, cst.Attribute)):
        last = node.value.value if isinstance(node.value, cst.Name) else node.value.attr.value
        if last in ("Union", "Optional"):
            return [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
    if isinstance(node, cst.SimpleString):  # "A | B" as a string annotation
        try:
            return _union_members(cst.parse_expression(node.evaluated_value))
        except Exception:
            return []
    return [node] if isinstance(node, (cst.Name, cst.Attribute)) else []


def _local_imports(nodes) -> Dict[str, str]:
    """Names a function imports in its own body (lazy imports; ``nodes``: its body's statements
    of the kinds :func:`collect` finds): local name -> dotted target."""
    out: Dict[str, str] = {}
    for imp in nodes:
        if type(imp) is not cst.ImportFrom or isinstance(imp.names, cst.ImportStar):
            continue
        base = "." * len(imp.relative) + (cst.Module([]).code_for_node(imp.module) if imp.module else "")
        for alias in imp.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else None
            if name is None:
                continue
            local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
            out[local] = f"{base}.{name}" if base and not base.endswith(".") else f"{base}{name}"
    return out


def _class_name(mod, local: Dict[str, str], node) -> Optional[str]:
    """The dotted class a name stands for, when it looks like a class (a capitalised last part)."""
    if isinstance(node, cst.Name) and node.value in local:
        d = local[node.value]
    elif isinstance(node, (cst.Name, cst.Attribute)):
        d = mod.dotted(node)
    else:
        return None
    last = (d or "").split(".")[-1]
    if not d or "(" in d or last in _NOT_CLASSES or not last[:1].isupper():
        return None
    return d


def _returned(mod, local: Dict[str, str], nodes) -> List[str]:
    """The classes a function's return statements build (``nodes``: its body's statements of the
    kinds :func:`collect` finds): ``return C(...)``, ``return v`` where ``v = C(...)``, and
    ``return v(...)`` where ``v`` is taken from a dict literal of classes."""
    assigned: Dict[str, List[cst.BaseExpression]] = {}
    for a in nodes:
        if type(a) is cst.Assign and len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name):
            assigned.setdefault(a.targets[0].target.value, []).append(a.value)
    out: List[str] = []
    for ret in nodes:
        if type(ret) is not cst.Return:
            continue
        for value in _alternatives(ret.value):
            for cls in _built(mod, local, assigned, value, set()):
                _add(out, cls)
    return out


def _alternatives(node) -> List[cst.BaseExpression]:
    if isinstance(node, cst.IfExp):
        return _alternatives(node.body) + _alternatives(node.orelse)
    return [node] if node is not None else []


def _built(mod, local, assigned, node, seen: Set[str]) -> List[str]:
    """The classes an expression's value is an instance of, where it says."""
    if isinstance(node, cst.Name) and node.value in assigned and node.value not in seen:
        seen = seen | {node.value}
        return [c for v in assigned[node.value] for alt in _alternatives(v)
                for c in _built(mod, local, assigned, alt, seen)]
    if not isinstance(node, cst.Call):
        return []
    func = node.func
    if isinstance(func, cst.Name) and func.value in assigned and func.value not in local:
        return [c for v in assigned[func.value] for c in _table_classes(mod, local, assigned, v)]
    cls = _class_name(mod, local, func)
    return [cls] if cls else []


def _table_classes(mod, local, assigned, node) -> List[str]:
    """``table.get(key)`` / ``table[key]`` where ``table`` is a dict literal of classes."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        node = node.func.value
    elif isinstance(node, cst.Subscript):
        node = node.value
    else:
        return []
    if isinstance(node, cst.Name):
        tables = assigned.get(node.value) or ([mod.module_values[node.value]] if node.value in mod.module_values else [])
        node = tables[0] if len(tables) == 1 else None
    if not isinstance(node, cst.Dict):
        return []
    out: List[str] = []
    for el in node.elements:
        if isinstance(el, cst.DictElement):
            _add(out, _class_name(mod, local, el.value))
    return out


def library_return(mod, fn: cst.FunctionDef) -> Optional[str]:
    """The library class an unannotated function returns when every return builds one of the
    models' receiver constructors (``ssh = paramiko.SSHClient(); ssh.connect(...); return ssh``):
    its callers' results are that library's objects, so the receiver models apply to a client a
    project helper made (``ssh = connect_ssh(host); ssh.exec_command(cmd)``)."""
    nodes = find_all(fn.body, (cst.ImportFrom, cst.Assign, cst.Return))
    rets = [n for n in nodes if type(n) is cst.Return]
    if not rets:
        return None
    local = _local_imports(nodes)
    assigned: Dict[str, List[cst.BaseExpression]] = {}
    for a in nodes:
        if type(a) is cst.Assign and len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name):
            assigned.setdefault(a.targets[0].target.value, []).append(a.value)
    found = {c for r in rets for alt in _alternatives(r.value) for c in _built(mod, local, assigned, alt, set())}
    if len(found) != 1 or any(not _built(mod, local, assigned, alt, set()) for r in rets for alt in _alternatives(r.value)):
        return None
    cls = found.pop()
    known = any(cls in r.constructors for r in mod.M.receivers.values())
    return cls if known else None


class FactoryReturns:
    """Mixed into the Python linker: a method called on a factory's result lands in that method
    of each class the factory may return."""

    def resolve_in(self, path: str, fn, rec, env) -> list:
        hits = super().resolve_in(path, fn, rec, env)
        recv = getattr(rec, "receiver_calls", ())
        if not recv or "." not in rec.target or rec.target.startswith("self."):
            return hits
        method = rec.target.rsplit(".", 1)[1]
        seen = {(h[0], h[1].qualname) for h in hits}
        for idx in recv:
            made = fn.calls.get(idx)
            hit = self.resolve(path, fn, made.target) if made is not None else None
            classes = getattr(hit[1], "return_classes", ()) if hit is not None else ()
            for cls in classes:
                got = self.resolve(hit[0], None, f"{cls}.{method}")
                if got is not None and (got[0], got[1].qualname) not in seen:
                    seen.add((got[0], got[1].qualname))
                    hits = [*hits, got]
        return hits


__all__ = ["FactoryReturns", "collect", "library_return"]
