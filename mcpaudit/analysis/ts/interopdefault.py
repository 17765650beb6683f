"""A package's default export read through the CommonJS interop idiom (issue 14, ts52b).

``import pkg from "@woocommerce/woocommerce-rest-api"; const WooCommerceRestApi = (pkg as
any).default || pkg;`` (also ``pkg.default ?? pkg`` and ``pkg["default"] || pkg``) picks the
package's default export whether the bundler wrapped the CommonJS module or not: either side is
the same class, so the name is an alias of the import, and ``new WooCommerceRestApi(...)`` is a
construction of that package's client (a receiver the method sinks know by its constructor).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N

_OPS = ("||", "??")


def interop_alias(mod, value) -> Optional[str]:
    """The dotted import ``value`` (``(pkg as any).default || pkg``) stands for, or None."""
    v = N.unwrap(value)
    if v is None or v.type != "binary_expression":
        return None
    op = v.child_by_field_name("operator")
    if op is None or N.text(mod.data, op) not in _OPS:
        return None
    left, right = N.unwrap(v.child_by_field_name("left")), N.unwrap(v.child_by_field_name("right"))
    if left is None or right is None or right.type != "identifier":
        return None
    base = N.text(mod.data, right)
    if left.type == "member_expression":
        obj, prop = N.unwrap(left.child_by_field_name("object")), left.child_by_field_name("property")
        key = N.text(mod.data, prop) if prop is not None else ""
    elif left.type == "subscript_expression":
        obj, idx = N.unwrap(left.child_by_field_name("object")), left.child_by_field_name("index")
        key = N.text(mod.data, idx).strip("\"'`") if idx is not None else ""
    else:
        return None
    if obj is None or obj.type != "identifier" or N.text(mod.data, obj) != base or key != "default":
        return None
    if base not in mod.imports:
        return None  # only a package's (or module's) import: a local object's default is its own
    d = mod.top.dotted(right)
    return d or None


__all__ = ["interop_alias"]
