"""Process wrappers whose program is a parameter, and argument lists built without their program.

A project's wrapper ``run_command(cmd, args)`` runs ``create_subprocess_exec(cmd, *args)``. There
the program is the caller's, so the wrapper's argv sinks name the parameter
(``SinkRec.program_param``, recorded by sinkmatch). A call site that passes a constant
(``run_command("kubectl", parts)``) fixes the program, and the linker reads the wrapper's argv
as for that program (:func:`bind_program`):

* a caller's value that reaches the rest of the argv and can start with '-' is argument
  injection, reported where the program is chosen, the call site (:func:`at_program_site`), or
  where a caller added the value to its list (the linker's placement, as for any wrapper);
* a value its caller placed right after a constant option, in a list that does not name its
  program (``["get", name, "-n", ns]``), carries a mark of that option (``ARGV_OPERAND``,
  :func:`operand_mark`); the program at the sink says whether the option takes the value
  (:func:`operand_placed`, per the ``option-operands`` models);
* the program sink itself is no longer shown in the audit view once every call site of the
  wrapper passes a constant program (:func:`constant_program_sinks`).

The same marks are read by a wrapper that fixes its program itself
(``create_subprocess_exec("kubectl", *args)``): ``SinkRec.program`` holds it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, FrozenSet, Optional, Set, Tuple

from ..lazycst import cst

from ..catalog import catalog
from .argvruns import report_runs
from .clitail import report_cli_line
from .codeopts import report_code_option
from .remotelines import LINES_ONLY, line_of, line_site, named_argv, named_program, remote_line
from .cstnodes import const_prefix, option_operand, split_source, string_value
from .gitargv import hazard_note
from .guards import SEP, call_facts
from .summary import SinkRec, Step
from .taintvalue import ARGV_ADDED, ARGV_OPERAND, UNKNOWN_PROGRAM, Info, operand_of

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker, RawFinding
    from .summary import FuncSummary


#: in ``clean`` (no family): the value was placed right after a constant ``"--"``, after these
#: words (the first two constant words before it: "kubectl exec", or "exec" in a list without
#: its program); a program that runs what follows there elsewhere reads it (remote_command)
AFTER_DASHES = "argv-after-dashes\x1f"


def dashes_mark(consts, i: int) -> Optional[str]:
    """The mark of a value placed as element ``i`` right after a constant ``"--"``."""
    if i < 1 or i > len(consts) or consts[i - 1] != "--":
        return None
    words = [c for c in consts[:i - 1] if c and not c.startswith("-")][:2]
    return f"{AFTER_DASHES}{' '.join(words)}" if words else None


def remote_of(marks, prog: Optional[str]) -> Optional[str]:
    """The command (``kubectl exec``) that runs, in a pod or container, the words placed after
    its ``"--"`` (``marks``: a value's ``clean``) by program ``prog``; None when there is none."""
    prog = (prog or "").rsplit("/", 1)[-1]
    if not prog:
        return None
    known = catalog().python.remote_commands
    for c in marks:
        if c.startswith(AFTER_DASHES):
            words = c[len(AFTER_DASHES):].split(" ")
            cmd = " ".join(words[:2]) if words[0] == prog else f"{prog} {words[0]}"
            if cmd in known:
                return cmd
    return None


def remote_detail(cmd: str) -> str:
    return f"{cmd} runs the words after '--' as a command there"


def remote_here(M, prog: str, consts, i: int, shells) -> Optional[Tuple[str, bool]]:
    """(why, rooted) when element ``i`` of an argv literal whose program is ``prog`` runs on the
    other side: after the ``"--"`` of ``kubectl exec`` (its program), or in a remote shell's
    command line (remotelines.py: rooted after words of the code's there)."""
    cmd = remote_of(filter(None, [dashes_mark(consts, i)]), prog)
    return (remote_detail(cmd), False) if cmd else remote_line(M, prog, consts, i, shells)


def report_remote(linker: "Linker", path: str, fn: "FuncSummary", sink: SinkRec, label, info: Info, env, hint,
                  handler) -> bool:
    """A caller's command placed after the ``"--"`` of ``kubectl exec`` (or another
    remote-commands entry) in an argv run by ``sink``: a command the tool runs there (its
    capability when the tool says it runs commands), reported as the shell family; True when
    the value is in a remote shell's command line (``adb shell``: no option of the local program)."""
    cmd = remote_of(info.clean, getattr(sink, "program", None)) if sink.family == "argument" else None
    line = line_of(catalog().python, info.clean, getattr(sink, "program", None)) if sink.family == "argument" else None
    if cmd is not None or line is not None:
        shell = replace(sink, family="shell", detail=remote_detail(cmd) if cmd else line[0])
        site = line_site(info.steps, line[2]) if line else None
        if site is not None:  # reported where the command line is handed to the wrapper that places it
            shell = replace(shell, pos=(site.line, site.column, site.line, site.column),
                            sink=f"{sink.sink} through the command line passed at line {site.line}")
        linker._report(site.path or path if site else path, fn, shell, {label: info.replace(rooted=bool(line and line[1]))},
                       env, hint, handler)
        return line is not None  # the remote shell's line: no option of the local program
    if sink.detail == LINES_ONLY:
        return True  # a program known by its name only: nothing but its remote lines (remotelines.py)
    report_runs(linker, path, fn, sink, label, info, env, hint, handler)  # ansible -m <module>: argvruns.py
    report_code_option(linker, path, fn, sink, label, info, env, hint, handler)  # nmap --script=<v>: codeopts.py
    report_cli_line(linker, path, fn, sink, label, info, env, hint, handler)  # oci <caller's words>: clitail.py
    return False


def program_operands(option_operands, prog: str) -> tuple:
    """The options of ``prog`` that take the next element as their value ("opt" or
    "subcommand opt"), for a list built elsewhere (``(UNKNOWN_PROGRAM,)`` when not known)."""
    prog = prog.rsplit("/", 1)[-1]
    if not prog:
        return (UNKNOWN_PROGRAM,)
    out = []
    for cmd, opts in option_operands.items():
        name, _, sub = cmd.partition(" ")
        if name == prog or name == "*":
            out += [f"{sub} {o}" if sub else o for o in opts]
    return tuple(sorted(out))


def operand_mark(consts, i: int) -> Optional[str]:
    """The mark of a value placed as element ``i`` right after a constant option (``consts``:
    the constant elements before and around it, None where not constant): the first word before
    it (the program, or the subcommand of a list without its program) and the option."""
    prev = consts[i - 1] if 0 < i <= len(consts) else None
    if not prev or not prev.startswith("-") or prev == "--" or "=" in prev:
        return None
    first = next((c for c in consts[:i - 1] if c and not c.startswith("-")), "")
    return f"{ARGV_OPERAND}{first}\x1f{prev}"


def placed_marks(consts, node) -> FrozenSet[str]:
    """The marks of what ``node`` adds to an argv whose constant elements are ``consts``
    (``argv.extend(["-n", ns])``, ``argv.append(ns)`` after ``"-n"``): one per value, when each
    value lands right after a constant option; none otherwise (a split string's later words are
    no option's value)."""
    if split_source(node) is not None or isinstance(node, cst.StarredElement):
        return frozenset()
    if isinstance(node, (cst.List, cst.Tuple)):
        whole = list(consts) + [string_value(e.value) for e in node.elements]
        at = [len(consts) + j for j, e in enumerate(node.elements) if whole[len(consts) + j] is None]
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            return frozenset()
    else:
        whole, at = list(consts) + [None], [len(consts)]
    marks = [operand_mark(whole, i) for i in at]
    return frozenset(marks) if marks and all(marks) else frozenset()


def operands_only(M, consts, node) -> bool:
    """``argv.extend(["-n", ns])``: every value of the list literal added to an argv whose
    program is known is the value of the option before it, for that program."""
    if not isinstance(node, (cst.List, cst.Tuple)) or not node.elements:
        return False
    whole = list(consts) + [string_value(e.value) for e in node.elements]
    return all(not isinstance(e, cst.StarredElement) and (
        string_value(e.value) is not None or const_prefix(e.value)
        or option_operand(whole, len(consts) + j, M.option_operands)) for j, e in enumerate(node.elements))


def operand_placed(sink: SinkRec, info: Info) -> bool:
    """The value reaches an argument sink whose program is known only as the value of options
    that program reads with the next element (``kubectl ... -n <ns>``)."""
    if sink.family != "argument" or getattr(sink, "program", None) is None:
        return False
    return operand_of(info, program_operands(catalog().python.option_operands, sink.program))


def bind_program(sink: SinkRec, env, given) -> Optional[SinkRec]:
    """A wrapper's sink read for one call: the program sink as is (the caller's program is its
    finding; a constant one carries nothing); the rest of the argv for the constant program the
    call passes (its name in the sink), or for an unknown one; None when the caller chooses the
    program (the program sink says it all)."""
    if sink.module_param and any(label[0] == "src" for label in env.get(sink.module_param) or {}):
        return None  # the caller chooses the module (ansible -m): its own flow says it (argvruns.py)
    if not getattr(sink, "program_param", None) or sink.family == "shell":
        return sink
    if any(label[0] == "src" for label in env.get(sink.program_param) or {}):
        return None
    kind, _, word = (dict(given).get(sink.program_param) or "").partition(SEP)
    prog = word if kind == "truthy" else ""
    if not prog:
        return replace(sink, program="")
    base = sink.sink[:-2] if sink.sink.endswith("()") else sink.sink
    return replace(sink, program=prog, sink=f"{base}({prog!r}, …)")


def at_program_site(f: "RawFinding", sink: SinkRec, info: Info, fn_name: str) -> "RawFinding":
    """An argument-injection finding of a wrapper whose program the call site fixed, reported at
    that call site (the wrapper's sink is the flow's last step)."""
    if not getattr(sink, "program_param", None) or f.family not in ("argument", "shell") or not getattr(sink, "program", ""):
        return f
    site: Optional[Step] = next((st for st in reversed(info.steps) if st.note == f"passed to {fn_name}()"), None)
    if site is None:
        return f
    where = f" through {fn_name}() at {f.path}:{sink.pos[0]}"
    message = f.message.replace(f" to {sink.sink}:", f" to {sink.sink}{where}:", 1)
    return replace(f, path=site.path or f.path, pos=(site.line, site.column, site.line, site.column),
                   message=message, sink_at=(f.path, sink.pos[0]))


def constant_program_sinks(linker: "Linker") -> Set[Tuple[str, int]]:
    """(path, line) of the program sinks of wrappers every call site of which passes a constant
    program (a wrapper no project code calls keeps its sink)."""
    wrappers = {}
    for path, mod in linker.modules.items():
        for fn in mod.functions.values():
            params = {s.program_param for s in fn.sinks if getattr(s, "program_param", None) and s.family == "shell"}
            if params:
                wrappers[(path, fn.qualname)] = (fn, params)
    if not wrappers:
        return set()
    names = {fn.name for fn, _ in wrappers.values()}
    seen: dict = {}
    for path, mod in linker.modules.items():
        for caller in mod.functions.values():
            for rec in caller.calls.values():
                if rec.target.rsplit(".", 1)[-1] not in names:
                    continue
                hit = linker.resolve(path, caller, rec.target)
                if hit is None or (hit[0], hit[1].qualname) not in wrappers:
                    continue
                fn, params = wrappers[(hit[0], hit[1].qualname)]
                facts = dict(call_facts(fn.params, hit[2], getattr(rec, "given", None)))
                ok = all((facts.get(p) or "").startswith("truthy" + SEP) for p in params)
                key = (hit[0], hit[1].qualname)
                seen[key] = seen.get(key, True) and ok
    return {(path, s.pos[0]) for (path, q), ok in seen.items() if ok
            for s in wrappers[(path, q)][0].sinks if getattr(s, "program_param", None) and s.family == "shell"}


__all__ = ["AFTER_DASHES", "at_program_site", "dashes_mark", "named_argv", "named_program", "remote_detail", "remote_here", "remote_of", "report_remote", "bind_program", "constant_program_sinks", "operand_mark", "operand_placed", "operands_only",
           "placed_marks", "program_operands"]


def code_options_note(note: str) -> str:
    """What the program of a placement step (``added to the argument list after '-m pylint
    ...'``) runs through its options, when the process models list options of it whose value is
    code or a plugin (``code-options``): a value placed where an option can start reaches them;
    else the options of its command that run a program, touch a file or send a credential
    elsewhere (``option-hazards``: ``helm get --kube-apiserver``)."""
    m = re.match(re.escape(ARGV_ADDED) + r" '([^']*)'", note)
    words = m.group(1).split() if m else []
    at = next((i + 1 for i, w in enumerate(words[:2]) if w == "-m"), 0)  # [python, "-m", module]
    prog = words[at].rsplit("/", 1)[-1] if at < len(words) else ""
    got = catalog().python.code_options.get(prog)
    if got:
        return got[1]
    # helm get options that ... : --kube-apiserver (the models' option-hazards, gitargv.py)
    return hazard_note(catalog().python, words, len(words))[2:]


def in_argv(info: Info) -> bool:
    """The value was placed in an argument list after a program the code chose: a step says
    where (with no '--' before it), or it came right after a constant ``"--"``."""
    return any(st.note.startswith(ARGV_ADDED) for st in info.steps) or any(c.startswith(AFTER_DASHES) for c in info.clean)
