"""Programs that run the value of one of their flags as command lines of a console of their own
which hands a command it does not know to the system shell (``command-programs`` of the process
models, ts53c).

``spawn(msfconsoleBinary, ["-q", "-x", commands.join("; ") + "; exit"])``: msfconsole runs each
``;``-separated command of its ``-x`` value, and one it does not know (``id``, ``curl ...``) runs
in the system shell, so a caller's value anywhere in that element is a command the tool runs:
the shell family, like ``sh -c <script>`` (its capability when the tool says it runs commands),
never a possible option of msfconsole. The program is a constant, or a variable named for it
(``msfconsoleBinary``, ``MSFCONSOLE_PATH``: freeoptions.named_program).
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple


def console_flag(M, prog: str, consts: Sequence[Optional[str]], i: int) -> Optional[Tuple[str, str]]:
    """(the flag, what the program does with its value) when argv element ``i`` of ``prog`` is
    the value of one of its command flags (no ``--`` before it), else None."""
    flags, how = M.command_programs.get(prog, ((), ""))
    if i >= 1 and consts[i - 1] in flags and "--" not in consts[:i]:
        return consts[i - 1], how
    return None


def console_script(fa, call, label: str, prog: str, consts, i: int, n, t) -> bool:
    """Record the shell finding of argv element ``i`` (node ``n``, taint ``t``) when it is the
    value of a command flag of ``prog``; True when it is."""
    hit = console_flag(fa.M, prog, consts, i) if prog else None
    if hit is None:
        return False
    fa.record("shell", f"{label} ['{prog}', '{hit[0]}', …]", call, t, n if n is not None else call, detail=hit[1],
              operand_of=prog)
    return True


__all__ = ["console_flag", "console_script"]
