"""An auth middleware that hands the request's credential to a decision function of another
module (issue 14, ts32b).

``app.use((req, res, next) => { const d = authorizeRequest({ authHeader: req.headers.authorization,
apiKey: settings.apiKey }); if (d.allow) return next(); res.status(d.status).json(...) })`` with
``authorizeRequest`` in ``security/http-auth.ts`` answering ``{ allow: false, status: 401 }`` unless
the Bearer token matches the key (``timingSafeEqual`` of digests). The serving module reads the
Authorization header but holds no 401 of its own: the posture counts a header read as a check only
next to a rejection (a client sets the same header on its requests), so the check was not seen.

Such a read is a check when it is an argument (or a property of an object argument) of a call of a
function imported from a project module (a relative specifier) whose own body (the module's
top-level function of that name) rejects (401, ``Unauthorized``; a 401 elsewhere in the module, an
error class or a comment, says nothing of a rate-limit or logging helper beside it, mend46b), and the function around the call is a middleware that decides: it calls
``next(`` and answers with a status of its own (``res.status(...)``, ``writeHead``, ``reply.code``).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional

from . import nodes as N
from .entrygraph import _file
from .parse import parse

_NEXT = re.compile(r"\bnext\s*\(")
_ANSWERS = re.compile(r"\.\s*(?:status|code|writeHead|sendStatus)\s*\(")


def _module_of(importer: str, spec: str, texts: Dict[str, str]) -> Optional[str]:
    """The project module a relative import specifier of ``importer`` names (entrygraph's resolution)."""
    hit = _file(posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec)), texts)
    return next(iter(hit), None)


#: the last project's module texts by path (built once per posture, not per header read)
_TEXTS: List[object] = [None, {}]


def _texts(modules) -> Dict[str, str]:
    if _TEXTS[0] is not modules:
        _TEXTS[0], _TEXTS[1] = modules, {m.path: m.text for m in modules}
    return _TEXTS[1]


@lru_cache(maxsize=64)
def _body(path: str, text: str, name: str) -> Optional[str]:
    """The text of the module's top-level function ``name`` (None when it declares none)."""
    data = text.encode("utf-8", "replace")
    fn = N.top_function(data, parse(data, path).root_node, name)
    return None if fn is None else data[fn.start_byte:fn.end_byte].decode("utf-8", "replace")


def delegated_check(ix, start: int, end: int, modules: Iterable, unauth) -> bool:
    """Whether the header read at bytes ``start``-``end`` of ``ix`` (a posture TsIndex) is handed to
    an imported project function that rejects, by a middleware that decides (module docstring).
    ``modules``: the project's posture TsIndexes; ``unauth``: the posture's 401 pattern."""
    best = None
    for dotted, node, _line in ix.calls:
        if node.type != "call_expression" or not (node.start_byte <= start and end <= node.end_byte):
            continue
        args = node.child_by_field_name("arguments")
        if args is None or not (args.start_byte <= start and end <= args.end_byte):
            continue
        if best is None or node.end_byte - node.start_byte < best[1].end_byte - best[1].start_byte:
            best = (dotted, node)
    if best is None or not best[0].startswith(".") or "." not in best[0].lstrip("./"):
        return False
    spec, name = best[0].rsplit(".", 1)
    texts = _texts(modules)
    target = _module_of(ix.path, spec, texts)
    if target is None or target == ix.path:
        return False
    decider = _body(target, texts[target], name)
    if decider is None or not unauth.search(decider):
        return False
    fn = N.enclosing_function(best[1])
    if fn is None:
        return False
    body = ix.data[fn.start_byte:fn.end_byte].decode("utf-8", "replace")
    return bool(_NEXT.search(body) and _ANSWERS.search(body))


__all__ = ["delegated_check"]
