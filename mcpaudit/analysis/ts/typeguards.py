"""Type guards in TypeScript/JavaScript: what a predicate proves about the *properties* of its
argument, and ``typeof`` checks that reject a present value of another type.

``function isMailArgs(a: unknown): a is MailArgs { const { limit } = a as any; if (limit &&
typeof limit !== "number") return false; return true; }``: at each true verdict the properties of
a parameter (``a.limit``, or a name destructured from ``a``) are read like the parameter itself
(:mod:`.verdicts`), and a property every true verdict proves clean is recorded in the summary's
``verdicts`` under ``"a.limit"``. A caller's ``if (!isMailArgs(args)) throw ...`` then narrows
``args.limit``. A value proven a number or a boolean carries no text; one proven a string is
still the caller's text and is narrowed by nothing here.

``if (x && typeof x !== "number") throw ...`` rejects a truthy value of another type: what
follows sees a number or a falsy value (``""``, ``0``, ``undefined``), neither of which can carry
an injection.

Mixed into the function interpreter.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from ..narrowing import CHECK_REF
from ..taintvalue import ALL
from . import nodes as N

_DECLS = frozenset({"lexical_declaration", "variable_declaration"})
_NAMES = frozenset({"identifier", "shorthand_property_identifier_pattern"})
_NAMED = frozenset({"identifier", "member_expression"})


def _is_guard(node) -> bool:
    """A function declared to return a type predicate (``a is T``, ``asserts a is T``)."""
    ann = node.child_by_field_name("return_type")
    return ann is not None and any(c.type in ("type_predicate", "asserts") for c in ann.named_children)


def guards_first(pending: list) -> list:
    """Functions to summarise, type guards first: a handler defined earlier in the module (or
    inside a function defined earlier) reads the guards' verdicts (stable otherwise). Sorted in
    place: the list grows while it is walked (functions found on the way are appended)."""
    pending.sort(key=lambda t: not _is_guard(t[0]))
    return pending


class TypeGuards:
    """Field verdicts of predicates and falsy-or-typed checks (mixed into the interpreter)."""

    def destructured_fields(self) -> Dict[str, Tuple[str, str]]:
        """Local name -> (parameter, property) for ``const { a, b: c } = param`` (``param as
        any``) declared in this function's own body."""
        cached = self.__dict__.get("_guard_fields")
        if cached is not None:
            return cached
        out: Dict[str, Tuple[str, str]] = {}
        params = {p.name for p in self.params if p.kind == "pos"}
        body = self.node.child_by_field_id(self.F.body) if self.node is not None else None
        for s in (body.named_children if body is not None and body.type == "statement_block" else ()):
            if s.type not in _DECLS:
                continue
            for d in s.named_children:
                pat = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                val = N.unwrap(d.child_by_field_name("value")) if pat is not None else None
                if pat is None or val is None or pat.type != "object_pattern" or val.type != "identifier":
                    continue
                src = N.text(self.data, val)
                if src not in params:
                    continue
                for c in pat.named_children:
                    entry = N.pattern_property(self.data, c)
                    if entry is not None and entry[1].type in _NAMES and entry[2] is None:
                        out[N.text(self.data, entry[1])] = (src, entry[0])
        self.__dict__["_guard_fields"] = out
        return out

    def field_states(self) -> Dict[str, object]:
        """``"param.prop"`` -> its value here, for the properties of parameters this function
        reads by path or destructures."""
        out: Dict[str, object] = {}
        for p in self.params:
            if p.kind != "pos":
                continue
            prefix = p.name + "."
            for var in self.fields.get(p.name, ()):
                rest = var[len(prefix):] if var.startswith(prefix) else ""
                if rest and "." not in rest and var in self.env:
                    out[var] = self.env.get(var)
        for local, (param, prop) in self.destructured_fields().items():
            if local in self.env:
                out.setdefault(f"{param}.{prop}", self.env.get(local))
        return out

    def field_verdict_narrowings(self, fn, args, why: str) -> list:
        """What a true verdict of ``fn`` proves about the properties of its arguments."""
        out: list = []
        positional = [p.name for p in fn.params if p.kind == "pos"]
        for key, (fams, _w) in fn.verdicts.items():
            param, _, prop = key.partition(".")
            if not prop or param not in positional or ALL not in fams:
                continue
            i = positional.index(param)
            var = N.var_of(self.data, args[i]) if i < len(args) else None
            if not var or not self.env.get(var):
                continue
            dotted = f"{var}.{prop}"
            if dotted not in self.env:
                self.env[dotted] = self.env[var]
                self.fields.setdefault(var.split(".")[0], set()).add(dotted)
            out.append((dotted, frozenset({ALL}), None, why))
        return out

    def imported_guard_narrowings(self, call, name: str, args) -> list:
        """``if (!isMailArgs(args)) throw`` with the guard in another module: each property of an
        argument this function reads (``args.limit``) gets a reference to the guard's verdict for
        it, which the linker verifies (:mod:`mcpaudit.analysis.checkref`, mode ``verdict``: a
        reference it cannot verify is no check at all)."""
        fn = call.child_by_field_id(self.F.function)
        targets = self.call_targets(fn, self.dotted(fn) or "", None, None, args)
        if len(targets) != 1:
            return []
        out: list = []
        for i, a in enumerate(args):
            var = N.var_of(self.data, a)
            if not var or "." in var or not self.env.get(var):
                continue
            for node, prop in self._read_properties(var):
                dotted = self._var(node)
                if dotted and self.env.get(dotted):
                    ref = f"type guard {name}()" + CHECK_REF + "|".join(
                        ("verdict", self.mod.path, self.qualname, targets[0][0], f"{i}.{prop}"))
                    out.append((dotted, frozenset(), ref, f"type guard {name}()"))
        return out

    def _read_properties(self, var: str) -> List[tuple]:
        """(a node, the property) for each ``var.prop`` this function reads, one per property."""
        seen: Dict[str, object] = {}
        if self.node is not None:
            for m in N.nodes_under(self.node, "member_expression"):
                parts = N.member_parts(self.data, m)
                if parts and len(parts) == 2 and parts[0] == var and parts[1] not in seen:
                    seen[parts[1]] = m
        return [(m, p) for p, m in seen.items()]

    def falsy_or_narrowings(self, left, right) -> List[tuple]:
        """``x && <check>`` (``x !== undefined && <check>``) false: ``x`` is falsy or absent (no
        text) or the check failed; ``x`` is clean for what the failed check proves on its own (a
        number or a boolean, a path's shape, ``x && x.startsWith("-")`` no option, ``x &&
        !/^\\w+$/.test(x)`` only word characters), as after the plain form of that check: a falsy
        ``x`` holds no caller text."""
        var = self._absent_when_false(left)
        if not var:
            return []
        return [(v, frozenset({ALL}) if ALL in clean else clean, None, f"absent or {why}")
                for v, clean, weak, why in self.narrowings(right, False)
                if v == var and not weak and clean]  # (a path's shape too: pathshape.py)

    def _absent_when_false(self, node):
        """The variable a false ``node`` proves falsy: ``x``, ``x !== undefined``, ``x != null``."""
        u = N.unwrap(node)
        if u is not None and u.type == "binary_expression":
            op = u.child_by_field_id(self.F.operator)
            left, right = u.child_by_field_id(self.F.left), u.child_by_field_id(self.F.right)
            if op is None or op.type not in ("!==", "!="):
                return None
            for a, b in ((left, right), (right, left)):
                b = N.unwrap(b)
                if b is not None and b.type in ("undefined", "null"):
                    return self._absent_when_false(a)
            return None
        if u is None or u.type not in ("identifier", "member_expression"):
            return None
        return self._var(u)

    def disjunct(self, node, truth: bool) -> List[tuple]:
        """What one side of an either-or proves (``a || b`` true, ``!a && !b`` false). Besides
        its narrowings, an equality with a value that carries no caller input makes the variable
        that value: ``if (!r.startsWith(root + path.sep) && r !== root) throw``: past it ``r`` is
        under the root or the root itself, so the side ``r === root`` proves what the prefix side
        proves (an equality with a literal is read by :meth:`narrowings`); a root the server computes
        through its own helpers (``path.resolve(getWorkspaceDir())``) carries no caller input either
        (:func:`callerless`)."""
        found = self.narrowings(node, truth)
        if found:
            return found
        u = N.unwrap(node)
        if u is None or u.type != "binary_expression":
            return []
        op = u.child_by_field_id(self.F.operator)
        if op is None or op.type not in ("===", "==", "!==", "!=") or truth != (op.type in ("===", "==")):
            return []
        left, right = N.unwrap(u.child_by_field_id(self.F.left)), N.unwrap(u.child_by_field_id(self.F.right))
        for a, b in ((left, right), (right, left)):
            if a is None or b is None or b.type not in _NAMED or a.type not in _NAMED:
                continue
            var = self._var(a)
            if var and self.ev_quiet(a) and callerless(self, self.ev_quiet(b)):
                return [(var, frozenset({ALL}), None, "equality")]
        return []


def callerless(fa, taint, depth: int = 0) -> bool:
    """The value carries no caller input: no origin at all, or only the results of calls given
    no caller input (``const dir = path.resolve(getWorkspaceDir())``: a root the server computes,
    whose call label the linker would fill with what the helper returns from nothing the caller
    passed)."""
    for key in taint or ():
        if key[0] != "c" or depth > 4:
            return False
        rec = fa.calls.get(key[1])
        if rec is None or rec.fallback or rec.star or rec.dstar or getattr(rec, "receiver_calls", ()):
            return False
        if not all(callerless(fa, t, depth + 1) for t in list(rec.args) + list(rec.kwargs.values())):
            return False
    return True
