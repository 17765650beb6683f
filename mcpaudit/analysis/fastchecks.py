"""``isinstance`` on libcst's node classes without ``ABCMeta``'s Python-level check.

libcst's node classes derive from ``abc.ABC``: an ``isinstance(node, cst.Name)`` that fails (the
node is of another type, which is most of the time in a walk) runs ``ABCMeta.__instancecheck__``,
Python code, where a class of an ordinary metaclass answers in C from the node type's MRO. The
analysis makes such checks by the hundred thousand on a module (670k on eight awslabs/mcp
modules), about a tenth of its time under a profiler.

:func:`install` gives every libcst node class a metaclass of its own that answers
``isinstance`` and ``issubclass`` as ``type`` does (the class's MRO). ``ABCMeta`` answers the same
for a class with no registered virtual subclass and no ``__subclasshook__`` of its own, and
none in the classes derived from it: when one of libcst's node classes has either, none is
switched (libcst registers none and defines none; the classes are otherwise unchanged). Installed once per process, when the analysis is imported; everything
imported before or after sees the same answers.
"""

from __future__ import annotations

import abc
from typing import List

from ..lazycst import cst


class _MroChecks(abc.ABCMeta):
    """``ABCMeta`` whose instance and subclass checks are ``type``'s (the MRO, in C)."""

    __instancecheck__ = type.__instancecheck__
    __subclasscheck__ = type.__subclasscheck__

    def register(cls, subclass):
        """Refused: a switched class answers from its MRO, so a virtual subclass would be
        silently ignored (a libcst node class made after :func:`install` is switched too)."""
        raise TypeError(
            f"{cls.__qualname__}.register({getattr(subclass, '__qualname__', subclass)!r}): libcst node "
            "classes answer isinstance from their MRO (mcpaudit.analysis.fastchecks); virtual "
            "subclasses are not supported")


def _plain(cls: type) -> bool:
    """No virtual subclass registered, no ``__subclasshook__`` of its own anywhere in its MRO."""
    registry = abc._get_dump(cls)[0]  # type: ignore[attr-defined]
    if registry:
        return False
    return not any("__subclasshook__" in vars(k) for k in cls.__mro__ if k not in (object, abc.ABC))


def node_classes() -> List[type]:
    """``cst.CSTNode`` and every class derived from it."""
    out, todo = [], [cst.CSTNode]
    while todo:
        k = todo.pop()
        if k in out:
            continue
        out.append(k)
        todo.extend(k.__subclasses__())
    return out


def install() -> int:
    """Switch every libcst node class to :class:`_MroChecks`, when all of them are plain (an
    ``ABCMeta`` class's answer depends on its subclasses' registries too: one class that is not
    plain and none is switched); the number switched."""
    classes = node_classes()
    try:
        if not all(type(k) in (abc.ABCMeta, _MroChecks) and _plain(k) for k in classes):
            return 0
    except AttributeError:  # abc._get_dump is CPython's (the C _abc module): elsewhere nothing is switched
        return 0
    n = 0
    for k in classes:
        if type(k) is abc.ABCMeta:
            k.__class__ = _MroChecks
            n += 1
    return n


INSTALLED = install()


__all__ = ["install", "node_classes", "INSTALLED"]
