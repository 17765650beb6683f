"""Registrations through a helper: tools registered by a project function that wraps the
framework's registration call (``const addTool = (tool) => { ...; server.addTool(tool) }``,
``function register(name, description, shape, handler) { server.tool(name, ...) }``), then
called with what it registers (``addTool({ name, parameters, execute })``). A class's own method
does the same (``this.addJsonTool("x", "d", shape, cb)`` with ``addJsonTool`` calling
``this.tool(name, ...)``), and a helper whose inline handler runs its callback parameter
(``async (...args) => cb.apply(this, args)``) registers the caller's callback as the handler.

A helper's parameter flows into the registration call, so the registration is seen through the
helper: the helper is evaluated in place at each call (:meth:`Calls.inline` keeps the call's
argument nodes per parameter), and the registration reads the caller's nodes in place of the
helper's parameters (:meth:`Through.through`): the caller's object literal, its inline handler
and its schema. Module-level helpers are found before any function is evaluated
(:func:`find_wrappers`: a parameter is the first argument of a registration call), so a call in
any function of the module is followed. The helper's own registration of its parameter (by
reference, resolved to the project's tool definitions when linking) stands only for calls not
seen: once a call registered through the helper, it is dropped (:func:`registrations_through`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from . import nodes as N
from .sharedwrappers import own_wrapped

if TYPE_CHECKING:  # pragma: no cover
    from .module import TsModule
    from .records import TsRegistration


def find_wrappers(mod: "TsModule") -> None:
    """Module-level functions that pass one of their parameters to a registration call as its
    first argument (the tool object, or its name): helpers whose calls are registrations."""
    rx = mod.M.registration_call
    data = mod.data
    for node, qual, cls in mod._pending:
        if ("." in qual) if cls is None else (qual.count(".") != 1 or not qual.startswith(cls + ".")):
            continue  # a module-level function, or a method of a class (``this.addTool(...)``)
        body = node.child_by_field_id(mod.F.body)
        if body is None:
            continue
        hits = {m.group(1).decode() for m in rx.finditer(data, body.start_byte, body.end_byte)}
        if hits and hits & set(mod.top.param_list(node)):
            mod.wrappers[qual] = node
    own_wrapped(mod)  # exported helpers other modules register through (sharedwrappers.py)


def registrations_through(mod: "TsModule") -> List["TsRegistration"]:
    """The module's registrations without a helper's own registration of its parameter when
    some call registered through that helper (the calls are the registrations)."""
    from .serverless import serverless_registrations  # a default-exported (req, res) under api/

    drop = {id(r) for fid, r in mod.param_regs if fid in mod.wrapped}
    return ([r for r in mod.registrations if id(r) not in drop] if drop else mod.registrations) + serverless_registrations(mod)


class Through:
    """Mixed into :class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

    def param_list(self, fn) -> List[str]:
        """The names of a function's parameters ("" for a pattern)."""
        params = fn.child_by_field_id(self.F.parameters)
        plist = [c for c in params.named_children if c.type != "comment"] if params is not None else [
            fn.child_by_field_id(self.F.parameter)]
        out = []
        for p in plist:
            if p is not None and p.type in ("required_parameter", "optional_parameter"):
                p = p.child_by_field_id(self.F.pattern)
            if p is not None and p.type == "assignment_pattern":
                p = p.child_by_field_id(self.F.left)
            out.append(N.text(self.data, p) if p is not None and p.type == "identifier" else "")
        return out

    def registration_wrapper(self, name: str):
        """The module-level helper ``name`` calls when it registers what it is given, unless a
        local of that name hides it."""
        node = self.mod.wrappers.get(name)
        if node is None:
            return None
        local = self.local_fns.get(name)
        if name in self.locals and (local is None or local.id != node.id):
            return None
        return node

    def through(self, node) -> Optional[Tuple[object, int]]:
        """What the callers of the helpers being evaluated in place passed for ``node`` (a
        parameter, or a property of a parameter given an object literal): (the caller's node,
        the outermost call it came through), or None when ``node`` is not such a parameter."""
        u = N.unwrap(node)
        frames = self.arg_frames
        i = len(frames) - 1
        got = None
        while u is not None and i >= 0:
            frame = frames[i][2]
            if u.type == "identifier":
                arg = frame.get(N.text(self.data, u))
            elif u.type == "member_expression":
                obj = N.unwrap(u.child_by_field_id(self.F.object))
                prop = u.child_by_field_id(self.F.property)
                base = N.unwrap(frame.get(N.text(self.data, obj))) if obj is not None and obj.type == "identifier" else None
                arg = N.object_props(self.data, base).get(N.text(self.data, prop)) if (
                    base is not None and base.type == "object" and prop is not None) else None
            else:
                arg = None
            if arg is None:
                break
            got = (arg, i)
            u = N.unwrap(arg)
            i -= 1
        return got

    def method_wrapper(self, method: Optional[str], recv_node):
        """The class's own method ``method`` that registers what it is given, called on ``this``
        (or on a receiver typed as that class of this module)."""
        if not method or recv_node is None:
            return None
        r = N.unwrap(recv_node)
        if r is None:
            return None
        if r.type == "this":
            cls = self.cls
        else:
            tp = (self.type_of(r) or "").replace("()", "")
            cls = tp.rsplit("#", 1)[-1] if tp and tp.rsplit("#", 1)[-1] in self.mod.classes else None
        return self.mod.wrappers.get(f"{cls}.{method}") if cls else None

    def forwarded(self, node) -> Optional[Tuple[object, int]]:
        """An inline handler of a helper that runs the helper's callback parameter with its own
        arguments (``async (...args) => { ...; await cb.apply(this, args) }``, ``cb.call(this,
        a, b)``, ``cb(...args)``): what the helper's caller passed for that parameter, as
        :meth:`through` gives it; None otherwise."""
        u = N.unwrap(node)
        if u is None or u.type not in N.FUNCTIONS or not self.arg_frames:
            return None
        body = u.child_by_field_id(self.F.body)
        if body is None:
            return None
        params = u.child_by_field_id(self.F.parameters)
        own = {p for p in self.param_list(u) if p} | {
            N.text(self.data, r.named_children[0]) for r in (N.descendants(params, "rest_pattern") if params is not None else ())
            if r.named_children and r.named_children[0].type == "identifier"}  # (...args)
        for call in N.descendants(body, "call_expression"):
            fn = N.unwrap(call.child_by_field_id(self.F.function))
            args = N.args_of(call)
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_id(self.F.property)
                if prop is None or N.text(self.data, prop) not in ("apply", "call") or not args:
                    continue
                fn, args = N.unwrap(fn.child_by_field_id(self.F.object)), args[1:]
            if fn is None or fn.type != "identifier" or not args or not self._own_args(args[0], own):
                continue
            hit = self.through(fn)
            if hit is not None and N.unwrap(hit[0]) is not None and \
                    (N.unwrap(hit[0]).type in N.FUNCTIONS or N.unwrap(hit[0]).type in ("identifier", "member_expression", "call_expression")):
                return hit
        return None

    def _own_args(self, arg, own) -> bool:
        """``args`` / ``...args`` / ``a``: an argument that is one of the handler's parameters."""
        u = N.unwrap(arg)
        if u is not None and u.type == "spread_element":
            u = N.unwrap(u.named_children[0]) if u.named_children else None
        return u is not None and u.type == "identifier" and N.text(self.data, u) in own

    def through_args(self, args, node):
        """A registration inside helpers evaluated in place: its arguments as the helpers'
        callers gave them (an inline handler forwarding to the helper's callback parameter is
        that callback), and the call it is reported at (the outermost caller's)."""
        out = []
        outer = None
        for a in args:
            hit = self.through(a) or self.forwarded(a)
            if hit is None:
                out.append(a)
                continue
            out.append(hit[0])
            outer = hit[1] if outer is None else min(outer, hit[1])
        if outer is None:
            return args, node
        for fn, _site, _frame in self.arg_frames[outer:]:
            self.mod.wrapped.add(fn.id)
        return out, self.arg_frames[outer][1] or node

    def registered_through(self, node, args, register):
        """Run ``register(site, args)`` for a registration call ``node``: through the helpers
        being evaluated in place (once per outermost call), and noting the helper's own
        registration of its parameter when ``self`` is that helper."""
        site = node
        if self.arg_frames:
            args, site = self.through_args(args, node)
            if site is not node:
                if site.id in self.mod.through_sites:
                    return True  # one call of a helper that registers in several branches
                self.mod.through_sites.add(site.id)
        before = len(self.mod.registrations)
        got = register(site, args)
        w = self.mod.wrappers.get(self.qualname) if self.node is not None and not self.arg_frames else None
        if w is not None and w.id == self.node.id:
            self.mod.param_regs += [(w.id, r) for r in self.mod.registrations[before:]]
        return got

    def register_function(self, node, fq: str, args) -> bool:
        """A registration function that takes the server as an argument (the catalog's
        ``registrations.functions``: MCP Apps' ``registerAppTool(server, name, config, handler)``),
        read as the server's own registration method with the server argument left out."""
        fspec = self.M.surface.registration_functions[fq]
        at = fspec["server"]
        spec = {k: (v - 1 if type(v) is int and v > at else v) for k, v in fspec.items()
                if k not in ("server", "framework")}
        return self.registered_through(node, args, lambda site, a: self._register(
            site, fspec["framework"], spec, [x for i, x in enumerate(a) if i != at], True))
