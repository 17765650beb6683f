"""Attributes a constructor stores from its parameters, typed by what the callers construct with.

``class FileOperations: def __init__(self, validator): self.validator = validator`` and then
``await self.validator.validate_path(path)`` in a method: the class of ``self.validator`` is
whatever the construction sites hand in (``FileOperations(PathValidator(dirs))``,
``validator = PathValidator(dirs); FileOperations(validator)``), in this module or another.
(A parameter annotated with a project class already types the attribute: resolution.py.)

* :func:`collect_param_attrs` (module analysis) records, per class, the attributes ``__init__``
  assigns from a parameter whose annotation names no class: attr -> (position, parameter);
* :func:`param_attr_target` (function analysis) records ``self.validator.validate_path(...)`` as
  a call of ``self.validator.validate_path`` — the method the linker finds, else the library call
  it was (its sinks kept, ``unless_target``);
* :func:`ctor_arg_types` notes the classes of the arguments of a call that may construct a
  project class (its ``CallRec.arg_types``);
* :class:`ParamAttrs` (linker) resolves ``self.attr.method`` of a method of such a class against
  the classes its construction sites pass to that parameter, else against the type a base class
  of another module gives ``self.attr`` (a class-level ``attr: Service`` annotation, also under
  ``TYPE_CHECKING``, or ``self.attr = Service()``: py30a).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .positions import flat_body


def collect_param_attrs(mod, body) -> None:
    """``self.x = x`` in ``__init__`` for a parameter ``x`` whose annotation (if any) names no
    project class, and an attribute no method assigns a known class to."""
    for stmt in body:
        if not isinstance(stmt, cst.ClassDef):
            continue
        cname = stmt.name.value
        init = next((s for s in flat_body(stmt.body) if isinstance(s, cst.FunctionDef)
                     and s.name.value == "__init__"), None)
        if init is None:
            continue
        params = [p.name.value for p in init.params.params]
        params = params[1:] if params[:1] == ["self"] else []
        kwonly = {p.name.value for p in init.params.kwonly_params}
        typed = mod.class_attr_types.get(cname, {})
        out: Dict[str, Tuple[int, str]] = {}
        for s in flat_body(init.body):
            if not (isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.value, cst.Name)):
                continue
            t = s.targets[0].target
            name = s.value.value
            if not (isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == "self"):
                continue
            attr = t.attr.value
            if f"self.{attr}" in typed or attr in out:
                continue
            if name in params:
                out[attr] = (params.index(name), name)
            elif name in kwonly:
                out[attr] = (-1, name)
        if out:
            mod.param_attrs[cname] = out


def param_attr_target(fa, func) -> Optional[str]:
    """``self.attr.method`` where this method's class stores ``attr`` from a constructor
    parameter whose class the module does not know: the target the linker resolves."""
    if fa.cls is None or not isinstance(func, cst.Attribute):
        return None
    recv = func.value
    if not (isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name) and recv.value.value == "self"):
        return None
    attr = recv.attr.value
    if f"self.{attr}" in fa.types or not _stores(fa.mod, fa.cls, attr):
        return None
    return f"self.{attr}.{func.attr.value}"


def _stores(mod, cls: str, attr: str) -> bool:
    """``cls`` or one of its bases in the module stores ``attr`` from a constructor parameter."""
    seen = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        if attr in mod.param_attrs.get(c, {}):
            return True
        if any(b not in mod.local_classes and _imported_base(mod, b) for b in mod.class_bases.get(c, ())):
            return True  # a base of another project module may type it (ParamAttrs: its attr_types)
        todo.extend(b for b in mod.class_bases.get(c, ()) if b in mod.local_classes)
    return False


def _imported_base(mod, base: str) -> bool:
    from .resolution import maybe_project_class  # (resolution imports this module)

    return maybe_project_class(mod, base)


def ctor_arg_types(fa, call: cst.Call, targets) -> Optional[Dict[object, str]]:
    """The known classes of the arguments (by position or keyword) of a call that may build an
    object of a project class (a CapWords target); None when none is known."""
    if not isinstance(call, cst.Call) or not any(t.split(".")[-1][:1].isupper() for t in targets):
        return None
    out: Dict[object, str] = {}
    positional = 0
    for a in call.args:
        if a.star:
            return out or None
        t = fa._receiver_type(a.value)
        if t:
            out[a.keyword.value if a.keyword is not None else positional] = t
        if a.keyword is None:
            positional += 1
    return out or None


class ParamAttrs:
    """Mixed into the linker."""

    def _ctor_index(self) -> Dict[Tuple[str, str, str], List[Tuple[str, str]]]:
        """(class module, class, attr) -> the (constructing module, argument class) pairs of every
        construction site that passes a known class to the parameter the attribute stores."""
        index = self.__dict__.get("_param_attr_index")
        if index is not None:
            return index
        index = {}
        for path in sorted(self.modules):
            for fn in self.modules[path].functions.values():
                for rec in fn.calls.values():
                    if rec.arg_types:
                        self._note_site(index, path, rec)
        self.__dict__["_param_attr_index"] = index
        return index

    def _note_site(self, index, path: str, rec) -> None:
        ref = self.class_ref(path, rec.target)
        if ref is None:
            return
        attrs = getattr(self.modules[ref[0]], "param_attrs", {}).get(ref[1], {})
        for attr, (i, pname) in attrs.items():
            t = rec.arg_types.get(i) if i >= 0 else None
            t = t or rec.arg_types.get(pname)
            if t and (path, t) not in index.get((ref[0], ref[1], attr), ()):
                index.setdefault((ref[0], ref[1], attr), []).append((path, t))

    def param_attr_resolve(self, path: str, cls: str, target: str, depth: int):
        """``self.attr.method`` in a method of ``cls`` (or of a class deriving from one that
        stores it): the method of the first class a construction site passes for ``attr``'s
        parameter (:meth:`param_attr_hits` for all of them)."""
        hits = self.param_attr_hits(path, cls, target, depth)
        return hits[0] if hits else None

    def param_attr_hits(self, path: str, cls: str, target: str, depth: int = 0) -> list:
        """The methods ``self.attr.method`` may land on: one per class the construction sites of
        ``cls`` (or of its project bases) pass for the parameter ``attr`` stores."""
        _self, attr, method = target.split(".")
        out = []
        for cpath, c in [(path, cls)] + self.ancestors(path, cls):
            for site, t in self._ctor_index().get((cpath, c, attr), ()):
                hit = self.resolve(site, None, f"{t}.{method}", depth + 1)
                if hit is not None and all(h[1] is not hit[1] for h in out):
                    out.append(hit)
        if not out:
            # typed where the base class is (py30a): its ``helm_service: HelmService`` class-level
            # annotation (also under TYPE_CHECKING) or ``self.x = X()`` in a base of another module
            for cpath, c in self.ancestors(path, cls):
                t = getattr(self.modules[cpath], "attr_types", {}).get(c, {}).get(f"self.{attr}")
                hit = self.resolve(cpath, None, f"{t.replace('()', '')}.{method}", depth + 1) if t else None
                if hit is not None:
                    return [hit]
        return out
