"""Command lines whose output is a credential (``secret-commands`` in ``secrets.yaml``): the
Salesforce CLI's ``sf org display`` prints the org's access token, ``gh auth token`` the GitHub
token, ``gcloud auth print-access-token`` a Google one. What a fixed command line of that kind
returns (``exec``/``execSync``, a promisified ``exec``, ``execFile`` with the program and its argv)
is a secret wherever it goes, as a credential read from the environment is: its ``stdout`` and
the parts of the output parsed from it (label ``OUTPUT``: property reads keep it), not its
``stderr`` or exit status."""

from __future__ import annotations

from typing import List, Optional, Sequence

from ..taintvalue import Info, Taint
from . import nodes as N
from .choices import command_text
from .secretcalls import OUTPUT


def _words(fa, kind: str, arg_nodes) -> Optional[List[str]]:
    """The words of the command line a runner call is given, when the author wrote them all."""
    if not arg_nodes:
        return None
    first = command_text(fa, arg_nodes[0])
    if first is None:
        # `sf org display --target-org ${alias}`: the words the author wrote before the first
        # value the code computes (a word cut off by that value is left out)
        prefix = fa.const_prefix(arg_nodes[0])
        words = prefix.split() if prefix[-1:].isspace() else prefix.split()[:-1]
        return words or None
    words = first.split()
    if kind == "program-argv" and len(arg_nodes) > 1:
        arr = N.unwrap(arg_nodes[1])
        if arr is None or arr.type != "array":
            return words
        for el in arr.named_children:
            if el.type == "comment":
                continue
            w = command_text(fa, el)
            if w is None:
                break  # a value the code computes: the words before it still name the command
            words.append(w)
    return words


def _matches(words: Sequence[str], commands) -> Optional[str]:
    for cmd in commands:
        if tuple(words[:len(cmd)]) == cmd:
            return " ".join(cmd)
    return None


def command_secret(fa, node, fq: str, arg_nodes) -> Optional[Taint]:
    """The secret a runner call returns when its command line prints a credential, or None."""
    M = fa.M
    model = M.sink_calls.get(fq.replace("()", "")) if M.secret_commands else None
    if model is None or model.family != "shell" or model.kind not in ("value", "program-argv"):
        return None
    words = _words(fa, model.kind, arg_nodes)
    hit = _matches(words, M.secret_commands) if words else None
    if hit is None:
        return None
    what = f"the output of `{hit}`"
    return {("s", what, OUTPUT): Info((fa.step(node, f"secret {what} read"),))}


__all__ = ["command_secret"]
