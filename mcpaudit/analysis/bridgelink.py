"""Following a message bridge from the tool that sends a command to the function that runs it.

:mod:`.bridges` records a project's senders (functions that put a command name and a payload,
two of their parameters, under constant fields of a message) and receivers (dispatchers that
pick a function by one field of a message and call it with another). A call of a sender that
gives the command name as a string literal is linked to each receiver entry for that name whose
dispatcher reads the same two fields: the payload the call passes is bound to the receiving
function's parameters (unpacked by name for ``handler(**params)``, whole for
``handler(params)``) and the function is followed as if the tool had called it, with the send
and the dispatch as flow steps. A sink it reaches is the sending tool's.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from .summary import CallRec, FuncSummary, Step
from .taintvalue import Taint

MAX_DEPTH = 8


class BridgeLinks:
    """Mixed into the Python linker (``modules``, ``resolve``, ``subst``, ``bind_args``,
    ``instantiate``)."""

    def _bridge_index(self) -> Dict[Tuple[str, str, str], List[tuple]]:
        index = self.__dict__.get("_bridges")
        if index is None:
            index = {}
            for path in sorted(self.modules):
                for sel, payload, key, ref, disp, unpack, line in getattr(self.modules[path], "bridge_receivers", ()):
                    index.setdefault((sel, payload, key), []).append((path, disp, ref, unpack, line))
            self._bridges = index
        return index

    def call_ret(self, path, fn: FuncSummary, idx: int, env, depth, stack, hint, cache) -> Taint:
        fresh = idx not in cache
        ret = super().call_ret(path, fn, idx, env, depth, stack, hint, cache)
        rec = fn.calls[idx]
        if fresh and getattr(rec, "literals", None) and depth < MAX_DEPTH and self._bridge_index():
            self.follow_bridges(path, fn, rec, env, depth, stack, hint, cache)
        return ret

    def instantiate(self, path: str, fn: FuncSummary, env, depth: int, stack, hint, handler=None, given=frozenset()) -> Taint:
        fresh = self._mkey(path, fn, hint, env, handler, given) not in self.memo
        ret = super().instantiate(path, fn, env, depth, stack, hint, handler, given)
        loose = getattr(fn, "loose_calls", None)
        if fresh and loose and depth < MAX_DEPTH and self._bridge_index():
            cache: dict = {}
            for rec in loose:  # conn.send_command("name", ...) on an object of unknown class
                hit = self.resolve(path, None, rec.target)
                if hit is not None:
                    self.follow_bridges(path, fn, rec, env, depth, stack, hint, cache, [hit])
        return ret

    def follow_bridges(self, path: str, fn: FuncSummary, rec: CallRec, env, depth, stack, hint, cache,
                       targets=None) -> None:
        """Follow ``rec`` (a call of a sender with a literal command name) into the receiving
        functions the same project dispatches that name to."""
        index = self._bridge_index()
        for target in targets if targets is not None else self.resolve_in(path, fn, rec, env):
            tpath, callee, is_method = target[:3]
            senders = getattr(self.modules[tpath], "bridge_senders", {}).get(callee.qualname)
            if not senders:
                continue
            params = [p for p in callee.params]
            if is_method and params and params[0].name in ("self", "cls"):
                params = params[1:]
            positional = [p.name for p in params if p.kind == "pos"]
            for sel_param, sel_field, payload_param, payload_field in senders:
                key = rec.literals.get(sel_param)
                if key is None and sel_param in positional:
                    key = rec.literals.get(positional.index(sel_param))
                receivers = index.get((sel_field, payload_field, key)) if key is not None else None
                if not receivers:
                    continue
                sent = Step(rec.pos[0], rec.pos[1], f"sent as command '{key}' by {callee.name}()", path)
                args = [self.subst(a, path, fn, env, depth, stack, hint, cache) for a in rec.args]
                kwargs = {k: self.subst(v, path, fn, env, depth, stack, hint, cache) for k, v in rec.kwargs.items()}
                star = self.subst(rec.star, path, fn, env, depth, stack, hint, cache)
                dstar = self.subst(rec.dstar, path, fn, env, depth, stack, hint, cache)
                payload = self.bind_args(callee, is_method, args, kwargs, star, dstar, sent).get(payload_param)
                if payload:
                    served = self.tool_of_hint(path, rec.tool_hint) or hint
                    for receiver in receivers:
                        self._receive(receiver, key, payload, depth, stack, served)

    def _receive(self, receiver: tuple, key: str, payload: Taint, depth, stack, served) -> None:
        rpath, disp, ref, unpack, line = receiver
        dispatcher = self.modules[rpath].functions.get(disp)
        hit = self.resolve(rpath, dispatcher, ref) if dispatcher is not None else None
        if hit is None:
            return
        fpath, rfn, is_method = hit[:3]
        fkey = f"{fpath}:{rfn.qualname}"
        if fkey in stack:
            return
        step = Step(line, 1, f"dispatched as '{key}' to {rfn.name}()", rpath)
        env = self.bind_args(rfn, is_method, [] if unpack else [payload], {}, {}, payload if unpack else {}, step)
        if env:
            self.instantiate(fpath, rfn, env, depth + 1, stack | {fkey}, served)
