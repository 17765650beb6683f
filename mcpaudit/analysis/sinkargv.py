"""The argv of a subprocess sink: a list literal checked element by element (a program named by a parameter, a
command named in it), a split command line or string, or a vector built elsewhere; mixed into SinkMatching."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional
from ..lazycst import cst
from . import cstnodes as N
from .argvcommand import argv_command
from .argvruns import interpreted, interpreted_sink, note_module_sink, runs_detail
from .gitargv import hazard_note, unknown_option
from .argvsplits import split_item
from .sqlprograms import sql_operand
from .argvchoices import arity_here, inert_here
from .cmdlists import admitted_writes
from .narrowing import fixed_host_prefix
from .argvwrap import unwrapped
from .namedprog import with_program
from .codeopts import name_head
from .progwrap import named_argv, named_program, operand_mark, remote_here
from .sinkbits import split_words as _split_words
from .taintvalue import ARGV_OPTION, EMPTY, mark


class SinkArgv:
    """Methods of SinkMatching moved out of sinkmatch.py (mixed into SinkMatching)."""

    # -- argv -------------------------------------------------------------------------
    def _argv(self, call, fq, node, t) -> None:
        """A subprocess argv: a list literal (checked element by element), a split command line
        or string (a shell in disguise), or a vector built elsewhere."""
        elems = self._list_of(node)
        if elems is not None:
            self._argv_elems(call, fq, [(n, tt, c, False) for (n, tt, c) in elems])
            return
        if t:
            # a command string, a split command line, or an argv built elsewhere
            split_of = self._split_of(node)
            if split_of is not None:
                self._sink("shell", f"{fq}()", call, t, node, detail=_split_words(split_of),
                           program_split=N.split_source(node) is None)
            elif isinstance(node, cst.BinaryOperation) and N.has_list_side(node):
                self._argv_elems(call, fq, self._partial_argv(node))
            elif isinstance(node, (cst.FormattedString, cst.BinaryOperation, cst.SimpleString, cst.ConcatenatedString)):
                self._sink("shell", f"{fq}()", call, t, node, detail="the command line is a string built from caller input")
            else:
                first = len(self.sinks)
                self._sink("argument", f"{fq}()", call, mark(t, weak="argv built elsewhere; which element the value lands in is unknown"), node,
                           detail="the argument vector comes from caller input")
                name_head(self, first, self.argv_heads.get(node.value) if isinstance(node, cst.Name) else None)  # codeopts.py

    def _split_of(self, node) -> Optional[str]:
        """The argv is a split of one string (``shlex.split(cmd)``, directly or through a local
        variable assigned from it): whoever wrote the string chose the program."""
        if isinstance(node, cst.Name) and node.value in self.local_values:
            node = self.local_values[node.value]
        return N.split_source(node) or split_item(self, node)

    def _partial_argv(self, node):
        """Elements of ``[...] + something``: known literal elements, then one unknown tail."""
        left = self._list_of(node.left)
        if left is None:
            return [(node.left, self.ev_quiet(node.left), None, True), (node.right, self.ev_quiet(node.right), None, True)]
        # a known tail cannot reach here: ``_argv`` took the whole known join first (``_list_of``)
        return [(n, tt, c, False) for (n, tt, c) in left] + [(node.right, self.ev_quiet_split(node.right), None, True)]

    def ev_quiet_split(self, node):
        """The taint of what ``x.split()`` / ``shlex.split(x)`` splits."""
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "split":
            return self.ev_quiet(node.func.value)
        if isinstance(node, cst.Call) and node.args:
            return self.ev_quiet(node.args[0].value)
        return self.ev_quiet(node)

    def _argv_elems(self, call, fq, elems, fixed_program=False) -> None:
        """The sinks of an argv (:meth:`_argv_elems_checked`), each knowing the command it runs."""
        first, elems = len(self.sinks), elems if fixed_program else unwrapped(self.M, with_program(self, elems))
        self._argv_elems_checked(call, fq, elems, fixed_program)
        self._name_command(first, elems if not fixed_program else ())

    def _name_command(self, first: int, elems) -> None:
        command = argv_command(elems, self.M.option_operands, self.M.flag_options)
        if command:
            self.sinks[first:] = [replace(s, command=command) for s in self.sinks[first:]]
        elif elems and elems[0][2] and not elems[0][1]:
            # a fixed program, no command words in view (fixedruns.py); caller's command: what allow-lists admit
            prog = elems[0][2].rsplit("/", 1)[-1]
            writing = self.M.writing_commands.get(prog) if self.fn is not None else None
            at = self.sinks[first].pos[0] if len(self.sinks) > first else 0
            body = self.inlining[-1] if self.inlining else self.fn  # the function the sink is written in
            admits = tuple(a for a in admitted_writes(self.mod, body, writing) if a[0] <= at) if writing else ()
            self.sinks[first:] = [replace(s, command=prog, admits=admits) for s in self.sinks[first:]]

    def _argv_elems_checked(self, call, fq, elems, fixed_program=False) -> None:
        """elems: (node, taint, const_string, unknown_splat). The program from the caller is a
        shell injection; ``[sh, -c, value]`` runs the value as a script, and so does an option
        whose value names a program to run (``pandoc --filter value``); a value that can start
        with ``-`` before any ``--`` is an option (argument injection). ``fixed_program``: the
        first element is the program a library or wrapper puts in front (``fq`` is its label)."""
        if not elems:
            return
        consts = [e[2] for e in elems]
        first_node, first_t, first_c, first_splat = elems[0]
        split_of = split_item(self, first_node) if first_t and not fixed_program and first_splat and len(elems) == 1 else None
        if split_of is not None:  # run(*argv), argv one stage of a split pipeline (argvsplits.py)
            self._sink("shell", f"{fq}()", call, first_t, first_node, detail=_split_words(split_of), program_split=True)
            return
        if first_t and not fixed_program and first_splat:
            # *argv built elsewhere: which elements carry the value (program? option?) is unknown
            self._sink("argument", f"{fq}()", call, first_t, first_node, uncertain=True,
                       detail="the argument vector is built from caller input elsewhere; the program or its options may come from the caller")
            return
        prog = (first_c or named_program(self.M, first_node) or "").rsplit("/", 1)[-1]  # self.adb_path: remotelines.py
        if first_t and not fixed_program:
            self._sink("shell", f"{fq}()", call, first_t, first_node, detail="the program to run comes from the caller")
            self._program_parameter(call, fq, elems)
            if prog:  # a field named for its program (self.adb_path): its remote command lines (remotelines.py)
                named_argv(self, call, fq, elems, prog)
            return
        shells = {p.rsplit("/", 1)[-1] for p in self.M.shell_programs}
        for i, (n, t, c, splat) in enumerate(elems[1:], start=1):
            if not t:
                continue
            changes = N.file_operand(consts, i, self.M.file_programs, self.M.option_operands) if not fixed_program else None
            if not changes and not fixed_program and N.option_operand(consts, i, self.M.output_options):
                changes = f"{prog} {consts[i - 1]}"  # curl -o <file>: the file the program writes
            if changes and not all(x.is_clean("path") for x in t.values()):
                # chmod/rm/cp ... change the file the operand names: a path sink like os.chmod
                self._sink("path", f"{fq}([{changes!r}, ...])", call, t, n if n is not None else call,
                           detail="write", writes=True)
            elif not changes and not fixed_program and N.option_operand(consts, i, self.M.input_options) \
                    and not all(x.is_clean("path") for x in t.values()):
                # ffuf -w <file>: the program reads the file the value names (a path sink like open)
                self._sink("path", f"{fq}([{prog + ' ' + consts[i - 1]!r}, ...])", call, t, n if n is not None else call,
                           detail=f"{prog} {consts[i - 1]} reads the file the value names")
            fetches = N.url_operand(consts, i, self.M.url_operands, self.M.option_operands) if not fixed_program else None
            if fetches and not all(x.is_clean("ssrf") for x in t.values()) and not (
                    n is not None and fixed_host_prefix(N.const_prefix(n) or "")):
                # git clone <url>, curl <url>: a request to the host the value names
                self._sink("ssrf", f"{fq}([{fetches!r}, ...])", call, t, n if n is not None else call,
                           detail=f"{fetches} fetches from any host the URL names", url=True)
            ran = interpreted(self.M, prog, consts, i, shells, n)  # sh -c <value>, python -c <value>: argvruns.py
            if ran:
                interpreted_sink(self, ran, f"{fq}([{prog!r}, {consts[i - 1]!r}, ...])", call, t, n, prog)
                continue
            sql = sql_operand(self.M, prog, consts, i, N.const_prefix(n) if n is not None else None) if not fixed_program else None
            if sql:  # psql -c <sql>, bq query <sql>: a statement the database runs (sqlprograms.py)
                self._sink("sql", f"{fq}([{prog!r}, ...])", call, t, n if n is not None else call, detail=sql[1])
                if sql[0]:
                    continue  # the value of the SQL option, not an option of the program
            prefix = N.const_prefix(n) if n is not None else None
            runs = runs_detail(self.M, consts, i, prefix)  # pandoc --filter, ansible -m: argvruns.py
            if runs:
                self._sink("shell", f"{fq}()" if not fixed_program else fq, call, t, n if n is not None else call,
                           detail=runs)
                continue
            note_module_sink(self, consts, [e[0] for e in elems], i, t, n)  # ansible -m {param} -a <value>
            remote = remote_here(self.M, prog, consts, i, shells)
            if remote:
                # kubectl exec POD -- <value>, adb shell <line>, ssh HOST <line>: run on the other side
                self._sink("shell", f"{fq}()" if not fixed_program else fq, call,
                           {k: v.replace(rooted=remote[1]) for k, v in t.items()}, n if n is not None else call,
                           detail=remote[0])
                continue
            if "--" in consts[:i] or N.option_operand(consts, i, self.M.option_operands, self.M.flag_options) \
                    or inert_here(self, call, elems, i):  # git mv: no option runs or writes (gitargv.py, argvchoices.py)
                continue  # after '--', or the value of the option before it (git commit -m <message>)
            if prefix:
                continue
            flagged = arity_here(self, call, elems, i, {k: v for k, v in t.items() if not v.is_clean("argument")})
            if flagged:  # helm get all NAME: one positional short as an option (argarity.py)
                before, unknown = len(self.sinks), unknown_option(self.M, prog, consts, i)  # audit view: argvlow.py
                self._sink("argument", f"{fq}()" if not fixed_program else fq, call, mark(flagged, clean=frozenset(
                    {operand_mark(consts, i)})) if unknown else flagged, n if n is not None else call,
                    detail=ARGV_OPTION + (unknown or hazard_note(self.M, consts, i)))  # git push --exec: gitargv.py
                if len(self.sinks) > before and c is None:  # placed in a list built elsewhere: the program
                    self.sinks[-1] = replace(self.sinks[-1], program=prog)  # reads their marks (progwrap.py)

    def _program_parameter(self, call, fq, elems) -> None:
        """``create_subprocess_exec(cmd, *args)`` with ``cmd`` a parameter: the program sink (just
        recorded) and the rest of the argv, checked as for a program not known here, name the
        parameter, so that a call site passing a constant program reads them as for that program
        and drops the program sink (progwrap.py)."""
        node, t = elems[0][0], elems[0][1]
        name = node.value if isinstance(node, cst.Name) else None
        if name is None or not any(k[:2] == ("p", name) for k in t):
            return
        if self.sinks and self.sinks[-1].family == "shell" and self.sinks[-1].program_param is None \
                and self.sinks[-1].pos == self.mod.pos(self.stmt, call):
            self.sinks[-1] = replace(self.sinks[-1], program_param=name)
        first = len(self.sinks)
        self._argv_elems_checked(call, fq, [(None, EMPTY, None, False)] + list(elems[1:]))
        self.sinks[first:] = [replace(s, program_param=name) for s in self.sinks[first:]]
