"""Code checked against an AST allow-list before it runs with restricted builtins (issue 12).

``exec(expr, {"__builtins__": dict(_SAFE_BUILTINS)}, local_vars)`` after
``validate_expression(expr)``, a helper of the same module that parses the text
(``ast.parse``), walks every node (``ast.walk``) against a set of allowed node types and
refuses any dunder attribute or name (``attr.startswith("__")``): the escape the restricted
globals alone leave open (``().__class__.__mro__``) is what the walk refuses, so the call is the
server's sandbox for caller code, a tool's capability to run a restricted language, not an
attempt at a sandbox that fails by construction. Whether the allow-list itself is tight is a
reviewer's question (the capability says the caller's code runs).

:func:`validated_by_ast` answers for one ``exec``/``eval`` call in the function being read.
"""

from __future__ import annotations

import re
from ..lazycst import cst

from . import cstnodes as N

#: a walk over parsed nodes that refuses dunder names: the validator's text
_WALK = re.compile(r"\bast\.walk\(|\bNodeVisitor\b")
_DUNDER = re.compile(r"""startswith\(\s*["']__["']\s*\)|["']__["']\s+in\b""")
_ALLOW = re.compile(r"\btype\([^)]*\)\s+not\s+in\b|\bnot\s+isinstance\([^,]+,\s*[A-Z_]+\)")


def _texts(mod, name: str, depth: int = 0) -> str:
    """The text of module function ``name`` and of the module functions it calls by name (two deep)."""
    fn = next((s for s in mod.module.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)
    if fn is None:
        return ""
    out = [mod.module.code_for_node(fn)]
    if depth < 2:
        for call in N.find_all(fn, cst.Call):
            if isinstance(call.func, cst.Name) and call.func.value != name:
                out.append(_texts(mod, call.func.value, depth + 1))
    return "\n".join(out)


def _validator(mod, name: str) -> bool:
    """The module function ``name`` parses the text, walks its nodes against an allow-list and
    refuses dunder names (itself or through the helpers it calls). Memoised per module (every
    ``exec`` of every function asks about every call before it)."""
    memo = mod.__dict__.setdefault("_ast_validators", {})
    if name not in memo:
        text = _texts(mod, name)
        fn = next((s for s in mod.module.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)
        # a raise statement of its own body (not the word in a message or a comment)
        raises = fn is not None and bool(N.find_all(fn.body, cst.Raise))
        memo[name] = ("ast.parse(" in text and bool(_WALK.search(text)) and bool(_DUNDER.search(text))
                      and bool(_ALLOW.search(text)), raises)
    return memo[name][0]


def ast_validator(mod, call) -> bool:
    """``call`` is ``name(...)`` of such a module validator (``if not validate(code): raise``): read
    here, not a validator mcpaudit cannot see into."""
    return isinstance(call.func, cst.Name) and ("ast.walk(" in mod.text or "NodeVisitor" in mod.text) \
        and _validator(mod, call.func.value)


def _verdict_names(fn, vcall):
    """The names the validator's verdict is bound to: (the verdicts, true when it passes: ``ok = v(x)``,
    the first of ``ok, error = v(x)``; the error names, true when it fails: the later ones)."""
    for a in N.find_all(fn, cst.Assign):
        if a.value is not vcall:
            continue
        passing, failing = set(), set()
        for t in a.targets:
            tup = isinstance(t.target, (cst.Tuple, cst.List))
            elts = [e.value for e in t.target.elements] if tup else [t.target]
            for i, e in enumerate(elts):
                if isinstance(e, cst.Name):
                    (failing if i else passing).add(e.value)
        return passing, failing
    return set(), set()


def _ends(block) -> bool:
    """The block's last statement leaves the function (``raise``, ``return``), on its own line or
    on the ``if``'s (``if not ok: raise ValueError(...)``)."""
    body = list(getattr(block, "body", ()))
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1] if last.body else None
    return isinstance(last, (cst.Raise, cst.Return))


def _fails(test, vcall, passing, failing) -> bool:
    """``test`` is true when the verdict fails: ``not ok``, ``not v(x)``, or an error name of the
    verdict tested as is (``if error:``)."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = test.expression
        return inner is vcall or _within(inner, vcall) or isinstance(inner, cst.Name) and inner.value in passing
    return isinstance(test, cst.Name) and test.value in failing


def _within(node, call) -> bool:
    return node is not None and any(c is call for c in N.find_all(node, cst.Call))


def _guards(fa, vcall, call) -> bool:
    """The validator's verdict decides whether ``call`` runs: a validator that raises, called as
    a statement; an ``if`` on its verdict whose failing branch leaves the function before the
    call; or the call in the branch the verdict passes (``if valid: exec(code)``). A verdict
    bound and never tested (logged, returned beside the result) guards nothing."""
    raises = fa.mod.__dict__["_ast_validators"][vcall.func.value][1]
    if raises and any(getattr(e.value, "expression", e.value) is vcall for e in N.find_all(fa.fn, cst.Expr)):
        return True
    passing, failing = _verdict_names(fa.fn, vcall)
    order = N.find_all(fa.fn, (cst.If, cst.Call))
    for node in (n for n in order if isinstance(n, cst.If)):
        test = node.test
        if not (_within(test, vcall) or any(N.mentions(test, n) for n in passing | failing)):
            continue
        negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
        inside, other = _within(node.body, call), _within(node.orelse, call)
        if inside and not negated or other and negated:
            return True
        # a branch that leaves the function guards what follows only when it is the failing one
        # (``if ok: return`` then ``exec(code)`` runs the code the validator refused)
        if not inside and not other and _fails(test, vcall, passing, failing) and _ends(node.body) and \
                next(i for i, n in enumerate(order) if n is node) < next(i for i, n in enumerate(order) if n is call):
            return True
    return False


def validated_by_ast(fa, call: cst.Call) -> bool:
    """The code argument of ``call`` (a variable) was handed to such a validator earlier in the
    same function, whose verdict guards the call (:func:`_guards`: its failure leaves the
    function, or only the branch it passes runs the call)."""
    if fa.fn is None or not call.args or not isinstance(call.args[0].value, cst.Name):
        return False
    if "ast.walk(" not in fa.mod.text and "NodeVisitor" not in fa.mod.text:
        return False
    var = call.args[0].value.value
    for other in N.find_all(fa.fn, cst.Call):
        if other is call:
            break
        if isinstance(other.func, cst.Name) and other.args and N.var_of(other.args[0].value) == var \
                and _validator(fa.mod, other.func.value) and _guards(fa, other, call):
            return True
    return False


__all__ = ["ast_validator", "validated_by_ast"]
