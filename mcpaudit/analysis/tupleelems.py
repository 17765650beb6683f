"""Method calls on an object unpacked from a project factory's tuple (issue 12, py34b).

    HandlerTuple = Tuple[BaseAutomationHandler, BaseFileHandler]       # handlers/factory.py

    class HandlerFactory:
        @classmethod
        def get_handlers(cls) -> HandlerTuple: ...                     # cached, OS-dependent

    def _get_handlers():                                               # server.py, unannotated
        return HandlerFactory.get_handlers()

    _, automation = ... ; automation, _ = _get_handlers()
    await automation.run_command(command)                              # BaseAutomationHandler.run_command

The receiver holds element ``k`` of a project call's result (the label ``("c", i, k)`` that
:mod:`.elemassign` gives it), and nothing tells its class but the annotation of the function that
call lands in, or of the function that one returns the result of. Three parts:

* module side, :func:`element_types`: the classes a function's return annotation names per tuple
  position (``Tuple[A, B]``, ``tuple[A, B]``, or a module-level alias of one, ``Optional`` inside
  unwrapped), dotted as its module imports them (``FuncSummary.return_element_types``);
* function side, :func:`element_target`: ``name.method`` of such a receiver is recorded as the
  call ``<factory target>`` + :data:`ELEMENT` + ``k.method``; a library sink matched by the
  method's name on it stays unless the linker finds that method in the project
  (``unless_target``);
* link side, :func:`element_targets`: the factory's annotated element class (through functions
  that return another call's result as is, a few levels), its method there or on a base class,
  and, as the annotation names a declared type whose objects may be of any subclass, every
  override of that method in the project's subclasses of it (a sink in any of them counts).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .factoryreturns import _NOT_CLASSES

#: a recorded call target ``factory`` + ELEMENT + ``k.method``
ELEMENT = "\x1felement:"

_TUPLES = ("Tuple", "tuple")
_MAX_HOPS = 3


# -- module side --------------------------------------------------------------------------
def _aliases(mod) -> Dict[str, cst.BaseExpression]:
    """``NAME = Tuple[...]`` (or ``NAME: TypeAlias = Tuple[...]``) at module level. Memoised."""
    memo = mod.__dict__.get("_tuple_aliases")
    if memo is None:
        memo = {}
        for stmt in getattr(getattr(mod, "module", None), "body", ()):
            for small in (stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ()):
                value = small.value if isinstance(small, (cst.Assign, cst.AnnAssign)) else None
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else \
                    [small.target] if isinstance(small, cst.AnnAssign) else []
                if isinstance(value, cst.Subscript) and len(targets) == 1 and isinstance(targets[0], cst.Name) \
                        and (mod.dotted(value.value) or "").split(".")[-1] in _TUPLES:
                    memo[targets[0].value] = value
        mod.__dict__["_tuple_aliases"] = memo
    return memo


def _element_class(mod, node) -> str:
    """The class one position of a tuple annotation names ("" for builtins and containers)."""
    text = N.string_value(node)
    if text is not None:
        try:
            node = cst.parse_expression(text)
        except cst.ParserSyntaxError:
            return ""
    if isinstance(node, cst.Subscript) and (mod.dotted(node.value) or "").split(".")[-1] == "Optional":
        inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        node = inner[0] if len(inner) == 1 else node
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        sides = [x for x in (node.left, node.right) if not (isinstance(x, cst.Name) and x.value == "None")]
        node = sides[0] if len(sides) == 1 else node
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return ""
    t = mod.dotted(node) or ""
    return t if t and t.split(".")[-1] not in _NOT_CLASSES and t.split(".")[-1][:1].isupper() else ""


def element_types(mod, fn: Optional[cst.FunctionDef]) -> Tuple[str, ...]:
    """The class at each position of ``fn``'s annotated tuple result; () when it names none."""
    ann = fn.returns.annotation if fn is not None and fn.returns is not None else None
    if isinstance(ann, cst.Name) and ann.value in _aliases(mod):
        ann = _aliases(mod)[ann.value]
    if isinstance(ann, cst.Subscript) and (mod.dotted(ann.value) or "").split(".")[-1] == "Optional":
        inner = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
        ann = inner[0] if len(inner) == 1 else None
        if isinstance(ann, cst.Name) and ann.value in _aliases(mod):
            ann = _aliases(mod)[ann.value]
    if not isinstance(ann, cst.Subscript) or (mod.dotted(ann.value) or "").split(".")[-1] not in _TUPLES:
        return ()
    parts = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
    if len(parts) != len(ann.slice) or any(isinstance(p, cst.Ellipsis) for p in parts):
        return ()  # Tuple[X, ...]: no position of its own
    out = tuple(_element_class(mod, p) for p in parts)
    return out if any(out) else ()


# -- function side ------------------------------------------------------------------------
def element_target(fa, func) -> Optional[str]:
    """``name.method`` where ``name`` holds element ``k`` of one project call's result and nothing
    else: that call's target + ELEMENT + ``k.method``; None otherwise."""
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
        return None
    held = fa.env.get(func.value.value)
    if not held or func.value.value in fa.types:
        return None
    found = set()
    for label in held:
        if label[0] != "c" or len(label) != 3 or not isinstance(label[2], int) or label[1] not in fa.calls:
            return None
        found.add((fa.calls[label[1]].target, label[2]))
    if len(found) != 1:
        return None
    target, k = found.pop()
    if ELEMENT in target or target.startswith("<"):
        return None
    return f"{target}{ELEMENT}{k}.{func.attr.value}"


# -- link side ----------------------------------------------------------------------------
def _returned_call(fn) -> Optional[str]:
    """The target of the one call every return of ``fn`` returns as is (``return
    HandlerFactory.get_handlers()``); None otherwise."""
    targets = set()
    for _pos, taint in fn.returns:
        labels = [label for label in taint if label[0] == "c"]
        if len(labels) != 1 or len(labels[0]) != 2 or labels[0][1] not in fn.calls or len(taint) != 1:
            return None
        targets.add(fn.calls[labels[0][1]].target)
    return targets.pop() if len(targets) == 1 else None


def _element_class_ref(linker, path: str, caller, factory: str, k: int, hops: int = 0) -> Optional[Tuple[str, str]]:
    """(module, class as that module names it) of element ``k`` of what ``factory`` returns."""
    hit = linker.resolve(path, caller, factory)
    if hit is None:
        return None
    fpath, fn = hit[0], hit[1]
    elems = getattr(fn, "return_element_types", ())
    if elems:
        return (fpath, elems[k]) if k < len(elems) and elems[k] else None
    inner = _returned_call(fn) if not fn.return_type and hops < _MAX_HOPS else None
    return _element_class_ref(linker, fpath, fn, inner, k, hops + 1) if inner and ELEMENT not in inner else None


def element_targets(linker, path: str, caller, target: str) -> List[tuple]:
    """Every function ``factory`` + ELEMENT + ``k.method`` may land in: the method of the element's
    annotated class (its own or inherited) and each override of it in the project's subclasses."""
    factory, _, rest = target.partition(ELEMENT)
    k, _, method = rest.partition(".")
    if not k.isdigit() or not method or "." in method:
        return []
    ref = _element_class_ref(linker, path, caller, factory, int(k))
    cls = linker.class_ref(*ref) if ref is not None else None
    if cls is None:
        return []
    hit = linker.own_or_inherited(cls[0], f"{cls[1]}.{method}")
    overrides = [(p, f, True) for p, f in linker.overrides(cls[0], cls[1], method)]
    if hit is None:
        return overrides
    return ([] if hit[1].abstract and overrides else [hit]) + overrides


def passed_note(target: str, callee) -> str:
    """The flow step of a call into ``callee``: for a call on an element of a factory's tuple, which
    class's method it is, as the annotation declares a base whose every implementation is followed."""
    if ELEMENT not in target or not callee.cls:
        return f"passed to {callee.name}()"
    return (f"passed to {callee.name}() (the receiver is declared by the factory's return annotation; "
            f"followed into {callee.cls}.{callee.name}, one of the methods it may run)")
