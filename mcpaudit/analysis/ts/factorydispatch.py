"""What a call on a factory's result can land on, when the factory can return more than one thing.

A module picked at run time: ``getApi()`` returns ``import("./react.js").then((m) => m.api)`` in
one branch and ``import("./vue.js").then((m) => m.api)`` in another (a framework or a back end
chosen by configuration); ``const api = await getApi(); api.getBlock(name)`` then calls
``getBlock`` of each of those exports (:func:`picked_export` reads each return). One such export
is kept as any one result a factory has (``types["getApi()"]``, returntypes.py); several are kept
on the function's module as ``types["getApi()|"]`` (joined by ``|``) and expanded by the
linker's ``resolve_all`` (:func:`factory_targets`).

(Dispatching a call on a base-class-typed factory result to every subclass was tried for
``getResourceClient(): ResourceClient``; merged, the subclasses' flows turned one subclass's
as-is reads (a capability) into findings and added sinks of the other subclasses that cannot
climb: left for per-alternative flows, see benchmarks/precision/README.md, ts26b.)
"""

from __future__ import annotations

from typing import List, Optional

from . import nodes as N

#: the key suffix under which a function's several possible results are kept
SEVERAL = "()|"
_IMPORT_THEN = ("then",)


def picked_export(fa, node) -> Optional[str]:
    """``import("./x.js").then((m) => m.name)`` or ``(await import("./x.js")).name``: the export
    ``<module>#name`` it gives (``default`` for ``m.default``); None for anything else."""
    u = N.unwrap(node)
    if u is None:
        return None
    if u.type == "member_expression":  # (await import("./x.js")).name
        obj = N.unwrap(u.child_by_field_id(fa.F.object))  # unwrap strips the await
        spec = _import_spec(fa, obj)
        prop = u.child_by_field_id(fa.F.property)
        return f"{fa.mod.canonical(spec)}{N.text(fa.data, prop)}" if spec and prop is not None else None
    if u.type != "call_expression":
        return None
    fn = u.child_by_field_id(fa.F.function)
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_id(fa.F.property)
    spec = _import_spec(fa, fn.child_by_field_id(fa.F.object))
    args = N.args_of(u)
    if not spec or prop is None or N.text(fa.data, prop) not in _IMPORT_THEN or len(args) != 1:
        return None
    name = _picked_name(fa, N.unwrap(args[0]))
    return f"{fa.mod.canonical(spec)}{name}" if name else None


def _import_spec(fa, node) -> Optional[str]:
    """The project module a dynamic ``import("./x.js")`` loads (a relative constant specifier)."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression":
        return None
    fn = u.child_by_field_id(fa.F.function)
    args = N.args_of(u)
    if fn is None or fn.type != "import" or len(args) != 1:
        return None
    spec = N.string_value(fa.data, args[0])
    return spec if spec and spec.startswith(".") else None


def _picked_name(fa, fn) -> Optional[str]:
    """``(m) => m.name``: the property of its one parameter the callback returns."""
    if fn is None or fn.type not in N.FUNCTIONS:
        return None
    param = fn.child_by_field_name("parameter")
    if param is None:
        params = fn.child_by_field_name("parameters")
        named = [p for p in params.named_children if p.type != "comment"] if params is not None else []
        param = named[0].child_by_field_name("pattern") if len(named) == 1 else None
    body = N.unwrap(fn.child_by_field_name("body"))
    if param is None or param.type != "identifier" or body is None or body.type != "member_expression":
        return None
    obj, prop = N.unwrap(body.child_by_field_id(fa.F.object)), body.child_by_field_id(fa.F.property)
    if obj is None or obj.type != "identifier" or N.text(fa.data, obj) != N.text(fa.data, param) or prop is None:
        return None
    return N.text(fa.data, prop)


def record_several(mod, qual: str, found) -> None:
    """Keep a function's several possible results (project classes or exports)."""
    refs = sorted(t for t in found if t)
    if len(refs) > 1 and len(refs) == len(found):
        mod.types[qual + SEVERAL] = "|".join(refs)


def factory_targets(linker, path: str, caller, target: str) -> Optional[List[tuple]]:
    """Every function a call ``<factory>.<method>`` (``picker#getApi.getBlock``) can land on when
    the factory can return several things; None otherwise (the linker's single resolution stands)."""
    head, sep, rest = target.partition(".")
    if not sep or not rest or "[" in head:
        return None
    # (module, name) of the function (mod#getApi, a local, an import): the linker's own walk
    where = linker._where(path, head) if "#" in head or path in linker.modules else None
    several = linker.modules[where[0]].types.get(where[1] + SEVERAL) if where is not None else None
    if not several:
        return None
    out = [hit for ref in several.split("|") if (hit := linker.resolve(where[0], None, f"{ref}.{rest}")) is not None]
    return out or None

