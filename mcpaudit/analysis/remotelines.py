"""Command lines a shell on the other side runs, though the local call is an argv list.

``adb [-s SERIAL] shell WORDS...`` and ``ssh [options] HOST WORDS...`` join the words after their
subcommand or host into one command line that the device's or the remote user's shell runs
(``remote-shells`` in the process models: ``ssh`` starts after its host, ``adb shell`` after the
subcommand; ``option-operands`` say which options take the next element, so that the host is
found). ``docker exec CONTAINER sh -c SCRIPT`` and ``kubectl exec POD -- sh -c SCRIPT`` run the
script in a shell there (``remote-commands`` followed by a shell program and one of its
``shell-flags``). A caller's value there is shell injection (or the tool's command execution when
it says it runs commands), not argument injection: no ``shell=True`` is needed and single quotes
or a strip of some metacharacters do not stop it; ``shlex.quote`` does.

Where the argv is a literal at the sink, sinkmatch reports a shell sink there
(:func:`remote_line`). Where the list is built without its program (``["shell", line]``, run by
a wrapper that puts ``self.adb_path`` in front), the value carries a mark (``LINE_WORD`` and the
first word before it, in ``clean``) that the linker reads at the wrapper's argv sink with the
program the sink knows (:func:`line_of`). A program the code computes whose name is one of these
programs with a suffix (``self.adb_path``, ``SSH_BIN``) is that program (:func:`named_program`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional, Tuple

from ..lazycst import cst

from .taintvalue import ARGV_ADDED, EMPTY
from .ts.remoteshell import PROGRAM_NAMED

#: in ``clean`` (no family): the value was placed in an argv after this constant word (the first
#: word of the list that is no option: "shell"); the program at the sink says whether it runs
#: the words from there as a remote command line
LINE_WORD = "argv-line-word\x1f"
ROOTED = "\x1fafter-words"
#: the detail of an argument sink of a program known by its name only (:func:`named_argv`)
LINES_ONLY = "read for remote command lines only"


def _programs(M) -> set:
    return {e.split(" ", 1)[0] for e in M.remote_shells} | {e.split(" ", 1)[0] for e in M.remote_commands}


def named_program(M, node) -> str:
    """The remote-shell or remote-command program (``adb``, ``ssh``) a computed program's name
    says it is (``self.adb_path``, ``SSH_BIN``), or ""."""
    if isinstance(node, cst.Attribute):
        name = node.attr.value
    elif isinstance(node, cst.Name):
        name = node.value
    else:
        return ""
    m = PROGRAM_NAMED.match(name)
    prog = m.group("prog").lower() if m else ""
    return prog if prog in _programs(M) else ""


def named_argv(sm, call, fq: str, elems, prog: str) -> None:
    """The argv of a program the code computes whose name says which it is (``[self.adb_path,
    *args]``), read as for that program for its remote command lines only: a shell sink where
    one is in view, and argument sinks that only carry the marks of values placed elsewhere
    (``LINES_ONLY``: the linker reports nothing else for them; the program's options are not
    read from a name)."""
    first = len(sm.sinks)
    sm._argv_elems_checked(call, fq, [(None, EMPTY, prog, False)] + list(elems[1:]))
    sm.sinks[first:] = [s if s.family == "shell" else replace(s, detail=LINES_ONLY)
                        for s in sm.sinks[first:] if s.family in ("shell", "argument")]


def _line_start(M, prog: str, consts) -> Optional[tuple]:
    """(index, entry) of the first element of the remote command line of ``prog``'s argv
    (``consts``: constant elements, None where not constant), or None."""
    opts = M.option_operands.get(prog, frozenset())
    j = 1
    while j < len(consts):
        c = consts[j]
        if c == "--":
            j += 1
            continue
        if c is not None and c.startswith("-"):
            j += 2 if c in opts else 1
            continue
        if prog in M.remote_shells:
            return j + 1, prog  # ssh HOST WORDS...
        sub = f"{prog} {c}"
        return (j + 1, sub) if c is not None and sub in M.remote_shells else None
    return None


def remote_line(M, prog: str, consts, i: int, shells) -> Optional[Tuple[str, bool]]:
    """(why, rooted) when element ``i`` of an argv whose program is ``prog`` is run by a shell
    on the other side (``adb shell``, ``ssh HOST``, ``docker exec C sh -c``), or None; rooted: it
    follows words of the code's in that command line (not its first word)."""
    if not prog or i < 1:
        return None
    at = _line_start(M, prog, consts)
    if at is not None and at[0] <= i:
        return line_detail(at[1]), i > at[0]
    words = [c for c in consts[1:3] if c and not c.startswith("-")]
    cmd = f"{prog} {words[0]}" if words else ""
    if i >= 3 and cmd in M.remote_commands and consts[i - 2] in shells and consts[i - 1] in M.shell_flags:
        return f"{cmd} runs {consts[i - 2]} {consts[i - 1]} with the value there: a shell script on the other side", False
    return None


def line_detail(entry: str) -> str:
    where = "its host" if " " not in entry else f"'{entry.split(' ', 1)[1]}'"
    return f"{entry} joins the words after {where} into a command line that the shell on the other side runs"


def line_mark(M, consts, i: int) -> Optional[str]:
    """The mark of a value placed as element ``i`` of a list built here: the first constant
    word before it that is no option, when a remote-shells entry names it (``["shell", line]``:
    "shell"; ``["adb", "-s", s, "shell", line]``: "adb shell"), and ``ROOTED`` when an element
    comes between that word and the value (it is not the command line's first word)."""
    at = [j for j in range(i) if consts[j] and not consts[j].startswith("-")]
    if not at:
        return None
    first = consts[at[0]].rsplit("/", 1)[-1]
    if len(at) > 1 and f"{first} {consts[at[1]]}" in M.remote_shells:
        return f"{LINE_WORD}{first} {consts[at[1]]}" + (ROOTED if i > at[1] + 1 else "")
    subs = {e.split(" ", 1)[1] for e in M.remote_shells if " " in e}
    return f"{LINE_WORD}{first}" + (ROOTED if i > at[0] + 1 else "") if first in subs else None


def line_of(M, marks: Iterable[str], prog: Optional[str]) -> Optional[Tuple[str, bool, str]]:
    """(why, rooted, the word it follows) of a value whose marks say it follows a remote-shells subcommand, for the
    program ``prog`` of the argv sink it reaches, or None."""
    prog = (prog or "").rsplit("/", 1)[-1]
    for c in marks:
        if not c.startswith(LINE_WORD):
            continue
        word = c[len(LINE_WORD):].removesuffix(ROOTED)
        entry = word if " " in word else f"{prog} {word}"
        if entry in M.remote_shells:
            return line_detail(entry), c.endswith(ROOTED), word
    return None


def line_site(steps, word: str):
    """The step where a caller's value was handed to the function that placed it after the
    remote word (``self._adb.shell(serial, f"cat '{p}'")``, the call before the wrapper's
    ``["shell", command]``): where the command line is written, or None."""
    at = next((k for k, st in enumerate(steps) if st.note.startswith(f"{ARGV_ADDED} '{word}")), None)
    if at is None or at < 2 or not steps[at - 1].note.startswith("parameter "):
        return None
    site = steps[at - 2]
    return site if site.note.startswith("passed to ") else None


__all__ = ["LINES_ONLY", "LINE_WORD", "line_site", "named_argv", "line_detail", "line_mark", "line_of", "named_program", "remote_line"]
