"""What a command validator's lists say about it (read when modules are linked, see
:func:`.checkref.weak_list_note`).

A tool's command often reaches ``subprocess`` behind a project validator mcpaudit cannot prove
(``validate_command(cmd)``): a weak check whose finding stays in the audit view, since the check
may fix the program. Two kinds of list inside the validator (or the helpers it calls) show that it
does not:

* a **program allow-list that holds launchers** — programs that run another program or code given
  in their arguments (``xargs``, ``env``, ``find -exec``, ``awk 'BEGIN{system(...)}'``, ``sh``;
  the models' ``launcher-programs`` and ``shell-programs``): whatever else it lists, the caller
  runs any program through them. Only when every program allow-list of the validator holds one
  (a validator with a launcher-free list for some commands may fix the program there);
* an **option deny-list by exact name** that names long options which run programs (``tar
  --to-command``, ``git --upload-pack``; the models' ``option-programs``): GNU ``getopt_long``
  takes any unambiguous abbreviation (``--to-comm=sh``), and the list names only the options
  its author knew; a short option (``sed -i``, ``rg -e``) is also matched with its value
  attached or bundled after another flag (``-i.bak``, ``-ni``), which its exact name is not.

Lists are read in validator-named functions (``validate_*``, ``check_*``, ``is_allowed``: the
narrowing's ``VALIDATOR_NAME``): the string collections such a function tests membership in
(``x in ALLOWED``, ``if x not in ALLOWED: raise``, ``return x in ALLOWED``; literals or
module-level constants) and, for options, any collection literal of option names in its body.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from . import cstnodes as N
Guard = Tuple[str, Tuple[str, ...]]  # ("allow" | "deny" | "test" | "opts", strings)
_SHORT = re.compile(r"-[A-Za-z]")  # a short option: -i also matches as -i.bak, -iSUFFIX or -ni


def _constants(mod) -> Dict[str, cst.CSTNode]:
    """The module's top-level names bound to a list, tuple or set literal."""
    found = getattr(mod, "_cmdlists_constants", None)
    if found is None:
        found = {}
        for stmt in N.flat_body(mod.module):
            value = _literal(stmt.value) if isinstance(stmt, (cst.Assign, cst.AnnAssign)) else None
            if value is not None:
                for t in ([t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]):
                    if isinstance(t, cst.Name):
                        found[t.value] = value
        mod._cmdlists_constants = found
    return found


def _literal(node) -> Optional[cst.CSTNode]:
    """A list, tuple or set literal, also wrapped in ``frozenset(...)`` / ``set(...)``."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("frozenset", "set", "tuple") \
            and len(node.args) == 1:
        node = node.args[0].value
    return node if isinstance(node, (cst.List, cst.Tuple, cst.Set)) else None


def _strings(mod, node) -> Optional[Tuple[str, ...]]:
    """The strings of a collection literal, or of a module-level constant holding one."""
    if isinstance(node, cst.Name):
        node = _constants(mod).get(node.value)
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return None
    out = tuple(s for s in (N.string_value(e.value) for e in node.elements) if s is not None)
    return out or None


def _membership(mod, test) -> Optional[Tuple[bool, Tuple[str, ...]]]:
    """``x in L`` / ``x not in L`` with a list of strings, alone or in an ``or`` (``if not parts
    or parts[0] not in L: raise``) or an ``and`` (``if a.startswith("-") and a not in L: raise``):
    (negated, strings)."""
    if isinstance(test, cst.BooleanOperation):  # ``x.startswith("-") and x not in L``: the list still decides
        return _membership(mod, test.left) or _membership(mod, test.right)
    neg = False
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        neg, test = True, test.expression
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    op = test.comparisons[0]
    if not isinstance(op.operator, (cst.In, cst.NotIn)):
        return None
    strings = _strings(mod, op.comparator)
    if strings is None:
        return None
    return neg != isinstance(op.operator, cst.NotIn), strings


def _refuses(body) -> Optional[bool]:
    """Whether a branch refuses (raises, returns False) or accepts (returns True); None: neither."""
    for stmt in N.flat_body(body):
        if isinstance(stmt, cst.Raise):
            return True
        if isinstance(stmt, cst.Return) and isinstance(stmt.value, cst.Name) and stmt.value.value in ("True", "False"):
            return stmt.value.value == "False"
    return None


def guard_lists(mod, fn: cst.FunctionDef) -> Tuple[Guard, ...]:
    """The string lists ``fn`` tests membership in, by what a match means, and the option names
    of its collection literals."""
    out: List[Guard] = []
    opts: Set[str] = set()
    for node in N.find_all(fn, (cst.If, cst.Return, cst.List, cst.Tuple, cst.Set, cst.Name)):
        if isinstance(node, cst.If):
            fixed = fixed_first_word(node.test)
            if fixed is not None and _refuses(node.body):
                out.append(("prog", (fixed,)))  # if parts[0].lower() != "aws": raise
            m = _membership(mod, node.test)
            if m is not None:
                refuses = _refuses(node.body)
                out.append(("test" if refuses is None else ("allow" if m[0] == refuses else "deny"), m[1]))
        elif isinstance(node, cst.Return):
            m = _membership(mod, node.value) if node.value is not None else None
            if m is not None:
                out.append(("deny" if m[0] else "allow", m[1]))
        elif not isinstance(node, cst.Name) or node.value in _constants(mod):
            opts.update(s for s in (_strings(mod, node) or ()) if s.startswith("--") or _SHORT.fullmatch(s))
    if opts:
        out.append(("opts", tuple(sorted(opts))))
    return tuple(out)


def fixed_first_word(test) -> Optional[str]:
    """The program ``test`` refuses every other first word than: ``parts[0] != "aws"`` (also
    ``.lower()``/``.strip()`` of it), alone or in an ``or`` (``not parts or parts[0] != "aws"``)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        return fixed_first_word(test.left) or fixed_first_word(test.right)
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 \
            or not isinstance(test.comparisons[0].operator, cst.NotEqual):
        return None
    word = N.string_value(test.comparisons[0].comparator)
    left = test.left
    while isinstance(left, cst.Call) and isinstance(left.func, cst.Attribute) and left.func.attr.value in (
            "lower", "strip", "casefold") and not left.args:
        left = left.func.value
    first = isinstance(left, cst.Subscript) and len(left.slice) == 1 and isinstance(left.slice[0].slice, cst.Index) \
        and N.string_value(left.slice[0].slice.value) is None and getattr(left.slice[0].slice.value, "value", None) == "0"
    return word if first and word and " " not in word and not word.startswith("-") else None


def _local_lists(fn: cst.FunctionDef) -> Dict[str, cst.CSTNode]:
    """The function's own names bound to a list, tuple or set literal (``allowed = ["get", ...]``)."""
    out: Dict[str, cst.CSTNode] = {}
    for node in N.find_all(fn, cst.Assign):
        if isinstance(node.value, (cst.List, cst.Tuple, cst.Set)):
            for t in node.targets:
                if isinstance(t.target, cst.Name):
                    out[t.target.value] = node.value
    return out


def admitted_writes(mod, fn: cst.FunctionDef, writing) -> Tuple[Tuple[int, str], ...]:
    """(line, entry) of the entries of ``fn``'s allow-lists (``if x not in L: return/raise``, L a
    literal, a local list or a module constant) that are commands in ``writing`` ("config
    use-context"), by the line of the test that admits them."""
    out: List[Tuple[int, str]] = []
    local = None
    for node in N.find_all(fn, cst.If):
        body = list(N.flat_body(node.body))
        if not body or not isinstance(body[-1], (cst.Return, cst.Raise)):
            continue
        test = node.test
        m = _membership(mod, test)
        if m is None:
            local = _local_lists(fn) if local is None else local
            m = _membership_in(mod, test, local)
        if m is None or not m[0]:
            continue
        line = mod.pos(node)[0]
        out += [(line, e) for e in m[1] if e in writing or " ".join(e.split()[:1]) in writing]
    return tuple(out)


def _membership_in(mod, test, local) -> Optional[Tuple[bool, Tuple[str, ...]]]:
    """:func:`_membership` where the list is a local name of the function."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        return _membership_in(mod, test.left, local) or _membership_in(mod, test.right, local)
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.NotIn)
            and isinstance(test.comparisons[0].comparator, cst.Name)):
        return None
    strings = _strings(mod, local.get(test.comparisons[0].comparator.value))
    return (True, strings) if strings else None


__all__ = ["admitted_writes", "fixed_first_word", "guard_lists"]
