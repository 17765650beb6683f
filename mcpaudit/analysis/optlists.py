"""Lists an argv is joined from: displays, known lists, and a helper's returned option list.

``cmd = ["helm"] + context_args(ctx) + ["status", name]``: ``context_args`` returns
``["--kube-context", ctx]`` or ``[]``. A helper of the module (or a method of the class the
caller is in) every ``return`` of which is a list literal, or a local list built from literals by
``append``/``extend``/``+=``, whose elements are all options (a constant starting with ``-``, a
value with a constant ``-`` prefix) or the value right after a constant option, adds options and
their values only, never a positional. Its returns are joined in order into one list (each
alternative keeps its option and value together, so counting positionals reads every alternative
the same), each value carrying the taint of the arguments its expression names, and the argv is
known: the argument count (argarity.py) and the option operands are judged as for a literal (a
value after a long option of the helper's list is that option's, as the list is read on its own
where it names no program: cstnodes.option_operand). A helper imported from another module of
the project is read the same, from the source the first pass hands on (importedhelpers.py); a
local assigned such a call, or a choice between two option lists, is such a list too. A
helper of any other shape (a positional word, a value without its option, a starred list, a
return of anything else) keeps today's "argv built elsewhere".
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst

from .cstnodes import const_prefix, find_all, option_operand, own_stmts, per_node, string_value
from .positions import flat_body
from .taintvalue import EMPTY, mark, union


def known_list(fa, node):
    """The elements ``(node, taint, constant text)`` of a list display, a tracked list, or a
    ``+`` join of them and of option-list helper calls; None when any part is not known."""
    if isinstance(node, (cst.List, cst.Tuple)):
        out = []
        for e in node.elements:
            el = _element(fa, e)
            if el[0] == "*":
                out.extend(el[1])
            else:
                out.append(el)
        return out
    if isinstance(node, cst.Name) and node.value in fa.lists:
        return list(fa.lists[node.value])
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left = list_part(fa, node.left)
        right = list_part(fa, node.right) if left is not None else None
        return left + right if right is not None else None
    return None


def _element(fa, e):
    """A list element: (node, taint, constant text), or ("*", elements) for a starred known list."""
    if isinstance(e, cst.StarredElement):
        inner = list_part(fa, e.value)
        if inner is not None:
            return ("*", inner)
        return (e.value, fa.ev(e.value), None)
    return (e.value, fa.ev(e.value), string_value(e.value))


def list_part(fa, node):
    """The elements of one part of a join: a known list, an option-list helper's call, or a
    choice between two option lists (``["-n", ns] if ns else ["--all-namespaces"]``, both
    alternatives joined in order as a helper's returns are); None when not known."""
    if isinstance(node, cst.Call):
        return option_list(fa, node)
    if isinstance(node, cst.IfExp):
        out = []
        for branch in (node.body, node.orelse):
            got = known_list(fa, branch)
            if got is None or not _options_only([n for n, _t, _c in got]):
                return None
            out.extend(got)
        return out
    return known_list(fa, node)


def _top_defs(module: cst.Module) -> Dict[type, Dict[str, cst.CSTNode]]:
    """The module's top-level functions and classes (``module.body``) by name, the first of each name."""
    out: Dict[type, Dict[str, cst.CSTNode]] = {cst.FunctionDef: {}, cst.ClassDef: {}}
    for s in module.body:
        if isinstance(s, (cst.FunctionDef, cst.ClassDef)):
            out[type(s)].setdefault(s.name.value, s)
    return out


def _helper(fa, call: cst.Call) -> Optional[cst.FunctionDef]:
    """The module function, or the method of the caller's class (``self.x(...)``), ``call`` calls."""
    func = call.func
    top = per_node(fa.mod, "_top_defs", fa.mod.module, _top_defs)
    if isinstance(func, cst.Name) and func.value not in fa.env and func.value not in fa.mod.rebound:
        return top[cst.FunctionDef].get(func.value) or _imported(fa.mod, func.value)
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self" \
            and fa.cls is not None:
        cls = top[cst.ClassDef].get(fa.cls)
        if cls is not None:
            return next((s for s in flat_body(cls.body) if isinstance(s, cst.FunctionDef)
                         and s.name.value == func.attr.value), None)
    return None


def _imported(mod, name: str) -> Optional[cst.FunctionDef]:
    """The helper ``name`` the module imports from another module of the project, from the
    source the first pass handed on (:mod:`mcpaudit.importedhelpers`)."""
    src = getattr(mod, "imported_helpers", {}).get(name)
    if src is None or name not in mod.imports:
        return None
    parsed = mod.__dict__.setdefault("_imported_helper_defs", {})
    if name not in parsed:
        try:
            stmt = cst.parse_module(src).body[0]
        except (cst.ParserSyntaxError, IndexError):
            stmt = None
        parsed[name] = stmt if isinstance(stmt, cst.FunctionDef) else None
    return parsed[name]


def _options_only(nodes) -> bool:
    """Every element an option, or the value right after a constant option."""
    after_option = False
    for n in nodes:
        c = string_value(n)
        if c is not None and c.startswith("-") and len(c) > 1:
            after_option = "=" not in c
            continue
        if not after_option and not const_prefix(n).startswith("-"):
            return False  # a positional word, or a value with no option before it
        after_option = False
    return True


def _literal(node) -> Optional[List[cst.BaseExpression]]:
    if not isinstance(node, (cst.List, cst.Tuple)) or any(isinstance(e, cst.StarredElement) for e in node.elements):
        return None
    return [e.value for e in node.elements]


def _built(stmts, name: str) -> Optional[List[cst.BaseExpression]]:
    """The elements a local list gets, in order: ``args = []`` then ``args += [...]``,
    ``args.extend([...])``, ``args.append("--flag")``; None when it gets anything else."""
    out: List[cst.BaseExpression] = []
    for s in stmts:
        if isinstance(s, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name for t in s.targets):
            got = _literal(s.value)
            if got is None:
                return None
            out.extend(got)
        elif isinstance(s, cst.AugAssign) and isinstance(s.target, cst.Name) and s.target.value == name:
            got = _literal(s.value) if isinstance(s.operator, cst.AddAssign) else None
            if got is None:
                return None
            out.extend(got)
        elif isinstance(s, cst.Expr) and isinstance(s.value, cst.Call) and isinstance(s.value.func, cst.Attribute) \
                and isinstance(s.value.func.value, cst.Name) and s.value.func.value.value == name:
            call = s.value
            arg = call.args[0].value if len(call.args) == 1 else None
            got = _literal(arg) if call.func.attr.value == "extend" else (
                [arg] if call.func.attr.value == "append" and arg is not None else None)
            if got is None:
                return None
            out.extend(got)
    return out


def _returned(fn: cst.FunctionDef) -> Optional[List[cst.BaseExpression]]:
    """The elements of every list ``fn`` returns, joined in order, when each is an option list."""
    stmts = list(own_stmts(flat_body(fn.body)))
    out: List[cst.BaseExpression] = []
    returns = [s for s in stmts if isinstance(s, cst.Return)]
    if not returns:
        return None
    for r in returns:
        if isinstance(r.value, cst.Name):
            got = _built(stmts, r.value.value)
        else:
            got = _literal(r.value) if r.value is not None else None
        if got is None or not _options_only(got):
            return None
        out.extend(got)
    return out


def option_list(fa, call: cst.Call):
    """The elements of the option list the helper ``call`` calls returns, each value with the
    taint of the arguments its expression names; None for any other call."""
    fn = _helper(fa, call)
    if fn is None or any(a.star for a in call.args):
        return None
    nodes = per_node(fa.mod, "_option_lists", fn, _returned)
    if nodes is None:
        return None
    params = [p.name.value for p in fn.params.params]
    if isinstance(call.func, cst.Attribute) and params[:1] in (["self"], ["cls"]):
        params = params[1:]
    bound = {}
    for i, a in enumerate(call.args):
        name = a.keyword.value if a.keyword is not None else (params[i] if i < len(params) else None)
        if name is not None:
            bound[name] = a.value
    out = []
    consts = [string_value(n) for n in nodes]
    for k, n in enumerate(nodes):
        if consts[k] is not None:
            out.append((n, EMPTY, consts[k]))
            continue
        names = {x.value for x in find_all(n, cst.Name)} & set(bound)
        t = union(*[fa.ev_quiet(bound[x]) for x in sorted(names)]) if names else EMPTY
        if t and option_operand(consts, k, fa.M.option_operands, fa.M.flag_options):
            t = mark(t, clean=frozenset({"argument"}))  # after a long option, in a list naming no program
        # a value: where the join is written; a prefixed option keeps its text (--context=...)
        out.append((n if const_prefix(n) else call, t, None))
    return out


__all__ = ["known_list", "list_part", "option_list"]
