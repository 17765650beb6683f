"""A path method on what a project function returns, when only its annotation says it is a path.

``.unlink()``, ``.rename()``, ``.mkdir()`` are path sinks only on a receiver that is recognisably
a path (the files models' ``tainted-path`` receiver: resolved, built with ``/``, a ``Path``
object), because the names are shared with other APIs. A value a helper of another module
returns is typed only by that helper's annotation, which the function analysing the call cannot
see::

    def normalize_path(path: str, root: Path) -> tuple[Path, str]: ...   # path_utils.py

    abs_path, rel_path = normalize_path(file_path, project_dir)          # file_operations.py
    abs_path.unlink()

The sink is recorded with the call it depends on (:func:`later_path`: the call's target and the
tuple element, -1 for the whole value) and the linker keeps it only when a function the call
lands on is annotated to return a path there (:func:`returns_path`, ``FuncSummary.path_returns``
from :func:`path_returns`: ``-> Path``, ``-> Optional[Path]``, ``-> tuple[Path, str]``).
"""

from __future__ import annotations

from typing import Tuple

from ..lazycst import cst


def path_class(mod, node) -> bool:
    """``Path`` or another pathlib class, possibly ``Optional[...]`` or ``... | None``."""
    if isinstance(node, cst.Subscript) and (mod.dotted(node.value) or "").split(".")[-1] == "Optional":
        inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        node = inner[0] if len(inner) == 1 else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        node = node.left if isinstance(node.right, cst.Name) and node.right.value == "None" else None
    d = (mod.dotted(node) or "") if isinstance(node, (cst.Name, cst.Attribute)) else ""
    return d.startswith("pathlib.") or d in ("Path", "PurePath", "PosixPath", "WindowsPath")


def path_returns(mod, fn) -> Tuple[int, ...]:
    """(-1,) when ``fn``'s return annotation is a path class; the indexes of the path elements of
    a tuple annotation (``tuple[Path, str]``: (0,)); () otherwise."""
    ann = fn.returns.annotation if fn is not None and fn.returns is not None else None
    if isinstance(ann, cst.Subscript) and (mod.dotted(ann.value) or "").split(".")[-1] in ("tuple", "Tuple"):
        parts = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
        return tuple(k for k, e in enumerate(parts) if path_class(mod, e))
    return (-1,) if ann is not None and path_class(mod, ann) else ()


def later_path(fa, recv_node, recv) -> Tuple[Tuple[str, int], ...]:
    """The project calls a receiver variable holds the result (or a tuple element) of, when that
    is all it holds: (target, element or -1) each; () otherwise."""
    if not isinstance(recv_node, cst.Name) or not recv:
        return ()
    out = []
    for label in recv:
        if label[0] != "c" or len(label) not in (2, 3) or label[1] not in fa.calls:
            return ()
        out.append((fa.calls[label[1]].target, label[2] if len(label) == 3 else -1))
    return tuple(out)


def returns_path(linker, path: str, fn, later) -> bool:
    """Whether one of the calls ``later`` names lands on a function annotated to return a path
    at that element."""
    for target, k in later:
        for _tpath, callee, _m in linker.resolve_all(path, fn, target):
            if k in getattr(callee, "path_returns", ()):
                return True
    return False
