"""``re.sub(p, "_", x) or x``: a fallback that only ever holds the empty string.

``a or b`` is ``b`` only when ``a`` is falsy. A substitution with a non-empty constant
replacement (no group reference, which could be empty) keeps every character it does not match
and puts the replacement for every match, so its result is empty exactly when its input was:
the fallback to that same input is then the empty string, which carries nothing of the caller's.
The same holds for ``x.replace(old, new) or x`` with both strings non-empty constants. Code
that sanitises a file name this way (``safe = re.sub(r"[^A-Za-z0-9._-]+", "_", raw) or raw``)
hands on the sanitised value only.
"""

from __future__ import annotations

from ..lazycst import cst

from .cstnodes import string_value


def _plain_text(node) -> bool:
    """A non-empty string constant with no group reference (``\\1``, ``\\g<name>``)."""
    text = string_value(node)
    return bool(text) and "\\" not in text


def _positional(call: cst.Call) -> list:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def substituted(mod, call) -> "cst.BaseExpression | None":
    """The string a substitution with a non-empty constant replacement works on, or None."""
    if not isinstance(call, cst.Call):
        return None
    args = _positional(call)
    if (mod.dotted(call.func) or "") == "re.sub":
        repl = args[1] if len(args) >= 3 else next((a.value for a in call.args if a.keyword is not None
                                                    and a.keyword.value == "repl"), None)
        string = args[2] if len(args) >= 3 else next((a.value for a in call.args if a.keyword is not None
                                                      and a.keyword.value == "string"), None)
        return string if repl is not None and _plain_text(repl) else None
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "replace" and len(args) == 2 \
            and len(call.args) == 2 and all(_plain_text(a) for a in args):
        return call.func.value
    return None


def empty_fallback(mod, node: cst.BooleanOperation) -> bool:
    """``sub(..., x) or x``: the right side is reached only when ``x`` is empty."""
    if not isinstance(node.operator, cst.Or) or not isinstance(node.right, cst.Name):
        return False
    string = substituted(mod, node.left)
    return isinstance(string, cst.Name) and string.value == node.right.value
