"""Command-line sinks of TypeScript/JavaScript: a program's argument vector (``spawn(prog, [args])``, a
command line split into words, a template run as a command), each element judged by where it stands
(the program, an option, an option's value, an operand, a URL operand). Mixed into
:class:`~mcpaudit.analysis.ts.sinks.Sinks`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ...catalog.models import SinkModel
from ..cstnodes import file_operand, option_operand
from ..gitargv import hazard_note, inert_options
from ..narrowing import fixed_host_prefix
from ..taintvalue import (ARGV_FILE, ARGV_OPERAND, ARGV_OPTION, ARGV_PLACED, ARGV_UNKNOWN, BACKSLASH_QUOTES, EMPTY,
                          UNKNOWN_PROGRAM, Taint, add_step, long_value_option, mark, union)
from . import nodes as N
from . import runcommand, tagshell
from .argvfiles import url_operand, with_file_steps
from .configshell import configured_shell
from .consolescripts import console_script
from .freeoptions import free_options, named_program
from .spawnwrappers import shell_fallback
from .remoteshell import command_argv, container_argv, named_remote_shell, remote_detail, remote_start

if TYPE_CHECKING:  # pragma: no cover
    from .sinks import _Call

_PLACED = frozenset({ARGV_PLACED})
_PLACED_SAFE = frozenset({ARGV_PLACED, "argument"})
_ARG_CLEAN = frozenset({"argument"})


def _takes_value(operands, prog: str, option: str) -> bool:
    """Whether ``option`` of ``prog`` takes the next element as its value: one the models list,
    or a cluster of short flags that ends with one (``-sLo <file>``)."""
    listed = operands.get(prog, ())
    return option in listed or (not option.startswith("--") and len(option) > 2 and f"-{option[-1]}" in listed)


class ArgvSinks:
    """Matches the argument vectors of programs run."""

    def _kind_program_argv(self, model: SinkModel, c: _Call) -> None:
        """The sinks of a program-and-argv call (:meth:`_program_argv`), each knowing the
        command it runs when the program is a constant (fixedruns.py)."""
        first = len(self.sinks)
        self._program_argv(model, c)
        runcommand.name_command(self, first, self._arg(c, model.arg)[0], c.args[1] if len(c.args) > 1 else None)

    def _program_argv(self, model: SinkModel, c: _Call) -> None:
        """spawn/execFile(program, argv?, options?): {shell: true} joins them into a shell
        command line; otherwise the program must not come from the caller and no argv element
        may be read as an option."""
        label = c.label(model, self.data)
        prog_node, prog_t = self._arg(c, model.arg)
        argv_node, argv_t = (c.args[1], c.taints[1]) if len(c.args) > 1 and len(c.taints) > 1 else (None, EMPTY)
        if argv_node is not None and N.unwrap(argv_node).type == "object":
            argv_node, argv_t = None, EMPTY  # spawn(cmd, options)
        shell = self._shell_option(c)
        if shell:
            # the program and its arguments are joined into one command line
            t = union(prog_t, mark(argv_t, built=True, rooted=True))
            self.record("shell", f"{label} with shell: true", c.node, t, prog_node,
                        detail="" if shell is True else "shell: is not a constant")
            return
        if prog_t:
            self.record("shell", label, c.node, prog_t, prog_node,
                        detail=model.detail or "the program to run comes from the caller")
        if argv_node is None:
            return
        prog = (self.const_of(prog_node) or named_remote_shell(self, prog_node)
                or shell_fallback(self, prog_node)) if prog_node is not None else ""  # x || "/bin/bash"
        named = named_program(self, prog_node) if prog_node is not None and not prog else ""
        elems = self._list_of(argv_node)
        if elems is None:
            if argv_t:
                split = self._split_of(argv_node)
                if split:
                    self.record("shell", label, c.node, argv_t, argv_node,
                                detail=f"the caller's text is split into the argv ({split}): it chooses the options")
                else:
                    self.record("argument", label, c.node,
                                mark(argv_t, weak=ARGV_UNKNOWN),
                                argv_node, detail="the argument vector comes from caller input", uncertain=True,
                                operands=self._operands(prog or named))
            return
        configured = configured_shell(self, prog_node, elems) if not prog else None
        self.argv_elems(c.node, label, prog, elems, configured=configured, named=named)

    def _kind_command_argv(self, model: SinkModel, c: _Call) -> None:
        command_argv(self, model, c, *self._arg(c, model.arg))  # dockerode exec({Cmd}) (remoteshell.py)

    def _kind_template_argv(self, model: SinkModel, c: _Call) -> None:
        """``$`cmd ${x}```: the template's words are the command line and each interpolation is
        one element of it (quoted, never split), so it is checked as an argv: the program from
        the caller runs anything, a shell's ``-c`` element is its script, a value that can start
        with ``-`` is an option."""
        words = self._template_words(c.args[0])
        if not words:
            return
        label = c.label(model, self.data)
        if tagshell.template_shell(self, c.node, label, words):
            return  # execa({ shell: true })`...`: a shell runs the joined words (tagshell.py)
        (prog_node, prog_t, prog, _), rest = words[0], words[1:]
        if prog_t:
            self.record("shell", label, c.node, prog_t, prog_node, detail="the program to run comes from the caller")
        shell = None
        if prog is None and prog_node is not None and self.M.shell_name is not None:
            name = N.last_name(self.data, N.unwrap(prog_node))
            shell = name if name and self.M.shell_name.search(name) else None
        self.argv_elems(c.node, label, prog or "", rest, shell=shell)

    def _template_words(self, tpl) -> list:
        """The words of a command template as argv elements (node, taint, constant, False); a
        word that starts with constant text (``--out=${x}``) cannot be read as an option."""
        words: list = []
        parts: list = []  # the current word: ("c", text) and ("e", expression node)

        def close() -> None:
            exprs = [n for k, n in parts if k == "e"]
            if exprs:
                t = union(*[self.ev_quiet(e) for e in exprs])
                words.append((exprs[0], mark(t, clean=_ARG_CLEAN) if parts[0][0] == "c" else t, None, False))
            elif parts:
                words.append((None, EMPTY, "".join(v for _, v in parts), False))
            parts.clear()

        for ch in tpl.children:
            if ch.type == "template_substitution":
                inner = [x for x in ch.named_children if x.type != "comment"]
                if inner:
                    parts.append(("e", inner[0]))
            elif ch.type in ("string_fragment", "escape_sequence"):
                for i, piece in enumerate(re.split(r"\s+", N._unescape(N.text(self.data, ch)))):
                    if i:
                        close()
                    if piece.strip("'\""):
                        parts.append(("c", piece.strip("'\"")))
        close()
        return words

    def _operands(self, prog: str) -> tuple:
        """The options of ``prog`` that take the next element as their value ("opt" or
        "subcommand opt"), for a list built elsewhere."""
        prog = prog.rsplit("/", 1)[-1]
        if not prog:
            return (UNKNOWN_PROGRAM,)
        out = []
        for cmd, opts in self.M.option_operands.items():
            name, _, sub = cmd.partition(" ")
            if name == prog:
                out += [f"{sub} {o}" if sub else o for o in opts]
        return tuple(sorted(out))

    def _shell_option(self, c: _Call):
        for a in c.args[1:]:
            u = N.unwrap(a)
            if u is None or u.type != "object":
                continue
            props = N.object_props(self.data, u)
            if "shell" in props:
                v = N.unwrap(props["shell"])
                if v.type == "false" or (v.type == "string" and N.string_value(self.data, v) == ""):
                    return False
                if v.type in ("true", "string"):
                    return True
                return "maybe"
        return False

    def _list_of(self, node) -> Optional[list]:
        u = N.unwrap(node)
        if u is None:
            return None
        if u.type == "array":
            return self._elements(u)
        if u.type in ("identifier", "shorthand_property_identifier"):  # { command, args }
            return self.lists.get(N.text(self.data, u))
        kept = self.kept_list(u)
        return self._list_of(kept) if kept is not None else None

    def _split_of(self, node) -> Optional[str]:
        u = N.unwrap(node)
        if u is not None and u.type == "call_expression":
            fn = u.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_id(self.F.property)
                if prop is not None and N.text(self.data, prop) == "split":
                    return ".split()"
            d = self.dotted(fn) if fn is not None else ""
            if d and d.endswith(("shell-quote.parse", "string-argv", "shlex.split", "parseArgsStringToArgv")):
                return d
        return None

    def argv_elems(self, call, label: str, prog: str, elems, shell: Optional[str] = None,
                   configured: Optional[str] = None, inside: bool = False, named: str = "") -> None:
        """elems: (node, taint, constant, unknown spread). ``[sh, -c, value]`` runs the value as
        a script; a value that can start with ``-`` before any ``--`` is an option. ``shell``:
        the name of a program the code computes that is a shell (``${shell} -c ${cmd}``);
        ``configured``: the shell configuration whose program and flags come before the last
        element (configshell.py); ``inside``: the argv of a command run in a container (its files
        are the container's), or the part before that command (remoteshell.py); ``named``: the
        program a computed program's name says it is (freeoptions.py)"""
        consts = [e[2] for e in elems]
        prog_name = prog.rsplit("/", 1)[-1]
        if not inside and not shell and container_argv(self, call, label, prog_name, elems):
            return  # docker exec CONTAINER sh -c <script>
        shells = {p.rsplit("/", 1)[-1] for p in self.M.shell_programs}
        if shell:
            prog_name, shells = shell, shells | {shell}
        remote = remote_start(self.M, prog_name, elems)
        for i, (n, t, cst, spread) in enumerate(elems):
            if not t:
                continue
            if spread and not inside and free_options(self, call, label, prog_name or named, n, t):
                continue  # [...ffuf_args]: the caller chooses options of a program that run commands
            if remote is not None and i >= remote:
                # ssh host <command...>: a command line the host's shell runs
                self.record("shell", f"{label} ['{prog_name}', host, …]", call, self._element_step(call, n, t, "a word of "
                            f"{prog_name}'s remote command line"), n, detail=remote_detail(prog_name),
                            operand_of=prog_name)
                continue
            # (a computed program named for a file program, ffmpegPath, is that program)
            changes = None if inside else file_operand([prog_name or named, *consts], i + 1, self.M.file_programs,
                                                       self.M.option_operands)
            if changes and not spread and not all(x.is_clean("path") for x in t.values()):
                # chmod/rm/cp ... change the file the operand names: a path sink like fs.chmod
                placed = add_step(t, self.step(n if n is not None else call, f"{ARGV_FILE} '{changes}', which changes "
                                               "the file it names")) if n is not None and n.start_point[0] != call.start_point[0] else t
                self.record("path", f"{label} ['{changes}', …]", call, placed, n, detail="write", operand_of=changes)
            elif not inside and not spread and option_operand([prog_name or named, *consts], i + 1, self.M.input_options) \
                    and not all(x.is_clean("path") for x in t.values()):
                # ffmpeg -i <file>: the program reads the file the value names (a path sink like fs.readFile)
                read = f"{prog_name or named} {consts[i - 1]}"
                self.record("path", f"{label} ['{read}', …]", call, t, n, detail=f"{read} reads the file the value names",
                            operand_of=prog_name or named)
            code_flags, runs = self.M.code_programs.get(prog_name, ((), ""))
            if i >= 1 and consts[i - 1] in code_flags and "--" not in consts[:i]:
                # osascript -e <script>, python3 -c <code>: source code in the program's own
                # language (code.yaml's runAppleScript), never an option
                self.record("code", f"{label} ['{prog_name}', '{consts[i - 1]}', …]", call, t, n, detail=runs,
                            operand_of=prog_name)
                continue
            if console_script(self, call, label, prog_name or named, consts, i, n, t):
                continue  # msfconsole -x <commands>: a console that hands unknown commands to the shell
            if prog_name in shells and i >= 1 and consts[i - 1] in self.M.shell_flags:
                if prog_name in self.M.backslash_quote_shells:  # fish: the POSIX quote escape keeps no word
                    t = mark(t, clean=frozenset({BACKSLASH_QUOTES}))
                self.record("shell", f"{label} ['{prog_name}', '{consts[i - 1]}', …]", call, t, n,
                            detail=f"the value is run as a {prog_name} script", operand_of=prog_name)
                continue
            if configured and i == len(elems) - 1:
                self.record("shell", f"{label} with the shell of '{configured}'", call, t, n,
                            detail=f"the value is run as a script by the shell '{configured}' configures")
                continue
            if prog_name in self.M.url_programs and not spread:
                self.url_operand(call, label, prog_name, consts, i, n, t)
            if "--" in consts[:i] or option_operand([prog_name or named] + consts, i + 1, self.M.option_operands) or (
                    i >= 1 and consts[i - 1] and not prog_name and long_value_option(consts[i - 1])) \
                    or inert_options(self.M, [prog_name or named, *consts], i + 1):
                # after '--', or the value of the option before it (kubectl -n <ns>; --device <id>
                # of a program the code does not name); or no option of the command runs a
                # program or touches a file (df -h <path>: gitargv.py)
                continue
            if n is not None and self.const_prefix(n):
                continue
            flagged = {k: v for k, v in t.items() if not v.is_clean("argument")}
            if spread:
                flagged = mark(flagged, weak=ARGV_UNKNOWN)
            if flagged:
                self.record("argument", label, call, self._element_step(call, n, flagged, "an element of the argument vector"),
                            n if n is not None else call, uncertain=spread,
                            detail=ARGV_OPTION + hazard_note(self.M, [prog_name or named, *consts], i + 1))

    def _element_step(self, call, n, t: Taint, note: str) -> Taint:
        """``t`` with a step at the argv element ``n`` when it is on a line of its own in the call
        (a list literal written across lines)."""
        if n is None or n.start_point[0] == call.start_point[0] or not call.start_byte <= n.start_byte < call.end_byte:
            return t
        return add_step(t, self.step(n, note))

    def url_operand(self, call, label: str, prog: str, consts, i: int, n, t: Taint, lead: Optional[str] = None) -> None:
        """``[curl|wget|yt-dlp, ..., url]``: an operand that is no option's value (the element
        before it is not a constant option, or a '--' came first) is a URL the program requests.
        For a program whose value options the models list, only those take the next element
        (``curl -sL <url>``, a cluster that ends with one: ``-sLo <file>``). ``lead``: the constant
        text the word starts with (a command line's word, cmdwords.py)."""
        if not url_operand([prog, *consts], i + 1, self.M.option_operands, self.M.flag_options):
            return  # the value of the option before it (-o FILE, -H HEADER), or an option
        prev = consts[i - 1] if i >= 1 else None
        if isinstance(prev, str) and prev.startswith("-") and "--" not in consts[:i] \
                and _takes_value(self.M.option_operands, prog, prev):
            return
        prefix = lead or (self.const_prefix(n) if n is not None else None)
        if prefix and fixed_host_prefix(prefix):
            return
        flagged = {k: v for k, v in t.items() if not v.is_clean("ssrf")}
        if flagged:
            self.record("ssrf", f"{label} ['{prog}', …]", call, flagged, n if n is not None else call,
                        detail=f"{prog} requests the URL", operand_of=prog)

    def argv_arg(self, node, t: Taint, prog_node=None) -> Taint:
        """:meth:`_argv_arg`, with the file-operand steps of a list whose program is the argument
        before it (``run("chmod", ["600", p])``, argvfiles.py)."""
        out = self._argv_arg(node, t)
        return with_file_steps(self, node, out, prog_node) if prog_node is not None else out

    def _argv_arg(self, node, t: Taint) -> Taint:
        """The taint of an argument that is an argv-like list this function built (an array
        literal, or a variable holding one): each value placed in a known element is marked so,
        and also clean for option injection when a constant '--' comes before it or a constant
        prefix starts it, so the function the list is passed to knows where its values are."""
        u = N.unwrap(node)
        if not t or u is None or u.type not in ("array", "identifier", "shorthand_property_identifier"):
            return t
        elems = self._list_of(u)
        if not elems:
            return t
        consts = [e[2] for e in elems]
        open_, safe = [], []  # element taints that can / cannot be read as an option
        marks: dict = {}  # label -> the options it was placed after (None: also elsewhere)
        for i, (n, et, _cst, spread) in enumerate(elems):
            if et and "--" in consts[:i]:
                # after a constant '--' (``args.push("--", ...paths)``): an operand wherever a
                # spread before it ends, and whatever a spread here holds
                safe.append(mark(et, clean=_PLACED_SAFE))
            elif not et or any(e[3] for e in elems[:i + 1]):
                # after a list spread in whose elements we do not know: the position is unknown
                open_.append(et)
                marks.update(dict.fromkeys(et))
            elif (n is not None and self.const_prefix(n)) or option_operand(consts, i, self.M.option_operands):
                safe.append(mark(et, clean=_PLACED_SAFE))
            else:
                open_.append(mark(et, clean=_PLACED))
                prev = consts[i - 1] if i else None
                first = next((c for c in consts[:i - 1] if c and not c.startswith("-")), "")
                for k in et:
                    if prev and prev.startswith("-") and "=" not in prev and marks.get(k, ()) is not None:
                        # (``--date=iso`` holds its own value: the next element is not it)
                        marks[k] = marks.get(k, ()) + (f"{ARGV_OPERAND}{first}\x1f{prev}",)
                    else:
                        marks[k] = None
        # a value that can be an option comes first (then one after an option): its key names it
        # in the message
        after_option = [e for e in open_ if all(marks.get(k) for k in e)]
        placed = union(*[e for e in open_ if not all(marks.get(k) for k in e)], *after_option, *safe)
        for k, ms in marks.items():
            if ms and k in placed:
                # placed only right after options (``-n <ns>``): the program decides if they take it
                placed[k] = placed[k].replace(clean=placed[k].clean | frozenset(ms))
        rest = {k: v for k, v in t.items() if k not in placed}  # reached the list another way
        return union(placed, rest) if rest else placed
