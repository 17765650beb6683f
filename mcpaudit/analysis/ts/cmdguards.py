"""Command-line guards that do not guard (TypeScript/JavaScript).

A shell runs a second command chained after the first (``;``, ``&``, ``|``, a newline, ``$(...)``,
backticks, redirections with ``<``/``>``), so a check on a whole command line only restricts
what runs when it rules those out:

* a regular expression built at run time from patterns the code does not fix (``new
  RegExp(pattern)`` over a configured list, a list of compiled patterns kept in a field) is
  anchored, or not, by whoever writes the settings: a README's ``^ls`` admits ``ls; rm -rf ~``;
* a literal allow pattern anchored only at its start (``/^(ls|cat)\\b/``) admits the same;
* a literal character deny-list (``/[;&|`]/`` tested, then refused) that leaves one of the
  operators above lets a second command through it.

Such a check is a *guard the server promises* that a caller passes with a chained command: the
value stays tainted and is reported as ``tool-shell-injection`` with the reason (and, where the
tool's purpose is running commands, that capability too). The reason starts with :data:`GUARD`;
for any family but ``shell`` it restricts nothing (:mod:`mcpaudit.analysis.guardref`).

Validator helpers (``validateCommand(command)``) export the guard on their parameter in the
summary's ``guards`` (param -> (reason, step)), read by the linker where a caller's
validator-named call marked its argument with a reference (mode ``guard``, a soft reference:
nothing unless a guard is found there; mode ``raise`` for a validator called as a statement).

Mixed into the function interpreter.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

from ..checkref import soft
from ..guardref import GUARD
from ..narrowing import CHECK_REF
from ..summary import Step
from ..taintvalue import mark
from . import nodes as N

#: what a command line must not hold for a deny-list to rule out a second command
_OPERATORS = (("\n", "newline"), ("$", "$(...)"), ("`", "backticks"), (";", ";"), ("&", "&"), ("|", "|"),
              ("<", "<"), (">", ">"))
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
_VALIDATOR = re.compile(r"(?i)(valid|check|verify|saniti|assert|allowed|permit|guard|restrict)")


def _class_chars(body: str) -> Optional[str]:
    """The characters of a plain character class ``[;&|`]`` (escapes read), or None."""
    if not (body.startswith("[") and body.endswith("]")) or body.startswith("[^") or "]" in body[1:-1]:
        return None
    out, i, inner = [], 0, body[1:-1]
    while i < len(inner):
        c = inner[i]
        if c == "\\" and i + 1 < len(inner):
            out.append(_ESCAPES.get(inner[i + 1], inner[i + 1]))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _alternation_chars(body: str) -> Optional[str]:
    """``;|&|\\|``: an alternation of single (escaped) characters."""
    chars = []
    for p in re.split(r"(?<!\\)\|", body):
        if len(p) == 2 and p[0] == "\\":
            chars.append(_ESCAPES.get(p[1], p[1]))
        elif len(p) == 1:
            chars.append(p)
        else:
            return None
    return "".join(chars)


def literal_guard(pattern: str, deny: bool) -> Optional[str]:
    """Why a literal pattern tested on a whole command line does not rule out a second command:
    a character deny-list missing an operator (``deny``), an allow pattern anchored only at its
    start; None when it does (or is no such check)."""
    if deny:
        chars = _class_chars(pattern) or _alternation_chars(pattern)
        if not chars:
            return None
        missing = [name for ch, name in _OPERATORS if ch not in chars]
        if not missing:
            return None
        return (f"{GUARD}: the character deny-list /{pattern}/ leaves {', '.join(missing)}, so a second command "
                "chained through one of them runs past it")
    if pattern.startswith("^") and not pattern.endswith("$"):
        return (f"{GUARD}: the allow pattern /{pattern}/ is anchored only at its start, so a command it admits "
                "can chain a second one ('; ...', '&& ...', a newline)")
    return None


#: the start of a splitter's reason (split_guard)
SPLIT = f"{GUARD}: the command line is split into commands"
SPLIT_STEP = "split into commands on shell operators, not on the newline"


def split_guard(pattern: str) -> Optional[str]:
    """Why a pattern a command line is split on to check each command (``/([;|&]|&&|\\|\\|)/``)
    lets a second command through: it splits on ';' and '|' or '&' but not on the newline, which
    ends a command as well, so what follows a newline is checked as arguments of the command
    before it; None for any other pattern."""
    chars = _pattern_chars(re.sub(r"\\s[*+?]", "", pattern))  # \s* around an operator pads it, splits nothing
    if ";" not in chars or not ({"|", "&"} & chars) or "\n" in chars:
        return None
    return (f"{SPLIT} on /{pattern}/, which leaves the newline, so a command after a newline is checked as "
            "arguments of the allowed one before it and runs unchecked")


def _pattern_chars(pattern: str) -> set:
    """The characters a pattern names literally (escapes read; ``\\s``, ``\\r`` and ``\\n`` as the
    newline, ``.`` and negated classes as every character)."""
    out, i = set(), 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            e = pattern[i + 1]
            out.add("\n" if e in "nsr" else _ESCAPES.get(e, e))
            i += 2
            continue
        if c == "." or pattern[i:i + 2] == "[^":
            out.add("\n")
        out.add(c)
        i += 1
    return out


CONFIGURED = (f"{GUARD}: regular expressions from configuration (new RegExp of patterns the code does not "
              "fix) tested on the whole command line, with no split on shell operators, admit a second command "
              "chained after an allowed one (;, &&, |, a newline, $(...))")
STEP = "checked by a command-line guard a chained command passes"


class CommandGuards:
    """Reads command-line guards (mixed into the interpreter)."""

    def regex_guard(self, recv, deny: Optional[bool]) -> Optional[str]:
        """Why the regular expression ``recv`` (the receiver of ``.test``) is a bypassable guard
        on a command line; ``deny``: refused when it matches (True), required (False), unknown."""
        r = N.unwrap(recv)
        if r is None:
            return None
        if r.type == "regex":
            pat = r.child_by_field_name("pattern")
            return literal_guard(N.text(self.data, pat), bool(deny)) if pat is not None and deny is not None else None
        if r.type == "identifier" and self._regex_const(r) is not None:
            pattern, _flags = self._regex_const(r)
            return literal_guard(pattern, bool(deny)) if deny is not None else None
        if r.type == "new_expression":
            ctor = r.child_by_field_id(self.F.constructor)
            args = N.args_of(r)
            if ctor is None or N.text(self.data, ctor) != "RegExp" or not args:
                return None
            const = self.const_of(args[0])
            return literal_guard(const, bool(deny)) if const is not None and deny is not None else (
                None if const is not None else CONFIGURED)
        if r.type == "identifier":
            listed = self._listed_patterns(r)
            if listed is not None:  # ALLOWED.some((rx) => rx.test(x)) over literal patterns
                whys = [literal_guard(p, False) for p in listed]
                return next((w for w in whys if w), None)
        if r.type in ("identifier", "member_expression", "subscript_expression"):
            return CONFIGURED  # a compiled pattern of a list, a field or a callback's element
        return None

    def _listed_patterns(self, ident) -> Optional[list]:
        """The literal patterns a callback's parameter takes: ``[/^ls$/, /^pwd$/].some((rx) =>
        rx.test(x))``, the list inline or a constant declared with an array of regex literals;
        None when any element is not a regex literal (or the list is not found)."""
        name = N.text(self.data, ident)
        fn = ident.parent
        while fn is not None and fn.type != "arrow_function" and fn.type != "function_expression":
            fn = fn.parent
        param = fn.child_by_field_id(self.F.parameter) if fn is not None else None
        if param is None and fn is not None:
            ps = fn.child_by_field_id(self.F.parameters)
            param = ps.named_children[0] if ps is not None and ps.named_children else None
        if param is None or N.text(self.data, param).split(":")[0].strip() != name:
            return None
        call = fn.parent.parent if fn.parent is not None else None  # arguments -> call
        callee = call.child_by_field_id(self.F.function) if call is not None and call.type == "call_expression" else None
        lst = N.unwrap(callee.child_by_field_id(self.F.object)) if callee is not None and callee.type == "member_expression" else None
        if lst is not None and lst.type == "identifier":
            lst = _declared_array(self.data, lst)
        if lst is None or lst.type != "array":
            return None
        out = []
        for e in lst.named_children:
            if e.type != "regex":
                return None
            pat = e.child_by_field_name("pattern")
            out.append(N.text(self.data, pat) if pat is not None else "")
        return out

    def guard_params(self) -> Dict[str, Tuple[str, Optional[Step]]]:
        """Parameter -> (why its check is a bypassable command guard, where) of a validator:
        ``rx.test(param)`` on the whole parameter, or a validator it hands the parameter to; of
        any function, a split of the parameter into commands that leaves the newline
        (:func:`split_guard`), and, of a validator, a project function it hands the parameter to
        (followed by the linker: the splitter is a helper of the validator)."""
        node = self.node
        name = self.qualname.rsplit(".", 1)[-1]
        validator = bool(_VALIDATOR.search(name))
        if node is None or not (validator or b".split(" in self.data):
            return {}
        params = {p.name for p in self.params if p.kind == "pos"}
        out: Dict[str, Tuple[str, Optional[Step]]] = {}
        handed: Dict[str, list] = {}
        stack = [node.child_by_field_id(self.F.body)]
        while stack:
            n = stack.pop()
            if n is None:
                continue
            if n.type == "call_expression":
                hit = (self._param_test(n, params) if validator else None) or self._param_split(n, params)
                if hit is not None and hit[0] not in out:
                    out[hit[0]] = (hit[1], self.step(n, STEP if not hit[1].startswith(SPLIT) else SPLIT_STEP))
                elif validator:
                    self._handed_param(n, params, handed)
            stack.extend(reversed(n.named_children))
        if not validator:
            return out
        for p, whys in handed.items():
            out.setdefault(p, (whys[0], None))
        for p in params - set(out):
            t = self.env.get(p) or {}
            whys = {i.weak for i in t.values()}
            why = next(iter(whys)) if len(whys) == 1 else None
            if why and (CHECK_REF in why or why.startswith(GUARD)):
                out[p] = (why, None)  # a validator of another module it calls: followed by the linker
        return out

    def _param_test(self, call, params) -> Optional[Tuple[str, str]]:
        fn = call.child_by_field_id(self.F.function)
        args = N.args_of(call)
        if fn is None or fn.type != "member_expression" or len(args) != 1:
            return None
        prop = fn.child_by_field_id(self.F.property)
        a = N.unwrap(args[0])
        if prop is None or N.text(self.data, prop) != "test" or a is None or a.type != "identifier" or \
                N.text(self.data, a) not in params:
            return None
        why = self.regex_guard(fn.child_by_field_id(self.F.object), _polarity(call))
        return (N.text(self.data, a), why) if why else None

    def _param_split(self, call, params) -> Optional[Tuple[str, str]]:
        """``x.split(/[;|&]/)`` on a parameter (or a value made from it): (parameter, why) when
        the pattern splits on shell operators but not on the newline."""
        fn = call.child_by_field_id(self.F.function)
        args = N.args_of(call)
        if fn is None or fn.type != "member_expression" or len(args) != 1:
            return None
        prop = fn.child_by_field_id(self.F.property)
        if prop is None or N.text(self.data, prop) != "split":
            return None
        a = N.unwrap(args[0])
        pat = a.child_by_field_name("pattern") if a is not None and a.type == "regex" else None
        rx = N.text(self.data, pat) if pat is not None else (self._regex_const(a) or ("",))[0]
        why = split_guard(rx) if rx else None
        var = N.var_of(self.data, fn.child_by_field_id(self.F.object))
        if not why or not var:
            return None
        if var in params:
            return var, why
        labels = {lb for lb in (self.env.get(var) or {}) if lb[0] == "p" and lb[1] in params}
        return (next(iter(labels))[1], why) if len(labels) == 1 else None

    def _handed_param(self, call, params, handed: Dict[str, list]) -> None:
        """A validator's call of a function of this module that splits a text with a parameter
        as is (``extractCommands(command)``): a reference the linker follows to that function's
        guard."""
        fn = call.child_by_field_id(self.F.function)
        if fn is None or fn.type != "identifier":
            return
        name = N.text(self.data, fn)
        node = next((n for n, q, _c in self.mod._pending if q == name), None)
        if node is None or b".split(" not in self.data[node.start_byte:node.end_byte]:
            return
        for i, a in enumerate(N.args_of(call)):
            var = N.var_of(self.data, a)
            if var in params and self.env.get(var):
                why = self.unverified(call, name, i, var, "guard")
                if CHECK_REF in why:
                    handed.setdefault(var, []).append(why)

    def mark_guarded(self, call, name: str, args) -> None:
        """``const r = this.validateCommand(command)`` (its result tested later), or a
        validator called as a statement on a property (``validate(args.command)``): the
        argument carries a soft reference the linker turns into the validator's guard, if it
        has one (nothing otherwise)."""
        if not _VALIDATOR.search(name):
            return
        for i, a in enumerate(args):
            var = N.var_of(self.data, a)
            if not var or var.startswith("this."):
                continue
            cur = self.env.get(var) if "." not in var else (self.env.get(var) or self.ev_quiet(a))
            if not cur or any(inf.weak and not soft(inf.weak) for inf in cur.values()):
                continue
            why = self.unverified(call, name, i, var, "guard") if var in self.env else None
            if why is None and "." in var:
                self.env[var] = cur
                self.fields.setdefault(var.split(".")[0], set()).add(var)
                why = self.unverified(call, name, i, var, "guard")
            if why and CHECK_REF in why:
                self.env[var] = mark(cur, weak=why)


def _declared_array(data: bytes, ident):
    """The array literal a constant of that name is declared with in the file, or None."""
    name = N.text(data, ident)
    root = ident
    while root.parent is not None:
        root = root.parent
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            nm, val = n.child_by_field_name("name"), n.child_by_field_name("value")
            if nm is not None and N.text(data, nm) == name and val is not None:
                v = N.unwrap(val)
                return v if v is not None and v.type == "array" else None
        stack.extend(n.named_children)
    return None


def _polarity(call) -> Optional[bool]:
    """Whether a ``.test`` call's match is refused (True: ``if (rx.test(x)) throw``), required
    (False: ``if (!rx.test(x))``, or a callback's answer), or unknown (None)."""
    p = call.parent
    negated = False
    while p is not None and p.type in ("parenthesized_expression", "unary_expression"):
        if p.type == "unary_expression":
            negated = not negated
        p = p.parent
    if p is None:
        return None
    if p.type == "if_statement":
        return not negated
    if p.type == "arrow_function" and not negated:
        return None  # list.some((rx) => rx.test(x)): allow or deny by what the caller does
    return None


__all__ = ["CONFIGURED", "CommandGuards", "GUARD", "SPLIT", "STEP", "literal_guard", "split_guard"]
