"""Calls of a base class's method through ``super()`` (issue 12).

    class Builder:
        def __init__(self, path, options):
            self.options = shlex.split(options)      # stored by the base's constructor
    class Command(Builder):
        def __init__(self, tool, path, options):
            super().__init__(path, options)           # the subclass hands its arguments up
        def argv(self):
            return ["uv", "run", self.tool] + self.options + [self.path]

A ``super().m(...)`` call is recorded with the target ``super().m`` (expressions.py) and resolved
by the linker in the nearest project base class of the calling method's class that defines
``m`` (:func:`super_resolve`): its parameters are bound to the call's arguments, as any method
call's are. What a constructor's ``super().__init__`` call stores on the object is what the
object built by ``Command(...)`` holds (:func:`base_init_calls`, read by
``FieldState._call_stores``), so ``self.options`` read by a later method carries the caller's
options, as a store in the subclass's own ``__init__`` would.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

#: the target prefix of a ``super().m(...)`` call
SUPER = "super()."


def super_resolve(linker, path: str, caller, target: str) -> Optional[Tuple[str, object, bool]]:
    """(path, method, True) of the nearest project base of ``caller``'s class defining the method
    a ``super().m`` target names; None when no project base defines it."""
    if caller is None or caller.cls is None:
        return None
    name = target[len(SUPER):]
    for bpath, bcls in linker.ancestors(path, caller.cls):
        fn = linker.modules[bpath].functions.get(f"{bcls}.{name}")
        if fn is not None:
            return (bpath, fn, True)
    return None


def base_init_calls(fn) -> List[object]:
    """The ``super().__init__(...)`` calls of constructor ``fn``."""
    if fn.name != "__init__":
        return []
    return [rec for rec in fn.calls.values() if rec.target == SUPER + "__init__"]
