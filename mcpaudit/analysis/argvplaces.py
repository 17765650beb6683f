"""Argument lists: the items of a list display and the values added to a known argv (append, extend, +=), each
marked by where it lands (after "--", as an option's operand, as a file operand); mixed into Expressions."""

from __future__ import annotations

from typing import List
from ..lazycst import cst
from .cstnodes import const_prefix, option_operand, string_value
from .argvruns import argv_runs, placed_runs
from .argvwrites import written_operand, written_script
from .rowlists import note_row, remember_items
from .progwrap import operand_mark, operands_only, placed_marks
from .codeopts import option_head, option_value_step, placed_option_step
from .optlists import list_part
from .gitargv import inert_options
from .namedprog import script_named
from .taintvalue import ARGV_ADDED, ARGV_ELEMENT, ARGV_FILE, EMPTY, EXTENDED, Taint, add_step, mark, union
from .guards import assigned_names_in


def argv_program(elems) -> bool:
    """A tracked list that starts with a constant program name (``["git", "log"]``), or with an
    interpreter and a constant module it runs (``[sys.executable, "-m", "pylint"]``): an argv."""
    consts = [e[2] if len(e) > 2 else None for e in elems[:3]]
    prog = consts[2] if len(consts) == 3 and consts[0] is None and consts[1] == "-m" else (consts[0] if consts else None)
    return isinstance(prog, str) and bool(prog) and not any(ch.isspace() for ch in prog)


_TEXT_ANNOTATIONS = frozenset({"str", "Optional[str]", "typing.Optional[str]", "str|None", "None|str"})
_EXTENDED = frozenset({EXTENDED})


class ArgvPlaces:
    """Methods of Expressions moved out of expressions.py (mixed into Expressions)."""

    def _seq_items(self, node, before=None) -> List[Taint]:
        """Element taints of a list/tuple display. An element after a literal ``"--"``, or with a
        constant prefix, cannot be read as an option wherever the sequence ends up as an argv
        (``run_argv(["grep", "--", pattern])`` in another function). ``before``: the known
        elements of an argv the display is added to (its head, see :meth:`note_argv_head`)."""
        out = []
        before = before or []
        consts = [e[2] for e in before] + [string_value(x.value) for x in node.elements]
        consts = script_named(self, consts, [b[0] for b in before] + [x.value for x in node.elements])  # namedprog.py
        program = (consts[0] if consts else None) or option_head(node, before)  # [f"--script={s}", "-p", p]: codeopts.py
        after_dashes = "--" in consts[:len(before)]
        for i, e in enumerate(node.elements, start=len(before)):
            v = self.ev(e.value)
            v = option_value_step(self, consts, i, e, v)  # nmap's --script=<v>: codeopts.py
            v = written_script(self, consts, i, v, e.value)  # msfconsole -r <a file of the caller's text>: argvwrites.py
            if v and not isinstance(e, cst.StarredElement) and (
                    after_dashes or const_prefix(e.value) or option_operand(consts, i, self.M.option_operands, self.M.flag_options)
                    or inert_options(self.M, consts, i)):  # helm create NAME: no option of it does harm (gitargv.py)
                v = mark(v, clean=frozenset({"argument"}))
            if v and i > 0:
                v = argv_runs(self, consts, [b[0] for b in before] + [x.value for x in node.elements], i,
                              mark(v, rooted=True), e.value)  # after "--", or run by its program: argvruns.py
                if argv_program([(None, None, program)]) and not all(x.is_clean("argument") for x in v.values()):
                    v = mark(v, clean=frozenset(filter(None, [operand_mark(consts, i)])))  # progwrap.py
                    shown = " ".join(c or "…" for c in consts[:i])
                    v = add_step(v, (self.stmt, e.value, f"{ARGV_ADDED} '{shown[:40]}' with no '--' before it"))
                v = self._file_operand(v, consts, i, e.value)
            out.append(v)
            if string_value(e.value) == "--":
                after_dashes = True
        return remember_items(self, node, out)  # a row appended next (rowlists.py)

    def placed_in_argv(self, argv, node, t: Taint, step: bool = True) -> Taint:
        """``t`` (of ``node``) added to an argument list that starts with a program the code
        chose: it is an argument, never the program, wherever the list is run (a wrapper in
        another function). After a literal ``"--"``, or with a constant prefix, it can never be
        read as an option; otherwise the step says where it was placed."""
        t = mark(t, rooted=True)
        consts = script_named(self, [e[2] if len(e) > 2 else None for e in argv], [e[0] for e in argv])
        t = placed_option_step(self, consts, node, t)  # argv.append(f"--script={v}"): codeopts.py
        if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
            # argv.extend(["-c", value]): the list's values, each where it lands
            whole = consts + [string_value(e.value) for e in node.elements]
            at = next((len(consts) + j for j, e in enumerate(node.elements) if whole[len(consts) + j] is None
                       and written_operand(self.M, whole, len(consts) + j)), None)
            if at is not None:
                t = self._file_operand(t, whole, at, node)
        else:
            t = self._file_operand(t, consts + [None], len(consts), node)
        t = placed_runs(self, argv, node, t)  # after "--" (progwrap.py), or run by its program: argvruns.py
        if "--" in consts or const_prefix(node) or option_operand(consts + [None], len(consts), self.M.option_operands) \
                or operands_only(self.M, consts, node) or inert_options(self.M, consts + [None], len(consts)):
            return mark(t, clean=frozenset({"argument"}))
        shown = " ".join(c for c in consts if c)
        t = mark(t, clean=placed_marks(consts, node))  # right after options: progwrap.py
        if not step:
            return t
        return add_step(t, (self.stmt, node, f"{ARGV_ADDED} '{shown[:40]}' with no '--' before it"))

    def note_argv_head(self, name: str, node) -> None:
        """``cmd = ["helm"] + ctx_args(c) + ["list"]``: the known elements of an argv some of
        whose elements are not known here (each unknown part one element), kept to tell which
        option a value added later follows (not to check the elements: see ``lists``)."""
        head = self._argv_head(node)
        if head is not None and argv_program(head):
            self.argv_heads[name] = head

    def extend_argv(self, stmt: cst.AugAssign) -> bool:
        """``argv += [...]`` of an argv known here (whole or its head): as ``argv.extend([...])``."""
        var = stmt.target.value if isinstance(stmt.target, cst.Name) else None
        if not isinstance(stmt.operator, cst.AddAssign) or var is None or (var not in self.argv_heads and not (
                var in self.lists and argv_program(self.lists[var]))):
            return False
        v = self.ev(stmt.value)
        self._store_into(var, cst.Call(func=cst.Name("extend"), args=[cst.Arg(stmt.value)]), "extend", [v], v)
        return True

    def _argv_head(self, node):
        known = self._list_of(node)
        if known is not None:
            return known
        if isinstance(node, cst.Name):
            return self.argv_heads.get(node.value)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._argv_head(node.left)
            right = self._list_of(node.right)
            return None if left is None else left + (right if right is not None else [(node.right, EMPTY, None)])
        return None

    def _file_operand(self, t: Taint, consts, i: int, node) -> Taint:
        """``["chmod", "a+x", path]``: a value that becomes an operand naming a file the program
        changes is marked where (the linker reports a path flow into that argv, see argvfiles)."""
        prog = written_operand(self.M, consts, i) if t else None  # chmod MODE FILE, wget -O FILE: argvwrites.py
        if prog is None or all(x.is_clean("path") for x in t.values()):
            return t
        how = "writes" if " -" in prog else "changes"
        return add_step(t, (self.stmt, node, f"{ARGV_FILE} '{prog}', which {how} the file it names"))

    def _store_into(self, var, call, method, pos_args, all_args) -> None:
        """``var.append(x)`` and friends: the container now carries ``x``; a known argv list
        grows by its elements."""
        if all_args:
            all_args = add_step(all_args, (self.stmt, call, f"added to '{var}'"))  # the line the value joins the container
            argv = self.lists.get(var, self.argv_heads.get(var))
            if argv is not None and method == "extend" and call.args and self._text_param(call.args[0].value):
                # argv.extend(options) with options a str: one character per element, and a
                # one-character element is no option ("-" alone names stdin or stdout)
                all_args = mark(all_args, clean=frozenset({"argument"}) | ARGV_ELEMENT)
            elif argv is not None and method in ("append", "extend") and call.args and argv_program(argv):
                # (a head only: the sink reports where the vector it cannot see runs)
                all_args = self.placed_in_argv(argv, call.args[0].value, all_args, step=var in self.lists)
                if method == "extend" and self._text_param(call.args[0].value, annotated=False):
                    all_args = mark(all_args, clean=_EXTENDED)  # a call passing a str: TEXT_ARG
            elif argv and method in ("append", "extend"):
                all_args = mark(all_args, clean=ARGV_ELEMENT)  # added after the program, whatever it is
            self.env[var] = union(self.env.get(var, EMPTY), note_row(self, var, method, call, all_args))  # rowlists.py
        if var in self.lists and method == "insert" and len(call.args) == 2 and isinstance(call.args[0].value, cst.Integer):
            at, node = int(call.args[0].value.value, 0), call.args[1].value  # args.insert(0, "--force")
            self.lists[var] = self.lists[var][:at] + [(node, pos_args[1], string_value(node))] + self.lists[var][at:]
        if (var in self.lists or var in self.argv_heads) and method in ("append", "extend") and call.args:
            node = call.args[0].value
            added = [(node, pos_args[0] if pos_args else EMPTY, string_value(node))] if method == "append" \
                else list_part(self, node)
            if var in self.lists and added is None:
                # extended by elements not known here: the known head still names the program
                self.argv_heads[var] = self.lists.pop(var) + [(node, EMPTY, None)]
            elif var in self.lists:
                self.lists[var] = self.lists[var] + added
            else:
                self.argv_heads[var] = self.argv_heads[var] + (added if added is not None else [(node, EMPTY, None)])

    def _text_param(self, node, annotated: bool = True) -> bool:
        """``node`` is a parameter the function never rebinds, annotated ``str`` (or
        ``Optional[str]``) unless ``annotated`` is False."""
        if not isinstance(node, cst.Name) or self.fn is None:
            return False
        param = next((p for p in self.params if p.name == node.value and p.kind in ("pos", "kwonly")), None)
        # the walk for the function's rebound names last: most arguments are no such parameter
        return param is not None and (not annotated or (param.annotation or "").replace(" ", "") in _TEXT_ANNOTATIONS) \
            and node.value not in assigned_names_in(self.mod, self.fn)
