"""A declared fetch past one check mcpaudit cannot read is the tool's capability behind that check.

A tool that says it fetches URLs (``fetch-images``: "fetch images from URLs") hands the caller's
URL to the request as is; on the way an operator's URL-prefix list is tested by a checker the
project builds at start-up (``const allowed = makePrefixChecker(process.env.URLS)``: a closure a
factory returns, every URL passing when the list is unset). The finding stays (a weak check on the
way) and the fetch is also the tool's capability, shown behind that check
(:func:`~.capabilities.behind_check`, TypeScript linker only: :class:`~.capsinks.ListedSinks`).

Only when the check is the one on the way and mcpaudit cannot read it: the weak reason is a single
validator-named call ``checked by name() (not verified by mcpaudit)`` with no reference the linker
resolves (a reason carrying ``CHECK_REF`` or ``LATER`` never matches the pattern), one ``checked:`` step in the flow (a later prefix test read in place,
``startsWith('https://docs.example.com')``, makes the tool fetch less than "any URL"), and the name
resolves to no function of the project in any module of the flow, read from the flow's own function
too (a method of its class, ``this.isAllowedHost(url)``, or a function nested beside it: a host
allow-list the project defines is read, and a weak one is a finding, not a purpose).
"""

from __future__ import annotations

import re

from .narrowing import UNVERIFIED

_UNREAD = re.compile(r"checked by ([\w$.]+)\(\) " + re.escape(UNVERIFIED))


def unread_fetch_check(linker, path: str, info, fn=None) -> bool:
    """True when the one check ``info`` passed is a validator-named call of no project function
    (``fn``: the function of the flow's sink, in ``path``, where a method or a nested function
    resolves)."""
    m = _UNREAD.fullmatch(info.weak or "")
    if m is None:
        return False
    checks = [s for s in info.steps if str(getattr(s, "note", "")).startswith("checked:")]
    if len(checks) != 1:
        return False
    name = m.group(1)
    # the callee as the note writes it: ``this.isAllowedHost`` a method of the class, a bare
    # ``isAllowed`` a function in scope (never tried as a method of the class)
    if fn is not None and path in linker.modules and linker.resolve(path, fn, name) is not None:
        return False
    paths = {path} | {s.path for s in info.steps if getattr(s, "path", "")}
    return not any(p in linker.modules and linker.resolve(p, None, name) is not None for p in sorted(paths))


__all__ = ["unread_fetch_check"]
