"""A library object a project method returns, typed by that method's return annotation (issue 12).

    # utils/manager.py
    from jupyter_kernel_client import KernelClient
    class KernelManager:
        def get_kernel(self, name: str) -> Optional[KernelClient]: ...

    # server.py
    from .utils import KernelManager          # utils/__init__.py re-exports it
    manager = KernelManager()
    kernel = manager.get_kernel(name)
    kernel.execute(code)                      # the kernel runs the code: not a cursor's execute

A receiver row keyed on its library's constructors (``receivers.<kind>.constructors``) knew the
object only where the constructor was called; a getter of the project that hands it out (a
registry of kernels, sessions, clients) lost the type, and a method whose name other libraries
share (``execute``) fell to their rows. The getter's return annotation says what it returns,
``Optional[X]`` and ``X | None`` too (a lookup that can miss returns X when it does not):

* a method of a class of the same module: ``return_types["Class.method"]``
  (:func:`modelled_class`, from ``resolution._return_type``);
* a method of a class imported from another module of the project, re-exported by a package's
  ``__init__`` or not: the first pass hands on ``KEY + METHODS + local class name`` with
  ``method=library class`` pairs (:func:`method_returns`, importedhelpers.py), which the module
  files under ``<class as imported>.<method>`` (:func:`note_method_returns`).

A call ``obj.method(...)`` whose receiver's class is known (a local, a module-level instance, a
``self`` attribute) then takes the annotated class (:func:`getter_type`). Only classes a receiver
row names count: a method returning a project class is resolved by the linker as before.
"""

from __future__ import annotations

import ast
from typing import FrozenSet, Optional

from ..lazycst import cst

#: after ``importedhelpers.KEY``: a project class of another module whose methods are annotated to
#: return modelled library classes, ``method=class`` pairs joined by ``;``
METHODS = "\x1fmethods:"


def modelled_class(mod, ann) -> Optional[str]:
    """A library class a receiver row names among its constructors, from a return annotation
    that may be None (``-> Optional[KernelClient]``, ``-> KernelClient | None``)."""
    from .resolution import _annotated_class

    t = _annotated_class(mod, ann)
    return t if t and t in mod.M.receiver_constructors else None


def factory_owners(M) -> FrozenSet[str]:
    """Library classes whose methods a receiver row names among its constructors
    (``jupyter_client.AsyncKernelManager`` of ``jupyter_client.AsyncKernelManager.client``): a
    parameter annotated with one is typed, so ``km.client()`` builds what ``AsyncKernelManager().client()``
    does."""
    names = M.__dict__.get("_factory_owners")
    if names is None:
        names = frozenset(c.rsplit(".", 1)[0] for c in M.receiver_constructors
                          if c.count(".") >= 2 and c.rsplit(".", 2)[1][:1].isupper())
        M.__dict__["_factory_owners"] = names
    return names


def typed_library(M, t: Optional[str]) -> bool:
    """A library class an annotation may type a receiver by: one a receiver row builds objects
    with, or whose methods it names as factories."""
    return bool(t) and (t in M.receiver_constructors or t in factory_owners(M))


def factory_attr(attrs, value: str, ctors: FrozenSet[str]) -> Optional[str]:
    """``self.kc = self.km.client()`` where ``self.km`` holds a library class (``attrs``): the
    modelled constructor ``Lib.Class.client`` the value is, else None."""
    head, _, method = value.rpartition(".")
    owner = attrs.get(head) if head.startswith("self.") else None
    fq = f"{owner.replace('()', '')}.{method}" if owner else None
    return fq if fq in ctors else None


def getter_type(fa, call: cst.Call) -> Optional[str]:
    """The modelled library class ``obj.method(...)`` returns, by the annotation of ``method`` of
    ``obj``'s project class; None otherwise."""
    func = call.func
    if not isinstance(func, cst.Attribute) or isinstance(func.value, cst.Call):
        return None
    owner = fa._receiver_type(func.value)
    if not owner:
        return None
    t = fa.mod.return_types.get(f"{owner}.{func.attr.value}")
    return t if t and t in fa.M.receiver_constructors else None


def _unoptional(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # -> "KernelClient"
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.Subscript) and getattr(node.value, "id", getattr(node.value, "attr", "")) == "Optional":
        return node.slice
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        sides = [x for x in (node.left, node.right) if not (isinstance(x, ast.Constant) and x.value is None)]
        return sides[0] if len(sides) == 1 else None
    return node


def method_returns(tree: ast.AST, name: str, constructors: FrozenSet[str]) -> Optional[str]:
    """``method=class;...`` of the methods of the top-level class ``name`` of a module (``tree``)
    annotated to return a library class a receiver row names; None when there is none."""
    from .importedreturns import _dotted, module_imports

    imports = module_imports(tree)
    cls = next((n for n in getattr(tree, "body", ()) if isinstance(n, ast.ClassDef) and n.name == name), None)
    pairs = []
    for fn in cls.body if cls is not None else ():
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.returns is not None:
            inner = _unoptional(fn.returns)
            fq = _dotted(inner, imports) if inner is not None else None
            if fq in constructors:
                pairs.append(f"{fn.name}={fq}")
    if cls is not None:
        from .libattrs import library_attrs

        pairs += library_attrs(cls, imports, constructors)  # self.kernel_client=...AsyncKernelManager.client
    return ";".join(pairs) or None


def note_method_returns(mod, key: str, value: str) -> bool:
    """File the methods' library classes of an imported project class (:data:`METHODS`) under
    ``<class as imported>.<method>``; False when ``key`` is not such a binding."""
    if not key.startswith(METHODS) or not value:
        return False
    local = key[len(METHODS):]
    for pair in value.split(";"):
        method, _, cls = pair.partition("=")
        if method.startswith("self."):  # a library object the class keeps (libattrs.py)
            mod.class_attr_types.setdefault(mod.imports.get(local, local), {}).setdefault(method, cls)
            continue
        mod.return_types.setdefault(f"{mod.imports.get(local, local)}.{method}", cls)
    return True


__all__ = ["METHODS", "getter_type", "method_returns", "modelled_class", "note_method_returns"]
