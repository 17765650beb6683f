"""Library methods whose result is a secret (``sources`` rows of kind ``secret-call``, models:
``secrets.yaml``): Pulumi's ``stack.outputs()`` returns the stack's outputs with the secret ones
decrypted, so returning or logging them whole hands out those secrets, as reading a credential
from the environment does. A row names the receiver class it applies to (a stack made by the
Automation API's factories), so another library's ``outputs()`` is no source.

Such a result is a mapping whose every value is a secret: its label ``("s", what, VALUES)`` stays
on any property read from it (``outputs[name].value``), where reading a property of a value that
merely holds a secret (``config.port``) drops it; its keys (``Object.keys``) are still no secret."""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from ..credparams import AS_GIVEN
from ..taintvalue import EMPTY, Info, Taint
from . import nodes as N
from .envfiles import field_read

#: the third part of a secret label whose every property is the secret too
VALUES = "values"
#: ... and of the result of a command that prints a secret (secretcommands.py): every property
#: but those that describe how the process ran (its error stream, exit status)
OUTPUT = "output"
_NOT_OUTPUT = frozenset({"stderr", "status", "code", "exitCode", "signal", "pid", "killed", "failed"})


def secret_result(fa, node, method: Optional[str], recv_node, args: Taint = EMPTY) -> Optional[Taint]:
    """The secret a call of a ``secret-call`` method returns (``fa``: the interpreter), or None.
    A ``given-secret`` row (an SDK login: ``authWithPassword(email, password)``) returns one only
    when an argument carries a secret of the server's (an operator login from the environment,
    not the caller's own): the session token the service issues for it, under the call's name."""
    M = fa.M
    rid = M.secret_method_receivers.get(method or "") if recv_node is not None else None
    if rid is None or (rid != "any" and not fa.receiver_is(M.receivers[rid], recv_node)):
        return None
    if method in M.secret_method_given:
        given = [i for lb, i in args.items() if lb[0] == "s" and not AS_GIVEN <= i.clean]
        if not given:
            return None
        what = f"{method}()"
        return {("s", what): Info((*given[0].steps, fa.step(node, f"the session {what} returns for it")))}
    what = f"{N.text(fa.data, N.unwrap(recv_node) or recv_node)}.{method}()"
    return {("s", what, VALUES): Info((fa.step(node, f"secret {what} read"),))}


#: ``name.forEach((value, ...) =>``: a mapping's values, one by one
_FOREACH = re.compile(rb"\b([A-Za-z_$][\w$]*)\s*\.\s*forEach\s*\(\s*(?:async\s*)?\(?\s*([A-Za-z_$][\w$]*)")
#: ``f(name.get(`` and ``f(value`` (a call and its first argument)
_CALL_OF = rb"\b([A-Za-z_$][\w$]*)\s*\(\s*%s\b"
#: how far after ``forEach(`` the callback's use of its value is looked for
_SPAN = 600


def masked_maps(mod) -> FrozenSet[str]:
    """Names of the module's maps whose values the code masks with a function named for it
    (``uris.forEach((uri) => maskUri(uri))``, ``obfuscate(uris.get(a))``): the project says
    each value carries a credential (a connection URI with its password). Memoised."""
    got = getattr(mod, "_masked_maps", None)
    if got is not None:
        return got
    redacts = mod.M.redaction_names
    data = mod.data
    out = set()
    if redacts is not None and redacts.search(data.decode("utf-8", "replace")):
        for m in _FOREACH.finditer(data):
            body = data[m.end():m.end() + _SPAN]
            for c in re.finditer(_CALL_OF % re.escape(m.group(2)), body):
                if redacts.search(c.group(1).decode("utf-8", "replace")):
                    out.add(m.group(1).decode("utf-8", "replace"))
        for c in re.finditer(_CALL_OF % rb"([A-Za-z_$][\w$]*)\s*\.\s*get\s*\(", data):
            if redacts.search(c.group(1).decode("utf-8", "replace")):
                out.add(c.group(2).decode("utf-8", "replace"))
    got = mod._masked_maps = frozenset(out)
    return got


def masked_value(fa, node, method: Optional[str], recv_node) -> Optional[Taint]:
    """``uris.get(alias)`` of a map whose values the module masks elsewhere: a secret, where it
    is written to a log."""
    r = N.unwrap(recv_node) if recv_node is not None and method == "get" else None
    if r is None or r.type != "identifier":
        return None
    name = N.text(fa.data, r)
    if name not in masked_maps(fa.mod) or name in fa.locals and fa.node is not None and name not in getattr(fa, "module_locals", ()):
        return None
    what = f"{name}.get()"
    # read for logs only: a value parsed out of such a URI (the database name in its path) is
    # no credential, and what the server returns is built from those pieces
    return {("s", what): Info((fa.step(node, f"secret {what} read (a value the code masks where it lists them)"),),
                              clean=frozenset({"return"}))}


def secret_values(t: Taint, key: str = "") -> Taint:
    """The labels of ``t`` that a read of property ``key`` keeps: mappings of secrets, and a
    secret command's output (but its error stream and exit status)."""
    kept = {label: info for label, info in t.items() if label[0] == "s" and (
        label[2:] == (VALUES,) or label[2:] == (OUTPUT,) and key not in _NOT_OUTPUT)}
    return {**kept, **field_read(t, key)} if key else kept  # dotenv.config().parsed: envfiles.py


__all__ = ["OUTPUT", "VALUES", "masked_maps", "masked_value", "secret_result", "secret_values"]
