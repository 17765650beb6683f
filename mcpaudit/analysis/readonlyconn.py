"""Read-only connections: a database connection or client opened read-only in a way its engine
enforces, or read-only on an engine whose read-only mode still writes files."""
from __future__ import annotations

from ..lazycst import cst

from . import cstnodes as N


def read_only_connection(mod, call: cst.Call) -> bool:
    """A connection or client opened read-only in a way its database enforces: ``read_only=True``,
    ``readonly=1``, a ``settings={"readonly": 1}``, or a ``mode=ro`` URI - unless the library is
    one whose read-only mode still writes files (the models' ``not-enough-for``)."""
    fq = mod.dotted(call.func) or ""
    if fq.split(".")[0] in mod.M.read_only_not_enough:
        return False
    for a in call.args:
        kw = a.keyword.value.lower() if a.keyword is not None else ""
        if kw in ("read_only", "readonly") and not (isinstance(a.value, cst.Name) and a.value.value in ("False", "None")):
            return True
        text = N.string_value(a.value)
        if text is None and isinstance(a.value, cst.FormattedString):  # f"file:{path}?mode=ro"
            text = "".join(p.value for p in a.value.parts if isinstance(p, cst.FormattedStringText))
        if text is not None and ("mode=ro" in text or "readonly" in text.lower().replace("_", "")):
            return True
        if isinstance(a.value, cst.Dict) and any(
                isinstance(e, cst.DictElement) and (N.string_value(e.key) or "").lower() == "readonly"
                for e in a.value.elements):
            return True
    return False


def weak_read_only_connection(mod, call: cst.Call) -> bool:
    """``duckdb.connect(p, read_only=flag)``: a connection opened read-only (or read-only when a
    flag says so) on an engine whose read-only mode still writes files (the models'
    ``not-enough-for``)."""
    fq = mod.dotted(call.func) or ""
    if fq.split(".")[0] not in mod.M.read_only_not_enough:
        return False
    return any(a.keyword is not None and a.keyword.value.lower() in ("read_only", "readonly")
               and not (isinstance(a.value, cst.Name) and a.value.value in ("False", "None"))
               for a in call.args)
