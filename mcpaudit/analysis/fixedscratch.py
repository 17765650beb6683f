"""Deleting the fixed-name file the function itself writes into the folder it works on (py30a).

``cfg = os.path.join(folder, ".tflint.hcl")``; ``open(cfg, "w")`` (only when none is there); then
``os.remove(cfg)`` after the run, on the error path or in an ``except`` block that joins the same
name again. The caller may choose ``folder`` (and the write there is reported, a traversal or the
tool's declared job), but never the file's name: the deletion removes the scratch file the tool put
there, no file of the caller's choosing, and is no finding of its own. So is a deletion in a
``finally`` block that no parameter's value reaches (:func:`finally_cleanup`): the cleanup of the
temporary files a helper made for the call, no effect of a read-only tool's.

:func:`own_scratch` says whether the path of a deletion is such a file: the path (a local variable,
every assignment of which in the function is the same expression, or the expression itself) is
``os.path.join(<dir>, "<name>")`` / ``<dir> / "<name>"`` ending in a constant file name (no
separator, no ``..``), and the same function opens that path (the variable, or an equal
expression) for writing (``open(p, "w"/"x")``, ``p.write_text()``).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst, later

from . import cstnodes as N

#: a deletion's detail in a ``finally`` block that no parameter of the function reaches: the
#: cleanup of what the function made (``finally: for tf in temp_files: os.unlink(tf)``, the temp
#: files a helper wrote the values into), no effect of a tool's own (effects.py), as ROLLBACK
CLEANUP = "removes what the function made, in its finally block"
#: the calls that delete the file their first argument names
DELETES = frozenset({"os.remove", "os.unlink", "aiofiles.os.remove"})
_WRITE_MODES = ("w", "x")
_EMPTY = later(lambda: cst.Module([]))


def _code(node) -> str:
    return _EMPTY.code_for_node(node)


def _fixed_join(node, dotted) -> bool:
    """``os.path.join(d, "name")`` or ``d / "name"`` with a constant last component."""
    if isinstance(node, cst.Call) and dotted(node.func) in ("os.path.join", "posixpath.join") and len(node.args) >= 2:
        last = node.args[-1]
        name = N.string_value(last.value) if last.keyword is None and not last.star else None
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        name = N.string_value(node.right)
    else:
        return False
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _bindings(fn) -> Dict[str, List[cst.CSTNode]]:
    out: Dict[str, List[cst.CSTNode]] = {}
    for a in N.nodes_of(fn, cst.Assign):
        for t in a.targets:
            if isinstance(t.target, cst.Name):
                out.setdefault(t.target.value, []).append(a.value)
    return out


def _path_key(node, binds, dotted) -> Optional[str]:
    """The code of the fixed-name join ``node`` stands for, or None."""
    if isinstance(node, cst.Name):
        values = binds.get(node.value, [])
        codes = {_code(v) for v in values}
        if len(codes) != 1 or not _fixed_join(values[0], dotted):
            return None
        return codes.pop()
    return _code(node) if _fixed_join(node, dotted) else None


def _written_keys(fn, binds, dotted) -> set:
    keys = set()
    for call in N.nodes_of(fn, cst.Call):
        target = None
        if isinstance(call.func, cst.Name) and call.func.value == "open" and call.args:
            mode = next((a.value for a in call.args[1:2] if a.keyword is None), None)
            mode = mode if mode is not None else next((a.value for a in call.args if a.keyword and a.keyword.value == "mode"), None)
            if (N.string_value(mode) or "").startswith(_WRITE_MODES):
                target = call.args[0].value
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value in ("write_text", "write_bytes"):
            target = call.func.value
        key = _path_key(target, binds, dotted) if target is not None else None
        if key:
            keys.add(key)
    return keys


def own_scratch(fa, node) -> bool:
    """The deleted path ``node`` is a fixed-name file the function ``fa.fn`` writes itself."""
    fn = getattr(fa, "fn", None)
    if fn is None or node is None or any(isinstance(node, cst.Name) and p.name == node.value for p in fa.params):
        return False
    def dotted(n):
        return fa.mod.dotted(n, fa.types)

    cache = fa.__dict__.setdefault("_scratch_cache", {})
    if id(fn) not in cache:
        binds = _bindings(fn)
        cache[id(fn)] = (binds, _written_keys(fn, binds, dotted))
    binds, written = cache[id(fn)]
    key = _path_key(node, binds, dotted)
    return key is not None and key in written



def _finally_calls(body) -> frozenset:
    return frozenset(id(c) for f in N.nodes_of(body, cst.Finally) for c in N.nodes_of(f, cst.Call))


def finally_cleanup(fa, call, taint) -> bool:
    """``call`` (a deletion) sits in a ``finally`` block of the function, or in a nested function
    the function registers to run at interpreter exit (:func:`_exit_handler`), and no parameter of
    the function reaches the path it deletes (``taint``): :data:`CLEANUP`."""
    body = fa.inlining[-1] if getattr(fa, "inlining", None) else getattr(fa, "fn", None)
    if body is None or any(k[0] == "p" for k in taint):
        return False
    return id(call) in N.per_node(fa.mod, "_finally_calls", body, _finally_calls) or _exit_handler(fa, body)


#: calls that run the function they are given when the interpreter exits, not when they are made
_AT_EXIT = frozenset({"atexit.register"})


def _exit_handler(fa, body) -> bool:
    """``body`` is a nested function (run in place: resolution._closure_call) that the enclosing
    function hands to ``atexit.register``: it runs when the process ends, removing what the
    function made for the process (``def _cleanup(p=path): os.unlink(p)``), not while a tool runs."""
    fn = getattr(fa, "fn", None)
    if fn is None or body is fn or not isinstance(body, cst.FunctionDef):
        return False
    name = body.name.value
    outer = [fn, *getattr(fa, "inlining", [])[:-1]]  # the closure's definer may itself run in place
    return any(fa.mod.dotted(c.func) in _AT_EXIT and c.args and isinstance(c.args[0].value, cst.Name)
               and c.args[0].value.value == name for f in outer for c in N.nodes_of(f, cst.Call))
