"""Code and command lines sent over a message bridge whose other end is not in the tree.

Bridges to a desktop program (Rhino, Blender, Maya, a game engine) often run the caller's code
in a plugin written in another language: the MCP server only serialises a command
(``conn.send_command("execute_python_code", {"code": code})``) and writes it to a socket or an
HTTP endpoint. With the receiver in the tree, :mod:`.bridgelink` follows the message to the
function that runs it. Without it, only the shape of the sending call can tell: a string literal
command name made of a run verb (``execute``, ``run``, ``eval``: alone or with an object such
as ``code``, ``script``, ``command``) and a dict display argument whose code field (``code``,
``script``) or command-line field (``command``) holds a value unchanged.

:func:`note_sent_code` records such a call as a sink of the code or shell family with
``bridge_command`` set (a :class:`SinkRec` attribute). Such a sink is never an injection: the
linker (:class:`UnseenBridges`) reports it only as the tool's capability, and only when the
project has no receiver at all (its other end is elsewhere), the call reaches a project
function or a method of a project class (any class's method of that name, for an object whose
class is not known) whose class - or module, for a function - builds a message envelope (a
sender of :mod:`.bridges`: ``{"type": command_type, "params": params}``), the parameter
arrives as is, and the tool says by its name or description that it runs code or commands. The vocabulary is data:
``http.bridges`` ``run-verbs``, ``run-objects``, ``code-fields`` and ``command-fields`` in
``rules/models/python/mcp.yaml``.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..lazycst import cst

from ..catalog import catalog
from . import cstnodes as N
from .bridges import SPREAD, call_literals

_WORD = re.compile(r"[a-z]+|[A-Z][a-z]*|\d+")


def _words(name: str) -> list:
    return [w.lower() for w in _WORD.findall(name)]


def runs_name(name: str, spec) -> bool:
    """A command name that says it runs what it is sent: a run verb alone (``exec``), or a run
    verb with a run object (``execute_rhinoscript_python_code``, ``run_command``)."""
    words = _words(name)
    verbs, objects = spec.get("run-verbs", ()), spec.get("run-objects", ())
    if not words or not any(w in verbs for w in words):
        return False
    return all(w in verbs for w in words) or any(w in objects for w in words)


def _family(field: str, spec) -> Optional[str]:
    if field in spec.get("code-fields", ()):
        return "code"
    if field in spec.get("command-fields", ()):
        return "shell"
    return None


def note_sent_code(fa, call: cst.Call, func, targets: Sequence[str]) -> None:
    """Record ``call`` as a bridged code or command sink when it sends a literal run command with
    a code or command-line field holding a name (the value as is)."""
    spec = fa.M.surface.http_bridges or {}
    if not spec.get("run-verbs") or not isinstance(call, cst.Call):
        return
    literals = call_literals(call)
    name = next((v for v in (literals or {}).values() if runs_name(v, spec)), None)
    if name is None:
        return
    method = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    if method is None:
        return
    for field, value, spread in _fields(call):
        fam = _family(field, spec) if field else None
        if fam is None or not isinstance(value, cst.Name):
            continue
        before = len(fa.sinks)
        fa._sink(fam, f"{method}('{name}') (sent to another process that runs its '{field}')", call,
                 fa.ev(value), value)
        for sink in fa.sinks[before:]:
            sink.bridge_command, sink.bridge_targets, sink.bridge_method = name, tuple(targets), method
            sink.bridge_spread = spread


def _fields(call: cst.Call):
    """(field, value) of the message a sending call makes: the entries of a dict display argument
    (``send_command("run", {"code": code})``), and its keyword arguments, which a sender that
    spreads its ``**kwargs`` into the message sends as fields (``send_request("execute_cell",
    content=content)``; the receiver check asks that the sender does: bridges.SPREAD)."""
    for arg in call.args:
        if isinstance(arg.value, cst.Dict):
            for e in arg.value.elements:
                if isinstance(e, cst.DictElement):
                    yield N.string_value(e.key), e.value, False
        elif arg.keyword is not None and arg.star == "":
            yield arg.keyword.value, arg.value, True


class UnseenBridges:
    """Mixed into the Python linker before :class:`.bridgelink.BridgeLinks`: bridged code sinks
    are no sink anywhere but here (:meth:`not_a_sink`), and become the sending tool's capability
    when every condition of the module docstring holds."""

    def not_a_sink(self, path, fn, sink) -> bool:
        if getattr(sink, "bridge_command", None) or getattr(sink, "typed_line", False):
            return True
        return super().not_a_sink(path, fn, sink)

    def instantiate(self, path, fn, env, depth, stack, hint, handler=None, given=frozenset()):
        fresh = self._mkey(path, fn, hint, env, handler, given) not in self.memo
        ret = super().instantiate(path, fn, env, depth, stack, hint, handler, given)
        if fresh and env and any(getattr(s, "bridge_command", None) or getattr(s, "typed_line", False)
                                 for s in fn.sinks):
            cache: dict = {}
            for sink in fn.sinks:
                if getattr(sink, "typed_line", False) or (
                        getattr(sink, "bridge_command", None) and self._unseen_receiver(path, fn, sink)):
                    t = self.subst(sink.taint, path, fn, env, depth, stack, hint, cache)
                    self._report_sent_code(path, fn, sink, t, hint or self.tool_of_hint(path, sink.tool_hint))
        return ret

    def _unseen_receiver(self, path, fn, sink) -> bool:
        """The project has no receiver (its other end is elsewhere), and the call reaches a
        project function or method (any class's of that name, for an object of unknown class)
        whose class or module also builds a message envelope (a sender, :mod:`.bridges`)."""
        if self._bridge_index():
            return False
        hits = [self.resolve(path, fn, t) for t in sink.bridge_targets]
        found = [(h[0], h[1].qualname) for h in hits if h is not None]
        if not found:  # an object whose class is not known here (a factory's result, a global)
            found = [(p, q) for p, mod in self.modules.items() for q in mod.functions
                     if q.count(".") == 1 and q.endswith("." + sink.bridge_method)]
        for fpath, qualname in found:
            senders = getattr(self.modules[fpath], "bridge_senders", None) or {}
            owner = qualname.rsplit(".", 1)[0] + "." if "." in qualname else ""
            if any(q.startswith(owner) and (not getattr(sink, "bridge_spread", False) or any(
                    SPREAD in (s[1], s[3]) for s in rows)) for q, rows in senders.items()):
                return True
        return False

    def _report_sent_code(self, path, fn, sink, t, hint) -> None:
        from .capabilities import as_is

        family = catalog().families[sink.family]
        for label, info in sorted(t.items(), key=lambda kv: str(kv[0])):
            # a typed line was checked to start with the value (a trailing newline is no building)
            if label[0] != "src" or info.is_clean(sink.family) or (info.built and not getattr(sink, "typed_line", False)):
                continue
            tool, param = hint or label[1], label[2]
            if as_is(sink.family, sink, info) and self._declares(family, tool):
                self._add_capability(family.capability, path, sink, info, tool, param, fn)


__all__ = ["UnseenBridges", "note_sent_code", "runs_name"]
