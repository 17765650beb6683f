"""A caller's value that chooses whether the database session is read-only (``tool-read-only-bypass``).

A server started read-only (``--read-only``) often applies the mode where it opens its pool:

    const pool = new Pool({ connectionString, ...(readonlyMode ? { options: '-c default_transaction_read_only=on' } : {}) });
    const db = new Database(file, { readonly: readOnly });

The database then refuses every write, whatever query text a tool runs, so a raw-query tool is
no bypass. But when a tool's parameter reaches the value that decides it (``connect({
readonlyMode: false })``, where the operator's flag is only the default), the caller turns the
mode off and every write goes through. The decision is recorded as a sink of the read-only family
where the setting is chosen:

* a conditional (``c ? <setting> : <other>``, ``c && <setting>``) whose chosen arm's text turns
  the session read-only (the models' ``read-only-settings`` text: ``default_transaction_read_only``,
  ``SET TRANSACTION READ ONLY``, ``mode=ro``, ``query_only``), chosen by a non-constant condition;
* a property named by its ``options`` (``readonly``, ``readOnly``) of an object passed to
  a constructor, whose value is not a constant.

The taint analysis carries the parameter there like any value; the finding is the tool's, at the
place the setting is chosen, and says which setting its caller decides.

A bypass needs a mode to bypass: the setting is a sink only in a project the operator can start
read-only (:func:`operator_mode`: a read-only flag read from the environment, the command line or
the configuration, or a guard of the server's own read-only mode, :mod:`.appmode`). Where the
read-only session is only the caller's to ask for (``open(params.readonly ?? false)``, default off,
no flag anywhere), the caller who passes false gets what the server gives everyone: no finding.
"""

from __future__ import annotations

import re
from typing import Optional

from ..taintvalue import Info
from . import nodes as N
from .appmode import operator_mode

_SINKS = ("a read-only setting", "a read-only option")

_WHY = ("its caller decides whether the session is read-only ({what}): passing false turns off the "
        "read-only mode the operator started the server in, and every write the other tools run goes through")


_PATTERNS: dict = {}  # the settings' words -> their pattern (compiled once per set)


def _settings(fa) -> Optional["re.Pattern[str]"]:
    """The pattern of the models' read-only settings, each a whole word (``mode=ro``, not ``mode=row``)."""
    words = fa.M.read_only_settings[0]
    if not words:
        return None
    pat = _PATTERNS.get(words)
    if pat is None:
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words))
        pat = _PATTERNS[words] = re.compile(r"(?i)(?<![\w])(?:" + body + r")(?![\w])")
    return pat


def _setting_in(fa, node) -> str:
    """The read-only setting the text of ``node`` turns on ("" when none)."""
    pat = _settings(fa)
    if pat is None or node is None:
        return ""
    m = pat.search(N.text(fa.data, node))
    return m.group(0) if m else ""


def conditional(fa, node, cond, chosen, taint) -> None:
    """``cond ? chosen : other`` / ``cond && chosen``: the condition chooses a read-only setting."""
    if not taint or cond is None or fa.is_constant(cond):
        return
    what = _setting_in(fa, chosen)
    if what:
        fa.record("read-only", _SINKS[0], node, taint, None, detail=_WHY.format(what=what))


def constructor_options(fa, node, arg_nodes) -> None:
    """``new C(..., { readonly: v })``: ``v`` chooses the connection's read-only mode."""
    keys = fa.M.read_only_settings[1]
    if not keys:
        return
    for a in arg_nodes:
        u = N.unwrap(a)
        if u is None or u.type != "object":
            continue
        for key, value in N.object_props(fa.data, u).items():
            if key not in keys or value is None or fa.is_constant(value):
                continue
            t = fa.ev_quiet(value)
            if t:
                fa.record("read-only", _SINKS[1], value, t, None,
                          detail=_WHY.format(what=f"the option '{key}' of {N.text(fa.data, node.child_by_field_name('constructor'))}"))


def settle(modules):
    """``modules``, whose read-only setting sinks are dropped when no module has a read-only mode
    the operator sets (a setting the caller opts into is no bypass)."""
    if not any(getattr(m, "operator_read_only", False) or getattr(m, "app_read_only", False) for m in modules.values()):
        for m in modules.values():
            for fn in m.functions.values():
                if any(s.family == "read-only" and s.sink in _SINKS for s in fn.sinks):
                    fn.sinks[:] = [s for s in fn.sinks if not (s.family == "read-only" and s.sink in _SINKS)]
    return modules


def mode_flag(linker, label, step):
    """The taint of a tool parameter the schema declares a flag (a boolean, a number, an enum):
    nothing, unless the project chooses a read-only setting by a value (a sink recorded above),
    where it is the caller's for that family only (clean for every other)."""
    if not _mode_sinks(linker):
        return {}
    from ...catalog import catalog

    return {label: Info((step,), clean=frozenset(catalog().families) - {"read-only"})}


def _mode_sinks(linker) -> bool:
    got = linker.__dict__.get("_mode_sinks")
    if got is None:
        got = linker.__dict__["_mode_sinks"] = any(
            s.family == "read-only" and s.sink in _SINKS for m in linker.modules.values()
            for fn in m.functions.values() for s in fn.sinks)
    return got


__all__ = ["conditional", "constructor_options", "mode_flag", "operator_mode", "settle"]
