"""Argument injection a command's positional count stops (the process models' ``argument-arity``).

CLIs built on cobra/pflag (helm, kubectl) check how many positionals a command got before it runs.
``helm get all NAME`` takes exactly one: a caller's NAME of ``--post-renderer=/bin/x`` is an
option, leaves no positional, and helm refuses the command. So a caller's value that fills one of
exactly the least count of positionals cannot become an option that runs, unless another element
the caller controls can stand in for it (a second caller slot, a caller's list, a list not known
here): those keep today's report. Counting follows pflag: ``--opt=value`` is one element, an
option the models list as taking a value (option-operands) takes the next element whole, any
other option is a switch; '--' ends the count (elements after it stay open). A program or
command the table does not list keeps the usual report.

:func:`arity_marked` marks the caller's taint so that the linker shows the finding in the audit
view with the reason (argvlow.py).
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .queryprogs import from_file_open, query_note
from .taintvalue import mark

#: in ``clean`` (not a family): the command refuses to run with one positional fewer; after the
#: separator, the message's words
ARITY = "~arity\x1f"


def _command(M, consts) -> Optional[Tuple[str, Tuple[int, Optional[int]], int]]:
    """The longest ``argument-arity`` command whose words are the argv's first constant words, and
    the index of the element after its last word. Options and elements not known here before a
    command word are skipped (``["helm", *context_args, "status", name]``): a cobra program reads
    a word there as the command to find, never as a positional of the command that follows."""
    if not consts or not M.argument_arity:
        return None
    first = 0
    if len(consts) > 2 and consts[1] == "-m" and consts[2] and (
            not consts[0] or consts[0].rsplit("/", 1)[-1].startswith("python")):
        first = 2  # [sys.executable, "-m", "venv", path]: the module is the command (as option-operands key it)
    elif not consts[0]:
        return None
    words, at = [consts[first].rsplit("/", 1)[-1]], [first]
    for k, c in enumerate(consts[first + 1:first + 8], start=first + 1):
        if c is not None and not c.startswith("-"):
            words.append(c)
            at.append(k)
    best = None
    for key, arity in M.argument_arity.items():
        parts = key.split()
        if words[:len(parts)] == parts and (best is None or len(parts) > len(best[0].split())):
            best = (key, arity, at[len(parts) - 1] + 1)
    return best


def _caller(t) -> bool:
    return bool(t) and any(not v.is_clean("argument") for v in t.values())


def _valued(M, consts, k: int) -> bool:
    """Element ``k`` is an option's value (``--kube-context <ctx>``), or has a constant text."""
    return consts[k] is not None or N.option_operand(consts, k, M.option_operands, M.flag_options)


def short_note(M, elems, i: int) -> str:
    """Why element ``i`` cannot become an option that runs: it fills one of exactly the least
    count of positionals of a listed command and nothing else of the caller's is a positional,
    or the command names the only options that take a positional's place (``stand-ins``, none
    of them harmful) and every positional, the caller's among them, is needed."""
    consts = [e[2] for e in elems]
    query = query_note(M, consts, i)  # whois <value>: its options only change the lookup (queryprogs.py)
    if query:
        return query
    found = _command(M, consts)
    if found is None:
        return ""
    key, (least, most), start = found
    if 0 < i < len(elems) and from_file_open(M, key, elems[i][0]):
        return ""  # sslscan <value>: the value alone can be --targets=FILE (queryprogs.py)
    if any(_caller(elems[k][1]) and not _valued(M, consts, k) for k in range(1, start)):
        return ""  # a caller's element before the command words that can be an option of its own
    stand = M.arity_stand_ins.get(key)
    if stand and any(c in stand for c in consts[start:]):
        least, most = least - 1, (most - 1 if most is not None else None)  # helm install --generate-name CHART
    count, mine = 0, False
    for k in range(start, len(elems)):
        node, t, c, splat = elems[k]
        if splat or c == "--":
            return ""  # a list not known here, or elements past '--'
        if c is not None and c.startswith("-") and len(c) > 1:
            continue  # an option: --opt=value, or a switch
        if N.option_operand(consts, k, M.option_operands, M.flag_options):
            continue  # the value of the option before it (-n <ns>)
        if k == i:
            mine = True
        elif _caller(t) and stand is None:
            return ""  # another caller slot can stand in for this one
        count += 1
    if not mine or count != least:
        return ""
    files = sorted(M.arity_from_file.get(key, ()))
    return (f"audit view: {key} takes {'exactly' if most == least else 'at least'} {least} positional "
            f"argument{'s' if least > 1 else ''} and gets {count}, this one among them, so as an option it "
            f"leaves the command short and {key.split()[0]} refuses to run it" + (
                f"; as {' or '.join(files)} (hosts read from a file) its value would end in the constant text "
                "after the caller's part, a file of that exact name" if files else ""))


def arity_marked(M, elems, i: int, flagged):
    """``flagged`` marked for the audit view when the positional count stops the option."""
    note = short_note(M, elems, i)
    return mark(flagged, clean=frozenset({ARITY + note})) if note else flagged


def passed_list(fa, node, v):
    """The taint ``v`` of a call's argument ``node``, marked when it is a list the function built
    (``cmd = ["helm", "get", "all", name]; run(cmd)``) whose caller element the positional count
    stops: the runner it is passed to reports it where it was placed."""
    if not v or not fa.M.argument_arity:
        return v
    if isinstance(node, cst.Name) and node.value in fa.lists:
        elems = list(fa.lists[node.value])
    elif isinstance(node, cst.List) and all(isinstance(e.value, (cst.Name, cst.SimpleString, cst.FormattedString))
                                            for e in node.elements if not isinstance(e, cst.StarredElement)):
        elems = fa._list_of(node)
    else:
        return v
    argv = [(n, t, c, False) for (n, t, c) in elems]
    for i, (_, t, _, _) in enumerate(argv):
        note = short_note(fa.M, argv, i) if _caller(t) else ""
        if note:  # every other caller element is an option's value: none can be an option either
            return mark(v, clean=frozenset({ARITY + note}))
    return v


__all__ = ["ARITY", "arity_marked", "passed_list", "short_note"]
