"""libcst, imported when it is first used (issue 15, speed52).

Most of the Python analysis's modules use libcst only inside their functions (``isinstance(node,
cst.Name)``), yet each imported it at its top, so any process that imported one of them loaded
libcst (62 modules, ~0.05 s of CPU on a quiet machine, ~0.25 s at load 20): a scan of a
TypeScript-only tree did, through the helpers the TypeScript analysis shares with the Python one
(the link, the taint values, the narrowing tables). Such a module writes::

    from ..lazycst import cst

instead of ``import libcst as cst``, and gets :data:`cst`: libcst itself when it is imported
already, else a stand-in. The first attribute read of the stand-in (``cst.Name``, in whichever
module) imports libcst and puts it in the stand-in's place in the globals of every ``mcpaudit``
module that holds the stand-in (and here), so every later read is the plain global lookup it
always was: nothing is paid after the first use.

A read at a module's top would import libcst at once; two forms defer the usual ones:

* a visitor class subclasses :class:`Visitor` (or :class:`Transformer`) instead of
  ``cst.CSTVisitor`` (``cst.CSTTransformer``): instantiating it makes an instance of a subclass of
  both, made once per class (its methods and ``super()`` resolve as before: the class comes first
  in the order, libcst's base after it);
* a table of node classes (``frozenset((cst.IndentedBlock, ...))``, ``cst.Module([])``) is
  ``later(lambda: ...)``: a stand-in that builds the value at its first use (``in``, iteration,
  an attribute, a call, ``isinstance(x, table)``) and puts the value in its place in the globals of
  every ``mcpaudit`` module that holds it.

A dunder (``__wrapped__``, ``__file__``...) read by introspection never imports libcst: it raises
:class:`AttributeError` as an absent attribute would; nor does a ``repr`` (the value's once libcst
is imported). A stand-in held outside ``mcpaudit`` (imported by name before libcst loaded) is never
replaced there: every operator applies to its value as to the value itself (truth, length,
membership, iteration, ``reversed``, hashing, comparisons, ``| & - ^ +`` both ways and in place,
items, calls). The stand-in of libcst itself forwards attribute reads; it stays another object
than the module (``held is libcst`` and ``held == libcst`` are false: a module compares by identity).
"""

from __future__ import annotations

import operator
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

_lock = threading.RLock()


class _OnUse:
    """libcst until it is first used."""

    __slots__ = ()

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(_load(), attr)

    def __repr__(self) -> str:
        loaded = sys.modules.get("libcst")  # (libcst's own once imported; a repr never imports it)
        if loaded is not None and getattr(loaded, "CSTNode", None) is not None:
            return repr(loaded)
        return "<libcst, imported on first use (mcpaudit.lazycst)>"


def load():
    """Import libcst, put it in the stand-in's place wherever an ``mcpaudit`` module holds it, build
    every :func:`later` value made so far (the analysis never meets one of their stand-ins: the
    cst engine calls this before its first parse) and switch libcst's node classes to isinstance
    checks in C (:mod:`mcpaudit.analysis.fastchecks`)."""
    import libcst

    if _LOADED:
        return libcst
    with _lock:
        _replace({id(_STAND_IN): libcst})  # first: the values below are built from it
        values = {}
        while _PENDING:
            stand_in = _PENDING.pop()
            values[id(stand_in)] = stand_in._get(replace=False)
        _replace(values)
        from .analysis import fastchecks  # noqa: F401  (installs on import)

        _LOADED.append(True)
    return libcst


_load = load


def _replace(values: dict) -> None:
    """In the globals of every ``mcpaudit`` module, each stand-in of ``values`` (by its ``id``)
    replaced by its value (one pass over the modules' globals, ~800 modules)."""
    with _lock:
        for name, module in list(sys.modules.items()):
            if module is None or not (name == "mcpaudit" or name.startswith("mcpaudit.")):
                continue
            space = getattr(module, "__dict__", None)
            if space is None:
                continue
            for key, held in list(space.items()):
                if type(held) in _STAND_INS and id(held) in values:
                    space[key] = values[id(held)]


_LOADED: list = []  # [True] once load() has run
_PENDING: list = []  # the later() values not built yet
_MADE: dict = {}  # visitor class -> the subclass of it and libcst's base that is instantiated


class Visitor:
    """The base of a visitor class defined before libcst is imported: ``cls(...)`` is an instance
    of ``type(cls.__name__, (cls, cst.CSTVisitor), {})``, made once per class."""

    _LIBCST_BASE = "CSTVisitor"

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        made = _MADE.get(cls)
        if made is None:
            made = _MADE.setdefault(cls, _made(cls))
        return object.__new__(made)


class Transformer(Visitor):
    """:class:`Visitor` for a ``cst.CSTTransformer``."""

    _LIBCST_BASE = "CSTTransformer"


def _made(cls: type) -> type:
    base = getattr(cst, cls._LIBCST_BASE)  # type: ignore[attr-defined]
    return type(cls.__name__, (cls, base), {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                                             "__new__": object.__new__})


class _Later:
    """A value built at its first use (:func:`later`)."""

    __slots__ = ("_factory", "_value", "__weakref__")

    def __init__(self, factory: Callable[[], Any]) -> None:
        object.__setattr__(self, "_factory", factory)
        _PENDING.append(self)

    def _get(self, replace: bool = True) -> Any:
        try:
            return object.__getattribute__(self, "_value")
        except AttributeError:
            if replace:  # used before libcst: load() builds every value made so far, this one too
                load()
                try:
                    return object.__getattribute__(self, "_value")
                except AttributeError:
                    pass
            value = object.__getattribute__(self, "_factory")()
            object.__setattr__(self, "_value", value)
            if replace:
                _replace({id(self): value})
            return value

    def __getattr__(self, attr: str) -> Any:
        if attr in ("_value", "_factory") or (attr.startswith("__") and attr.endswith("__")):
            raise AttributeError(attr)
        return getattr(self._get(), attr)

    def __instancecheck__(self, obj: object) -> bool:
        return isinstance(obj, self._get())

    def __subclasscheck__(self, cls: type) -> bool:
        return issubclass(cls, self._get())

    def __repr__(self) -> str:
        """The value's, once libcst is imported (a repr never imports it: a debugger's or an
        assertion message's look at the stand-in is no first use)."""
        try:
            return repr(object.__getattribute__(self, "_value"))
        except AttributeError:
            pass
        loaded = sys.modules.get("libcst")
        if loaded is not None and getattr(loaded, "CSTNode", None) is not None:
            return repr(self._get())
        return "<built on first use (mcpaudit.lazycst.later)>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._get()(*args, **kwargs)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._get()[key] = value


# What a caller holding the stand-in (a module outside mcpaudit that imported the table by name
# before libcst loaded: it is never replaced there) may apply to it, each applied to the value
# as the operator would be (``bool(v)``, ``x in v``, ``other | v``), so the value's own rules hold:
# a frozenset or a dict has no ``__bool__`` (its truth is its length), ``{a} <= TABLE`` is
# answered by the value's ``__ge__``, an operation the value does not support raises the
# TypeError it would (rev53: ``bool()``, ``reversed()`` and ``repr()`` of a held table failed or
# differed, and ``len()`` of a held ``cst.Module`` raised AttributeError).
_UNARY = {"__bool__": bool, "__len__": len, "__iter__": iter, "__reversed__": reversed, "__hash__": hash}
_BINARY = {"__contains__": lambda v, x: x in v, "__getitem__": operator.getitem, "__delitem__": operator.delitem,
           "__eq__": operator.eq, "__ne__": operator.ne, "__lt__": operator.lt, "__le__": operator.le,
           "__gt__": operator.gt, "__ge__": operator.ge, "__or__": operator.or_, "__and__": operator.and_,
           "__sub__": operator.sub, "__xor__": operator.xor, "__add__": operator.add,
           "__ior__": operator.ior, "__iand__": operator.iand, "__isub__": operator.isub,
           "__ixor__": operator.ixor, "__iadd__": operator.iadd}
#: ``other OP stand-in`` when ``other`` does not know the stand-in: ``other OP value``
_REFLECTED = {"__ror__": operator.or_, "__rand__": operator.and_, "__rsub__": operator.sub,
              "__rxor__": operator.xor, "__radd__": operator.add}


def _unary(name: str, fn: Callable[[Any], Any]):
    def method(self):
        return fn(self._get())

    method.__name__ = name
    return method


def _binary(name: str, fn: Callable[[Any, Any], Any], reflected: bool = False):
    def method(self, other):
        return fn(other, self._get()) if reflected else fn(self._get(), other)

    method.__name__ = name
    return method


for _name, _fn in _UNARY.items():
    setattr(_Later, _name, _unary(_name, _fn))
for _name, _fn in _BINARY.items():
    setattr(_Later, _name, _binary(_name, _fn))
for _name, _fn in _REFLECTED.items():
    setattr(_Later, _name, _binary(_name, _fn, reflected=True))


_STAND_INS = (_OnUse, _Later)


def later(factory: Callable[[], Any]) -> Any:
    """``factory()`` built at the first use of the value (a module's table of libcst node classes):
    at once when libcst is imported already."""
    loaded = sys.modules.get("libcst")
    if loaded is not None and getattr(loaded, "CSTNode", None) is not None:
        return factory()
    return _Later(factory)


_STAND_IN = _OnUse()

if TYPE_CHECKING:
    import libcst as cst
else:
    _loaded = sys.modules.get("libcst")
    cst = _loaded if _loaded is not None and getattr(_loaded, "CSTNode", None) is not None else _STAND_IN


def is_stand_in(value: object) -> bool:
    """Whether ``value`` is a stand-in not used yet (the tests' probe)."""
    return value is _STAND_IN or (isinstance(value, _Later) and not hasattr(value, "_value"))


__all__ = ["cst", "load", "is_stand_in", "Visitor", "Transformer", "later"]
