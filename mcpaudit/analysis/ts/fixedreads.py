"""A file of a fixed name in the caller's folder, read only for a yes/no (TypeScript).

The TypeScript side of :mod:`mcpaudit.analysis.fixednames`. Project and package detection joins a
marker file's name the author wrote under a folder the caller names and reads it only to answer a
question::

    async isGoInstalled(pkg: string, projectPath: string): Promise<boolean> {
      const goMod = join(projectPath, "go.mod");
      if (existsSync(goMod) && readFileSync(goMod, "utf-8").includes(pkg)) return true;
      return false;
    }

The caller picks the folder, never the file: ``../`` reaches another folder's ``go.mod``, not
``/etc/shadow``; and what is read becomes a truth value, so nothing of the content reaches anyone.
A probe, reported in the audit view only (``argvlow.lowered`` reads the two facts):

- :func:`joined_name`: a join (``path.join``/``path.resolve``, the file models' ``joins``) whose
  last part is a constant naming one file puts ``FIXED_NAME`` on the result; a join ending in
  anything else drops it, as ``path.dirname`` does (``symlinks.dirname_result``);
- :func:`truth_reads`: the function that reads it returns only truth values (declared
  ``boolean``/``Promise<boolean>``, or every ``return`` is ``true``/``false``, a comparison, ``!x``,
  ``Boolean(x)``, an ``includes``/``startsWith``/``test``/``is...()`` call, or a local assigned
  only such values) and stores nothing outside itself (no property or element assignment, no
  assignment to a variable it does not declare, no ``push``/``set``/``add`` on one): then each of
  its path reads (not writes) is a ``truth_read``.

A write, or a read whose content is returned or kept, stays a finding at the flow's confidence.
"""

from __future__ import annotations

from typing import Dict, Optional, Set

from ..fixednames import drop_fixed, fixed_file_name_text, mark_fixed
from ..taintvalue import Taint
from . import nodes as N

_COMPARISONS = frozenset({"===", "!==", "==", "!=", "<", ">", "<=", ">=", "instanceof", "in"})
_TRUTH_METHODS = frozenset({"includes", "startsWith", "endsWith", "test", "some", "every", "has",
                            "existsSync", "exists"})
_MUTATORS = frozenset({"push", "unshift", "splice", "set", "add", "assign", "write", "append"})
_NESTED = N.FUNCTIONS | {"class_declaration", "class", "method_definition", "function_declaration"}


def joined_name(fa, arg_nodes, joined: Optional[Taint]) -> Optional[Taint]:
    """``join(folder, "go.mod")``: the join's taint marked ``FIXED_NAME`` when its last part is a
    constant naming one file, with the mark dropped otherwise (None stays None)."""
    if not joined or not arg_nodes:
        return joined
    last = arg_nodes[-1]
    text = fa.const_of(last) if last.type != "spread_element" else None
    return mark_fixed(joined) if fixed_file_name_text(text) else drop_fixed(joined)


class _Body:
    """Returns, locals and stores of one function body (nested functions are their own)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.returns: list = []
        self.declared: Set[str] = set()
        self.assigned: Dict[str, list] = {}
        self.stores = False
        self.outer_writes: Set[str] = set()  # identifiers assigned (a declared local, or not)
        self.mutated: Set[Optional[str]] = set()  # receivers of push/set/add... (None: not a name)

    def walk(self, node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t in _NESTED:
                continue
            if t == "return_statement":
                vals = [c for c in n.named_children if c.type != "comment"]
                self.returns.append(vals[0] if vals else None)
            elif t == "variable_declarator":
                self._declare(n.child_by_field_name("name"), n.child_by_field_name("value"))
            elif t in ("assignment_expression", "augmented_assignment_expression"):
                self._assign(n.child_by_field_name("left"), n.child_by_field_name("right") if t[0] == "a" else None)
            elif t == "update_expression":
                self._assign(n.named_children[0] if n.named_children else None, None)
            elif t == "call_expression":
                self._call(n)
            elif t == "catch_clause":
                p = n.child_by_field_name("parameter")
                if p is not None:
                    self.declared.add(N.text(self.data, p))
            stack.extend(n.named_children)

    def _declare(self, name, value) -> None:
        if name is None:
            return
        if name.type == "identifier":
            self.declared.add(N.text(self.data, name))
            self.assigned.setdefault(N.text(self.data, name), []).append(value)
            return
        for ident in [*N.descendants(name, "shorthand_property_identifier_pattern"), *N.descendants(name, "identifier")]:
            self.declared.add(N.text(self.data, ident))
            self.assigned.setdefault(N.text(self.data, ident), []).append(None)

    def _assign(self, left, value) -> None:
        u = N.unwrap(left)
        if u is None or u.type != "identifier":
            self.stores = True  # this.x = ..., obj[k] = ...: kept beyond the call
            return
        self.assigned.setdefault(N.text(self.data, u), []).append(value)
        self.outer_writes.add(N.text(self.data, u))

    def _call(self, n) -> None:
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return
        prop = fn.child_by_field_name("property")
        if prop is None or N.text(self.data, prop) not in _MUTATORS:
            return
        root = fn.child_by_field_name("object")
        while root is not None and root.type == "member_expression":
            root = root.child_by_field_name("object")
        name = N.text(self.data, root) if root is not None and root.type == "identifier" else None
        self.mutated.add(name)


def _boolean_type(data: bytes, fn) -> bool:
    ann = fn.child_by_field_name("return_type")
    text = N.text(data, ann).lstrip(":").replace(" ", "") if ann is not None else ""
    return text in ("boolean", "Promise<boolean>")


def _truthy(data: bytes, node, truth: Dict[str, bool]) -> bool:
    u = N.unwrap(node)
    if u is None:
        return False
    t = u.type
    if t in ("true", "false"):
        return True
    if t == "identifier":
        return truth.get(N.text(data, u), False)
    if t == "unary_expression":
        op = u.child_by_field_name("operator")
        return op is not None and N.text(data, op) == "!"
    if t == "binary_expression":
        op = u.child_by_field_name("operator")
        o = N.text(data, op) if op is not None else ""
        if o in _COMPARISONS:
            return True
        if o in ("&&", "||"):
            return _truthy(data, u.child_by_field_name("left"), truth) and \
                _truthy(data, u.child_by_field_name("right"), truth)
        return False
    if t == "call_expression":
        fn = u.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            return N.text(data, fn) == "Boolean"
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        name = N.text(data, prop) if prop is not None else ""
        return name in _TRUTH_METHODS or (name[:2] == "is" and name[2:3].isupper())
    return False


def truth_only(data: bytes, fn) -> bool:
    """The function returns only truth values and keeps nothing of what it computed."""
    if fn is None or fn.type not in (N.FUNCTIONS | {"function_declaration", "method_definition"}):
        return False
    body = fn.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return False
    b = _Body(data)
    b.walk(body)
    outer = (b.outer_writes | b.mutated) - b.declared
    if b.stores or outer or not b.returns or any(r is None for r in b.returns):
        return False
    if _boolean_type(data, fn):
        return True
    truth: Dict[str, bool] = {}
    for _ in range(2):  # a local assigned from another truth-valued local
        truth = {name: all(v is not None and _truthy(data, v, truth) for v in values)
                 for name, values in b.assigned.items()}
    return all(_truthy(data, r, truth) for r in b.returns)


def truth_reads(fa) -> None:
    """Mark the function's path reads ``truth_read`` when it returns only truth values."""
    reads = [s for s in fa.sinks if s.family == "path" and s.detail != "write" and not s.writes]
    if reads and truth_only(fa.data, fa.node):
        for s in reads:
            s.truth_read = True


__all__ = ["joined_name", "truth_only", "truth_reads"]
