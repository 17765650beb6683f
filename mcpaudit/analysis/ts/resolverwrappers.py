"""A module's one-line wrappers of a path resolver, read as that resolver (issue 14).

    export function normalizePath(p: string): string {
      return path.normalize(p);
    }
    ...
    const normalizedRequested = normalizePath(absolute);
    if (!allowedDirectories.some((dir) => normalizedRequested.startsWith(dir))) throw ...;

A function of the module whose whole body returns a resolver of the models (``path.normalize``,
``path.resolve``, ``path.join``, ``fs.realpath``...) applied to its own parameters, each once and in
their order, is that resolver under another name: a call of it is the resolver's call
(:func:`resolver_alias`, read by :meth:`~.names.Names.dotted`), so a containment check on its result
guards the value it was given, and keeps the diagnoses the resolver's own result gets (a lexical
resolver, not ``fs.realpath``; a prefix test without a separator). A function that does anything
else (reorders, adds a base, checks) stays a project function, followed as before.
"""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N


def resolver_alias(fa, name: str) -> Optional[str]:
    """The resolver the module function ``name`` is a one-line wrapper of, or None. Memoised
    per module, built to a fixpoint (``a(p) { return b(p) }`` is a wrapper whether ``b`` comes
    before or after it: each round reads the wrappers the rounds before found)."""
    mod = fa.mod
    table: Optional[Dict[str, str]] = getattr(mod, "_resolver_aliases", None)
    if table is None:
        if getattr(mod, "top", None) is None or getattr(mod, "tree", None) is None:
            return None  # (not before the module's own evaluator exists)
        table = mod._resolver_aliases = {}
        todo = list(N.top_bindings(mod.data, mod.tree.root_node))
        while todo:
            found = [(fname, got) for fname, node in todo if (got := _wrapped(mod, node))]
            table.update(found)
            todo = [(f, n) for f, n in todo if f not in table] if found else []
    return table.get(name)


def _wrapped(mod, fn) -> Optional[str]:
    if fn is None or not N.is_function(fn):
        return None
    params = [p for p in mod.top.param_list(fn)]
    body = fn.child_by_field_name("body")
    if not params or "" in params or body is None:
        return None
    if body.type == "statement_block":
        stmts = [s for s in body.named_children if s.type != "comment"]
        if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
            return None
        body = stmts[0].named_children[0]
    call = N.unwrap(body)
    if call is not None and call.type == "await_expression" and call.named_children:
        call = N.unwrap(call.named_children[0])
    if call is None or call.type != "call_expression":
        return None
    args = [N.unwrap(a) for a in N.args_of(call)]
    if [N.text(mod.data, a) if a is not None and a.type == "identifier" else None for a in args] != params:
        return None
    fq = (mod.top.dotted(call.child_by_field_name("function")) or "").replace("()", "")
    return fq if fq in mod.M.resolver_calls else None


__all__ = ["resolver_alias"]
