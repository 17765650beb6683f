"""A library object a project class keeps in ``self.<attr>``, typed for the modules that import
the class (issue 12).

    # services/kernel_session.py
    from jupyter_client.manager import AsyncKernelManager
    class KernelSession:
        def __init__(self, session_id: str, kernel_manager: AsyncKernelManager):
            self.kernel_manager = kernel_manager
        async def start(self):
            self.kernel_client = self.kernel_manager.client()   # a kernel client

    # services/kernel_manager.py
    from .kernel_session import KernelSession
    session.kernel_client.execute(code)                         # the kernel runs the code

Read in its own module, ``self.kernel_client`` is typed (classtypes.py: the parameter's library
class, then the factory method ``AsyncKernelManager.client`` a receiver row names); a module that
imports the class read it as ``KernelSession.kernel_client``, of no known class, and a method whose
name other libraries share (``execute``) fell to their rows. The first pass hands the importing
module ``self.<attr>=<library class>`` pairs beside the class's annotated getters (receivergetters'
``METHODS``), for the attributes its methods set to:

* a parameter annotated with a library class a receiver row names, or whose methods it names as
  factories (``kernel_manager: AsyncKernelManager``);
* a modelled constructor's object (``Ctor(...)``), or a declared one (``self.kc: Optional[KernelClient] = None``);
* a factory method of such an attribute (``self.kernel_manager.client()``).
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, List, Optional


def _owners(ctors: FrozenSet[str]) -> FrozenSet[str]:
    return frozenset(c.rsplit(".", 1)[0] for c in ctors if c.count(".") >= 2 and c.rsplit(".", 2)[1][:1].isupper())


def _self_target(node) -> Optional[str]:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return "self." + node.attr
    return None


def _value_type(value, params: Dict[str, str], attrs: Dict[str, str], imports, ctors) -> Optional[str]:
    from .importedreturns import _dotted

    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Name):
        return params.get(value.id)
    if not isinstance(value, ast.Call):
        return None
    f = value.func
    held = _self_target(f.value) if isinstance(f, ast.Attribute) else None
    if held is not None:  # self.kernel_manager.client()
        owner = attrs.get(held)
        fq = f"{owner}.{f.attr}" if owner else None
    else:
        fq = _dotted(f, imports)
    return fq if fq in ctors else None


def library_attrs(cls: ast.ClassDef, imports: Dict[str, str], ctors: FrozenSet[str]) -> List[str]:
    """``self.<attr>=<library class>`` of the class's attributes (see the module's docstring)."""
    from .importedreturns import _dotted
    from .receivergetters import _unoptional

    owners = _owners(ctors)
    attrs: Dict[str, str] = {}
    for _ in range(2):  # a factory method of an attribute another method sets
        for fn in cls.body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = {}
            for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs):
                inner = _unoptional(a.annotation) if a.annotation is not None else None
                t = _dotted(inner, imports) if inner is not None else None
                if t in ctors or t in owners:
                    params[a.arg] = t
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target, value, declared = _self_target(node.targets[0]), node.value, None
                elif isinstance(node, ast.AnnAssign):
                    target, value = _self_target(node.target), node.value
                    inner = _unoptional(node.annotation)
                    declared = _dotted(inner, imports) if inner is not None else None
                else:
                    continue
                if target is None or target in attrs:
                    continue
                t = declared if declared in ctors else (
                    _value_type(value, params, attrs, imports, ctors) if value is not None else None)
                if t is not None:
                    attrs[target] = t
    return [f"{k}={v}" for k, v in attrs.items()]


__all__ = ["library_attrs"]
