"""Argument-list elements their program runs: what makes a value in an argv a command.

A value in an argv is an argument, not a command line, unless its program runs what the value
names or says (the models' ``argv`` section, ``rules/models/python/process.yaml``):

* the value of an option that names a program or module the program runs (``option-programs``:
  ``pandoc --filter <prog>``, ``ansible -m <module>``);
* an operand that names a file the program runs (``run-operands``: ``ansible-playbook
  <playbook>``), unless an option before it only checks or lists the file (``--syntax-check``);
* the value of an option that is a command line when another option names a module that runs
  its arguments as one (``module-commands``: ``ansible HOSTS -m shell -a <command>``).

Where the argv is a literal at the sink, sinkmatch reports a shell sink there
(:func:`runs_detail`). Where it is built here and run by a wrapper elsewhere, the value carries a
mark (``RUNS`` + the words that say why, in ``clean``) that the linker reads at the wrapper's argv
sink (:func:`report_runs`), as for ``kubectl exec -- CMD`` (progwrap.py). A module named by a
parameter of the function that builds the argv (``["ansible", hosts, "-m", module]``) is only
known at each call site: the value of ``-a`` is a shell sink of that function under the
condition that the parameter is one of the command modules (:func:`note_module_sink`; a call
passing ``module="ping"`` rules it out, guards.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Tuple

from ..lazycst import cst

from .cstnodes import const_prefix, option_operand, placed_value, url_operand
from .guards import SEP
from .remotelines import line_mark
from .sqlprograms import sql_operand
from .taintvalue import ARGV_UNKNOWN, add_step, mark

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker

#: in ``clean`` (no family): the value is something its program runs
RUNS = "argv-runs\x1f"
#: ... as source code of the program's own language (``python3 -c <value>``), not a command line
RUNS_CODE = "argv-runs-code\x1f"
#: the note of the step where it was placed so; the words after it say why
RUNS_NOTE = "placed where "
#: the mark of a value an SQL client runs as a statement (psql -c <value>, bq query <value>: sqlprograms.py)
RUNS_SQL = "argv-runs-sql\x1f"


def _prog(consts) -> str:
    return (consts[0] or "").rsplit("/", 1)[-1] if consts else ""


def interpreted(M, prog: str, consts, i: int, shells, node=None) -> Optional[Tuple[str, str]]:
    """(family, detail) when element ``i`` (of ``node``) follows an interpreter's program-text
    flag: ``sh -c <value>`` runs a shell script, ``python -c <value>`` source code in the
    interpreter's own language (``code-programs``: code, not a shell's command line); or is the
    value of one of its program's code options (``nmap --script=<value>``: codeopts.py); None
    otherwise."""
    from .codeopts import code_option_here

    if i < 1:
        return None
    if prog in shells and consts[i - 1] in M.shell_flags:
        return "shell", f"the value is run as a {prog} script"
    flags, how = M.code_programs.get(prog, ((), ""))
    return ("code", how) if consts[i - 1] in flags else code_option_here(M, prog, consts, i, node)


def program_text(M, consts, i: int) -> Optional[Tuple[str, str]]:
    """(family, detail) when argv element ``i`` follows its program's program-text flag (``sh -c
    <value>``: a shell script; ``python3 -c <value>``, ``node -e <value>``: source code), as
    :func:`interpreted` reads it at the sink; for an argv built here and run by a wrapper."""
    prog = _prog(consts)
    if not prog or i < 1 or consts[i - 1] is None:
        return None
    if prog in {p.rsplit("/", 1)[-1] for p in M.shell_programs} and consts[i - 1] in M.shell_flags:
        return "shell", f"the value is run as a {prog} script"
    flags, how = M.code_programs.get(prog, ((), ""))
    return ("code", how) if consts[i - 1] in flags else None


def interpreted_sink(interp, ran: Tuple[str, str], label: str, call, t, node, prog: str) -> None:
    """The sink of a value ``interpreted`` runs (``ran``): a script of a language whose string
    literals the models list (``osascript -e <script>``) reads an escaped value placed between
    their quotes as one string (stdinscript.quoted_string)."""
    from .stdinscript import note_script_quotes

    before = len(interp.sinks)
    detail = ran[1]
    if ran[0] == "code":
        t, detail = embedded_code(interp, t, node, detail)
    interp._sink(ran[0], label, call, t, node, detail=detail)
    if ran[0] == "code":
        note_script_quotes(interp, before, prog)


#: in ``clean`` (not a family): the caller's text is pasted inside a command the server wrote
#: (``msfconsole -x f"search {q}; exit"``): an argument of that command, not the whole program
EMBEDDED = "~embedded-command"


def embedded_code(interp, t, node, detail: str):
    """(taint, detail) of a value run as program text by an interpreter's option (``msfconsole
    -x``, ``python3 -c``): when the constant text before it ends inside a statement (its last
    line, after the last newline or ';', holds a command word: ``search ``, ``print(``), the
    caller's text is an argument of the server's own command, which a ';' or a newline in it
    ends: code injection, not a code tool's capability (capabilities.as_is). A value that is the
    whole text, or follows whole statements (``"import os\\n" + code``), is the caller's program."""
    if node is not None and isinstance(node, cst.Name) and node.value in getattr(interp, "local_values", {}):
        node = interp.local_values[node.value]
    prefix = const_prefix(node) if node is not None else ""
    last = prefix.replace(";", "\n").rsplit("\n", 1)[-1]
    if not last.strip() or not t:
        return t, detail
    return mark(t, clean=frozenset({EMBEDDED})), (
        f"{detail}; the value is pasted into the command text after {last.strip()!r}, so a ';' or a "
        "newline in it adds commands of the caller's choosing")


def runs_detail(M, consts, i: int, prefix: Optional[str] = None) -> Optional[str]:
    """Why argv element ``i`` is run by its program (``consts``: the constant elements, None
    where not constant; ``prefix``: the element's constant prefix, ``--filter=``), or None."""
    prog = _prog(consts)
    if not prog or i < 1:
        return None
    if "--" not in consts[:i]:
        if option_operand(consts, i, M.option_programs):
            return f"{prog} {consts[i - 1]} runs the program or script the value names"
        if prefix and prefix.endswith("=") and option_operand(consts[:i] + [prefix[:-1]], i + 1, M.option_programs):
            return f"{prog} {prefix[:-1]} runs the program or script the value names"
    cmd = url_operand(consts, i, {k: v[0] for k, v in M.run_operands.items()}, M.option_operands)
    if cmd is not None and not any(c in M.run_operands[cmd][1] for c in consts[:i]):
        return f"{cmd} runs the file the value names"
    rows = M.module_commands.get(prog)
    if rows is None or consts[i - 1] not in rows[0]:
        return None
    for j in range(1, len(consts) - 1):
        if consts[j] in rows[1] and consts[j + 1] in rows[2]:
            return f"{prog} {consts[j]} {consts[j + 1]} runs the value of {consts[i - 1]} as a command line"
    return None


def _module_param(interp, consts, nodes, i: int):
    """(selector, parameter) when element ``i`` is the value of a module-commands option and the
    module is named by a parameter of the function the argv is built in, never reassigned."""
    rows = interp.M.module_commands.get(_prog(consts))
    if rows is None or i < 1 or consts[i - 1] not in rows[0] or interp.fn is None:
        return None
    from .guards import assigned_names_in

    params = {p.name for p in interp.params} - assigned_names_in(interp.mod, interp.fn)
    for j in range(1, min(len(consts), len(nodes)) - 1):
        node = nodes[j + 1]
        if consts[j] in rows[1] and isinstance(node, cst.Name) and node.value in params:
            return consts[j], node.value
    return None


def note_module_sink(interp, consts, nodes, i: int, t, value_node) -> None:
    """``-a <value>`` in an argv whose ``-m`` is a parameter: a shell sink that runs only when
    the call passes one of the command modules (or the caller's own module)."""
    hit = _module_param(interp, consts, nodes, i) if t else None
    if hit is None:
        return
    sel, param = hit
    prog, opt = _prog(consts), consts[i - 1]
    modules = interp.M.module_commands[prog][2]
    saved, before = interp.guards, len(interp.sinks)
    interp.guards = list(saved) + [(param, "in" + SEP + "|".join(sorted(modules)))]
    try:
        free = {k: v.replace(rooted=False) for k, v in t.items()}  # the whole command line, not a word of one
        interp._sink("shell", f"{prog} {sel} {{{param}}} {opt}", value_node, free, value_node,
                     detail=f"with {sel} {', '.join(sorted(m for m in modules if '.' not in m))}, {prog} runs the "
                            f"value of {opt} as a command line")
    finally:
        interp.guards = saved
    if len(interp.sinks) > before:
        interp.sinks[-1] = replace(interp.sinks[-1], module_param=param)


def argv_runs(interp, consts, nodes, i: int, t, value_node, dashes: bool = True):
    """``t`` (of ``value_node``), placed as element ``i`` of an argv built here, marked after
    ``"--"`` (progwrap.py, with ``dashes``) or after a remote shell's subcommand, and, when its program runs it, with ``RUNS`` and a
    step that says so; a value of ``-a`` whose module is a parameter becomes a sink of its own
    (:func:`note_module_sink`)."""
    from .progwrap import dashes_mark

    if not t:
        return t
    prefix = const_prefix(value_node) if isinstance(value_node, (cst.FormattedString, cst.BinaryOperation)) else None
    ran = program_text(interp.M, consts, i)  # sh -c <value>, python3 -c <value>: a script, not an option
    sql = sql_operand(interp.M, _prog(consts), consts, i, prefix) if not ran else None  # psql -c <sql>, bq query <sql>
    if sql:
        ran = ("sql", sql[1]) if sql[0] else None  # an SQL positional is still read as an option
    detail = ran[1] if ran else sql[1] if sql else runs_detail(interp.M, consts, i, prefix)
    if ran and ran[0] == "code":  # msfconsole -x f"search {q}; exit": the server's command (embedded_code)
        t, detail = embedded_code(interp, t, value_node, detail)
    runs = (RUNS_CODE if ran and ran[0] == "code" else RUNS_SQL if sql else RUNS) + detail if detail else None
    marks = frozenset(filter(None, [dashes_mark(consts, i) if dashes else None, runs, "argument" if ran else None,
                                    line_mark(interp.M, consts, i)]))  # ["shell", line]: remotelines.py
    t = mark(t, clean=marks)
    if detail is None:
        note_module_sink(interp, consts, nodes, i, t, value_node)
        return t
    return add_step(t, (interp.stmt, value_node, f"{RUNS_NOTE}{detail}"))


def placed_runs(interp, argv, node, t):
    """:func:`argv_runs` for what ``node`` adds to an argv (``argv.append(v)``,
    ``argv.extend(["-a", v])``: the one value of the list that is not constant,
    :func:`~.cstnodes.placed_value`)."""
    consts = [e[2] if len(e) > 2 else None for e in argv]
    nodes = [e[0] for e in argv]
    placed = placed_value(consts, node)
    if placed is None:
        return t
    whole, at, value = placed
    if not isinstance(node, (cst.List, cst.Tuple)):
        return argv_runs(interp, whole, nodes + [node], at, t, node)
    return argv_runs(interp, whole, nodes + [e.value for e in node.elements], at, t, value, dashes=False)


def report_runs(linker: "Linker", path: str, fn, sink, label, info, env, hint, handler) -> None:
    """A caller's value that an argv run by ``sink`` (a wrapper's argv built elsewhere) holds
    where its program runs it: a shell sink, placed where the value was added to the argv."""
    if sink.family != "argument" or not any(c.startswith((RUNS, RUNS_CODE, RUNS_SQL)) for c in info.clean):
        return
    step = next((st for st in reversed(info.steps) if st.note.startswith(RUNS_NOTE)), None)
    if step is None:
        return
    detail = step.note[len(RUNS_NOTE):]
    family = "code" if RUNS_CODE + detail in info.clean else "sql" if RUNS_SQL + detail in info.clean else "shell"  # python3 -c <value>: source code
    if info.is_clean(family):
        return
    at = (step.line, step.column, step.line, step.column)
    shell = replace(sink, family=family, detail=detail, uncertain=False, pos=at,
                    sink=f"{sink.sink} through the argument list built at line {step.line}")
    if family == "sql":  # the whole query, or one built from the value (bq query <sql>)
        shell = replace(shell, verbatim=not info.built)
    weak = None if info.weak == ARGV_UNKNOWN else info.weak
    linker._report(step.path or path, fn, shell, {label: info.replace(rooted=False, weak=weak)}, env, hint, handler)


__all__ = ["EMBEDDED", "RUNS", "RUNS_CODE", "RUNS_SQL", "embedded_code", "RUNS_NOTE", "argv_runs", "program_text", "note_module_sink", "placed_runs", "report_runs", "runs_detail"]
