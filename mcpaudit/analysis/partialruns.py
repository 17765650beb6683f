"""A server's run call deferred through ``functools.partial``, and an Enum member's ``.value``
as the constant it is (issue 12, py56c).

    class Transport(Enum):
        HTTP = "http"

    anyio.run(partial(mcp.run_http_async, transport=Transport.HTTP.value, host=host, port=port))

``partial(f, *a, **kw)`` binds ``f`` to its arguments for a later call; handed to ``anyio.run`` or
``asyncio.run`` (or kept and called), it runs ``f(*a, **kw)``. When ``f`` is a server's run method
(``run``, ``run_async``, ``run_http_async``...: the catalog's ``http`` section), the partial is that
run call: :func:`deferred_run` gives the call as written without ``partial``, with the position of
the ``partial(...)`` call. The functions that defer so are data (``http.deferred-calls``).

``Transport.HTTP.value`` on a project Enum whose member is a string literal is that string
(:func:`enum_text`), as a literal transport name is.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from .cstnodes import string_value
from .enumvalues import enum_member_value


def deferred_run(an, call: cst.Call, fq: str, method: str, recv) -> Tuple[cst.Call, str, str, Optional[cst.BaseExpression]]:
    """``(call, fq, method, receiver)`` of the run call ``partial(server.run_x, ...)`` defers; the
    arguments themselves when ``call`` defers no run method of an object."""
    surface = an.M.surface
    if fq not in surface.deferred_calls or not call.args or call.args[0].keyword is not None or call.args[0].star:
        return call, fq, method, recv
    target = call.args[0].value
    if not isinstance(target, cst.Attribute) or (target.attr.value not in surface.run_methods
                                                 and target.attr.value not in surface.run_transport_methods):
        return call, fq, method, recv
    mod = an.mod
    run = call.with_changes(func=target, args=tuple(call.args[1:]))
    kept = mod.__dict__.setdefault("_deferred_runs", [])
    kept.append(run)  # the position cache is keyed by id: keep the node alive with its position
    mod.pos_index._cache[(id(an.stmt), id(run))] = mod.pos(an.stmt, call)
    return run, mod.dotted(target, getattr(an, "types", None)) or target.attr.value, target.attr.value, target.value


def enum_text(mod, node) -> Optional[str]:
    """A string literal, or ``Cls.MEMBER.value`` of an Enum class of this module whose member
    is one: that string; else None."""
    text = string_value(node) if node is not None else None
    if text is not None or not (isinstance(node, cst.Attribute) and node.attr.value == "value"):
        return text
    return enum_member_value(mod, node.value)


__all__ = ["deferred_run", "enum_text"]
