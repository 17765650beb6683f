"""A command template run by a shell, for the TypeScript engine.

A template runner (models: ``kind: template-argv``, and the ``runners`` that make one from an
options object) splits its template into words and passes each interpolation as one argument,
never split: ``execa({ cwd })`ls ${dir}```. With ``shell: true`` among the options
(``execa({ shell: true })`${command}```, ``$({ shell: true })`git log ${range}```) the words are
joined with spaces and handed to a shell, which parses the interpolated text again: a value
with ``;``, a newline or ``$(...)`` runs a command of its own. Every interpolation is then shell
text, as in ``child_process.exec``.
"""

from __future__ import annotations

from . import nodes as N

DETAIL = "with shell: true a shell runs the template's words joined"


def _shell_on(data: bytes, options) -> bool:
    """``{ shell: true }`` or ``{ shell: "/bin/bash" }`` (a shell named by a constant)."""
    u = N.unwrap(options)
    if u is None or u.type != "object":
        return False
    v = N.object_props(data, u).get("shell")
    v = N.unwrap(v) if v is not None else None
    return v is not None and (v.type == "true" or (v.type == "string" and bool(N.string_value(data, v))))


def template_shell(interp, call, label: str, words) -> bool:
    """``call`` is a tagged template whose tag is a runner made with ``shell: true``: each
    interpolated word is recorded as shell text; True when so (the argv reading is skipped)."""
    fn = call.child_by_field_name("function")
    tag = N.unwrap(fn) if fn is not None else None
    if tag is None or tag.type != "call_expression" or not any(_shell_on(interp.data, a) for a in N.args_of(tag)):
        return False
    for node, taint, _const, _spread in words:
        if node is not None:
            interp.record("shell", label, call, taint, node, detail=DETAIL)
    return True
