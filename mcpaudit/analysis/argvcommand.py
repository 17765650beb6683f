"""The command an argument vector runs: its constant program and the first words after it that
are not options (``["helm", "--kube-context", c, "repo", "add", name]`` runs "helm repo add").

Read by the claims (claims.py): a tool that runs a command the author fixed which only reads,
renders or adds (``non-destructive-commands`` in the process models) keeps a
``destructiveHint=False`` promise. The command is only known when every element before its words
is the author's: a constant, the value of the option before it, or an element no caller value
reaches that could be read as a word (a helper's option pairs); a caller value there could be
the command itself, and then it is unknown ("").
"""

from __future__ import annotations

from typing import List, Sequence

from .cstnodes import option_operand
from .taintvalue import Taint

_WORDS = 2  # "repo add", "rollout status": at most two words name a command


def _authors(t: Taint) -> bool:
    """No caller value in the element can be read as a word (none, or only option values)."""
    return not t or all(x.is_clean("argument") for x in t.values())


def argv_command(elems: Sequence[tuple], operands, flags=frozenset()) -> str:
    """``elems``: (node, taint, constant text or None, ...) per argv element."""
    if not elems or not elems[0][2] or elems[0][1]:
        return ""
    consts = [e[2] for e in elems]
    words = [consts[0].rsplit("/", 1)[-1]]
    if len(elems) == 2 and consts[1] and consts[1].startswith("-") and not elems[1][1]:
        return f"{words[0]} {consts[1]}"  # a lone option (python3 --version): a probe, the models say which
    for i, e in enumerate(elems[1:], start=1):
        c, t = e[2], e[1]
        if c is not None and c.startswith("-"):
            continue
        if option_operand(consts, i, operands, flags):
            continue  # the value of the option before it (-n <namespace>)
        if c is None:
            if not _authors(t) or len(words) > 1:
                break  # a caller value where a command word can be, or an operand after the command
            continue  # a helper's option list (its own elements are checked where it is built)
        words.append(c)
        if len(words) > _WORDS:
            break
    return " ".join(words) if len(words) > 1 else ""


def shell_command(line: str, bare: bool = False) -> str:
    """The command of a constant command line (``"netlify login"``, ``"git -C repo status"``):
    its program and first words, as for an argv; "" for a line the shell would run more than one
    program from (``;``, ``|``, ``&&``, substitutions, redirections). ``bare``: a line that names
    a program and no command words gives the program ("yt-dlp")."""
    if any(ch in line for ch in ";|&`$<>\n(){}"):
        return ""
    words = line.split()
    command = argv_command([(None, {}, w) for w in words], {}) if words else ""
    return command or (words[0].rsplit("/", 1)[-1] if bare and words else "")


def non_destructive(command: str, known) -> bool:
    """Whether ``command`` ("helm repo add x") is one the models list as reading, rendering or
    adding for its program (or for any program: ``login``)."""
    prog, _, rest = command.partition(" ")
    listed = known.get(prog, frozenset()) | known.get("*", frozenset())
    words = rest.split()
    return bool(words) and (words[0] in listed or " ".join(words[:2]) in listed)


def entry_writers(entry: str, M) -> List[str]:
    """How a command admitted by an allow-list entry of program names (``sort``, ``git diff``,
    ``ip route``) can write, when the entry is all that is checked: the models' output options
    (``sort -o FILE``), program options (``find -exec PROGRAM``), writing commands (``git
    branch``: ``git branch NAME``) and other writing uses (``uniq INPUT OUTPUT``, ``ip route
    add``). A key of the models is admitted by an entry that is it or names its program alone."""
    entry = " ".join(entry.split())
    if not entry:
        return []

    def admits(key: str) -> bool:
        return key == entry or key.startswith(entry + " ")

    out = [f"{k} {sorted(v, key=lambda o: (not o.startswith('--'), o))[0]} FILE"
           for k, v in sorted(M.output_options.items()) if admits(k) and v]
    out += [f"{k} {sorted(v)[0]} PROGRAM" for k, v in sorted(M.option_programs.items()) if admits(k) and v]
    prog, _, rest = entry.partition(" ")
    for sub in sorted(M.writing_commands.get(prog, ())):
        if not rest or sub == rest or sub.startswith(rest + " "):
            out.append(f"{prog} {sub} NAME" if sub == rest else f"{prog} {sub}")
    out += [v for k, v in sorted(M.writing_uses.items()) if admits(k)]
    return list(dict.fromkeys(out))
