"""A member of a package required inside a function: ``google = googleapis.google``.

An optional dependency is often loaded where it is used, in a ``try`` block (``let google; try {
const googleapis = require("googleapis"); google = googleapis.google; } catch { ... }``). The
required name is an alias of the package (``Expressions._track_call`` records it in
``required_names``); a variable assigned one of its members is that member of the package
(``googleapis.google``), as for a project module's export, so that what it builds is known by
the package (``google.customsearch("v1")``: a service client, sdkanswers.py).
"""

from __future__ import annotations

from . import nodes as N


def required_package(ctx, obj) -> bool:
    """Whether ``obj`` names a package this function required (``const m = require("pkg")``)."""
    u = N.unwrap(obj)
    return u is not None and u.type == "identifier" and \
        N.text(ctx.data, u) in ctx.__dict__.get("required_names", ())


__all__ = ["required_package"]
