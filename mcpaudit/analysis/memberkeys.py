"""The container of a membership test, read past its key lookups (py30a).

``if version not in modules[module_name]["versions"]: raise`` is an allow-list like ``if version
not in versions: raise``: the subscript chain picks one of the collections the server holds
(``modules``), and the caller's key only chooses which one, never what it holds. The taint that
decides whether the container is the caller's is therefore the taint of the chain's base: a base
the caller fills (``wanted = {k: [version]}``) keeps the test a check against the caller's own
values, and a base that is no plain subscript chain is evaluated whole as before.
"""

from __future__ import annotations

from ..lazycst import cst


def container_of(right):
    """The base of membership container ``right`` when it is a subscript chain over a name or an
    attribute (``d[k]["versions"]`` -> ``d``), else ``right`` itself."""
    base = right
    while isinstance(base, cst.Subscript):
        base = base.value
    return base if isinstance(base, (cst.Name, cst.Attribute)) else right


def computed_container(right) -> bool:
    """A container whose 'computed by a project function' taint makes the test an allow-list: a
    name, an attribute, or a subscript chain over one (not a call, which may compute it from the
    value tested)."""
    return isinstance(container_of(right), (cst.Name, cst.Attribute))
