"""State an object keeps between calls, as the linker sees it.

A method's ``self.attr = value`` (``FuncSummary.field_stores``) is instantiated with the
arguments of each call the linker follows; what caller input it stores is kept per class
(``fields``). A method that reads ``self.attr`` without assigning it (the interpreter's ``("f",
attr)`` label) reads what any method of the class (or of a base class) stored: the URL a connect
tool handed to a client's constructor is the base of every later request that client makes, in
the same tool call or in a later one. The analysis is flow-insensitive across calls, so the
linker runs the handlers again when a store lands on a field already read.

An outbound request whose target came through such state (or through an SDK client's
constructor, a ``base-url`` sink: the client sends every later request there, with the
credential it was built with) is reported where the tool hands the value over - the place to
fix, one finding per tool - and names the request it reaches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import Visitor, cst

from .issuedhandles import issued_handle
from .summary import FuncSummary, SinkRec, Step
from .superinit import base_init_calls
from .taintvalue import Info, Taint, union
from .visitorder import visit

#: the note of a field read's step (interpreter side: Expressions.ev)
STORED_READ = "(stored by an earlier call)"
#: a flow that came through kept state: a marker in ``Info.clean`` (no family's name, so it
#: cleans nothing; merging with a direct flow of the same source drops it, as it should)
THROUGH_STATE = "~through-state"
#: ... and, with it, a flow through a field of the object a method was called on, which the
#: calling function built: reported at a sink of any family (object_fields)
OBJECT_FIELD = "~object-field"
#: ... and read by the class's name (``Cls.attr``): state of the class, shared by every call
CLASS_STATE = "~class-state"
#: ... and what the state holds is one caller value (every store there put the same tool's same
#: parameter): read at a sink of any family, as the value itself (linkers with ``kept_values``)
KEPT_VALUE = "~kept-value"
#: in ``clean`` of what a constructor stored (record_fields): the value of the instance it built,
#: which a later tool call does not read unless it has that instance (so no KEPT_VALUE)
BUILT_WITH = "~built-with"
#: an environment entry of a method called on an object its caller built (``new C(x).m()``, ``b =
#: new C(); b.m()``): the object is new in this call, so no earlier call's value is kept in it
FRESH_OBJECT = "self.~fresh"
#: an environment entry of a method called on an object a module binds once at its top level
#: (``export const http = new HttpClient({...})``): built from no tool's arguments, so what
#: another object's constructor stored (BUILT_WITH) is not in it; setters' stores still are
MODULE_OBJECT = "self.~module-object"
#: in ``clean`` (no family): an item or slice of the value (``dsn.split("/")[-1]``); of a string
#: a secret was spliced into (``Info.built``), a piece that may or may not hold the secret
PIECE = frozenset({"~piece"})
#: a base-url sink's detail (sinkmatch: _kind_base_url)
BASE_URL = "the client sends every later request there"
#: a host given to a client together with a secret the server holds (sinkmatch credentialed-host)
CREDENTIAL_SENT = "the server's credential goes with it"

#: a request-log sink's detail: written only when the program logs INFO (ModuleSummary.verbose_logging)
REQUEST_LOG = "request log"


def program_logs_info(linker) -> bool:
    """Whether a module of the linked program turns INFO logging on: asked for every request-log
    sink, computed once per link (the linker's modules do not change)."""
    hit = linker.__dict__.get("_logs_info")
    if hit is None:
        hit = linker.__dict__["_logs_info"] = any(m.verbose_logging for m in linker.modules.values())
    return hit

FieldKey = Tuple[str, str, str]  # (module path, class, attribute)


def call_env(linker, path: str, caller: FuncSummary, crec, fn: FuncSummary, env, depth, stack, hint, cache):
    """The environment of ``fn`` (a project method or constructor) called by ``crec`` of ``caller``:
    each parameter bound to the call's argument, read in the caller's environment."""
    sub = lambda t: linker.subst(t, path, caller, env, depth, stack, hint, cache)  # noqa: E731
    return linker.bind_args(fn, True, [sub(a) for a in crec.args], {k: sub(v) for k, v in crec.kwargs.items()},
                            sub(crec.star), sub(crec.dstar),
                            Step(crec.pos[0], crec.pos[1], f"passed to {fn.name}()", path))

class FieldState:
    """Mixed into :class:`~mcpaudit.analysis.inter.Linker`."""

    #: whether state that holds one caller value is read at sinks of every family (KEPT_VALUE)
    kept_values = False

    def _fields_init(self) -> None:
        self.fields: Dict[FieldKey, Taint] = {}
        self.fields_read: Set[FieldKey] = set()
        self.fields_grew = False  # a store landed on a field some instantiation already read
        self.relocated: Set[Tuple[str, int]] = set()  # sinks reported at a tool's hand-over
        self.class_secrets: Dict[tuple, list] = {}  # results showing a class's state: shown_secret
        self.settled = False

    def _constructor(self, path: str, target: str) -> Optional[Tuple[str, FuncSummary, bool]]:
        """``Cls(...)`` of a project class: its ``__init__`` (or the nearest base's), a method
        call on the new object."""
        ref = self.class_ref(path, target)
        if ref is None:
            return None
        for cpath, cls in self._classes(*ref):
            init = self.modules[cpath].functions.get(f"{cls}.__init__")
            if init is not None:
                return (cpath, init, True)
        return None

    def state_class(self, path: str, name: str) -> Optional[Tuple[str, str]]:
        """(module path, class) of the class a ``("f", attr, name)`` read names."""
        return self.class_ref(path, name)

    def _classes(self, path: str, cls: str) -> List[Tuple[str, str]]:
        return [(path, cls)] + self.ancestors(path, cls)

    def field_base(self, path: str, fn: FuncSummary, label: tuple, env: Optional[Dict[str, Taint]] = None) -> Taint:
        """What caller input ``self.attr`` (an ``("f", attr)`` label of a method) or a module
        variable some function rebinds (``("g", name)``) may hold when ``fn`` reads it: what the
        object the method was called on holds (``env``'s ``self.<attr>``, object_fields), and
        what any call stored."""
        own = (env or {}).get(f"self.{label[1]}") if label[0] == "f" and len(label) == 2 else None
        # an object the calling function built (FRESH_OBJECT) holds no value an earlier tool call kept
        # ... and an object its module built once at load (MODULE_OBJECT) none a constructor kept
        out = self._kept(path, fn, label, kept_value=not (env or {}).get(FRESH_OBJECT),
                         apart=bool((env or {}).get(MODULE_OBJECT)))
        if own:
            out = {**out, **own}  # this object's own flow of a value, not state left by some call
        return out

    def _kept(self, path: str, fn: FuncSummary, label: tuple, kept_value: bool = True, apart: bool = False) -> Taint:
        if label[0] == "g":
            keys = [(path, "", label[1])]
        elif len(label) == 3:  # Cls.attr: what the class's methods stored (cls.attr = ...)
            ref = self.state_class(path, label[2])
            keys = [(cpath, cls, label[1]) for cpath, cls in self._classes(*ref)] if ref is not None else []
        elif fn.cls is None:
            return {}
        else:
            keys = [(cpath, cls, label[1]) for cpath, cls in self._classes(path, fn.cls)]
        out: Taint = {}
        marks = {THROUGH_STATE, CLASS_STATE} if len(label) == 3 else {THROUGH_STATE}
        for key in keys:
            self.fields_read.add(key)
            for lbl, info in self.fields.get(key, {}).items():
                if apart and BUILT_WITH in info.clean:
                    continue  # another object's constructor stored it: this one was built apart
                out.setdefault(lbl, info.replace(clean=info.clean | marks))
        src = [info for lbl, info in out.items() if lbl[0] == "src"]
        if kept_value and self.kept_values and len(src) == 1 and BUILT_WITH not in src[0].clean:
            # one caller value kept (a project path a set-tool stored): what later tools read
            # there is that value; a settings object filled from several parameters is not
            out = {lbl: info.replace(clean=info.clean | {KEPT_VALUE}) if lbl[0] == "src" else info
                   for lbl, info in out.items()}
        return out

    def object_fields(self, path: str, caller: FuncSummary, rec, env: Dict[str, Taint], depth: int, stack,
                      hint, cache) -> Dict[str, Taint]:
        """The fields of the object a method call is made on, as ``self.<attr>`` entries of the
        method's environment: the object the calling function built (``db = Database(path);
        db.read()``: what ``__init__`` stored, under that constructor call's arguments), or the
        calling method's own object (``self.m()``). Its flows are the object's, not state some
        other call left (``fields``): reported at the sink whatever the family (OBJECT_FIELD
        keeps an outbound request's target reported at the hand-over, as kept state is)."""
        own = rec.target.startswith("self.") and rec.target.count(".") == 1
        out = {k: v for k, v in env.items() if k.startswith("self.")} if own else {}
        if own:
            out.update(self._own_stores(path, caller, rec, env, depth, stack, hint, cache, out))
        roots = set(getattr(rec, "receiver_calls", ()))
        for idx in sorted(roots):
            out.update(self._call_stores(path, caller, caller.calls.get(idx), env, depth, stack, hint, cache, True))
        if not roots:
            return out
        # then the setters called on the same object before this call (``b = Hook(); b.set_code(c); b.run()``)
        for crec in sorted((r for k, r in caller.calls.items() if k not in roots and r is not rec
                            and r.pos < rec.pos and roots & set(r.receiver_calls)), key=lambda r: r.pos)[:16]:
            for attr, v in self._call_stores(path, caller, crec, env, depth, stack, hint, cache, False).items():
                out[attr] = union(out.get(attr, {}), v)
        return out

    def _call_stores(self, path: str, caller: FuncSummary, crec, env, depth, stack, hint, cache,
                   ctor: bool) -> Dict[str, Taint]:
        """``self.<attr>`` entries for what the project constructor (``ctor``) or method call
        ``crec`` of the calling function stored on its object, under the call's arguments: caller
        input and secrets only."""
        hits = self.resolve_all(path, caller, crec.target) if crec is not None else []
        if not hits or (hits[0][1].name == "__init__") != ctor or not hits[0][1].cls:
            return {}
        tpath, fn = hits[0][0], hits[0][1]
        ups = base_init_calls(fn) if ctor and depth < 8 else []
        if not fn.field_stores and not ups:
            return {}
        fenv = call_env(self, path, caller, crec, fn, env, depth, stack, hint, cache)
        out: Dict[str, Taint] = {}
        for up in ups:  # super().__init__(path, options): what the base's constructor stored (superinit.py)
            out.update(self._call_stores(tpath, fn, up, fenv, depth + 1, stack, hint, {}, True))
        for attr, t in fn.field_stores.items():
            v = {label: info.replace(clean=info.clean | {THROUGH_STATE, OBJECT_FIELD})
                 for label, info in self.subst(t, tpath, fn, fenv, depth + 1, stack, hint, {}).items()
                 if label[0] in ("src", "s") and (ctor or THROUGH_STATE not in info.clean or OBJECT_FIELD in info.clean)
                 } if not attr.startswith(":") else {}
            if v:
                out[f"self.{attr}"] = v
        return out

    def _own_stores(self, path: str, caller: FuncSummary, rec, env, depth, stack, hint, cache,
                    have: Dict[str, Taint]) -> Dict[str, Taint]:
        """``self.m()`` made by a method that stored a value of its own call on the object first
        (``self.code = code; self.fn = self._compile()``, in a constructor or a setter): the
        field ``m`` reads is that value, under this call's arguments (OBJECT_FIELD: reported at a
        sink of any family). A store the method makes after the call is not read (its line comes
        after the call's); what the method read from state another call kept stays kept state."""
        out: Dict[str, Taint] = {}
        for attr, t in caller.field_stores.items():
            if attr.startswith(":") or f"self.{attr}" in have:
                continue
            stored = {label: info for label, info in t.items() if _stored_before(info, rec.pos)}
            v = {label: info.replace(clean=info.clean | {THROUGH_STATE, OBJECT_FIELD})
                 for label, info in self.subst(stored, path, caller, env, depth, stack, hint, cache).items()
                 if label[0] in ("src", "s") and (THROUGH_STATE not in info.clean or OBJECT_FIELD in info.clean)}
            if v:
                out[f"self.{attr}"] = v
        return out

    def record_fields(self, path: str, fn: FuncSummary, subst) -> None:
        """Keep the caller input ``fn``'s stores put on its object (``subst`` instantiates a
        summary taint under the current call's arguments)."""
        if not fn.field_stores:
            return
        # BUILT_WITH only matters where KEPT_VALUE is read (kept_values): Python's state is unchanged
        ctor = self.kept_values and fn.name in ("__init__", "constructor")
        for attr, t in fn.field_stores.items():
            v = {label: info.replace(clean=info.clean | {BUILT_WITH}) if ctor else info
                 for label, info in subst(t).items() if label[0] in ("src", "s")}
            if not v:
                continue
            key = (path, "", attr[1:]) if attr.startswith(":") else (path, fn.cls or "", attr)
            have = self.fields.setdefault(key, {})
            # a label a setter stores too is kept state, however a constructor stored it first
            new = [label for label in v if label not in have or
                   (BUILT_WITH in have[label].clean and BUILT_WITH not in v[label].clean)]
            for label in new:
                have[label] = v[label]
            if new and key in self.fields_read:
                self.fields_grew = True
                self._verified_checks.clear()  # roots a later store made the caller's (checkref.state_free)

    def shown_secret(self, path: str, fn: FuncSummary, pos, info: Info, t: Taint, handler, how: str,
                     label=None) -> bool:
        """A secret in a tool's result counts, unless it came from a class's state (``Cls.attr``)
        as a piece cut from the string it was put in (which may not hold it), or through a read
        that brings back this tool's own caller's values as well: the tool refilled that field in
        the call (``cls.dsn = <the caller's DSN>``), so what another call left there is gone.
        Stores are followed in no order, so such results are decided once every call has run
        (settle_class_secrets). A handle the server mints and documents as one its caller sends
        back (``state_token``) is no secret at all (issuedhandles.py; ``label``: the secret's label,
        whose key is the one looked up)."""
        if label is not None and issued_handle(self, str(label[1])):
            return False
        if self.settled or CLASS_STATE not in info.clean:
            return True
        if not (PIECE <= info.clean and info.built):
            read = _read_at(info)
            entry = self.class_secrets.setdefault((path, pos, handler.name, read), [fn, t, handler, how, False])
            entry[4] = entry[4] or any(label[0] == "src" and label[1] == handler.name and CLASS_STATE in i.clean
                                       and _read_at(i) == read for label, i in t.items())
        return False

    def settle_class_secrets(self) -> None:
        """Report the results that show a secret kept in a class's state (shown_secret)."""
        self.settled = True
        for (path, pos, _tool, _read), (fn, t, handler, how, refilled) in sorted(
                self.class_secrets.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
            if not refilled:
                self._report_return(path, fn, pos, t, handler, how)

    def stored_target(self, path: str, sink: SinkRec, info: Info) -> Tuple[str, Optional[SinkRec]]:
        """(path, sink) to report an outbound request at: where the tool handed the value over,
        when the request's target is state kept between calls; else the sink itself. None for
        another family's sink reached through kept state: state is tracked per object (or module
        variable), not per value, so only where requests go is read from it - every field of a
        settings object a connect tool filled would otherwise carry each of its parameters."""
        through_state = THROUGH_STATE in info.clean
        if sink.family != "ssrf":
            if through_state and KEPT_VALUE in info.clean and OBJECT_FIELD not in info.clean:
                return path, _kept_sink(sink, info)
            return path, None if through_state and OBJECT_FIELD not in info.clean else sink
        if sink.detail not in ("", BASE_URL):
            return path, sink  # a connection string is fixed where the value is placed in it
        if not through_state and sink.detail != BASE_URL:
            return path, sink
        handover = self._handover(info)
        if handover is None:
            return path, sink
        where = f"{path}:{sink.pos[0]}"
        self.relocated.add((path, sink.pos[0]))
        detail = (f"the value is kept as the target of later requests, which reach {sink.sink} "
                  f"at {where}" + ("; " + BASE_URL if sink.detail == BASE_URL else ""))
        pos = (handover.line, handover.column, handover.line, handover.column)
        return handover.path or path, replace(sink, pos=pos, detail=detail)

    def another_handover(self, handed, recorded: SinkRec, path: str, sink: Optional[SinkRec], entry: str) -> bool:
        """After a flow reported at its hand-over of a target kept between calls (``handed``: the
        places so reported), whether this one is reported too: another HTTP route's own hand-over
        (``GET /sse`` and ``POST /mcp`` each building the client from the request: separate entry
        points, each a place to fix, one perhaps falling back to the server's own token). Tools
        handing over parts of one options object are not: state is kept per object, not per
        value, so which part reaches the request is not known."""
        if sink is None or sink.pos == recorded.pos or (path, sink.pos) in handed:
            return False
        routes = self.__dict__.get("_route_names")
        if routes is None:
            routes = self.__dict__["_route_names"] = {t.name for _p, _f, t, kind in self.handlers if kind == "http_route"}
        return entry in routes

    @staticmethod
    def _handover(info: Info):
        """The first call that takes the value out of the function it entered (the tool), or the
        tool's own store of it on its object or in a module variable."""
        if not info.steps:
            return None
        origin = info.steps[0].path
        for st in info.steps[1:]:
            if st.note.startswith(("passed to ", "stored in ")) and st.path == origin:
                return st
            if st.path != origin:
                return None
        return None


class _Globals(Visitor):
    def __init__(self) -> None:
        self.names: Set[str] = set()

    def visit_Global(self, node: cst.Global) -> None:
        self.names.update(n.name.value for n in node.names)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # a nested function's own declarations

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def declared_globals(fn: cst.FunctionDef) -> Set[str]:
    """The names ``fn``'s own body declares ``global``."""
    v = _Globals()
    visit(fn.body, v)
    return v.names


def field_stores(fa) -> Dict[str, Taint]:
    """A function interpreter's ``self.attr = value`` (of a method) and ``global name; name =
    value`` (as ``:name``), as they stand when it returns: what a later call of another function
    reads there."""
    env = fa.final_env
    if fa.fn is None or not env:
        return {}
    out = {f":{name}": fa.mod.resolve_taint(env[name])
           for name in (declared_globals(fa.fn) if fa.mod.rebound_globals else ()) if env.get(name)}
    if fa.cls is not None:  # cls.attr of a classmethod: the class's, read as self.attr or Cls.attr too
        out.update({d.split(".", 1)[1]: fa.mod.resolve_taint(t) for d, t in env.items()
                    if t and d.startswith(("self.", "cls.")) and "." not in d.split(".", 1)[1]})
    return out


def field_label(fa, node: cst.Attribute) -> Optional[tuple]:
    """The kept-state label an attribute read stands for (Linker.field_base): ``self.attr`` or
    ``cls.attr`` in a method that has not assigned it, ``("f", attr)``; ``Cls.attr`` of a class
    the module defines or imports, ``("f", attr, Cls as imported)`` (the linker keeps it when it
    is a project class whose methods store the attribute). None otherwise."""
    base = node.value
    if not isinstance(base, cst.Name) or fa.is_module or fa.M.is_secret_name(node.attr.value):
        return None
    name = base.value
    if name in ("self", "cls"):
        return ("f", node.attr.value) if fa.cls is not None else None
    if name[:1].isupper() and name not in fa.env and (name in fa.mod.local_classes or name in fa.mod.imports):
        return ("f", node.attr.value, fa.mod.imports.get(name, name))
    return None


def global_reads(fa) -> Dict[str, Taint]:
    """A function's ``global name`` variables as it starts: what some call stored there (a
    branch that does not assign one keeps that value)."""
    if not fa.mod.rebound_globals:
        return {}
    return {name: {("g", name): Info(((fa.fn_stmt, None, f"'{name}' read {STORED_READ}"),))}
            for name in declared_globals(fa.fn)}



def _kept_sink(sink: SinkRec, info: Info) -> SinkRec:
    """A sink reached by one caller value a tool kept in state (KEPT_VALUE): said in its detail."""
    if sink.detail:
        return sink
    store = next((st.note[len("stored in "):] for st in info.steps if st.note.startswith("stored in ")), None)
    return replace(sink, detail=f"the value is kept in {store} by an earlier tool call" if store
                   else "the value is kept between tool calls")


def _read_at(info: Info):
    return next(((st.path, st.line, st.column) for st in info.steps if st.note.endswith(STORED_READ)), None)


def _stored_before(info: Info, pos) -> bool:
    """Whether the method's last store of the value on its object (the ``stored in 'self.x'``
    step) is on a line before the call at ``pos``."""
    line = next((st.line for st in reversed(info.steps)
                 if isinstance(st, Step) and st.note.startswith("stored in 'self.")), None)
    return line is not None and line < pos[0]
