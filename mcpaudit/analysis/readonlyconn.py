"""Read-only connections: a database connection or client opened read-only in a way its engine
enforces, or read-only on an engine whose read-only mode still writes files, and such a
connection whose own path turns that off (MotherDuck's SaaS mode: :func:`held_read_only_call`)."""
from __future__ import annotations

from typing import List

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


def _texts(mod, node, scope, depth: int = 6) -> List[str]:
    """The literal text pieces of a value, following names to their assignments in ``scope``
    (the function around the call) or at module level: ``f"{DB_PATH}?{'&'.join(params)}"`` with
    ``DB_PATH = f"md:{name}"`` and ``params = ["saas_mode=true", ...]`` gives
    ``["md:", "?", "&", "saas_mode=true", ...]`` in source order."""
    if node is None or depth < 0:
        return []
    text = N.string_value(node)
    if text is not None:
        return [text]
    if isinstance(node, cst.FormattedString):
        out: List[str] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append(part.value)
            else:
                out += _texts(mod, part.expression, scope, depth - 1)
        return out
    if isinstance(node, cst.Name):
        for where in ([scope] if scope is not None else []) + [mod.module]:
            for a in N.find_all(where, cst.Assign):
                if any(isinstance(t.target, cst.Name) and t.target.value == node.value for t in a.targets):
                    return _texts(mod, a.value, scope, depth - 1)
        return []
    if isinstance(node, cst.BinaryOperation):
        return _texts(mod, node.left, scope, depth - 1) + _texts(mod, node.right, scope, depth - 1)
    if isinstance(node, cst.Call):  # "&".join(params)
        recv = node.func.value if isinstance(node.func, cst.Attribute) else None
        return _texts(mod, recv, scope, depth - 1) + [t for a in node.args for t in _texts(mod, a.value, scope, depth - 1)]
    if isinstance(node, (cst.List, cst.Tuple)):
        return [t for e in node.elements for t in _texts(mod, e.value, scope, depth - 1)]
    return []


def held_read_only_call(mod, call: cst.Call, scope=None) -> bool:
    """A connection opened read-only on an engine whose read-only mode still writes, that turns
    off what still writes by its own path or options (the models' ``not-enough-unless-path``:
    MotherDuck's ``md:<db>?saas_mode=true``; ``not-enough-unless-options``: a config dict with
    ``motherduck_saas_mode`` true). ``scope``: the function around the call, for its names."""
    M = mod.M
    if any(p.search(mod.text) for p in M.read_only_not_enough_unless):
        return True  # the module turns it off (SET enable_external_access = false)
    if scope is None:
        from .configured import enclosing_function

        scope = enclosing_function(mod, call)
    path = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "database"), None)
    if M.read_only_not_enough_unless_path is not None and path is not None:
        if M.read_only_not_enough_unless_path.search(" ".join(_texts(mod, path, scope))):
            return True
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "config" and isinstance(a.value, cst.Dict):
            for e in a.value.elements:
                if isinstance(e, cst.DictElement) and (N.string_value(e.key) or "") in M.read_only_not_enough_unless_options \
                        and isinstance(e.value, cst.Name) and e.value.value == "True":
                    return True
    return False
