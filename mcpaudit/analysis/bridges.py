"""Both ends of a message bridge in one project: what a sender puts in a message, and which
function a receiver's dispatch runs for each command name.

Many MCP servers do not run the caller's request themselves: a tool hands its parameters to a
client (``send_command("execute_code", {"code": code})``) that sends a message such as
``{"type": command_type, "params": params}`` over a socket, a websocket or a pipe to another
process of the same project (an editor's add-on, a plugin). That process reads the message and
dispatches on a field of it: a table of handlers (``handlers = {"execute_code":
self.execute_code}; handlers.get(command.get("type"))(**command.get("params", {}))``) or an
if-chain (``if cmd == "execute_code": return self.execute_code(**params)``).

This module records, per function, what the CST says of either end (plain data for the
summary); :mod:`.bridgelink` joins them. It stays conservative: a sender is a function that
puts two of its parameters under constant fields of a dict display; a receiver entry needs the
command name as a string literal, and the selector and the arguments read from constant fields
of one parameter of the dispatching function. The linker follows a call only where the call
gives the command name as a literal, the receiver dispatches that same name, and both ends name
the same two fields.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..lazycst import Visitor, cst

from . import cstnodes as N
from .summary import CallRec
from .visitorder import visit

#: (selector parameter, selector field, payload parameter, payload field) of a sender
Sender = Tuple[str, str, str, str]
#: the payload field of a ``**kwargs`` parameter spread into a sender's message
SPREAD = "**"
#: (selector field, payload field, command name, function as written, dispatcher qualname,
#: payload unpacked into keywords, line of the dispatching call)
Receiver = Tuple[str, str, str, str, str, bool, int]


def call_literals(call) -> Optional[Dict[object, str]]:
    """A call's string literal arguments, by position or keyword (None when it has none)."""
    if not isinstance(call, cst.Call):
        return None
    out: Dict[object, str] = {}
    i = 0
    for a in call.args:
        if a.star:
            i = -1 if a.star == "*" else i
            continue
        text = N.string_value(a.value)
        if a.keyword is not None:
            if text is not None:
                out[a.keyword.value] = text
            continue
        if text is not None and i >= 0:
            out[i] = text
        i += 1 if i >= 0 else 0
    return out or None


def _params(fn: cst.FunctionDef) -> List[str]:
    return [x.name.value for x in N.named_params(fn) if x.name.value not in ("self", "cls")]


def _param_name(node, params: List[str]) -> Optional[str]:
    """``p`` or ``p or {}``: the parameter a dict value holds."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        node = node.left
    return node.value if isinstance(node, cst.Name) and node.value in params else None


class _Senders(Visitor):
    """Dict displays holding two parameters under constant fields (module level: a class made
    inside a function is a reference cycle that would keep the parse tree alive)."""

    def __init__(self, fn: cst.FunctionDef, params: List[str]):
        self.fn, self.params, self.out = fn, params, []
        star = fn.params.star_kwarg
        self.spread = star.name.value if isinstance(star, cst.Param) else None

    def visit_Dict(self, node: cst.Dict) -> None:
        held = []
        for e in node.elements:
            if isinstance(e, cst.DictElement):
                key, p = N.string_value(e.key), _param_name(e.value, self.params)
                if key and p:
                    held.append((p, key))
            elif isinstance(e, cst.StarredDictElement) and self.spread and \
                    isinstance(e.value, cst.Name) and e.value.value == self.spread:
                held.append((self.spread, SPREAD))  # {"type": request_type, **kwargs}: the keywords are fields
        for p1, f1 in held:
            for p2, f2 in held:
                if p1 != p2 and (p1, f1, p2, f2) not in self.out:
                    self.out.append((p1, f1, p2, f2))

    def visit_FunctionDef(self, node) -> bool:
        return node is self.fn

    def visit_ClassDef(self, node) -> bool:
        return False


def sender_fields(fn: cst.FunctionDef) -> List[Sender]:
    """Every dict display of ``fn`` holding two of its parameters under constant fields
    (``{"type": command_type, "params": params or {}}``), as ordered pairs; a ``**kwargs``
    parameter spread into the display (``{"type": request_type, **kwargs}``) is held under the
    field :data:`SPREAD` (its keywords are the message's fields; no receiver names that field)."""
    params = _params(fn)
    if len(params) + (fn.params.star_kwarg is not None) < 2:
        return []
    v = _Senders(fn, params)
    visit(fn, v)
    out, v.fn = v.out, None
    return out


def _field_read(node, params: List[str]) -> Optional[Tuple[str, str]]:
    """``m.get("type")`` / ``m.get("params", {})`` / ``m["type"]`` on a parameter ``m``."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and isinstance(node.func.value, cst.Name) and node.func.value.value in params and node.args:
        field = N.string_value(node.args[0].value)
        return (node.func.value.value, field) if field else None
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value in params \
            and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        field = N.string_value(node.slice[0].slice.value)
        return (node.value.value, field) if field else None
    return None


def _function_ref(node) -> Optional[str]:
    """``self.method`` or ``function``: a function a table entry or a branch names."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        return f"self.{node.attr.value}"
    return None


def _table(node) -> Optional[Dict[str, str]]:
    """A dict display of command names to functions (every entry one)."""
    if not isinstance(node, cst.Dict) or not node.elements:
        return None
    out = {}
    for e in node.elements:
        if not isinstance(e, cst.DictElement):
            return None
        key, ref = N.string_value(e.key), _function_ref(e.value)
        if not key or not ref:
            return None
        out[key] = ref
    return out


class _Receiver(Visitor):
    """One pass over a function body, in source order: the fields read from a parameter, the
    handler tables, the handlers picked from them, and the calls that run one."""

    def __init__(self, fn: cst.FunctionDef, qualname: str, pos, methods=()):
        self.fn, self.qualname, self.pos, self.methods = fn, qualname, pos, methods
        self.params = _params(fn)
        self.reads: Dict[str, Tuple[str, str]] = {}  # var -> (param, field)
        self.tables: Dict[str, Dict[str, str]] = {}  # var -> {command: function}
        self.picked: Dict[str, Tuple[str, Tuple[str, str]]] = {}  # var -> (table var, selector read)
        self.out: List[Receiver] = []
        self.stmt = None  # the small statement being visited (positions are per statement)

    def on_visit(self, node) -> bool:
        if isinstance(node, cst.BaseSmallStatement):
            self.stmt = node
        return super().on_visit(node)

    def visit_FunctionDef(self, node) -> bool:
        return node is self.fn

    def visit_ClassDef(self, node) -> bool:
        return False

    def _read(self, node) -> Optional[Tuple[str, str]]:
        if isinstance(node, cst.Name):
            return self.reads.get(node.value)
        return _field_read(node, self.params)

    def _pick(self, node) -> Optional[Tuple[str, Tuple[str, str]]]:
        """``T.get(sel)`` / ``T[sel]`` on a handler table, ``sel`` a field of a parameter."""
        if isinstance(node, cst.Name):
            return self.picked.get(node.value)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
                and isinstance(node.func.value, cst.Name) and node.func.value.value in self.tables and node.args:
            table, sel = node.func.value.value, node.args[0].value
        elif isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value in self.tables \
                and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            table, sel = node.value.value, node.slice[0].slice.value
        else:
            return self._prefixed(node)
        read = self._read(sel)
        return (table, read) if read else None

    def _prefixed(self, node) -> Optional[Tuple[str, Tuple[str, str]]]:
        """``getattr(self, f"handle_{sel}")`` / ``getattr(self, "handle_" + sel, None)``: a table
        of the class's methods with that prefix, filed under the rest of their names."""
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "getattr"
                and len(node.args) >= 2 and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value == "self"):
            return None
        name, sel = node.args[1].value, None
        if isinstance(name, cst.FormattedString) and len(name.parts) == 2 and \
                isinstance(name.parts[0], cst.FormattedStringText) and isinstance(name.parts[1], cst.FormattedStringExpression):
            prefix, sel = name.parts[0].value, name.parts[1].expression
        elif isinstance(name, cst.BinaryOperation) and isinstance(name.operator, cst.Add):
            prefix, sel = N.string_value(name.left) or "", name.right
        read = self._read(sel) if sel is not None else None
        if not read or not prefix:
            return None
        table = f"<getattr {prefix}>"
        self.tables[table] = {m[len(prefix):]: f"self.{m}" for m in self.methods if m.startswith(prefix) and m != prefix}
        return table, read

    def _payload(self, call: cst.Call, param: str) -> Optional[Tuple[str, bool]]:
        """The field of ``param`` a handler call passes: ``h(**params)`` (unpacked) or ``h(params)``."""
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star not in ("", "**"):
            return None
        read = self._read(call.args[0].value)
        if read is None or read[0] != param:
            return None
        return read[1], call.args[0].star == "**"

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return
        name, value = node.targets[0].target.value, node.value
        for table in (self.reads, self.tables, self.picked):
            table.pop(name, None)
        read, entries, picked = _field_read(value, self.params), _table(value), self._pick(value)
        if read:
            self.reads[name] = read
        elif entries:
            self.tables[name] = entries
        elif picked:
            self.picked[name] = picked

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "update" and isinstance(f.value, cst.Name) \
                and f.value.value in self.tables and len(node.args) == 1:
            a = node.args[0].value  # handlers.update(more_handlers) / handlers.update({...})
            more = self.tables.get(a.value) if isinstance(a, cst.Name) else _table(a)
            self.tables[f.value.value].update(more or {})
            return
        picked = self._pick(f)
        if picked is None:
            return
        table, (param, sel_field) = picked
        payload = self._payload(node, param)
        if payload is None:
            return
        line = self.pos(self.stmt)[0]
        for key, ref in self.tables[table].items():
            self.out.append((sel_field, payload[0], key, ref, self.qualname, payload[1], line))

    def visit_If(self, node: cst.If) -> None:
        """``if sel == "name": ... self.handler(**params)``: the branch's handler calls."""
        test = node.test
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
                and isinstance(test.comparisons[0].operator, cst.Equal)):
            return
        left, right = test.left, test.comparisons[0].comparator
        key = N.string_value(right) or N.string_value(left)
        read = self._read(left if N.string_value(right) else right)
        if not key or read is None:
            return
        param, sel_field = read
        for stmt, call in _calls(node.body):
            ref, payload = _function_ref(call.func), self._payload(call, param)
            if ref and payload:
                self.out.append((sel_field, payload[0], key, ref, self.qualname, payload[1], self.pos(stmt)[0]))


class _BranchCalls(Visitor):
    """The calls of a branch's body, each with its small statement (not those of nested tests)."""

    def __init__(self):
        self.stmt, self.found = None, []

    def on_visit(self, n) -> bool:
        if isinstance(n, cst.BaseSmallStatement):
            self.stmt = n
        return super().on_visit(n)

    def visit_Call(self, n: cst.Call) -> None:
        self.found.append((self.stmt, n))

    def visit_If(self, n) -> bool:
        return False  # a nested test is another branch

    def visit_FunctionDef(self, n) -> bool:
        return False


def _calls(node) -> List[Tuple[cst.CSTNode, cst.Call]]:
    v = _BranchCalls()
    visit(node, v)
    return v.found


def receiver_entries(fn: cst.FunctionDef, qualname: str, pos, methods=()) -> List[Receiver]:
    """The command names ``fn`` dispatches on, each with the function it runs (``pos``: a
    statement's position, for the line of the dispatching call; ``methods``: those of its class)."""
    if not _params(fn):
        return []
    v = _Receiver(fn, qualname, pos, methods)
    visit(fn, v)
    out, v.fn, v.stmt = v.out, None, None
    return out


#: names a module's text holds as the value of a constant key (``"params": params or {}``), and
#: names it reads a constant field of (``m.get("type")``, ``m["params"]``): what a sender's dict
#: display and a receiver's selector need, read from the text once per module so that the two
#: tree walks run only on functions whose parameters could be either (a superset test)
_HELD = re.compile(r"""["'][^"'\n]*["']\s*:\s*\(?\s*([A-Za-z_]\w*)""")
#: (not tried again inside a name it failed on: from any later letter of the name the match would
#: end where it did, so the lookbehind changes no result and saves an attempt per letter)
_READ = re.compile(r"""(?<![A-Za-z_])([A-Za-z_]\w*)\s*(?:\.\s*get\s*\(\s*|\[\s*)[rRbBuU]*["']""")


def _text_names(mod) -> Tuple[frozenset, frozenset]:
    memo = mod.__dict__.get("_bridge_text")
    if memo is None:
        memo = mod._bridge_text = (frozenset(_HELD.findall(mod.text)), frozenset(_READ.findall(mod.text)))
    return memo


def note_bridges(mod, fn: cst.FunctionDef, qualname: str) -> None:
    """Record ``fn``'s sender fields and receiver entries on its module analyser (HTTP hops
    too: httpbridges.py)."""
    from .httpbridges import http_receivers, http_senders

    params = _params(fn)
    held, read = _text_names(mod)
    mod.bridge_receivers.extend(http_receivers(mod, fn, qualname))
    spread = fn.params.star_kwarg is not None and f"**{fn.params.star_kwarg.name.value}" in mod.text
    senders = (sender_fields(fn) if sum(p in held for p in params) + spread >= 2 else []) + http_senders(mod, fn)
    if senders:
        mod.bridge_senders[qualname] = senders
    if not any(p in read for p in params):
        return
    cls = qualname.rsplit(".", 1)[0] if "." in qualname else ""
    mod.bridge_receivers.extend(receiver_entries(fn, qualname, mod.pos, mod.class_methods.get(cls, ())))


def note_loose_call(fa, call: cst.Call, func, pos_args, kw_args, star, dstar, literals) -> None:
    """``conn.send_command("execute_code", {...})`` on an object whose class the analysis does
    not know, where one class of this module (only) defines the method: kept apart (not a call
    the linker follows in general) for the bridge linker, which follows it only into a sender
    given a literal command name."""
    if not isinstance(func, cst.Attribute) or not literals:
        return
    owners = [c for c, methods in fa.mod.class_methods.items() if func.attr.value in methods]
    if len(owners) != 1:
        return
    fa.__dict__.setdefault("loose_calls", []).append(CallRec(
        target=f"{owners[0]}.{func.attr.value}", pos=fa.mod.pos(fa.stmt), args=[fa.mod.resolve_taint(a) for a in pos_args],
        kwargs={k: fa.mod.resolve_taint(v) for k, v in kw_args.items()}, star=fa.mod.resolve_taint(star),
        dstar=fa.mod.resolve_taint(dstar), fallback={}, tool_hint=getattr(fa, "tool_hint", None), literals=literals))
