"""An environment variable the caller names: ``process.env[name]`` with a tool's ``name``.

``process.env.API_TOKEN`` is a secret by its name (``is_secret_env``); a computed key read
nothing at all, so ``return process.env[args.name]`` handed every credential of the server to
whoever calls the tool without a finding. When the read is in a tool's own handler (an inline
handler, ``<tool NAME@line>``) and the key still carries one of its parameters that no check has
cleared for every sink, the read is a secret read of the variable the caller picks:
the label ``("s", "process.env[*]")`` follows the value to the tool result, a log or a request
like any other secret. A key an allow-list cleared (``ALLOWED.has(name)`` before the read) or a
constant key reads as before, and so does a helper's ``process.env[key]`` for its own parameter
(``getToolName(envVarName)``, ``readEnv(name)``): a function parameter is not the caller's until
the linker binds it, and such helpers are called with constant names at start-up far more often
than with a tool's text (measured on the ledger, tsrec32).
"""

from __future__ import annotations

from ..taintvalue import Info, Taint
from . import nodes as N


def _caller_chosen(key_taint: Taint) -> bool:
    return any(lb[0] in ("p", "pf") and "*" not in (i.clean or ()) for lb, i in (key_taint or {}).items())


def caller_named_env(interp, obj, key_taint: Taint, node) -> Taint:
    """The secret read by ``<env object>[key]`` when the caller chooses ``key`` (else None)."""
    if obj is None or obj.type != "member_expression" or not str(interp.qualname or "").startswith("<tool "):
        return None
    parts = N.member_parts(interp.data, obj)
    base = ".".join(parts) if parts else None
    if base is None or base not in interp.M.secret_env_objects or not _caller_chosen(key_taint):
        return None
    what = f"{base}[*]"
    return {("s", what): Info((interp.step(node, f"environment variable named by the caller read ({what})"),))}
