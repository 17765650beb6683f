"""A request to a host the caller chooses that carries the server's own credential (issue 12),
both engines.

A tool that says it fetches (its name or description in the network family's words) has the
caller's URL as its purpose: the flow is its capability, reported once (``inter.py``,
``capabilities.as_is``). That purpose does not cover what the request carries besides its URL:
a header, an option or a body holding a credential of the server's (an environment or
configuration secret, not the caller's own argument) goes with it to whatever host the caller
names - the operator's token handed to anyone who can call the tool. So each engine records, with
a request's URL sink, the taint of the rest of the call (its options, headers and body, and the
client object it is sent through) as ``SinkRec.sent``; the linker resolves it as it resolves the
URL's (a helper's ``options.token`` is its caller's ``accessToken || PUSH_TOKEN``) and, when a
secret of the server's is among it, names it in ``SinkRec.sent_secret``: the flow stays a default
``tool-ssrf`` whatever the tool declares, and its message says which credential goes along. A
request that carries only the caller's own key, or nothing, stays the tool's capability.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from .credowner import with_owner
from .credparams import AS_GIVEN
from .taintvalue import Taint

#: in a finding's message: the credential a request to the caller's host carries
_NOTE = "the request carries the server's credential '{}' to the host the caller chooses"


def sent_taint(taints: Iterable[Taint]) -> Taint:
    """What of a request's other parts may be a secret of the server's once linked: its secrets,
    and what the linker resolves (parameters, call results, fields); the caller's own values
    (sources) are left out."""
    out: Taint = {}
    for t in taints:
        for label, info in (t or {}).items():
            if label[0] != "src":
                out.setdefault(label, info)
    return out


def with_sent_secret(sink, resolve: Callable[[Taint], Taint]):
    """``sink`` with the secret of the server's its request carries (resolved through
    ``resolve``, the linker's substitution of the function's labels), or ``sink`` itself."""
    if sink.family != "ssrf":
        return sink
    sink = with_owner(sink, resolve)  # whose credential a path fill carries (credowner.py)
    if not getattr(sink, "sent", None):
        return sink
    names = sorted(str(label[1]) for label, info in resolve(sink.sent).items()
                   if label[0] == "s" and not AS_GIVEN <= info.clean)
    return replace(sink, sent_secret=names[0]) if names else sink


def sends_secret(sink) -> bool:
    """Whether the request carries a secret of the server's: beyond any declared fetch."""
    return bool(getattr(sink, "sent_secret", ""))


def sent_note(sink) -> str:
    """The words a finding's message adds for such a request ("" for any other)."""
    return _NOTE.format(sink.sent_secret) if sends_secret(sink) else ""


__all__ = ["sent_note", "sent_taint", "sends_secret", "with_sent_secret"]
