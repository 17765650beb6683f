"""Path parameters of a generated API client's request options.

openapi-typescript-codegen's services pass ``{ method: "GET", url: "/tasks/{taskId}", path: {
taskId } }`` to the client's request core, which replaces each ``{name}`` of ``url`` with the
value ``path`` keeps under that name (through ``config.ENCODE_PATH || encodeURI``: ``encodeURI``
keeps ``/``, ``?`` and ``..``, so it is no segment encoding) and appends the result to the
configured base URL. So a value of ``path`` lands where its placeholder stands: when every
placeholder of the constant ``url`` is in the URL's path, the values carry the URL-path marks a
template gives (reqpaths.py); the request core that sends them decides the rest (the host, the
credential in ``config.HEADERS``).
"""

from __future__ import annotations

import re

from ..taintvalue import Taint, mark
from ..urlpath import HOLE
from . import nodes as N
from .reqpaths import path_marks

#: the request-options keys of the URL template and of the values that fill its placeholders
_URL_KEY, _PATH_KEYS = "url", frozenset({"path"})
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def path_params(interp, obj, value: Taint) -> Taint:
    """``value`` (of the object literal ``obj``) marked as in the URL path when ``obj`` is the
    path-parameter object of request options whose constant ``url`` has all its placeholders
    there."""
    pair = obj.parent
    if not value or pair is None or pair.type != "pair" or pair.parent is None or pair.parent.type != "object":
        return value
    if N.prop_key(interp.data, pair.child_by_field_name("key")) not in _PATH_KEYS:
        return value
    url = N.object_props(interp.data, pair.parent).get(_URL_KEY)
    text = N.string_value(interp.data, N.unwrap(url)) if url is not None else None
    holes = list(_PLACEHOLDER.finditer(text or ""))
    if not holes:
        return value
    marks = [path_marks(_PLACEHOLDER.sub(HOLE, text[:m.start()])) for m in holes]
    return mark(value, clean=marks[0]) if all(marks) and len(set(marks)) == 1 else value


__all__ = ["path_params"]
