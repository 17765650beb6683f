"""A class's own singleton accessor: what ``Service.get_instance()`` returns.

    class Service:
        _instance = None

        @classmethod
        def get_instance(cls):
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

A classmethod (or staticmethod) with no return annotation whose every ``return`` gives ``cls()``,
``Service()``, or a class attribute (``cls._instance``, ``Service._instance``) that the method only
ever sets to such a constructor returns an instance of its own class: ``server =
Service.get_instance(); server.engine.run(x)`` lands in the methods of ``Service`` and of the
fields its ``__init__`` builds, as ``Service().engine.run(x)`` would.
"""

from __future__ import annotations

from typing import Optional, Set

from ..lazycst import cst

from .cstnodes import find_all

_DECORATORS = frozenset({"classmethod", "staticmethod"})


def singleton_class(cname: str, fn: cst.FunctionDef) -> Optional[str]:
    """``cname`` when ``fn`` is such an accessor of class ``cname``, else None."""
    if fn.returns is not None or not any(
            isinstance(d.decorator, cst.Name) and d.decorator.value in _DECORATORS for d in fn.decorators):
        return None
    own = {cname.split(".")[-1]}
    params = fn.params.params
    if params and any(isinstance(d.decorator, cst.Name) and d.decorator.value == "classmethod" for d in fn.decorators):
        own.add(params[0].name.value)  # cls
    held = _held_attrs(fn, own)
    returns = [r for r in find_all(fn.body, cst.Return)]
    if not returns or held is None:
        return None
    for r in returns:
        v = r.value
        if _constructs(v, own):
            continue
        if isinstance(v, cst.Attribute) and isinstance(v.value, cst.Name) and v.value.value in own \
                and v.attr.value in held:
            continue
        return None
    return cname


def _constructs(node, own: Set[str]) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in own


def _held_attrs(fn: cst.FunctionDef, own: Set[str]) -> Optional[Set[str]]:
    """The class attributes the method sets, each only to a constructor of its own class (None
    when one is set to anything else)."""
    held: Set[str] = set()
    for a in find_all(fn.body, cst.Assign):
        for t in a.targets:
            tt = t.target
            if isinstance(tt, cst.Attribute) and isinstance(tt.value, cst.Name) and tt.value.value in own:
                if not _constructs(a.value, own):
                    return None
                held.add(tt.attr.value)
    return held
