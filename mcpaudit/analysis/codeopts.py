"""Options whose value is code, filled with a caller's value in an argv whose program a helper
prepends.

``args = [f"--script={scripts}", "-p", ports, targets]`` is built in the tool and handed to
``run_nmap(args)``, which runs ``["nmap"] + args``. The list does not name its program, so the
per-program models (``code-options``: nmap's ``--script`` runs the NSE scripts it names) cannot
be read where the value is placed; the program is known only at the helper's argv sink.

* the sink of an argv a helper builds from a constant head and a list from elsewhere (``cmd =
  ["nmap"] + args; subprocess.run(cmd)``) names that head's program (``SinkRec.program``), so
  the marks of values placed right after an option in the caller's list (``-p <ports>``) are read
  for that program (progwrap.operand_placed), as for ``create_subprocess_exec("nmap", *args)``
  (:func:`name_head`);
* a caller's value placed as the value of an option some program's ``code-options`` lists
  (``--opt=<value>``, or the element right after a constant ``--opt``), with no ``"--"`` before
  it, carries a step that says so (:func:`option_value_step`); at an argv sink whose program
  (the list's own, or the one the sink names) has that option among its code options, the value
  is code the program runs: a code sink placed where the value was added
  (:func:`report_code_option`: the tool's code execution, its capability when it says it runs
  scripts);
* in an argv literal at its sink (``subprocess.run(["nmap", f"--script={s}", t])``) the same
  option is a code sink there (:func:`code_option_here`, read by argvruns.interpreted).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Tuple

from ..lazycst import cst

from ..catalog import catalog
from .cstnodes import const_prefix, placed_value
from .taintvalue import ARGV_UNKNOWN, add_step

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker

#: the note of the step where a value became the value of an option (a code option of some
#: program): CODE_OPTION_NOTE + "'<opt>'" [+ " after '<program>'"]
CODE_OPTION_NOTE = "placed as the value of option "
_NOTE = re.compile(re.escape(CODE_OPTION_NOTE) + r"'([^']+)'(?: after '([^']*)')?")
_PREFIX = re.compile(r"^(--?[A-Za-z][\w.-]*)=$")


def _code_option_names(M) -> frozenset:
    names = getattr(M, "_code_option_names", None)
    if names is None:
        names = frozenset(o for opts, _ in M.code_options.values() for o in opts)
        try:
            M._code_option_names = names
        except AttributeError:  # pragma: no cover - a frozen model
            pass
    return names


def _program(consts) -> str:
    """The program an argv's constant head names (``nmap``, ``[sys.executable, "-m", "pylint"]``),
    or "" (a list that starts with an option names none)."""
    if not consts:
        return ""
    prog = consts[2] if len(consts) > 2 and consts[0] is None and consts[1] == "-m" else consts[0]
    if not isinstance(prog, str) or not prog or prog.startswith("-") or any(ch.isspace() for ch in prog):
        return ""
    return prog.rsplit("/", 1)[-1]


def option_head(node, before) -> Optional[str]:
    """The constant option a list display of an argv's tail starts with when its first element
    is not constant (``[f"--script={s}", "-p", ports]``: "--script="), so that the values after
    its options are read as theirs, as for ``["-sV", "-p", ports]``; None otherwise."""
    if before or not isinstance(node, (cst.List, cst.Tuple)) or not node.elements:
        return None
    first = node.elements[0]
    prefix = "" if isinstance(first, cst.StarredElement) else const_prefix(first.value)
    return prefix if _PREFIX.match(prefix) else None


def option_of(consts, i: int, node) -> Optional[str]:
    """The option whose value element ``i`` (of ``node``) is: ``--opt=<value>`` (its constant
    prefix), or the element right after a constant ``--opt``; None after a ``"--"``."""
    if "--" in consts[:i]:
        return None
    prefix = const_prefix(node) if isinstance(node, (cst.FormattedString, cst.BinaryOperation)) else ""
    m = _PREFIX.match(prefix or "")
    if m:
        return m.group(1)
    prev = consts[i - 1] if 0 < i <= len(consts) else None
    if prev and prev.startswith("-") and prev != "--" and "=" not in prev:
        return prev
    return None


def option_value_step(interp, consts, i: int, elem, t):
    """``t`` (of ``elem``, element ``i`` of an argv whose constant elements are ``consts``) with
    a step saying whose option value it is, when that option is a code option of some program."""
    if not t or elem is None or isinstance(elem, cst.StarredElement):
        return t
    node = elem.value if isinstance(elem, cst.BaseElement) else elem
    opt = option_of(consts, i, node)
    if opt is None or opt not in _code_option_names(interp.M):
        return t
    prog = _program(consts[:i])
    if prog and opt not in (interp.M.code_options.get(prog) or ((),))[0]:
        return t  # a list that names another program (or a subcommand): not that program's option
    note = f"{CODE_OPTION_NOTE}'{opt}'" + (f" after '{prog}'" if prog else "")
    return add_step(t, (interp.stmt, node, note))


def placed_option_step(interp, consts, node, t):
    """:func:`option_value_step` for what ``node`` adds to an argv whose constant elements are
    ``consts`` (``argv.append(f"--script={v}")``, ``argv.extend(["--script", v])``: the one value
    of the list that is not constant, :func:`~.cstnodes.placed_value`)."""
    placed = placed_value(consts, node)
    return t if placed is None else option_value_step(interp, *placed, t)


def code_option_here(M, prog: str, consts, i: int, node) -> Optional[Tuple[str, str]]:
    """("code", why) when element ``i`` of an argv literal at its sink, whose program is
    ``prog``, is the value of one of that program's code options."""
    got = M.code_options.get(prog) if prog else None
    opt = option_of(consts, i, node) if got else None
    return ("code", got[1]) if opt is not None and opt in got[0] else None


def report_code_option(linker: "Linker", path: str, fn, sink, label, info, env, hint, handler) -> None:
    """A caller's value placed as the value of an option, in an argv run by ``sink`` (an
    argument sink whose list was built elsewhere), when the program runs that option's value
    as code: a code sink where the value was placed."""
    if sink.family != "argument" or info.is_clean("code"):
        return
    step = next((st for st in reversed(info.steps) if st.note.startswith(CODE_OPTION_NOTE)), None)
    m = _NOTE.match(step.note) if step is not None else None
    if m is None:
        return
    opt, prog = m.group(1), m.group(2) or (getattr(sink, "program", None) or "").rsplit("/", 1)[-1]
    got = catalog().python.code_options.get(prog)
    if got is None or opt not in got[0]:
        return
    at = (step.line, step.column, step.line, step.column)
    code = replace(sink, family="code", detail=got[1], uncertain=False, pos=at,
                   sink=f"{prog} {opt} in {sink.sink}")
    weak = None if info.weak == ARGV_UNKNOWN else info.weak
    linker._report(step.path or path, fn, code, {label: info.replace(rooted=False, weak=weak)}, env, hint, handler)


def name_head(sm, first: int, head) -> None:
    """The argv sinks recorded from ``first`` on, for an argv whose known head is ``head``
    (``cmd = ["nmap"] + args``): their command, and the head's constant program, whose models
    read the marks of the values placed in the list from elsewhere (progwrap.operand_placed)."""
    sm._name_command(first, head or ())
    prog = _program([e[2] if len(e) > 2 else None for e in (head or ())[:3]])
    if prog:
        sm.sinks[first:] = [s if s.family != "argument" or s.program is not None else replace(s, program=prog)
                            for s in sm.sinks[first:]]


__all__ = ["CODE_OPTION_NOTE", "code_option_here", "name_head", "option_head", "option_of", "option_value_step", "placed_option_step",
           "report_code_option"]
