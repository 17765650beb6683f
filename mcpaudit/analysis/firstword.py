"""A read-only switch that looks at a command line's first word only.

``verb = command.split()[0]`` (or ``parts = command.strip().split(); verb = parts[0]``) followed by
``if verb in WRITE_VERBS: refuse`` keeps a tool read-only only while the caller puts the verb
first: an option before it (``-n ns delete pod x``), a verb the list does not name, or - when the
line runs through a shell - a second command after ``;`` pass it. The list is recognised by its
words: two or more of the writing commands the process models name (``writing-commands``).

The narrowing marks the command line weakly checked with :data:`FIRST_WORD_CHECK` and a reference
to where the check is (:data:`narrowing.CHECK_REF`, mode :data:`AT`); a shell sink reached that
way is reported as ``tool-read-only-bypass`` at the check, one finding per tool, besides the
shell-injection finding at the sink.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from ..lazycst import cst

from ..models import Confidence, FlowStep, Location
from . import cstnodes as N
from .narrowing import CHECK_REF, READ_ONLY_CHECK
from .positions import flat_body

#: the start of the weak reason (a read-only check, so the flow step "passes ..." is recorded)
FIRST_WORD_CHECK = f"{READ_ONLY_CHECK} by first-word deny-list"
#: the weak reason of a command line whose first word passed an allow-list
#: (``if shlex.split(cmd)[0] not in ALLOWED: refuse``): a shell still runs the rest of the line
FIRST_WORD_ALLOW = "checked by a first-word allow-list"
#: the mode of the reference: where the check is, not a validator to verify
AT = "at"
_SPLITTERS = ("split", "rsplit")
_KEEP = ("strip", "lstrip", "rstrip", "lower", "casefold")


def _split_source(node) -> Optional[str]:
    """The variable ``node`` splits into words: ``v.split()``, ``v.strip().split(" ")``,
    ``shlex.split(v)``."""
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
        return None
    if node.func.attr.value == "split" and isinstance(node.func.value, cst.Name) and \
            node.func.value.value == "shlex" and node.args:
        return N.var_of(node.args[0].value)
    if node.func.attr.value not in _SPLITTERS:
        return None
    base = node.func.value
    while isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) and base.func.attr.value in _KEEP:
        base = base.func.value
    return base.value if isinstance(base, cst.Name) else None


def _index(node) -> Optional[object]:
    """``x[0]`` -> 0, ``x[1:]`` -> "tail" (the words after the first), else None."""
    if not isinstance(node, cst.Subscript) or len(node.slice) != 1:
        return None
    s = node.slice[0].slice
    if isinstance(s, cst.Index) and isinstance(s.value, cst.Integer) and s.value.value == "0":
        return 0
    if isinstance(s, cst.Slice) and s.upper is None and isinstance(s.lower, cst.Integer) and s.lower.value == "1":
        return "tail"
    return None


def first_words(fn: cst.FunctionDef) -> Dict[str, str]:
    """Names the function binds to the first word of a variable's words (``verb -> command``)."""
    words: Dict[str, str] = {}  # a list of the words of a variable (or of its tail): -> variable
    first: Dict[str, str] = {}
    for stmt in N.walk_stmts(flat_body(fn.body)):
        if not (isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name)):
            continue
        name, value = stmt.targets[0].target.value, stmt.value
        if isinstance(value, cst.IfExp):
            value = value.body  # verb = parts[0] if parts else ""
        while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in _KEEP:
            value = value.func.value  # verb = parts[0].lower()
        src = _split_source(value)
        if src is not None:
            words[name] = src
            continue
        if not isinstance(value, cst.Subscript):
            continue
        idx, base = _index(value), value.value
        src = words.get(base.value) if isinstance(base, cst.Name) else _split_source(base)
        if src is None:
            continue
        if idx == "tail":
            words[name] = src  # parts = parts[1:] after a program name: the next word is the verb
        elif idx == 0:
            first[name] = src
    return first


def list_words(fn: Optional[cst.FunctionDef], mod, node) -> Set[str]:
    """The string literals of a list ``node`` names: a literal, or a name bound to one in the
    function or the module, with the lists ``.extend()``-ed into it or added to it."""
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return {s for e in node.elements for s in (N.string_value(e.value),) if s is not None}
    if not isinstance(node, cst.Name):
        return set()
    literals: Dict[str, Set[str]] = {}
    joined: Dict[str, Set[str]] = {}
    for name, value in getattr(mod, "module_values", {}).items():
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            literals[name] = list_words(None, mod, value)
    for stmt in N.walk_stmts(flat_body(fn.body)) if fn is not None else ():
        if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
            target, value = stmt.targets[0].target.value, stmt.value
            if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
                literals[target] = list_words(None, mod, value)
            elif isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
                joined.setdefault(target, set()).update(
                    n.value for n in (value.left, value.right) if isinstance(n, cst.Name))
        elif isinstance(stmt, cst.AugAssign) and isinstance(stmt.target, cst.Name) and isinstance(stmt.value, cst.Name):
            joined.setdefault(stmt.target.value, set()).add(stmt.value.value)
        elif isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call):
            call = stmt.value
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "extend" and \
                    isinstance(call.func.value, cst.Name) and call.args and isinstance(call.args[0].value, cst.Name):
                joined.setdefault(call.func.value.value, set()).add(call.args[0].value.value)
    out: Set[str] = set()
    todo, seen = [node.value], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        out |= literals.get(name, set())
        todo.extend(joined.get(name, ()))
    return out


def writing_verbs(M) -> FrozenSet[str]:
    """The first words of the commands the process models say change what a program manages."""
    return frozenset(c.split()[0] for cmds in M.writing_commands.values() for c in cmds)


class FirstWord:
    """Mixed into the function interpreter (see narrowing.Narrowing._membership_narrowings)."""

    def first_word_allow(self, left, right) -> List[Tuple[str, FrozenSet[str], Optional[str], str]]:
        """``if shlex.split(cmd)[0] not in ALLOWED: refuse`` (or its basename, or a name bound to
        that first word): the program of an argv made of those words is fixed, but a shell that
        runs the line runs ``$(...)``, a second command or a redirection after an allowed word."""
        if isinstance(left, cst.Call) and len(left.args) == 1 and \
                (self.mod.dotted(left.func) or "").endswith("path.basename"):
            left = left.args[0].value
        src = None
        if isinstance(left, cst.Name) and self.fn is not None:
            memo = getattr(self, "_first_words", None)
            if memo is None or memo[0] is not self.fn:
                memo = self._first_words = (self.fn, first_words(self.fn))
            src = memo[1].get(left.value)
        elif _index(left) == 0:
            src = _split_source(left.value)
        from .cmdlists import _strings  # (cmdlists reads the narrowing's names)

        if src is None or not self.env.get(src) or not (list_words(self.fn, self.mod, right) or _strings(self.mod, right)):
            return []
        why = (f"{FIRST_WORD_ALLOW}: a shell still runs what follows an allowed first word "
               "($(...), `...`, a second command after ';', a redirection)")
        return [(src, frozenset(), why, "first-word allow-list")]

    def first_word_deny(self, left, right) -> List[Tuple[str, FrozenSet[str], Optional[str], str]]:
        """``if verb in WRITE_VERBS: refuse`` where ``verb`` is the first word of a command line."""
        if not isinstance(left, cst.Name) or self.fn is None:
            return []
        memo = getattr(self, "_first_words", None)
        if memo is None or memo[0] is not self.fn:
            memo = self._first_words = (self.fn, first_words(self.fn))
        src = memo[1].get(left.value)
        if src is None or not self.env.get(src):
            return []
        listed = list_words(self.fn, self.mod, right)
        verbs = sorted(w for w in listed if w in writing_verbs(self.M))
        if len(verbs) < 2:
            return []
        shown = ", ".join(repr(v) for v in verbs[:4]) + (", ..." if len(verbs) > 4 else "")
        why = (f"{FIRST_WORD_CHECK} ({shown}): an option before the verb ('-n x delete ...'), a writing verb "
               "the list does not name, or a second command after ';' in a shell line pass it")
        line, col = self.mod.pos(self.stmt)[:2] if self.stmt is not None else (0, 0)
        return [(src, frozenset(), why + CHECK_REF + "|".join((AT, self.mod.path, self.qualname, "", f"{line}:{col}")),
                 "first-word deny-list")]


def program_fixed(sink) -> bool:
    """A sink whose hazard is the program an argument vector runs (its first element, or the
    first of the caller's words split into one): a first-word allow-list fixes that program."""
    return sink.family == "shell" and (sink.program_split or sink.detail == "the program to run comes from the caller"
                                       or (sink.detail or "").startswith("the caller's text is split into the argv"))


def first_word_finding(path: str, sink, info, tool: str, shown: str, flow):
    """The ``read-only`` finding of a shell sink reached behind a first-word deny-list, at the
    check (one per tool even when tools share the runner); None for any other weak reason."""
    from .inter import RawFinding  # (inter imports this module)

    weak = info.weak
    if not weak or not weak.startswith(FIRST_WORD_CHECK) or CHECK_REF not in weak:
        return None
    parts = weak.split(CHECK_REF, 1)[1].split("|")
    if len(parts) != 5 or parts[0] != AT:
        return None
    line, _, col = parts[4].partition(":")
    if not line.isdigit() or not col.isdigit():
        return None
    pos = (int(line), int(col), int(line), int(col))
    at = FlowStep(Location(parts[1] or path, int(line), int(col)), "passes " + FIRST_WORD_CHECK)
    flow = [*flow[:1], at, *flow[1:]]
    msg = (f"tool '{tool}' lets caller command line '{shown}' reach {sink.sink} behind "
           f"{weak.split(CHECK_REF, 1)[0]}")
    return RawFinding("read-only", parts[1] or path, pos, msg, Confidence.HIGH, tool, shown, flow, sink.detail,
                      None, sink_at=(path, sink.pos[0]))
