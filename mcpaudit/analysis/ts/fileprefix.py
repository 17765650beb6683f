"""A browser or loader URL whose constant head is ``file:`` opens a local file (issue 14, ts52b).

``` page.goto(`file://${resolvedHtmlPath}`) ``` (or ``"file://" + p``) cannot leave the machine:
the scheme is the code's and no host follows it that the caller fills, so the value is a path the
browser reads from disk, not a URL of the caller's choice. The request sink (``tool-ssrf``, kind
``file-url``) becomes a read of that path (the file-access model: a capability, or path traversal
when a fixed folder is escaped). A caller's value right after ``file://`` that text beginning with
``/`` follows (``` `file://${host}/share` ```) is a host (a UNC share on Windows): it stays a request.
"""

from __future__ import annotations

from typing import List, Optional

from . import nodes as N


def _pieces(fa, node) -> List[object]:
    """The parts of a string expression in order: str for constant text, else the value's node."""
    u = N.unwrap(node)
    if u is None:
        return []
    if u.type == "template_string":
        out: List[object] = []
        for ch in u.named_children:
            if ch.type == "string_fragment":
                out.append(N.text(fa.data, ch))
            elif ch.type == "template_substitution":
                inner = [x for x in ch.named_children if x.type != "comment"]
                c = fa.const_of(inner[0]) if inner else None
                out.append(c if c is not None or not inner else inner[0])
        return out
    if u.type == "binary_expression" and N.text(fa.data, u.child_by_field_name("operator")) == "+":
        return _pieces(fa, u.child_by_field_name("left")) + _pieces(fa, u.child_by_field_name("right"))
    c = fa.const_of(u)
    return [c if c is not None else u]


def local_file_url(fa, node) -> Optional[object]:
    """When ``node`` is a ``file:`` URL whose host the caller does not fill: the node of the value
    it opens (the first one after the constant head), else None."""
    parts = _pieces(fa, node)
    head = ""
    i = 0
    while i < len(parts) and isinstance(parts[i], str):
        head += parts[i]
        i += 1
    low = head.lower()
    if not low.startswith("file:") or i >= len(parts):
        return None
    after = parts[i + 1] if i + 1 < len(parts) else None
    if low == "file://" and isinstance(after, str) and after.startswith("/"):
        return None  # file://<host>/...: a host the caller fills (a share)
    return parts[i]  # file:///abs, file://<abs path>, file://localhost/...: a local file


__all__ = ["local_file_url"]
