"""Cheaper construction of the nodes libcst's parser builds.

libcst's node classes are frozen, slotted dataclasses. Their generated ``__init__`` sets each
field with ``object.__setattr__(self, "name", value)`` (a generic attribute store that looks the
name up through the class's MRO every time) and then calls ``self.__post_init__()``, which
validates the node. A parse builds every node of the module through that ``__init__`` (about a
tenth of the parse's CPU on a dense module). While the cst engine parses (validation is off then
anyway: :func:`mcpaudit.engines.cst.parse_module`), :func:`building` gives each node class an
``__init__`` with the same signature and defaults that stores each field through the slot's own
descriptor and skips the validation call; the classes get their own ``__init__`` back when the
parse returns.

Only classes whose ``__init__`` is the one :mod:`dataclasses` generates, whose every init field is
a slot, and which keep :class:`~libcst._nodes.base.CSTNode`'s ``__post_init__``, are given the
cheaper one; any other shape (a libcst release that changes this) keeps its own, and the nodes are
the same either way (``tests/engines/test_cstbuild.py`` compares the trees and every field).
"""

from __future__ import annotations

import __future__

import dataclasses
import sys
from contextlib import contextmanager
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from ..codecache import compiled

#: the compiler flags ``compile`` inherited here (this module's ``from __future__`` imports):
#: the code objects are those it made before they were kept in the table (mcpaudit.codecache)
_FLAGS = __future__.annotations.compiler_flag

_MISSING = dataclasses.MISSING


class _Default:
    """The placeholder default of a field whose default is made by a factory."""

    __slots__ = ()


_FACTORY = _Default()

#: (class, its own ``__init__``, the cheaper one), built on first use
_PLAN: Optional[List[Tuple[type, Callable, Callable]]] = None


def _node_classes() -> List[type]:
    """The concrete libcst node classes: dataclasses below CSTNode that their module names (a
    slotted dataclass is a second class; the first one, left in ``__subclasses__``, is not
    used)."""
    from libcst._nodes.base import CSTNode  # (here: a process that never parses Python never imports libcst)

    seen, out, stack = set(), [], [CSTNode]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if (dataclasses.is_dataclass(sub) and "__init__" in sub.__dict__
                    and getattr(sys.modules.get(sub.__module__), sub.__name__, None) is sub):
                out.append(sub)
    return out


def _slot(cls: type, name: str):
    for klass in cls.__mro__:
        if name in klass.__dict__:
            d = klass.__dict__[name]
            return d if type(d).__name__ == "member_descriptor" else None
    return None


def cheaper_init(cls: type) -> Optional[Callable]:
    """An ``__init__`` for node class ``cls`` equal to the generated one without the validation
    call, or None when ``cls`` is not of the shape this knows."""
    from libcst._nodes.base import CSTNode

    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if (code is None or code.co_filename != "<string>" or not set(code.co_names) <= {"__setattr__", "__post_init__"}
            or getattr(cls, "__post_init__", None) is not CSTNode.__dict__.get("__post_init__")):
        return None
    ns: Dict[str, object] = {"_FACTORY": _FACTORY}
    params: List[str] = []
    keywords: List[str] = []
    body: List[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        if not f.init:
            return None
        slot = _slot(cls, f.name)
        if slot is None or not f.name.isidentifier():
            return None
        ns[f"_s{i}"] = slot.__set__
        if f.default is not _MISSING:
            ns[f"_d{i}"] = f.default
            param = f"{f.name}=_d{i}"
        elif f.default_factory is not _MISSING:
            ns[f"_f{i}"] = f.default_factory
            param = f"{f.name}=_FACTORY"
            body.append(f"    if {f.name} is _FACTORY:\n        {f.name} = _f{i}()")
        else:
            param = f.name
        (keywords if f.kw_only else params).append(param)
        body.append(f"    _s{i}(self, {f.name})")
    signature = ", ".join(["self", *params, *(["*", *keywords] if keywords else [])])
    src = f"def __init__({signature}):\n" + ("\n".join(body) or "    pass") + "\n"
    try:
        exec(compiled(src, f"<mcpaudit node init {cls.__name__}>", _FLAGS), ns)
    except SyntaxError:  # pragma: no cover - a field order the generated init allows and this does not
        return None
    made = ns["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    return made


def _plan() -> List[Tuple[type, Callable, Callable]]:
    global _PLAN
    if _PLAN is None:
        plan = []
        for cls in _node_classes():
            made = cheaper_init(cls)
            if made is not None:
                plan.append((cls, cls.__dict__["__init__"], made))
        _PLAN = plan
    return _PLAN


@contextmanager
def building() -> Iterator[None]:
    """Within the body, libcst's node classes construct without validation and store their
    fields through their slots; their own ``__init__`` is back afterwards (also on an error)."""
    plan = _plan()
    setattr_ = type.__setattr__
    try:  # swapped inside: a CPU limit that fires midway still gives every class its own back
        for cls, _own, made in plan:
            setattr_(cls, "__init__", made)
        yield
    finally:
        for cls, own, _made in plan:
            setattr_(cls, "__init__", own)


__all__ = ["building", "cheaper_init"]
