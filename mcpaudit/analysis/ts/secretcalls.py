"""Library methods whose result is a secret (``sources`` rows of kind ``secret-call``, models:
``secrets.yaml``): Pulumi's ``stack.outputs()`` returns the stack's outputs with the secret ones
decrypted, so returning or logging them whole hands out those secrets, as reading a credential
from the environment does. A row names the receiver class it applies to (a stack made by the
Automation API's factories), so another library's ``outputs()`` is no source.

Such a result is a mapping whose every value is a secret: its label ``("s", what, VALUES)`` stays
on any property read from it (``outputs[name].value``), where reading a property of a value that
merely holds a secret (``config.port``) drops it; its keys (``Object.keys``) are still no secret."""

from __future__ import annotations

from typing import Optional

from ..taintvalue import Info, Taint
from . import nodes as N

#: the third part of a secret label whose every property is the secret too
VALUES = "values"


def secret_result(fa, node, method: Optional[str], recv_node) -> Optional[Taint]:
    """The secret a call of a ``secret-call`` method returns (``fa``: the interpreter), or None."""
    M = fa.M
    rid = M.secret_method_receivers.get(method or "") if recv_node is not None else None
    if rid is None or (rid != "any" and not fa.receiver_is(M.receivers[rid], recv_node)):
        return None
    what = f"{N.text(fa.data, N.unwrap(recv_node) or recv_node)}.{method}()"
    return {("s", what, VALUES): Info((fa.step(node, f"secret {what} read"),))}


def secret_values(t: Taint) -> Taint:
    """The labels of ``t`` that a property read keeps: mappings of secrets."""
    return {label: info for label, info in t.items() if label[0] == "s" and label[2:] == (VALUES,)}


__all__ = ["VALUES", "secret_result", "secret_values"]
