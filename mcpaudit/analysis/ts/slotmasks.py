"""A secret removed by a replace whose pattern spans the slot it was pasted into (issue 14).

    fullCommand = `echo "${serverConfig.sudo_password}" | sudo -S ${command}`;
    ...
    const masked = fullCommand.replace(/echo "[^"]+" \\| sudo -S/, "sudo");

The regex is the template's own literal text around one interpolation (``echo "`` before it,
``" | sudo -S`` after it) with, in the slot, a class that stops only at the closing delimiter
(``[^"]+``): the match is exactly the pasted value and its frame, and the replacement (a constant)
puts none of it back, so the result no longer holds the secret. It would fail only for a secret
holding the delimiter, which breaks the command the template builds as well.

:func:`slot_masked` says so for the pattern of a ``replace`` call: a regex literal ``P[^D]+S``
(``+`` or ``*``) whose literal prefix ``P`` ends with the delimiter ``D`` and whose literal suffix
``S`` starts with it, and a template literal of the same function (or module) with an
interpolation framed by ``P`` and ``S`` (each such template framing it exactly once unless the
regex has the ``g`` flag: a replace without it removes only the first match). The replacement must be a constant (``$&`` or ``$1`` would
put the match back).
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from . import nodes as N

#: a regex literal P[^D]+S: the literal prefix, the excluded delimiter, the literal suffix
_SLOT = re.compile(r"^((?:[^\\\[\](){}.*+?^$|]|\\.)+)\[\^(\\?.)\][+*]((?:[^\\\[\](){}.*+?^$|]|\\.)+)$")


def _literal(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _slot(pattern: str) -> Optional[Tuple[str, str]]:
    """(prefix, suffix) of a slot pattern whose frame ends and starts with its delimiter."""
    m = _SLOT.match(pattern)
    if m is None or re.search(r"\\[dDwWsSbBnrtu0-9]", m.group(1) + m.group(3)):
        return None
    prefix, delim, suffix = _literal(m.group(1)), _literal(m.group(2)), _literal(m.group(3))
    if len(delim) != 1 or not prefix.endswith(delim) or not suffix.startswith(delim):
        return None
    return prefix, suffix


def slot_masked(fa, pattern_node, by_node, recv_node=None) -> bool:
    """``x.replace(/echo "[^"]+" \\| sudo -S/, "sudo")`` where ``x`` (``recv_node``) is built from
    a template with an interpolation framed by the pattern's literal text: the value pasted there
    is removed (see the module docstring). Only the templates of the replaced value count: the
    receiver itself, or what its variable is given in the function (or module); another template
    framing the slot says nothing of this string."""
    u = N.unwrap(pattern_node)
    by = N.string_value(fa.data, by_node) if by_node is not None else None
    if u is None or u.type != "regex" or by is None or "$" in by:
        return False
    pat = u.child_by_field_name("pattern")
    frame = _slot(N.text(fa.data, pat)) if pat is not None else None
    if frame is None:
        return False
    flags = u.child_by_field_name("flags")
    every = flags is not None and "g" in N.text(fa.data, flags)
    counts = [n for n in (_framed(fa.data, tpl, frame) for tpl in _templates(fa, recv_node)) if n]
    # without the g flag only the first match goes: each template must frame the value once
    return bool(counts) and (every or max(counts) == 1)


def _templates(fa, recv) -> list:
    """The template literals the replaced value is: the receiver itself, or each template its
    variable is declared with or assigned in the function (or module)."""
    u = N.unwrap(recv) if recv is not None else None
    if u is None or u.type not in ("template_string", "identifier"):
        return []
    if u.type == "template_string":
        return [u]
    name = N.text(fa.data, u)
    scope = fa.node if fa.node is not None else fa.mod.tree.root_node
    out = []
    for kind, left, right in (("variable_declarator", "name", "value"), ("assignment_expression", "left", "right")):
        for d in N.descendants(scope, kind):
            target, value = d.child_by_field_name(left), N.unwrap(d.child_by_field_name(right))
            if target is not None and target.type == "identifier" and N.text(fa.data, target) == name \
                    and value is not None and value.type == "template_string":
                out.append(value)
    return out


def _framed(data: bytes, tpl, frame: Tuple[str, str]) -> int:
    """How many interpolations of template ``tpl`` the (prefix, suffix) ``frame`` surrounds."""
    kids, n = tpl.children, 0
    for i, ch in enumerate(kids):
        if ch.type != "template_substitution" or i == 0 or i + 1 >= len(kids):
            continue
        before = data[tpl.start_byte:ch.start_byte].decode("utf-8", "replace")
        after = data[ch.end_byte:tpl.end_byte].decode("utf-8", "replace")
        n += before.endswith(frame[0]) and after.startswith(frame[1])
    return n


__all__ = ["slot_masked"]
