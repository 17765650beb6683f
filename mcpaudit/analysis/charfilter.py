"""Character allow-lists applied to a whole string: what they leave in a value.

Two spellings of one sanitiser keep only the characters of an allow-list, replacing or dropping
every other one:

* a substitution with a negated character class, ``re.sub(r"[^\\w\\-]", "_", name)`` (or a
  compiled ``SAFE.sub("_", name)``): only the class's characters and the replacement's remain;
* a join over the characters, ``"".join(c if c.isalnum() or c in "-_" else "-" for c in name)``
  or ``"".join(c for c in name if c.isalnum() or c in "._-")``: only characters the condition
  lets through (``str.isalnum()`` and friends: letters and digits of any script), the
  replacement and the separator remain.

When what remains is word characters and dashes, the result is clean for every family a value
of those characters is (:func:`~mcpaudit.analysis.regexshape.inert_families`): no quote, space,
shell metacharacter or separator. ``path`` is cleared only when the dot is not kept either: a
name of dots alone (``..``) is still a path segment that leaves the folder, so an allow-list
with ``.`` is left to the checks that follow it - but such a value holds no separator either
(:data:`NO_SEPARATOR`): glued to the code's text in one path component (``f"{name}_{ts}.json"``)
it names an entry of the folder it is joined to, never ``..``; a whole component is still
reported, weakly (placement.py).
"""

from __future__ import annotations

import string
from typing import FrozenSet, Optional, Set

from ..lazycst import cst

from . import cstnodes as N
from .regexshape import control_class, inert_families, negated_class_chars

#: stands for "a letter or digit" (any script; ASCII ones stand in for all)
_ALNUM = set(string.ascii_letters + string.digits)
#: string module constants an allow-list may be spelt with
_STRING_CONSTANTS = {f"string.{k}": getattr(string, k) for k in (
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits")}
#: in ``Info.clean``: what an allow-list kept holds no path separator (placement.py)
NO_SEPARATOR = "no-separator"
ALLOW_LISTED = "a value a character allow-list kept"
#: methods of a kept character that keep it a letter or digit
_CASE_METHODS = ("lower", "upper", "casefold")


def filtered_families(fa, call: cst.Call, fq: str, method: Optional[str]) -> FrozenSet[str]:
    """Families the result of ``call`` is clean for when it is a character allow-list filter."""
    kept = _substitution_chars(fa, call, fq, method) if method == "sub" else None
    if kept is None and method == "join":
        kept = _join_chars(fa, call)
    if not kept:
        return frozenset()
    families = inert_families(kept, kept)
    return families if "path" in families or kept & {"/", "\\", "\0"} else families | {NO_SEPARATOR}


def strips_controls(fa, call: cst.Call) -> bool:
    """``COMPILED.sub(repl, value)`` with a module pattern that is a class of control characters
    only and a constant replacement: the value comes out with those characters gone and every
    other one as it was (a compiled pattern's ``.sub()`` is otherwise opaque)."""
    base = call.func.value if isinstance(call.func, cst.Attribute) else None
    if not isinstance(base, cst.Name) or base.value not in fa.mod.regexes:
        return False
    pattern = fa.mod.regexes[base.value]
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if pattern is None or len(positional) != 2 or len(call.args) != 2:
        return False
    repl = _text(fa, positional[0])
    return repl is not None and "\\" not in repl and control_class(pattern)


def _text(fa, node) -> Optional[str]:
    """A constant string: a literal, a local or module constant, ``string.ascii_letters``, or a
    ``+`` of these."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _text(fa, node.left), _text(fa, node.right)
        return None if left is None or right is None else left + right
    text = N.string_value(node)
    if text is None and isinstance(node, cst.Name):
        text = fa._constant_text(node.value)
    if text is None and isinstance(node, cst.Attribute):
        text = _STRING_CONSTANTS.get(fa.mod.dotted(node) or "")
    return text


def _substitution_chars(fa, call: cst.Call, fq: str, method: Optional[str]) -> Optional[Set[str]]:
    """``re.sub(r"[^...]", repl, value)`` / ``COMPILED.sub(repl, value)``: what remains."""
    args = list(call.args)
    if any(a.star for a in args):
        return None
    positional = [a.value for a in args if a.keyword is None]
    keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
    base = call.func.value if isinstance(call.func, cst.Attribute) else None
    if isinstance(base, cst.Name) and base.value in fa.mod.regexes:
        pattern, rest = fa.mod.regexes[base.value], positional
    elif fq.rsplit(".", 1)[0] in fa.M.regex_modules and positional:
        pattern, rest = _text(fa, positional[0]), positional[1:]
    else:
        return None
    repl = rest[0] if rest else keywords.get("repl")
    count = rest[2] if len(rest) > 2 else keywords.get("count")
    if pattern is None or repl is None or (count is not None and not _zero(count)):
        return None
    repl_text = _text(fa, repl)
    kept = negated_class_chars(pattern)
    if kept is None or repl_text is None or "\\" in repl_text:
        return None  # a back-reference puts matched text back
    return kept | set(repl_text)


def _zero(node) -> bool:
    return isinstance(node, cst.Integer) and node.evaluated_value == 0


def _join_chars(fa, call: cst.Call) -> Optional[Set[str]]:
    """``SEP.join(<c or REPL for c in value>)``: what remains."""
    sep = _text(fa, call.func.value) if isinstance(call.func, cst.Attribute) else None
    if sep is None or len(call.args) != 1 or call.args[0].keyword is not None:
        return None
    gen = call.args[0].value
    if not isinstance(gen, (cst.GeneratorExp, cst.ListComp)) or gen.for_in.inner_for_in is not None:
        return None
    target = gen.for_in.target
    if not isinstance(target, cst.Name):
        return None
    var = target.value
    conds = [c.test for c in gen.for_in.ifs]
    elt = gen.elt
    extra: Set[str] = set(sep)
    if isinstance(elt, cst.IfExp):
        repl = _text(fa, elt.orelse)
        if repl is None:
            return None
        extra |= set(repl)
        conds.append(elt.test)
        elt = elt.body
    if not _is_char(elt, var):
        return None
    allowed = [a for a in (_allowed(fa, c, var) for c in conds) if a is not None]
    if not allowed:
        return None
    return min(allowed, key=len) | extra


def _is_char(node, var: str) -> bool:
    """``c`` or ``c.lower()``: the character itself."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and not node.args \
            and node.func.attr.value in _CASE_METHODS:
        node = node.func.value
    return isinstance(node, cst.Name) and node.value == var


def _allowed(fa, cond, var: str) -> Optional[Set[str]]:
    """The characters ``c`` can be when ``cond`` is true, or None when it can be anything."""
    if isinstance(cond, cst.BooleanOperation):
        left, right = _allowed(fa, cond.left, var), _allowed(fa, cond.right, var)
        if isinstance(cond.operator, cst.Or):
            return None if left is None or right is None else left | right
        known = [s for s in (left, right) if s is not None]
        return min(known, key=len) if known else None
    if isinstance(cond, cst.Call) and isinstance(cond.func, cst.Attribute) and not cond.args:
        meth = cond.func.attr.value
        if meth in fa.M.char_class_checks and _is_char(cond.func.value, var):
            return set(_ALNUM) | ({"_"} if meth == "isidentifier" else set())
        return None
    if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 and _is_char(cond.left, var):
        op, right = cond.comparisons[0].operator, cond.comparisons[0].comparator
        if isinstance(op, cst.In):
            if isinstance(right, (cst.Tuple, cst.List, cst.Set)):
                items = [_text(fa, e.value) for e in right.elements]
                return None if any(i is None for i in items) else set("".join(items))
            text = _text(fa, right)
            return set(text) if text is not None else None
        if isinstance(op, cst.Equal):
            text = _text(fa, right)
            return set(text) if text is not None else None
    return None
