"""A shell the code configures: ``spawn(shellConfig.command, [...shellConfig.args, command])``
runs the program an object names with the flags the same object lists, then the value. When the
object's name says it configures a shell (``shell-configs`` of the process models: ``shellConfig``,
``this.config.shells[key]``), those flags are the shell's script flag (``-c``, ``/c``,
``-Command``) and the value after them is the script it runs: a command line, not an option."""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def configured_shell(fa, prog_node, elems) -> Optional[str]:
    """The text of the shell configuration object when ``prog_node`` is one of its fields and
    the argv's element before the last is a spread of another of its fields; else None."""
    pattern = fa.M.shell_config
    prog = N.unwrap(prog_node) if prog_node is not None else None
    if pattern is None or prog is None or prog.type != "member_expression" or len(elems) < 2:
        return None
    base = prog.child_by_field_name("object")
    spread = elems[-2]
    if base is None or not spread[3] or spread[0] is None or spread[0].type != "spread_element":
        return None
    inner = [c for c in spread[0].named_children if c.type != "comment"]
    listed = N.unwrap(inner[0]) if inner else None
    if listed is None or listed.type != "member_expression":
        return None
    other = listed.child_by_field_name("object")
    name = N.text(fa.data, base)
    if other is None or N.text(fa.data, other) != name or not _names_shell(fa, base, pattern):
        return None
    return name


def _names_shell(fa, node, pattern) -> bool:
    """Whether the object's name (its last identifier, or the object a subscript picks from:
    ``config.shells[key]``) says it configures a shell."""
    u = N.unwrap(node)
    while u is not None and u.type == "subscript_expression":
        u = N.unwrap(u.child_by_field_name("object"))
    if u is None:
        return False
    if u.type == "member_expression":
        u = u.child_by_field_name("property")
    return u is not None and u.type in ("identifier", "property_identifier") and bool(
        pattern.search(N.text(fa.data, u)))


__all__ = ["configured_shell"]
