"""A method called on an object of the project's own class is that class's method, not a library's.

A method row whose receiver class is recognised by a name pattern (``query`` on a handle named
``client``, ``db`` or ``pool``) names a method many classes have. When the code shows that the
receiver is an object of a class the project defines - built with ``new Cls()`` of this module
or of one it imports, declared so (a parameter or field typed ``Cls``), or returned by a project
function whose declared return type (or every returned value) is such a class
(``getPineconeClient(): PineconeClient``) - the call lands in that class's method, which the
linker follows like any project call: the sink is whatever that method reaches (a pg pool's
``query`` inside it, or a vector search's ``searchRecords`` that is none).

The interpreter marks the name-matched sink with the call target (``SinkRec.unless_target`` =
``<type>.<method>``, as the Python engine does for its typed receivers); the linker drops it when
that target resolves to a function of the project (``Hierarchy.not_a_sink``). A receiver of
unknown type, a library object, a class that inherits the method from a library base class, or
an interface with no body keeps matching by name.
"""

from __future__ import annotations

from typing import Optional

from .modfactories import made_by_function


def own_target(fa, recv_node, method: Optional[str]) -> Optional[str]:
    """``<type>.<method>`` when the receiver's type names a class of the project or the result
    of a project function (resolved when linking); else None."""
    if not method or recv_node is None:
        return None
    tp = (fa.type_of(recv_node) or "").replace("()", "")
    if not tp or tp.startswith("this."):
        return None
    head = tp.split(".")[0]
    if "#" in head or (head in fa.mod.class_names and "." not in tp) or made_by_function(fa, tp):
        return f"{tp}.{method}"
    return None


def mark_own(fa, recv_node, method: Optional[str], sinks) -> None:
    """Mark the sinks a method row just recorded on a receiver of a project class (see the
    module docstring): no sink when the linker finds the method in the project."""
    target = own_target(fa, recv_node, method) if sinks else None
    for s in sinks if target else ():
        s.unless_target = target


__all__ = ["mark_own", "own_target"]
