"""Where a value lands in what a sink gets, when that alone decides the finding.

Three placements clear a flow at its sink or weaken it (the linker asks :func:`placed_safely` and
:func:`placed_weak` for each flow):

* a value in the path of a URL whose scheme and host the code fixes (``urlpath.py``);
* a value whose quotes were doubled, inside an SQL literal of a dialect where doubling is the
  literal's whole escape (``sqlquote.py``), or escaped backslash first inside an AppleScript
  string of a script read on stdin (``stdinscript.py``);
* a resource-template value that holds no path separator. python-sdk 1.x FastMCP matches a
  simple ``{name}`` with ``[^/]+`` and never percent-decodes it
  (``src/mcp/server/fastmcp/resources/templates.py``, 1.5 to 1.29); python-sdk 2.x ``MCPServer``
  decodes it but rejects ``..`` escapes and absolute paths before the handler runs, unless the
  project relaxes that with ``ResourceSecurity``. The standalone fastmcp package (2.3 and later)
  percent-decodes its ``[^/]+`` captures (``..%2F..%2Fetc`` arrives as ``../../etc``), and any
  ``{name*}`` / ``{+name}`` form matches ``/``: those stay sources. Such a value glued to the
  code's text in one path component (``f"{name}.yaml"``, ``"page_" + name``) can only name an
  entry of the folder it is joined to: not a traversal. A whole component can still be ``..``
  alone, which names the folder above the root (``rmtree(join(root, name))`` removes it): still
  reported, as a weak flow, with that reason. Used as a path on its own (joined under no folder
  the code chose), it names at most an entry of the working directory (``..`` alone is a folder,
  which a read cannot open as a file): not a traversal for a read; a write or a delete keeps the
  weak flow (a file of the working directory, or ``..`` itself, is still the caller's to name).
  A value a character allow-list left with letters, digits, ``_``, ``-`` and ``.`` only
  (:data:`~.charfilter.NO_SEPARATOR`), or whose separators a replacement took out
  (sepreplace.py), is placed the same way, as is (TypeScript) a piece of a split at the path
  separator (``uri.split("/").pop()``, ts/splitpieces.py's BASENAME).
  In the path of a URL whose host the code fixes it is one segment, as a percent-encoded value is
  (urlpath.py; python-sdk 2.x's decoded ``/`` can only go deeper, its ``..`` is refused). The
  TypeScript SDK's templates match the same way and never decode (ts/templatevars.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import FrozenSet, Optional

from ..lazycst import cst

from ..catalog import catalog
from .charfilter import ALLOW_LISTED, NO_SEPARATOR
from .sepreplace import REPLACED, REPLACED_SEPARATORS
from .ts.splitpieces import BASENAME, BASENAME_SUBJECT
from .narrowing import NET_SCHEME
from .sqlhttp import keyed_elsewhere
from .ts.remotebrowser import remote_browser
from .sqlquote import doubled_in_literal, names_only
from .taintvalue import DECODED, Taint
from .urlpath import URL_PATH, path_low, path_only, path_weak
from .ownoutput import own_output
from .partfilter import placed_under_root
from .stdinscript import quoted_string
from .compprefix import makes_dir, mark_prefixed

#: in ``Info.clean``: a resource-template value with no path separator in it
TEMPLATE_SEGMENT = "template-segment"
#: ... placed right next to the code's text in the same path component
GLUED = "template-segment-glued"
ONE_COMPONENT = ("a resource-template value holds no '/', but '..' alone names the folder above "
                 "the one it is joined to")
ALONE = ("a resource-template value holds no '/', but used as a path on its own it still names any "
         "entry of the working directory")
_SIMPLE = re.compile(r"\{(\w+)\}")
_SEPARATORS = ("/", "\\", "\0")


def template_segment(linker, tool, kind: str, param: str) -> FrozenSet[str]:
    """The marks a handler parameter starts with: TEMPLATE_SEGMENT for a simple ``{param}`` of
    a resource template on a framework that gives it no separator."""
    M = catalog().python
    if kind != "resource" or tool.framework not in M.one_segment_frameworks or not tool.uri:
        return frozenset()
    if param not in _SIMPLE.findall(tool.uri):
        return frozenset()
    relaxed = linker.__dict__.get("_template_relaxed")
    if relaxed is None:
        relaxed = linker._template_relaxed = any(
            v.rsplit(".", 1)[-1] in M.template_relaxers for m in linker.modules.values() for v in m.imports.values())
    return frozenset() if relaxed else frozenset({TEMPLATE_SEGMENT})


def glue(t: Taint, before: Optional[str], after: Optional[str], last: bool = False,
         lead: Optional[str] = None) -> Taint:
    """``t`` placed between the text ``before`` and ``after`` (None: none, or another value):
    GLUED when either side is the code's text that is not a separator. Marked whatever the
    value is (a helper's parameter learns it is a template value only when modules are linked);
    the mark means something only next to TEMPLATE_SEGMENT. ``last``: no separator follows in
    the f-string, so fixed text before the value is a prefix of the path's last component
    (compprefix.py; ``lead``: the f-string's whole text before the value)."""
    if not t or not ((before and before[-1] not in _SEPARATORS) or (after and after[0] not in _SEPARATORS)):
        return t
    t = mark_prefixed(t, before, last, lead)
    return {k: (i if GLUED in i.clean else i.replace(clean=i.clean | {GLUED})) for k, i in t.items()}


def fstring_neighbours(node: cst.FormattedString, index: int, windows: bool = False):
    """The text right before and right after part ``index`` of an f-string (None: a value or
    nothing), whether no text after it holds a path separator, and the whole text before it
    (values as a NUL character). ``windows``: the module shows it runs on Windows
    (sepreplace.windows_aware), where ``prefix_x\\..`` is dropped by its text with no directory
    needed: no value there is a prefixed last component (compprefix.py)."""
    parts = node.parts
    before = parts[index - 1].value if index > 0 and isinstance(parts[index - 1], cst.FormattedStringText) else None
    after = parts[index + 1].value if index + 1 < len(parts) and isinstance(parts[index + 1], cst.FormattedStringText) else None
    last = not any(isinstance(p, cst.FormattedStringText) and any(c in p.value for c in _SEPARATORS)
                   for p in parts[index + 1:])
    lead = "".join(p.value if isinstance(p, cst.FormattedStringText) else "\0" for p in parts[:index])
    return before, after, last and not windows, lead


def _segment(info) -> bool:
    """A resource-template value with no separator, or a value a character allow-list left with
    none (charfilter.py), not percent-decoded on the way."""
    return (TEMPLATE_SEGMENT in info.clean or NO_SEPARATOR in info.clean or BASENAME in info.clean) and \
        DECODED not in info.clean


def placed_safely(linker, sink, info) -> bool:
    """The flow ``info`` cannot do at ``sink`` what the sink's rule reports."""
    if sink.family == "path" and _segment(info) and (GLUED in info.clean or (
            not info.rooted and sink.detail != "write")):
        return True  # glued to the code's text in one component, or read on its own
    if placed_under_root(sink, info):
        return True  # a relative path with no '..' part under a folder the code chose (partfilter.py)
    if sink.family == "path" and _segment(info) and info.rooted and makes_dir(sink):
        return True  # one component under a folder: a new entry of it, or '..'/'.', which exist already
    if sink.family == "ssrf" and sink.url and URL_PATH in info.clean and _segment(info):
        return True  # one segment of a URL path, as an encoded one (path_only): it cannot climb
    if sink.file_url and sink.family == "path" and NET_SCHEME in info.clean:
        return True  # TS: a URL whose scheme the code fixed to https: is no file the loader reads
    return path_only(sink, info) or doubled_in_literal(linker, sink, info) or names_only(linker, sink, info) \
        or keyed_elsewhere(sink, info) or own_output(sink, info) or quoted_string(sink, info)


def web_only(sink, info, linker=None):
    """``sink`` as what the flow ``info`` can make of it: a request sink that also opens ``file:``
    URLs (kind ``file-url``, family ssrf) is a plain request sink for a URL whose scheme the code
    fixed to one that names no local file (``https:``), by a constant prefix or a check, and in a
    project that only connects to a remote browser (TS, ts/remotebrowser.py: its files are not
    the server's)."""
    if sink.file_url and sink.family == "ssrf" and (NET_SCHEME in info.clean or (
            linker is not None and remote_browser(linker))):
        return replace(sink, file_url=False, detail=None)
    return sink


def placed_weak(sink, info) -> Optional[str]:
    """Why the flow ``info`` reaches ``sink`` only weakly (None: it does fully)."""
    if sink.family == "path" and _segment(info) and GLUED not in info.clean:
        why = ONE_COMPONENT if info.rooted else ALONE
        if TEMPLATE_SEGMENT in info.clean:
            return why
        subject = REPLACED_SEPARATORS if REPLACED in info.clean else BASENAME_SUBJECT if BASENAME in info.clean else ALLOW_LISTED
        return why.replace("a resource-template value", subject, 1)
    return path_weak(sink, info)


__all__ = ["ALONE", "GLUED", "ONE_COMPONENT", "TEMPLATE_SEGMENT", "fstring_neighbours", "glue", "path_low", "placed_safely",
           "placed_weak", "template_segment", "web_only"]
