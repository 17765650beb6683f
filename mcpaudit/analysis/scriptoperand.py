"""Options end at an interpreter's script file (issue 12, py51b).

``osascript /tmp/x.applescript TITLE BODY``: osascript reads its own options only up to the script
operand and hands every later word to the script's ``on run argv``, a plain list that AppleScript
parses no options from. A caller's value after a script operand the code fixes (a literal, a
constant, a temporary file the code named: no parameter's value) is then no option of anything,
so no argument injection of it; what the script does with its data is the script's business (a
script the function wrote with the caller's text is scriptfiles.py's). The interpreters are the
catalog's ``script-operand-programs`` (``rules/models/python/process.yaml``): only those whose
scripts take their words as a plain list. ``python tool.py -u VALUE`` and ``bash run.sh VALUE``
stop the interpreter's options too, but the script itself commonly parses options (argparse,
getopts), so the value stays an option of the script (py31b's fixtures).

Still reported: a caller's value before the script operand or as the script operand itself, a
value after ``-e`` (program text: argvruns.py), and an argv with a splat or a caller's element
before the script (its position is unknown).
"""

from __future__ import annotations

from typing import Sequence, Tuple

#: options after which the interpreter runs no script file: a module (``-m``) or program text
_NO_SCRIPT = frozenset({"-m", "-"})


def _from_caller(t) -> bool:
    """A parameter's or a tool argument's value (a call's result, ``tempfile``'s ``fh.name``, is
    the code's own file name here; one that turns out to be the caller's is reported on its own
    element, where nothing precedes it)."""
    return any(lbl and lbl[0] in ("p", "src") for lbl in (t or {}))


def script_data(M, elems: Sequence[Tuple], i: int) -> bool:
    """Element ``i`` of ``elems`` ((node, taint, constant, splat) each) follows the fixed script
    operand of a ``script-operand-programs`` interpreter: the script's data, not an option."""
    prog = (elems[0][2] or "").rsplit("/", 1)[-1] if elems else ""
    if prog not in M.script_operand_programs:
        return False
    code_flags = M.code_programs.get(prog, (frozenset(), ""))[0] | frozenset(M.shell_flags)
    takes_value = M.option_operands.get(prog, frozenset())
    j = 1
    while j < i:
        _n, t, c, splat = elems[j]
        if splat or _from_caller(t):  # the caller's value, or an unknown count of words, before any script operand
            return False
        if c is not None and c.startswith("-") and c != "-":
            if c in code_flags or c in _NO_SCRIPT:
                return False
            j += 2 if c in takes_value else 1  # an option's own value is no script operand
            continue
        return c != "-"  # the first operand: the script file (a constant, or a value the code made)
    return False


def written_script_data(fa, elems: Sequence[Tuple], i: int) -> bool:
    """Element ``i`` follows the script operand of an interpreter (the catalog's ``script-programs``,
    ``sys.executable`` and a venv's python among them) when that operand is a file the function
    wrote the caller's text into (scriptfiles.py): ``[sys.executable, tmp.name, arg]``. The
    interpreter's options ended at the script, and the script is the caller's own code, so an option
    in its argv gives the caller nothing the code execution reported at that run does not: no
    argument injection of it (the fixed-script counterpart is :func:`script_data`)."""
    files = fa.__dict__.get("script_files")
    if not files or not elems or elems[0][3]:
        return False
    from .progreturns import interpreter_value, program_name
    from .scriptfiles import _operand_keys

    prog = program_name((elems[0][2] or "").rsplit("/", 1)[-1]) if elems[0][2] else interpreter_value(fa, elems[0][0])
    if prog not in fa.M.script_programs:
        return False
    code_flags = fa.M.code_programs.get(prog, (frozenset(), ""))[0] | frozenset(fa.M.shell_flags)
    for j in range(1, i):
        node, t, c, splat = elems[j]
        if splat or (c is not None and (c in code_flags or c in _NO_SCRIPT)):
            return False
        if c is not None and c.startswith("-"):
            continue  # the interpreter's own flag (python -u)
        w = next((files[k] for k in _operand_keys(fa, c, node) if k in files), None)
        return w is not None and w.prog is None and bool(w.taint)
    return False

