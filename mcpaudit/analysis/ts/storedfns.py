"""Callbacks a project call is given inline, and callbacks an object keeps in a field.

``host.setLister(async (dir) => fs.readdir(path.join(ROOT, dir)))`` hands a function to a
project method that keeps it (``setLister(fn) { this.lister = fn; }``); another method of the
object later passes the field on (``registerTools(this.server, this.lister)``) and a tool handler
calls it with the caller's value (``lister(dir)``). In JavaScript a function is a value like any
other: stored in a field it is still the function it was, so a call through the field is a call
of every function some call of the setter passed.

* The interpreter analyses a function written inline as the argument of a call that lands in
  project code as a function of its own (:func:`inline_refs`, named after its place), so that the
  linker can bind its parameters where it is called (:mod:`.passed`); it is still evaluated in
  place too, as every callback is.
* The linker resolves a reference to a field (``this.lister``) that no method of the class is
  named after to the functions passed to the methods that store one of their parameters in that
  field (:func:`field_functions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: at most this many functions written inline in one module are analysed on their own
_MAX_INLINE = 64
#: how the qualname of a callback analysed on its own starts its last part
_CALLBACK = "<callback of "


def is_inline_callback(qualname: str) -> bool:
    """Whether a function is a callback written inline at a call and analysed on its own."""
    return qualname.rpartition(".")[2].startswith(_CALLBACK) or f".{_CALLBACK}" in qualname


def inline_refs(fa, fn_args, callee: str) -> tuple:
    """(position, qualname) of each function with parameters written inline as an argument of a
    call of the project function ``callee`` (``fa``: the calling function's interpreter), each
    analysed once as a function of its own that sees the caller's names, as a closure does."""
    mod = fa.mod
    done = mod.__dict__.setdefault("_inline_passed", {})
    callee = callee.rsplit("#", 1)[-1]  # show#executeShow (another module's): '#' would make the name a module's
    out = []
    for i, f in fn_args:
        if not fa.param_list(f):
            continue  # () => ...: given nothing where it is called; its closure is seen in place
        key = (f.start_byte, f.end_byte)
        qual = done.get(key)
        if qual is None:
            if len(done) >= _MAX_INLINE:
                continue
            qual = f"{fa.qualname}.{_CALLBACK}{callee}@{mod.src.pos(f)[0]}>"
            if qual in mod.functions:
                qual = f"{qual}#{f.start_byte}"
            done[key] = qual
            _analyze(mod, f, qual, fa)
        out.append((i, qual))
    return tuple(out)


def _analyze(mod, node, qual: str, outer) -> None:
    """The callback as a function of its own (as :meth:`TsModule.analyze_nested`), whose
    enclosing function's parameters stay parameters: a closure reading ``token`` reads what the
    enclosing function was given (a tool's confirmation token), not a credential by its name."""
    from .interp import TsFunction  # the interpreter imports this module

    fa = TsFunction(mod, node, qual, outer.cls, outer=outer)
    fa.param_names |= outer.param_names
    fa.run()
    mod.functions[qual] = fa.summary()


def field_functions(linker: "TsLinker", path: str, caller, ref: str, seen: frozenset = frozenset()) -> list:
    """The project functions a field of the caller's object may hold (``ref`` is ``this.<field>``):
    those passed to a method of the class at the position of the parameter it stores there."""
    if caller is None or not caller.cls or not ref.startswith("this.") or "." in ref[5:]:
        return []
    field = ref[5:]
    mod = linker.modules.get(path)
    if mod is None or (path, caller.cls, field) in seen:
        return []
    seen = seen | {(path, caller.cls, field)}
    out: List = []
    prefix = caller.cls + "."
    for fn in list(mod.functions.values()):
        if fn.cls != caller.cls or not fn.qualname.startswith(prefix) or field not in fn.field_stores:
            continue
        positional = [p.name for p in fn.params if p.kind in ("pos", "vararg")]
        for label in fn.field_stores[field]:
            if label[0] == "p" and len(label) == 2 and label[1] in positional:
                out.extend(linker.passed_functions(path, f"{fn.qualname}:{positional.index(label[1])}", seen))
    return out


__all__ = ["field_functions", "inline_refs", "is_inline_callback"]
