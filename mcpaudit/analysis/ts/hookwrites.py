"""A caller's text written as a git hook: ``fs.writeFile(path.join(repo, ".git", "hooks", name),
script)`` (often with ``fs.chmod(p, 0o755)`` after it). Git runs the hooks of a repository's
``.git/hooks`` folder at its next commit, merge, checkout or push, so the text written there is
a program the server's own git commands run: a command the tool runs, the shell family (its
capability when the caller's text is written as is, ts53c).

The path is known to be a hook's when its expression, or the value a local variable in it was
declared with (a few steps: ``hooksDir = path.join(repo, ".git", "hooks")`` then ``hookPath =
path.join(hooksDir, name)``), names a ``.git`` segment followed by a ``hooks`` one. The content is
the second argument of a content writer (``writeFile``, ``outputFile``, ``appendFile`` and their
sync forms).
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

_HOOK = re.compile(r"""\.git(?:["'`]\s*,\s*["'`]|/)hooks\b""")
_STEPS = 3


def _param_names(data: bytes, fn) -> set:
    """The names a function's parameters bind (destructured ones too)."""
    params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
    if params is None:
        return set()
    if params.type == "identifier":
        return {N.text(data, params)}
    out, stack = set(), [params]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "shorthand_property_identifier_pattern"):
            out.add(N.text(data, n))
        stack.extend(n.named_children)
    return out


def _declared(fa, name: str, at):
    """The value ``name`` is declared with in the scope seen from ``at`` (the innermost function
    around it that binds the name, up to the module's top level), or None: a parameter of that
    name, or a declaration in another function only, is no such value (rev54: a helper's
    ``hookPath`` parameter is not another function's ``const hookPath = ...hooks...``)."""
    n = at
    while n is not None:
        if N.is_function(n) or n.parent is None:
            if N.is_function(n) and name in _param_names(fa.data, n):
                return None
            for d in N.descendants(n, "variable_declarator"):  # (not inside nested functions)
                nm, val = d.child_by_field_name("name"), d.child_by_field_name("value")
                if nm is not None and val is not None and N.text(fa.data, nm) == name:
                    return val
        n = n.parent
    return None


def _text(fa, node, steps: int) -> str:
    """The expression's text, with the declared values of the identifiers in it."""
    text = N.text(fa.data, node)
    if steps <= 0:
        return text
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if n.type == "identifier" and N.text(fa.data, n) not in seen:
            seen.add(N.text(fa.data, n))
            val = _declared(fa, N.text(fa.data, n), n)
            if val is not None and val is not node:
                text += " " + _text(fa, val, steps - 1)
        stack.extend(n.named_children)
    return text


def hook_path(fa, node) -> bool:
    """Whether the path expression ``node`` names a file of a repository's ``.git/hooks``."""
    u = N.unwrap(node)
    if u is None or b"hooks" not in fa.data:
        return False  # (the text is this module's: without the word no declaration names a hook)
    return bool(_HOOK.search(_text(fa, u, _STEPS)))


def hook_write(fa, model, c, writers) -> Optional[bool]:
    """Record the shell finding of a content writer ``c`` (``model``: a path write row) whose file
    is a git hook and whose content carries the caller's text; True when it does."""
    name = (c.method or c.fq or "").replace("()", "").rsplit(".", 1)[-1]
    if name not in writers or len(c.args) < 2 or len(c.taints) < 2 or not c.taints[1] or not hook_path(fa, c.args[0]):
        return None
    fa.record("shell", c.label(model, fa.data), c.node, c.taints[1], c.args[1],
              detail="the text is written as a git hook: the repository's next git command runs it")
    return True


__all__ = ["hook_path", "hook_write"]
