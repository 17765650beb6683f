"""What a command's options can do, and the argv of a GitPython ``repo.git.<command>(...)`` call.

A caller's value that can start with '-' in an argv is argument injection because an option can
make the program do what the tool did not mean: run a program (``git fetch --upload-pack=<cmd>``),
write a file (``git diff --output=<file>``) or read one into its answer (``git blame
--contents <file>``). Some commands have no such option: every option of ``git mv`` (-f, -k, -n,
-v) or ``git remote add`` (-t, -m, -f, --tags, --mirror) only toggles how the command does its
own job. The process models' ``option-hazards`` table says it per command: the options that run
a program or read or write a file the caller names, an empty list when there is none.

* :func:`inert_options`: the element is an operand of a listed command with no such option, so
  sinkmatch reports no argument injection for it; so is the last operand of a desktop opener
  (``xdg-open FILE``, ``open -a Mail FILE``: the models' ``opener-programs``), whose options only
  print help, change how the application opens it, or take their value (an application, a
  stream's file) from a next element there is not (``opener-operand-options``);
* :func:`hazard_note`: the message of a listed command names its options (``; git push options
  that run a program, touch a file or send a credential elsewhere: --receive-pack, --exec``);
* :func:`git_elems`: the argv of ``repo.git.fetch(*args)``: a positional ``*list`` spreads the
  elements of a list the function built (``args = [remote]; args.append(branch)``), so each
  element is checked as if written in place; a list not known here is not read (a wrapper that
  builds it reports where it places a value, progwrap.py).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from . import cstnodes as N
from .taintvalue import EMPTY


def _command(M, consts, i: int) -> Optional[Tuple[str, frozenset]]:
    """The longest ``option-hazards`` command whose words are the constant elements before
    element ``i`` (the program by its file name), and its options."""
    if not consts or not consts[0] or not M.option_hazards:
        return None
    words = [consts[0].rsplit("/", 1)[-1]] + list(consts[1:i])
    best = None
    for key, opts in M.option_hazards.items():
        parts = key.split()
        if len(parts) <= len(words) and words[:len(parts)] == parts and (best is None or len(parts) > len(best[0].split())):
            best = (key, opts)
    return best


def inert_options(M, consts, i: int) -> bool:
    """Element ``i`` follows a command none of whose options runs a program or touches a file,
    or is the last operand of a desktop opener (``["xdg-open", path]``, ``["open", "-a", "Mail",
    path]``: after constant elements, not after ``--args`` nor right after an option that takes
    the next element, the models' ``opener-operand-options``)."""
    if i >= 1 and i == len(consts) - 1 and (consts[0] or "").rsplit("/", 1)[-1] in M.opener_programs \
            and all(c is not None for c in consts[1:i]) and "--args" not in consts[1:i] \
            and consts[i - 1] not in M.opener_operand_options:
        return True
    if setting_value(M, consts, i):
        return True
    found = _command(M, consts, i)
    return found is not None and not found[1]


def setting_value(M, consts, i: int) -> bool:
    """Element ``i`` is the value after a constant setting name of a ``setting-commands`` command
    (``git config --global user.name <value>``): git config stops reading options at the name
    (parse-options' stop-at-non-option), so the value is taken as text whatever it starts with."""
    if i < 2 or i != len(consts) - 1 or not consts[i - 1] or consts[i - 1].startswith("-"):
        return False
    return bool(setting_note(M, consts[:i] + [None], i - 1))


def hazard_note(M, consts, i: int) -> str:
    """The message's words on the options of the command element ``i`` is given to (or on the
    setting it names: :func:`setting_note`)."""
    setting = setting_note(M, consts, i)
    if setting:
        return setting
    found = _command(M, consts, i)
    if not found or not found[1]:
        return ""
    return f"; {found[0]} options that run a program, touch a file or send a credential elsewhere: {', '.join(sorted(found[1]))}"


def setting_note(M, consts, i: int) -> str:
    """``git config [--global] <key> <value>``: element ``i``, followed by its value alone, comes
    after a command of the models' ``setting-commands`` and only options (or values not known
    here, such as ``--${scope}``), none of them one of the command's read-only ones (``--get``),
    so it names the setting the command changes; the message says what such a setting can do
    (git's core.fsmonitor, core.sshCommand, alias.*: run a command line)."""
    if not consts or not consts[0] or i != len(consts) - 2 or not getattr(M, "setting_commands", None):
        return ""
    after = consts[i + 1]
    words = [consts[0].rsplit("/", 1)[-1]] + list(consts[1:i])
    for key, (unless, how) in M.setting_commands.items():
        parts = key.split()
        rest = words[len(parts):]
        if words[:len(parts)] == parts and all(w is None or w.startswith("-") for w in rest) and not set(rest) & unless \
                and after not in unless:  # `git config --local --list`: no setting named
            return f"; it names the setting {key} changes: {how}"
    return ""


def git_elems(sm, c) -> List[tuple]:
    """(node, taint, constant, unknown) of ``git <command>`` and the arguments of
    ``repo.git.<command>(...)``, a ``*list`` of a tracked list spread into its elements."""
    # GitPython runs the method's name with '_' as '-' (repo.git.cherry_pick: git cherry-pick)
    out: List[tuple] = [(None, EMPTY, "git", False), (None, EMPTY, (c.method or "").replace("_", "-"), False)]
    i = 0
    for a in (a for a in c.node.args if a.keyword is None):
        if a.star == "*":
            inner = sm._list_of(a.value)
            if inner is not None:  # a list not known here stays unread, as before (its builder reports)
                out.extend((n, t, k, False) for (n, t, k) in inner)
        elif not a.star:
            out.append((a.value, c.pos_args[i] if i < len(c.pos_args) else EMPTY, N.string_value(a.value), False))
            i += 1
    return out


def unknown_option(M, prog: str, consts, i: int) -> str:
    """After a constant option of a program the models do not describe (``webprobe -u
    <value>``): whether the option takes the value is not known, so the element stays open;
    the message says which one (argvlow.py)."""
    prev = consts[i - 1] if i >= 2 else None
    if not prog or not prev or not prev.startswith("-") or prev == "--" or "=" in prev:
        return ""
    if prog in M.option_operands or any(k.startswith(prog + " ") for k in M.option_operands):
        return ""
    return f"; the models do not say whether {prog} {prev} takes the next element as its value"
