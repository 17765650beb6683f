"""Options whose value names where a secret lives, not the secret (``reference-options`` of the
process models): BuildKit's ``docker build --secret id=npm,src=$HOME/.npmrc`` (or ``env=VAR``)
and ``--ssh default=$SSH_AUTH_SOCK`` give a file, a variable or a socket the builder reads, and
``docker service create --secret NAME`` a swarm secret's name. A credential-named value (the
caller's ``params.secret``) placed as such an option's value in a command line the code builds
holds no secret there, so logging that line logs none.

The command line's program is read from the template's own leading words (```docker build
--secret ${s}```) or, for a line grown with ``+=`` (``let command = "docker build"; ...
command += ` --secret ${s}```), from the constant the variable was declared with in an enclosing
function.
"""

from __future__ import annotations

from typing import Optional

from ..taintvalue import Taint, desecret
from ..urlpath import HOLE
from . import nodes as N


def reference_value(fa, node, before: str, opt, sv: Taint) -> Taint:
    """``sv`` placed in template ``node`` right after the option ``opt`` (an OPTION_BEFORE match
    of the text ``before``): no secret when the line's command takes a reference there."""
    if not sv or not any(label[0] == "s" for label in sv):
        return sv
    refs = fa.M.reference_options
    if not refs:
        return sv
    line = _line(fa, node, before)
    words = [w for w in line.split() if w]
    for cmd, opts in refs.items():
        head = cmd.split()
        if opt.group(1) in opts and words[:len(head)] == head:
            return desecret(sv)
    return sv


def _line(fa, node, before: str) -> str:
    """The text of the command line up to the value: the template's own when it starts with a
    word, else the declared constant of the variable the template is appended to."""
    first = (before.split() or [""])[0]
    if first and not first.startswith("-") and HOLE not in first:
        return before
    parent = node.parent
    if parent is None or parent.type != "augmented_assignment_expression":
        return before
    left = parent.child_by_field_name("left")
    if left is None or left.type != "identifier":
        return before
    init = _declared(fa.data, node, N.text(fa.data, left))
    prefix = fa.const_prefix(init) if init is not None else ""
    return f"{prefix} {before}" if prefix else before


def _declared(data: bytes, node, name: str) -> Optional[object]:
    """The initial value of ``name``'s declaration in the nearest enclosing function that
    declares it in its own scope (an arrow callback's line is its outer function's variable; a
    nested function's own variable of that name is not it), else at the module's top level."""
    fn = node.parent
    while fn is not None:
        if N.is_function(fn) or fn.parent is None:
            for decl in N.descendants(fn, "variable_declarator"):
                target = decl.child_by_field_name("name")
                if target is not None and target.type == "identifier" and N.text(data, target) == name \
                        and _scope(decl) == fn:
                    return decl.child_by_field_name("value")
        fn = fn.parent
    return None


def _scope(node):
    """The nearest enclosing function of ``node``, or the program root."""
    up = node.parent
    while up is not None and not N.is_function(up) and up.parent is not None:
        up = up.parent
    return up
