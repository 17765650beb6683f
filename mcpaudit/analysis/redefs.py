"""A function defined again under the same name (``def export_logs(...)`` twice in one module).

Python binds the name to the last ``def``; a decorator on an earlier one has already registered
that earlier function object, and the registration keeps it (FastMCP keeps the first tool of a
name, the first static resource of a URI), except where the later ``def`` registers the same
resource template URI: FastMCP's template table keeps the last one, so the earlier body is
never served. The module's function index is keyed by qualified name, so the earlier summary
would be overwritten and its handlers would run the later body (and, run first, hide the later
def's own registrations: one handler per function is run). :func:`store_summary` keeps the
earlier summary under its own key (``name@line``) for the handlers its decorators registered,
and drops those a later template of the same URI replaced; its sinks stay known (a pattern
rule's finding there is read as a sink the analysis followed, as for any function no caller
reaches).
"""

from __future__ import annotations

from dataclasses import replace

from ..lazycst import cst

from . import cstnodes as N


def _uris(fn: cst.FunctionDef) -> frozenset:
    """The string arguments of ``fn``'s decorator calls (``@mcp.resource("logs://{unit}")``)."""
    out = set()
    for d in fn.decorators:
        if isinstance(d.decorator, cst.Call):
            out.update(v for v in (N.string_value(a.value) for a in d.decorator.args) if v)
    return frozenset(out)


def store_summary(mod, fn: cst.FunctionDef, qualname: str, summary) -> None:
    """``mod.functions[qualname] = summary``, keeping an earlier decorated def of that name."""
    prev = mod.functions.get(qualname)
    mine = summary.pos[0]
    earlier = [h for h in mod.handlers if h.function == qualname and h.pos[0] < mine] if prev is not None else []
    if prev is not None and prev.pos[0] < mine and earlier:
        key = f"{qualname}@{prev.pos[0]}"
        mod.functions[key] = replace(prev, qualname=key)
        replaced, ids = _uris(fn), {id(h) for h in earlier}
        kept = []
        for h in mod.handlers:
            if id(h) in ids and h.kind == "resource" and h.uri and "{" in h.uri and h.uri in replaced:
                continue  # the same template URI registered again: the later function serves it
            kept.append(replace(h, function=key) if id(h) in ids else h)
        mod.handlers[:] = kept
    mod.functions[qualname] = summary


__all__ = ["store_summary"]
