"""A realpath containment check written inline in a ``try``, and the ``catch`` that lets only a
missing path (ENOENT) through.

    try {
      const real = fs.realpathSync(full);
      if (path.relative(root, real).startsWith("..")) throw new Error("outside the root");
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "ENOENT") { ...parent check... }
      else throw err;
    }

The check's own ``throw`` is a rejection only when the ``catch`` rethrows that error (an
``Error`` without ``code``, whose message the code wrote); the ``catch`` lets ENOENT through, so
past the statement the path either passed its realpath check or does not exist. A missing path
is contained for every sink that needs an entry there (a read, a listing, a delete, a rename of
it); a write that creates it follows a dangling symlink there (see :mod:`..dangling`). Such a
path is marked clean for the path family and :data:`~..taintvalue.DANGLING` where the ``catch``
starts: every way through the ``catch`` that does not end in a ``throw`` is the missing path's.

The ``catch`` is read under three errors: each of the ``try``'s own errors, the realpath call
failing with another code, and with ENOENT; the first two must end in a ``throw`` on every way.
Conditions it decides: ``err instanceof Error``, ``"code" in err``, ``err.code`` (or a variable
holding it) compared with a constant, an ENOENT helper of the module (``isMissing(err)``) and
``err.message.includes(<text>)`` for the own errors' constant text; anything else may go
either way.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional

from ..narrowing import NO_REALPATH
from ..taintvalue import DANGLING, Taint
from . import nodes as N

_THROW, _FALL, _RETURN = "throw", "fall", "return"
_ALL = frozenset({_THROW, _FALL, _RETURN})
#: methods that cannot fail on a string (the check's own expression)
_STRING_METHODS = frozenset({"startsWith", "endsWith", "includes", "toLowerCase", "toUpperCase", "trim",
                             "slice", "substring", "split", "join", "replace", "normalize", "indexOf"})
_OWN, _OTHER, _ENOENT = "own", "other", "ENOENT"
_MESSAGE_TESTS = frozenset({"includes", "startsWith", "endsWith"})


class _Catch:
    """Reads a ``catch`` body under one error (what its conditions decide)."""

    def __init__(self, fn, err: str, kind: str, message: str = ""):
        self.fn, self.data, self.F = fn, fn.data, fn.F
        self.err, self.kind, self.message = err, kind, message
        self.code_vars = {f"{err}.code"}

    def block(self, stmts) -> FrozenSet[str]:
        out = set()
        for s in stmts:
            r = self.stmt(s)
            out |= r - {_FALL}
            if _FALL not in r:
                return frozenset(out)
        return frozenset(out | {_FALL})

    def stmt(self, s) -> FrozenSet[str]:
        t = s.type
        if t == "comment" or t == "empty_statement":
            return frozenset({_FALL})
        if t == "throw_statement":
            return frozenset({_THROW})
        if t == "return_statement":
            return frozenset({_RETURN})
        if t == "statement_block":
            return self.block(s.named_children)
        if t == "if_statement":
            return self._if(s)
        if t == "lexical_declaration" or t == "variable_declaration":
            for d in s.named_children:
                name, value = d.child_by_field_id(self.F.name), d.child_by_field_id(self.F.value)
                if name is not None and name.type == "identifier" and self._is_code(value):
                    self.code_vars.add(N.text(self.data, name))  # const code = (err as E).code
            return frozenset({_FALL})
        if t in ("expression_statement", "try_statement"):
            return frozenset({_FALL, _THROW})
        return _ALL

    def _if(self, s) -> FrozenSet[str]:
        v = self.cond(s.child_by_field_id(self.F.condition))
        cons, alt = s.child_by_field_id(self.F.consequence), s.child_by_field_id(self.F.alternative)
        out = set()
        if v is not False:
            out |= self.stmt(cons) if cons is not None else {_FALL}
        if v is not True:
            alts = [a for a in alt.named_children if a.type != "comment"] if alt is not None else []
            out |= self.block(alts) if alts else {_FALL}
        return frozenset(out)

    def _is_code(self, node) -> bool:
        return node is not None and N.var_of(self.data, N.unwrap(node)) in self.code_vars

    def _code(self) -> Optional[str]:
        return None if self.kind == _OWN else _ENOENT if self.kind == _ENOENT else ""

    def cond(self, node) -> Optional[bool]:
        """True, False, or None (either)."""
        c = N.unwrap(node)
        if c is None:
            return None
        t = c.type
        if t == "unary_expression" and c.child_by_field_id(self.F.operator).type == "!":
            v = self.cond(c.child_by_field_id(self.F.argument))
            return None if v is None else not v
        if t == "identifier" and N.text(self.data, c) == self.err:
            return True
        if self._is_code(c):
            return self.kind != _OWN
        if t == "binary_expression":
            return self._binary(c)
        if t == "call_expression":
            return self._call(c)
        return None

    def _binary(self, c) -> Optional[bool]:
        op = c.child_by_field_id(self.F.operator).type
        left, right = c.child_by_field_id(self.F.left), c.child_by_field_id(self.F.right)
        if op in ("&&", "||"):
            a, b = self.cond(left), self.cond(right)
            if op == "&&":
                return False if False in (a, b) else True if (a, b) == (True, True) else None
            return True if True in (a, b) else False if (a, b) == (False, False) else None
        if op == "instanceof":
            ok = N.var_of(self.data, N.unwrap(left)) == self.err and N.text(self.data, N.unwrap(right)) == "Error"
            return True if ok else None
        if op == "in":
            if N.string_value(self.data, left) == "code" and N.var_of(self.data, N.unwrap(right)) == self.err:
                return self.kind != _OWN
            return None
        if op in ("===", "==", "!==", "!="):
            for a, b in ((left, right), (right, left)):
                lit = N.string_value(self.data, b)
                if lit is not None and self._is_code(a):
                    code = self._code()
                    same = (code == lit) if code != "" else (False if lit == _ENOENT else None)
                    return same if same is None or op in ("===", "==") else not same
        return None

    def _call(self, c) -> Optional[bool]:
        fn = N.unwrap(c.child_by_field_id(self.F.function))
        args = N.args_of(c)
        if fn is not None and fn.type == "identifier" and len(args) == 1 and \
                N.var_of(self.data, args[0]) == self.err and N.text(self.data, fn) in self.fn._enoent_helpers():
            return self.kind == _ENOENT
        if fn is not None and fn.type == "member_expression" and len(args) == 1 and self.kind == _OWN:
            prop = N.text(self.data, fn.child_by_field_id(self.F.property))
            lit = N.string_value(self.data, args[0])
            if prop in _MESSAGE_TESTS and lit and N.var_of(self.data, fn.child_by_field_id(self.F.object)) == \
                    f"{self.err}.message" and lit in self.message:
                return True
        return None


def _own_text(fn, throw) -> Optional[str]:
    """The constant text of ``throw new Error(<text>)`` (None for any other throw)."""
    inner = [c for c in throw.named_children if c.type != "comment"]
    e = N.unwrap(inner[0]) if inner else None
    if e is None or e.type != "new_expression":
        return None
    args = N.args_of(e)
    a = N.unwrap(args[0]) if args else None
    if a is None:
        return ""
    if a.type == "template_string":
        return "".join(N.text(fn.data, p) for p in a.named_children if p.type == "string_fragment")
    return N.string_value(fn.data, a) or ""


def _realpath_of(fn, body) -> Optional[str]:
    """The one path the ``try`` realpaths, when every call in it is that realpath, a ``path``
    function or a string method (nothing else there fails)."""
    found: List[str] = []
    for call in N.nodes_under(body, "call_expression"):
        f = call.child_by_field_id(fn.F.function)
        fq = (fn.dotted(f) or "").replace("()", "") if f is not None else ""
        if fq in fn.M.real_resolvers:
            args = N.args_of(call)
            var = N.var_of(fn.data, args[0]) if args else None
            if var is None:
                return None
            found.append(var)
        elif fq.startswith(("path.", "node:path.")):
            continue
        elif f is not None and f.type == "member_expression" and \
                N.text(fn.data, f.child_by_field_id(fn.F.property)) in _STRING_METHODS:
            continue
        else:
            return None
    return found[0] if len(set(found)) == 1 else None


def missing_path(fn, body, handler) -> Optional[str]:
    """The path a ``try`` realpaths when its ``catch`` rethrows the ``try``'s own errors and every
    realpath failure but ENOENT: where the ``catch`` does not throw, that path does not exist."""
    param = handler.child_by_field_id(fn.F.parameter)
    hbody = handler.child_by_field_id(fn.F.body)
    if param is None or param.type != "identifier" or hbody is None or body is None:
        return None
    p = _realpath_of(fn, body)
    if p is None:
        return None
    err = N.text(fn.data, param)
    stmts = hbody.named_children
    texts = [_own_text(fn, t) for t in N.nodes_under(body, "throw_statement")]
    if None in texts:
        return None
    runs = [_Catch(fn, err, _OWN, text) for text in texts] + [_Catch(fn, err, _OTHER)]
    if any(r.block(stmts) != {_THROW} for r in runs):
        return None
    return p


def mark_missing(fn, env: Dict[str, Taint], var: str, at) -> None:
    """``var`` does not exist here (its realpath failed with ENOENT): contained for every sink but
    a write that creates it; a check that was weak for want of realpath is superseded."""
    t = env.get(var)
    if not t:
        return
    step = fn.step(at, "not found (ENOENT): contained where it exists, a write creates it")
    env[var] = {k: i.replace(clean=i.clean | {"path", DANGLING},
                             weak=None if (i.weak or "").startswith(NO_REALPATH) else i.weak).with_step(step)
                for k, i in t.items()}


def failed_realpath(fn, body) -> Optional[str]:
    """The path a ``try`` only realpaths (no ``throw`` of its own, nothing else that fails): in its
    ``catch``, whatever the error, that path could not be resolved, so no read, listing, delete
    or rename of it opens anything either (ts32c: ``try { real = await realpath(p) } catch {
    real = resolve(p) }``, the lexical fallback a check then tests)."""
    if body is None or N.nodes_under(body, "throw_statement"):
        return None
    return _realpath_of(fn, body)


def mark_unresolved(fn, env: Dict[str, Taint], var: str, at) -> None:
    """``var`` could not be realpath'd here (:func:`failed_realpath`): as :func:`mark_missing`,
    and as good as realpath'd for a containment check of it (no entry to follow)."""
    t = env.get(var)
    if not t:
        return
    step = fn.step(at, "could not be realpath'd: contained where it exists, a write creates it")
    env[var] = {k: i.replace(clean=i.clean | {"path", DANGLING, "~real"},
                             weak=None if (i.weak or "").startswith(NO_REALPATH) else i.weak).with_step(step)
                for k, i in t.items()}
