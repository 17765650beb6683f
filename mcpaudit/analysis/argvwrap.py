"""Argument lists that start with a wrapper program (the process models' ``wrapper-programs``).

``["sudo", "apt-get", "install", "-y", pkg]`` runs apt-get: sudo reads its own options, then
hands the rest of the list to the program it names. The argv models (options that take the next
element, what a command's options can do, how many positionals it needs) describe apt-get, not
sudo, so :func:`unwrapped` drops the wrapper and its options before they are applied. Only a
prefix of constants is read through, and only when every option in it is one the models list
for the wrapper (a switch, or an option taking the next element or written ``--opt=value`` /
``-oVALUE``); ``NAME=VALUE`` words where the wrapper takes them (env); then the operands it
takes before the program (timeout's duration). The element after them must be a constant
program: a caller's program after ``sudo`` keeps the list as it is (its own report).
"""

from __future__ import annotations

from typing import List, Optional


def _skip_option(c: str, flags, options) -> Optional[int]:
    """How many elements the wrapper option ``c`` takes (1 or 2), None when it is not known."""
    if c in flags:
        return 1
    if c in options:
        return 2
    if c.startswith("--") and c.partition("=")[0] in options:
        return 1  # --user=root
    if not c.startswith("--") and len(c) > 2 and c[:2] in options:
        return 1  # -uroot
    return None


def _program_at(M, consts) -> int:
    """The index of the program a wrapper prefix of ``consts`` runs, 0 when there is none."""
    k, depth = 0, 0
    while depth < 4 and k < len(consts) and consts[k]:
        row = M.wrapper_programs.get(consts[k].rsplit("/", 1)[-1])
        if row is None:
            break  # the program: judged below like one after a wrapper's operands
        flags, options, operands, assignments = row
        k += 1
        while k < len(consts) and consts[k] is not None:
            c = consts[k]
            if c == "--":
                k += 1
                break
            if c.startswith("-") and len(c) > 1:
                step = _skip_option(c, flags, options)
                if step is None:
                    return 0  # sudo -s, env -S: not a plain wrapper
                k += step
            elif assignments and "=" in c and c.partition("=")[0].isidentifier():
                k += 1
            else:
                break
        k += operands
        depth += 1
    if k >= len(consts) or not consts[k] or consts[k].startswith("-"):
        return 0
    return k


def unwrapped(M, elems: List[tuple]) -> List[tuple]:
    """``elems`` (node, taint, constant, splat) without a leading wrapper program and its own
    options when every element of that prefix is a constant the models read through."""
    if not elems or not M.wrapper_programs:
        return elems
    consts = [e[2] if not e[3] else None for e in elems]
    at = _program_at(M, consts)
    if at <= 0 or any(e[1] for e in elems[:at]):
        return elems
    return list(elems[at:])


__all__ = ["unwrapped"]
