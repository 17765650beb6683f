"""A URL checked against a list of allowed prefixes: ``url.startswith(PREFIXES)``, or a loop
``for p in self.permitted_urls: if url.startswith(p): return True``.

The prefixes are constants the code names: a tuple or list display, a module-level constant, a
class-level one read through ``self``/``cls``/the class, or the loop variable of a ``for`` over
one of those. When every prefix is a URL that pins its host (``https://cratedb.com/``, or
``https://github.com/crate``: a path follows the host, so the host ends there -
:func:`~.narrowing.fixed_host_prefix`, shared with the TypeScript checks), a value that passed the
test goes to one of those hosts: a request to it forges nothing. A prefix that ends at the host
(``https://example.com``) also admits ``https://example.com.evil.example/``: the check is weak,
and says why.
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .narrowing import HOST_PREFIX, NET_SCHEME, fixed_host_prefix, network_scheme
from .positions import flat_body


def _strings(node) -> Optional[List[str]]:
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)) and node.elements:
        words = [N.string_value(e.value) for e in node.elements]
        return None if any(w is None for w in words) else words
    return None


def _class_constant(mod, cls: Optional[str], attr: str):
    """The value of ``attr = ...`` (or ``attr: T = ...``) in the body of the module's class ``cls``."""
    if not cls:
        return None
    for stmt in flat_body(mod.module):
        if isinstance(stmt, cst.ClassDef) and stmt.name.value == cls.split(".")[0]:
            for inner in flat_body(stmt.body):
                if isinstance(inner, cst.AnnAssign) and isinstance(inner.target, cst.Name) and inner.target.value == attr:
                    return inner.value
                if isinstance(inner, cst.Assign) and any(
                        isinstance(t.target, cst.Name) and t.target.value == attr for t in inner.targets):
                    return inner.value
    return None


def prefix_values(fa, arg, depth: int = 0) -> Optional[List[str]]:
    """The constant strings a ``startswith`` argument stands for, when the code names them."""
    words = _strings(arg)
    if words is not None or depth > 2:
        return words
    if isinstance(arg, cst.Name):
        loop = fa.__dict__.get("loop_sources", {}).get(arg.value)
        if loop is not None:
            return prefix_values(fa, loop, depth + 1)
        if arg.value in fa.env or arg.value in getattr(fa, "local_values", {}) or arg.value in fa.mod.rebound_globals:
            return None  # a local the function computed, or a module name some function rebinds
        value = fa.mod.module_values.get(arg.value)
        return _strings(value) if value is not None else None
    if isinstance(arg, cst.Attribute) and isinstance(arg.value, cst.Name):
        head = arg.value.value
        cls = fa.cls if head in ("self", "cls") else (head if head in fa.mod.local_classes else None)
        return _strings(_class_constant(fa.mod, cls, arg.attr.value))
    return None


def constant_text(fa, arg) -> Optional[str]:
    """A string literal's value, or that of a module-level string constant (``ALLOWED_PREFIX =
    "https://docs.example.com/"``) the function neither assigns nor any function rebinds."""
    text = N.string_value(arg)
    if text is not None or not isinstance(arg, cst.Name) or arg.value in fa.env or arg.value in fa.mod.rebound_globals:
        return text
    return None if arg.value in getattr(fa, "local_values", {}) else fa.mod.string_constants.get(arg.value)


def url_prefix_check(var: str, prefixes: List[str]):
    """The narrowing of ``var`` after a test that it starts with one of ``prefixes`` (URLs), or
    None when some prefix is no URL (a path check: the caller decides)."""
    if not prefixes or not all("://" in p for p in prefixes):
        return None
    clean = {"ssrf"} if all(fixed_host_prefix(p) for p in prefixes) else set()
    if all(network_scheme(p) for p in prefixes):
        clean.add(NET_SCHEME)
    loose = next((p for p in prefixes if not fixed_host_prefix(p)), None)
    weak = HOST_PREFIX.format(prefix=loose).replace("startsWith", "startswith") if loose else None
    return [(var, frozenset(clean), weak, "URL prefix")]





def any_prefix(fa, cond: cst.Call):
    """``any(url.startswith(p) for p in PREFIXES)`` passed: as ``url.startswith(PREFIXES)``."""
    if not (isinstance(cond.func, cst.Name) and cond.func.value == "any" and len(cond.args) == 1
            and isinstance(cond.args[0].value, cst.GeneratorExp)):
        return None
    gen = cond.args[0].value
    test, loop = gen.elt, gen.for_in
    if loop.inner_for_in is not None or not isinstance(loop.target, cst.Name) or not (
            isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "startswith"
            and len(test.args) == 1 and isinstance(test.args[0].value, cst.Name)
            and test.args[0].value.value == loop.target.value):
        return None
    var = N.var_of(test.func.value)
    prefixes = prefix_values(fa, loop.iter)
    if var and prefixes is None and fa.env.get(var) and _configured(fa, loop.iter):
        return [(var, frozenset({"ssrf"}), None, "URL prefix allow-list")]
    return url_prefix_check(var, prefixes) if var and prefixes and fa.env.get(var) else None


def _configured(fa, it) -> bool:
    """A collection of prefixes the caller does not write: a name or attribute whose value holds
    no caller input (the server's configuration: ``domains`` built from its settings). Its
    prefixes are the operator's choice, as the hosts of a host allow-list are."""
    if not isinstance(it, (cst.Name, cst.Attribute)):
        return False
    bound = (getattr(fa, "local_values", {}).get(it.value) or fa.mod.module_values.get(it.value)) \
        if isinstance(it, cst.Name) else None
    if isinstance(bound, (cst.List, cst.Tuple, cst.Set)):
        return False  # a literal display: its strings are the prefixes (narrowing._any_prefix)
    return not any(label[0] == "p" for label in fa.ev_quiet(it))
__all__ = ["any_prefix", "constant_text", "prefix_values", "url_prefix_check"]
