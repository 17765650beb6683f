"""A value that starts with '/' placed right after a URL's base fills that URL's path.

``p.startsWith("/") ? p : `/${p}` `` and ``if (!p.startsWith("/")) p = "/" + p`` (both arms) leave
a value whose whole text starts with '/' (SLASH_LED, a marker in ``Info.clean``: it cleans
nothing by itself). Placed right after something (```${baseUrl}${normalizedPath}```, ``base +
path``: a configured base, or a caller's, whose own flow is then the finding), such a text
begins the URL's path: the host before it ends at that '/', so '@', ':' or a second host in the
value cannot move the request elsewhere. It is a path fill (``url-path``), judged by the policy
of ``analysis/reqcreds.py`` like ```${base}/v2/${x}```, not a host the caller chooses. Not after
text ending in ':' or '/' (```https:${p}``` would make ``//evil.example`` a host), nor at the
start of the URL. A value placed after more fixed text (```/zones/${id}```) is not slash-led
itself: its place is read where the text is built (reqpaths.py).
"""

from __future__ import annotations

from ..taintvalue import AFTER_BASE, SLASH_LED, Taint
from ..urlpath import HOLE, IN_PATH

#: the labels whose text is known only when linked (a parameter's value, a call's result)
_LINKED = ("p", "pf", "c")
#: the narrowing's reason (a marker only: no check)
SLASH_WHY = "starts with '/'"


def slash_text(text: str) -> bool:
    """Whether a string built as ``text`` (values as HOLE) is one '/' and then a single value:
    ```/${p}```, ``"/" + p``."""
    return text == "/" + HOLE


def led(v: Taint) -> Taint:
    """Every value of ``v`` marked as sitting in a text that starts with '/'."""
    return {k: (i if SLASH_LED in i.clean else i.replace(clean=i.clean | {SLASH_LED})) for k, i in v.items()}


def after_base(sv: Taint, before: str) -> Taint:
    """``sv`` placed after ``before`` (earlier values as holes): its slash-led values fill the
    URL's path (a caller's value before them is reported as the host's own flow)."""
    if not sv or not before or before.endswith((":", "/")):
        return sv
    return {k: i.replace(clean=i.clean | (IN_PATH if SLASH_LED in i.clean else {AFTER_BASE}))
            if SLASH_LED in i.clean or k[0] in _LINKED else i for k, i in sv.items()}
