"""A value that starts with '/' placed right after the code's URL base is a path there.

``p.startsWith("/") ? p : `/${p}` `` and ``if (!p.startsWith("/")) p = "/" + p`` (both arms) leave
a value whose text starts with a single '/' (SLASH_LED, a marker in ``Info.clean``: it cleans
nothing by itself); so does a template or concatenation whose constant text starts with one
(```/${p}```, ``"/" + p``), for every value in it. Placed right after something
(```${baseUrl}${normalizedPath}```, ``base + path``; a configured base, or a caller's, whose own
flow is then the finding), such a text begins the URL's path: the
host before it ends at that '/', so '@', ':' or a second host in the value cannot move the
request elsewhere (clean for ssrf). Not after text ending in ':' or '/' (```https:${p}```
would make ``//evil.example`` a host), nor at the start of the URL, nor for ``//`` (a
protocol-relative URL names its host).
"""

from __future__ import annotations

from ..taintvalue import AFTER_BASE, SLASH_LED, Taint

#: the labels whose text is known only when linked (a parameter's value, a call's result)
_LINKED = ("p", "pf", "c")
#: the narrowing's reason (a marker only: no check)
SLASH_WHY = "starts with '/'"


def slash_text(prefix: str) -> bool:
    """Whether text starting with ``prefix`` starts with one '/' (not a protocol-relative '//')."""
    return prefix.startswith("/") and not prefix.startswith("//")


def led(v: Taint) -> Taint:
    """Every value of ``v`` marked as sitting in a text that starts with '/'."""
    return {k: (i if SLASH_LED in i.clean else i.replace(clean=i.clean | {SLASH_LED})) for k, i in v.items()}


def after_base(sv: Taint, before: str) -> Taint:
    """``sv`` placed after ``before`` (earlier values as holes): its slash-led values are in the
    URL's path (a caller's value before them is reported as the host's own flow)."""
    if not sv or not before or before.endswith((":", "/")):
        return sv
    return {k: i.replace(clean=i.clean | ({"ssrf"} if SLASH_LED in i.clean else {AFTER_BASE}))
            if SLASH_LED in i.clean or k[0] in _LINKED else i for k, i in sv.items()}
