"""A caller's path handed, through the project's own runner, to a program that writes the file
it names: ``run("xcrun", ["simctl", "io", udid, "screenshot", "--", out])`` where ``run(cmd,
args)`` calls ``execFile(cmd, args)``. The list is built here with its program in the argument
before it, so each value placed where that program takes a file it changes (``argv:
file-programs`` in the process models: chmod, rm, cp, ``xcrun simctl io``) gets a step saying so;
the linker reports a path flow into that argv at the step (``analysis/argvfiles.py``), as for
Python's ``placed_in_argv``. The same for a program that requests the URL an operand names
(``run("yt-dlp", [..., url])``; ``argv: url-programs``): the step says so, and the linker reports
a request flow there (``url_operand_flow``).
"""

from __future__ import annotations

from typing import Optional

from ..cstnodes import file_operand, option_operand
from ..narrowing import fixed_host_prefix
from ..taintvalue import ARGV_FILE, ARGV_URL, Taint, add_step
from . import nodes as N


def url_operand(consts, i: int, operands, flags=frozenset()) -> bool:
    """Whether element ``i`` of an argv (``consts``: its constant elements, None where not
    constant; the program first) is an operand that is no option's value. After a constant
    option: for a program whose options that take a value are listed (``option-operands``), when
    the option is not one of them; otherwise when it is a known switch (``flags``)."""
    if i < 1 or (isinstance(consts[i], str) and consts[i].startswith("-")):
        return False  # the program, or a constant option
    prev = consts[i - 1]
    if not (isinstance(prev, str) and prev.startswith("-") and "=" not in prev) or "--" in consts[:i]:
        return True
    if (consts[0] or "").rsplit("/", 1)[-1] in operands:
        return not option_operand(consts, i, operands)
    return prev in flags


def file_steps(fn, prog_node, elems, t_of) -> None:
    """For each element of an argv list (``elems`` as ``Sinks._list_of`` gives them) placed where
    the program ``prog_node`` names (a constant) takes a file it changes, replace its taint
    through ``t_of(i, new_taint)`` with one that has the step."""
    prog = fn.const_of(prog_node) if prog_node is not None else None
    if not prog:
        return
    consts = [prog.rsplit("/", 1)[-1], *(e[2] for e in elems)]
    for i, (n, et, _c, spread) in enumerate(elems):
        if not et or spread or all(x.is_clean("path") for x in et.values()):
            continue
        changes: Optional[str] = file_operand(consts, i + 1, fn.M.file_programs, fn.M.option_operands)
        if changes:
            t_of(i, add_step(et, fn.step(n if n is not None else prog_node,
                                         f"{ARGV_FILE} '{changes}', which changes the file it names")))
        elif consts[0] in fn.M.url_programs and url_operand(consts, i + 1, fn.M.option_operands, fn.M.flag_options) \
                and not all(x.is_clean("ssrf") for x in et.values()):
            prefix = fn.const_prefix(n) if n is not None else None
            if not (prefix and (prefix.startswith("-") or fixed_host_prefix(prefix))):
                t_of(i, add_step(et, fn.step(n if n is not None else prog_node,
                                             f"{ARGV_URL} '{consts[0]}', which requests it")))


def with_file_steps(fn, node, t: Taint, prog_node) -> Taint:
    """``t`` (of the list ``node``) with the file-operand steps of its elements (see above)."""
    u = N.unwrap(node)
    if not t or prog_node is None or u is None or u.type not in ("array", "identifier"):
        return t
    elems = fn._list_of(u)
    if not elems:
        return t
    out = dict(t)

    def put(_i: int, nt: Taint) -> None:
        out.update(nt)

    file_steps(fn, prog_node, elems, put)
    return out
