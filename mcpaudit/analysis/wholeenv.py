"""The whole environment read as one value (issue 14, ts49b).

    const envInfo = JSON.stringify(process?.env || {});
    console.debug("env info", envInfo);                       // every variable, keys included
    throw new Error(`Call tool failed: ${e.message}, env info: ${envInfo}`);

``process.env`` (an object of the ``secret-env-mapping`` rows of
rules/models/typescript/secrets.yaml) read whole, not through one of its properties, holds every
variable of the process, the credentials among them: passed as a value, spread into a literal or
serialised (``JSON.stringify``, ``util.inspect``: catalog summaries that keep secrets), it is
secret-bearing. It is not one secret: a finding on it is reported at medium confidence, and its
message names the environment. Held as a property of an object literal kept in a variable or a
field (a session record, a child's options), it is not counted: such records are keyed and read
by their other fields. A named property read from it (``env.PORT``) is that variable only
(a field read of a non-secret name drops the secret, ts/expressions.py ``read_field``), and its
keys (``Object.keys(process.env)``) are no secret (the catalog's ``mapping-keys``).
"""

from __future__ import annotations

from typing import Optional

from ..models import Confidence
from .taintvalue import Info, Taint

#: the suffix of the label of a whole environment object read as a value
WHOLE = " (the whole environment)"
_MEMBERS = frozenset({"member_expression", "subscript_expression"})


def whole_env(fa, node, d: Optional[str]) -> Optional[Taint]:
    """The secret label of ``node`` when it reads an environment object whole (``process.env``
    as a value, not the object of a property read or of a call ``Deno.env.get``), else None."""
    if d is None or d not in fa.M.secret_env_objects:
        return None
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "non_null_expression"):
        node, parent = parent, parent.parent
    if parent is not None and parent.type in _MEMBERS and parent.child_by_field_name("object") == node:
        return None
    if parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression") \
            and parent.child_by_field_name("left") == node:
        return None
    if _held_by_record(node):
        return None
    return {("s", d + WHOLE): Info((fa.step(node, f"the whole environment '{d}' read"),))}


_CLIMB = frozenset({"parenthesized_expression", "binary_expression", "spread_element", "object", "pair",
                    "as_expression", "satisfies_expression", "non_null_expression"})


#: where an object literal is kept: a variable's initial value, the right side of an assignment, a
#: class field's value
_KEPT = frozenset({"variable_declarator", "assignment_expression", "public_field_definition", "field_definition"})


def _held_by_record(node) -> bool:
    """The environment (or a spread of it) is a property of an object literal kept in a variable
    or a field (``const session = { id, env: { ...process.env, ...opts.env } }``): the environment
    of a child process or a session record, whose other properties (an id, a name) are read and
    logged; not an argument given whole (``logDebug("env", { env: process.env })``) nor a literal
    returned, thrown or placed anywhere else (``return { cwd, env: process.env }``: the caller gets
    it whole, rev50)."""
    held, cur = False, node
    while cur.parent is not None and cur.parent.type in _CLIMB:
        cur = cur.parent
        held = held or cur.type == "pair"
    keeper = cur.parent
    if not held or keeper is None or keeper.type not in _KEPT:
        return False
    side = keeper.child_by_field_name("right" if keeper.type == "assignment_expression" else "value")
    return side is not None and side == cur


def confidence(what: str, default: Confidence) -> Confidence:
    """A whole environment in a log or a result is secret-bearing, not one secret: medium."""
    return Confidence.MEDIUM if what.endswith(WHOLE) and default == Confidence.HIGH else default


__all__ = ["WHOLE", "confidence", "whole_env"]
