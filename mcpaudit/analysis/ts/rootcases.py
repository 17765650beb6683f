"""Two cases a containment predicate spells out for its roots (issue 14).

    return allowedDirectories.some((dir) => {
      const normalizedDir = path.resolve(path.normalize(dir));
      if (normalizedPath === normalizedDir) return true;
      if (normalizedDir === path.sep) return normalizedPath.startsWith(path.sep);
      if (path.sep === "\\\\" && /^[A-Za-z]:\\\\?$/.test(normalizedDir))
        return sameDrive && normalizedPath.startsWith(normalizedDir.replace(/\\\\?$/, "\\\\"));
      return normalizedPath.startsWith(normalizedDir + path.sep);
    });

* **The filesystem root** (:func:`root_case`): ``if (<root> === path.sep) return ...`` - a root
  that is ``/`` holds every path, so whatever that case returns admits nothing outside its root;
  the case is no way for the check to hold *outside* the roots and is skipped like a false return.
  Only when ``<root>`` is the callback's element or a local computed from it alone (the reader,
  :meth:`~.pathshape.PathShape._block_predicate`, checks that): the same test of the caller's
  path (``if (n === "/") return true``) admits ``/`` and is no such case.
* **A separator ensured at the end** (:func:`sep_replaced`): ``root.replace(/[\\\\/]?$/, "/")``
  ends with the separator whatever ``root`` is (an optional atom before ``$`` always matches, and
  the match, possibly empty, is replaced), so ``p.startsWith(root.replace(...))`` is the prefix
  test with a separator, as ``p.startsWith(root + path.sep)`` is. Not a quantifier that may fail
  to match (``/\\\\+$/``: a root without one is left as it was), nor a multi-line flag (``$``
  then also matches before a newline inside).
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

#: the texts of the separator a root case compares with
_SEP_TEXTS = frozenset({"path.sep", "path.posix.sep", '"/"', "'/'", "`/`"})
#: one separator atom (a character, an escaped one, or a class of them), optional, at the end
_OPT_SEP_END = re.compile(r"^(?:\\\\|\\/|/|\[(?:\\\\|\\/|/)+\])[?*]\$$")


def root_case(data: bytes, cond) -> Optional[str]:
    """``X === path.sep`` / ``"/" === X`` (``==`` too): the name ``X`` (an identifier), else None."""
    c = N.unwrap(cond)
    if c is None or c.type != "binary_expression":
        return None
    if N.text(data, c.child_by_field_name("operator")) not in ("===", "=="):
        return None
    left, right = N.unwrap(c.child_by_field_name("left")), N.unwrap(c.child_by_field_name("right"))
    if left is None or right is None:
        return None
    for a, b in ((left, right), (right, left)):
        if a.type == "identifier" and N.text(data, b) in _SEP_TEXTS:
            return N.text(data, a)
    return None


def sep_replaced(fa, node) -> bool:
    """``x.replace(/<separator>?$/, <separator>)``: a value that ends with a path separator."""
    u = N.unwrap(node)
    fn = u.child_by_field_name("function") if u is not None and u.type == "call_expression" else None
    if fn is None or fn.type != "member_expression" or N.text(fa.data, fn.child_by_field_name("property")) != "replace":
        return False
    args = [N.unwrap(a) for a in N.args_of(u)]
    if len(args) != 2 or args[0] is None or args[0].type != "regex" or args[1] is None:
        return False
    pat, flags = args[0].child_by_field_name("pattern"), args[0].child_by_field_name("flags")
    if pat is None or (flags is not None and "m" in N.text(fa.data, flags)):
        return False
    rep = fa.const_of(args[1])
    if rep is None:
        rep = "/" if (fa.dotted(args[1]) or "") in ("path.sep", "path.posix.sep") else None
    return rep in ("/", "\\") and bool(_OPT_SEP_END.match(N.text(fa.data, pat)))


__all__ = ["root_case", "sep_replaced"]
