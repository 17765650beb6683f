"""An argv whose head a key picks from a table of constant argvs (``RUNNERS[language] + [code]``,
``[*RUNNERS[language], code]``, ``create_subprocess_exec(*RUNNERS[language], code)``, with
``RUNNERS = {"python": ["python", "-c"], "bash": ["bash", "-c"]}``).

The key (often the caller's language) chooses only among the table's entries: a key the table
lacks raises before anything runs. So the argv is one of the entries followed by the tail, and
each entry is checked as if it were written there (:meth:`SinkArgv._argv_elems`): a tail after
``python -c`` is code the interpreter runs, after ``bash -c`` a shell script, after ``ls`` an
operand. Only a module-level dict display (never rebound) whose every value is a list of string
constants is read; anything else stays an argv built elsewhere.
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .optlists import list_part
from .scriptfiles import _bound_lookup, _table_entries
from .taintvalue import EMPTY


def _entries(fa, head) -> Optional[List[list]]:
    """The constant argvs ``head`` (``TABLE[key]``, ``TABLE[key]["field"]``) may be, each as
    argv elements ``(node, taint, text, splat)``; None unless every entry is one."""
    if isinstance(head, cst.Name):
        head = _bound_lookup(fa, head.value)  # argv = RUNNERS[lang]; run(argv + [code])
    entries = _table_entries(fa, head) if isinstance(head, cst.Subscript) else []
    out = []
    for entry in entries:
        if not isinstance(entry, (cst.List, cst.Tuple)) or not entry.elements:
            return None
        elems = []
        for e in entry.elements:
            text = N.string_value(e.value) if isinstance(e, cst.Element) else None
            if text is None:
                return None
            elems.append((e.value, EMPTY, text, False))
        out.append(elems)
    return out or None


def table_argvs(fa, node) -> Optional[List[list]]:
    """The argvs ``node`` may be, one per table entry, when it is ``TABLE[key] + tail`` (or a
    local bound to that); None otherwise."""
    if isinstance(node, cst.Name) and isinstance(fa.local_values.get(node.value), cst.BinaryOperation):
        node = fa.local_values[node.value]
    if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)):
        return None
    heads = _entries(fa, node.left)
    if heads is None:
        return None
    tail = list_part(fa, node.right)
    if tail is None:
        return None
    return [head + [(n, t, c, False) for (n, t, c) in tail] for head in heads]


def alternatives(fa, elems) -> Optional[List[list]]:
    """The argvs ``elems`` may be when one of its parts not known here is a table lookup (a
    splat ``*RUNNERS[lang]``, the left side of ``RUNNERS[lang] + [code]``): one per entry, the
    entry's constant words in that part's place; None when no part is one."""
    for i, (n, _t, c, _splat) in enumerate(elems):
        if c is None and n is not None:
            heads = _entries(fa, n)
            if heads:
                return [elems[:i] + head + elems[i + 1:] for head in heads]
    return None


def check_table_argv(sm, call, fq, node=None, alts=None) -> bool:
    """Check each argv a table lookup may pick (:func:`table_argvs`, or ``alts``) as a literal
    argv; the sinks of one place (one family, one node, one detail) are kept once. False when
    ``node`` is no such argv."""
    alts = alts if alts is not None else table_argvs(sm, node)
    if alts is None:
        return False
    first = len(sm.sinks)
    for elems in alts:
        sm._argv_elems(call, fq, elems)
    seen, kept = set(), []
    for s in sm.sinks[first:]:
        key = (s.family, s.pos, s.detail)
        if key not in seen:
            seen.add(key)
            kept.append(s)
    sm.sinks[first:] = kept
    return True
