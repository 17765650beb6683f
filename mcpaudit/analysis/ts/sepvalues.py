"""A root with a separator at its end, kept in a variable (issue 14).

    for (const dir of allowed) {
      const prefix = dir.endsWith(sep) ? dir : dir + sep;
      if (resolved === dir || resolved.startsWith(prefix)) return resolved;
    }

``startsWith(prefix)`` is the containment check ``startsWith(dir + sep)`` when ``prefix`` holds a
value ending with a separator: ``dir + sep``, ``dir + "/"``, `` `${dir}${sep}` `` (what the
checks' ``_ends_with_sep`` reads in place), or a conditional whose arms each end with one or are
the root the condition tests ends with one (``dir.endsWith(sep) ? dir : dir + sep``). Such a
variable joins the interpreter's ``sep_vars``, read by the check as ending with a separator.
"""

from __future__ import annotations

from . import nodes as N


def _tested_end(fa, cond, arm) -> bool:
    """``cond`` is ``x.endsWith(<separator>)`` and ``arm`` is ``x``."""
    c = N.unwrap(cond)
    if c is None or c.type != "call_expression" or N.unwrap(arm) is None:
        return False
    fn = N.unwrap(c.child_by_field_name("function"))
    args = N.args_of(c)
    if fn is None or fn.type != "member_expression" or len(args) != 1 or \
            N.text(fa.data, fn.child_by_field_name("property")) != "endsWith":
        return False
    obj = fn.child_by_field_name("object")
    return N.text(fa.data, obj) == N.text(fa.data, N.unwrap(arm)) and _is_sep(fa, args[0])


def _is_sep(fa, node) -> bool:
    u = N.unwrap(node)
    if u is None:
        return False
    c = fa.const_of(u)
    if c is not None:
        return c in ("/", "\\")
    return (fa.dotted(u) or "") in ("path.sep", "path.posix.sep", "path.win32.sep") or \
        (u.type == "identifier" and N.text(fa.data, u) in fa.sep_vars)


def sep_ended(fa, node, t: str = "") -> bool:
    """The value ``node`` (a variable's initial value, of node type ``t``) is ``path.sep`` or ends
    with a path separator."""
    if t == "member_expression" and (fa.dotted(node) or "") in ("path.sep", "path.posix.sep", "path.win32.sep"):
        return True
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "ternary_expression":
        cond = u.child_by_field_name("condition")
        arms = [u.child_by_field_name(k) for k in ("consequence", "alternative")]
        return all(a is not None and (sep_ended(fa, a) or _tested_end(fa, cond, a)) for a in arms)
    if u.type in ("binary_expression", "template_string"):
        return fa._ends_with_sep(u)
    return False


__all__ = ["sep_ended"]
