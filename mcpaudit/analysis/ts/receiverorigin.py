"""Where a receiver matched by its name comes from, when the code shows it.

A method row whose receiver class is recognised by a name pattern (sqlite's statement methods
``get``/``all``/``run``/``exec`` on a handle named ``db``) names a method shared with many other
libraries: nano's ``couch.db.get(name)`` and ``couch.use(name).get(id)`` are key lookups of a
CouchDB client whose handles are named like databases. When the code shows which library built
the receiver - a constructor or factory of an imported package (``nano(url)``), a value read from
such an object (``couch.db``, ``couch.use(name)``), a declared type (``couch: ServerScope``), or a
project function whose declared return type (``Promise<DocumentScope<any>>``) or returned values
name one - the row's ``typed-receiver`` class says whether that library's objects are the row's
receivers (its ``type-modules`` / ``type-pattern``): the origin overrides the name.

The interpreter marks the sink with the origin (``SinkRec.unless_origin``: the dotted origin and
the class); the linker, which knows the project's modules and monorepo packages, drops the sink
when the origin is a library not of the class (:class:`ReceiverOrigins`). A receiver whose
origin is unknown (a parameter, an import used as is, a project class) keeps matching by name.
"""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

from ...catalog import catalog
from . import nodes as N
from .imported import import_heads

_STEPS = 6


def type_chain(ctx, t: str, steps: int) -> Iterator[str]:
    """``t`` (its ``()`` dropped), then ``t`` with its head replaced by what the head holds (a
    variable's or a module-level name's type), up to ``steps`` times; it ends where the head has
    no type or is its own. Shared with the service clients of sdkanswers.py."""
    t = t.replace("()", "")
    yield t
    for _ in range(steps):
        head, _, rest = t.partition(".")
        known = (ctx.types.get(head) or ctx.mod.types.get(head) or "").replace("()", "")
        if not known or known == head:
            return
        t = f"{known}.{rest}" if rest else known
        yield t


def _expand(fa, tp: str) -> str:
    """``couch.use`` -> ``nano.use`` when ``couch`` holds what ``nano`` built (a variable's or a
    module-level name's type, followed a few steps), stopping at a project module's name and at
    a type that starts from its own name."""
    last = None
    for t in type_chain(fa, tp, _STEPS):
        if last is not None and t.startswith(last.partition(".")[0] + "."):
            return last
        if "#" in t.partition(".")[0]:
            return t
        last = t
    return last


def _library_or_project(fa, tp: Optional[str]) -> Optional[str]:
    """``tp`` expanded, when it starts from an imported package or a project module's export;
    None for anything else (a local name, a class of this module)."""
    if not tp:
        return None
    tp = _expand(fa, tp)
    head = tp.split(".")[0]
    if "#" in head:
        return tp
    if head in fa.mod.class_names:
        return None
    return tp if head and head in import_heads(fa.mod.imports) else None


def receiver_origin(fa, node) -> Optional[str]:
    """The library object or project function a receiver's value comes from (see the module
    docstring), walking ``a.b.c(x).d`` back to the first part whose type is known."""
    u = N.unwrap(node)
    for _ in range(_STEPS):
        if u is None:
            return None
        if u.type == "await_expression":
            u = N.unwrap(u.named_children[0]) if u.named_children else None
            continue
        if u.type in ("identifier", "member_expression", "call_expression", "new_expression", "this"):
            found = _library_or_project(fa, fa.type_of(u))
            if found:
                return found
        if u.type == "member_expression":
            u = N.unwrap(u.child_by_field_id(fa.F.object))
        elif u.type == "call_expression":
            fn = N.unwrap(u.child_by_field_id(fa.F.function))
            u = N.unwrap(fn.child_by_field_id(fa.F.object)) if fn is not None and fn.type == "member_expression" else None
        else:
            return None
    return None


def mark_origin(fa, model, recv_node, sinks) -> None:
    """Mark the sinks a method row with a ``typed-receiver`` just recorded with their receiver's
    origin, when the code shows one (checked when linking)."""
    if not model.typed_receiver or recv_node is None or not sinks:
        return
    origin = receiver_origin(fa, recv_node)
    for s in sinks if origin else ():
        s.unless_origin = (origin, model.typed_receiver)


def record_library_return(mod, qual: str, fa, declared: Optional[str]) -> None:
    """Keep the library type a module-level function or method returns (its declared return
    type, or the one library every returned value comes from) as ``mod.lib_returns[qual]``."""
    found = {_library_or_project(fa, declared)} if declared else \
        {_library_or_project(fa, t) for t in fa.returned_types}
    lib = next(iter(found)) if len(found) == 1 else None
    if lib and "#" not in lib.split(".")[0]:
        mod.lib_returns[qual] = lib


def of_class(rc, origin: str) -> bool:
    """Whether an object ``origin`` built is of receiver class ``rc`` (its modules or pattern)."""
    plain = origin.replace("()", "")
    if any(plain == m or plain.startswith((m + ".", m + "/")) for m in rc.type_modules):
        return True
    return bool(rc.type_pattern and rc.type_pattern.search(plain))


class ReceiverOrigins:
    """Linker side: a sink whose receiver comes from another library is none."""

    def not_a_sink(self, path, fn, sink) -> bool:
        marked: Optional[Tuple[str, str]] = getattr(sink, "unless_origin", None)
        if marked and self._foreign_origin(path, *marked):
            return True
        return super().not_a_sink(path, fn, sink)  # type: ignore[misc]

    def _foreign_origin(self, path: str, origin: str, cls: str) -> bool:
        head = origin.split(".")[0]
        if "#" in head:  # a project function's result: the library type it returns
            hit = self.resolve(path, None, origin.replace("()", ""))  # type: ignore[attr-defined]
            mod = self.modules.get(hit[0]) if hit is not None else None  # type: ignore[attr-defined]
            origin = (getattr(mod, "lib_returns", None) or {}).get(hit[1].qualname, "") if hit is not None else ""
            if not origin or origin.startswith("="):
                return False  # unknown, or another project function's result (returnedclients.RELAYED)
        if self.in_workspace(origin) or self.module_of(origin.split(".")[0]):  # type: ignore[attr-defined]
            return False  # a package of this project
        rc = catalog().typescript.receivers.get(cls)
        return rc is not None and not of_class(rc, origin)


__all__ = ["ReceiverOrigins", "mark_origin", "of_class", "receiver_origin", "record_library_return"]
