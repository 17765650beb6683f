"""What a module's own text shows a value carries or reaches: the program whose commands a child
process's stdin takes (:func:`stdin_program`), and the parts of an HTTP request that carry a
credential somewhere in the server, so that logging them whole is a leak: the request headers (some code reads an API-key or Authorization header,
an auth middleware) and the request URL (some code reads a key from its query string,
``url.searchParams.get("apiKey")``, ``req.query.token``).

The interpreter records the logged parts as *whole* names of a log sink (``headers``, ``url``,
see :mod:`.sinks`); the linker reports them where the server has such a credential
(``Linker.whole_carriers``).
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from .hookauth import pending

#: the last name of an HTTP request object (its .url is the path and query the client sent)
REQUEST_NAME = re.compile(r"(?i)^(req|request|incoming(request)?|http_?request)$")
#: a query-string parameter read by name: URLSearchParams.get/has/getAll, express's req.query
_QUERY_READ = re.compile(
    rb"""\.searchParams\s*\.\s*(?:get|getAll|has)\s*\(\s*["'`]([\w-]+)["'`]"""
    rb"""|\b(?:req|request)\s*\.\s*query\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["'`]([\w-]+)["'`]\s*\])""")


def url_credentials(data: bytes, models) -> List[Tuple[str, int]]:
    """(name, line) of every query-string parameter named like a credential that the module
    reads from a request URL."""
    if b"searchParams" not in data and b"query" not in data:
        return []
    out: List[Tuple[str, int]] = []
    for m in _QUERY_READ.finditer(data):
        name = next(g for g in m.groups() if g).decode("utf-8", "replace")
        if models.is_secret_name(name) and all(n != name for n, _ in out):
            out.append((name, data.count(b"\n", 0, m.start()) + 1))
    return out


def whole_carriers(modules) -> Dict[str, str]:
    """Whole request parts that carry a credential here -> how a finding names them. Request
    headers carry one only where some code reads one (logging the headers of a server where
    none is read leaks nothing); the request URL where some code reads a key from its query."""
    out: Dict[str, str] = {}
    if any(not pending(a) for m in modules.values() for a in m.auth):
        out["headers"] = "request headers"
    keys = [(path, name, line) for path, m in sorted(modules.items())
            for name, line in getattr(m, "url_credentials", ())]
    if keys:
        path, name, line = keys[0]
        out["url"] = f"the request URL (its query string carries the credential '{name}', read at {path}:{line})"
    return out


def stdin_program(mod):
    """(program, word, file options) of the ``stdin-programs`` row whose REPL this module
    spawns: it calls child_process and holds the program's name (or an npm spec of it,
    ``heroku@latest``) and the word that starts the REPL as string literals. Memoised."""
    cached = getattr(mod, "_stdin_program", False)
    if cached is not False:
        return cached
    found = None
    data = mod.data
    if b"child_process" in data and b"stdin" in data:
        for name, word, files in mod.M.stdin_programs:
            q = rb"""["'`]"""
            named = re.search(q + re.escape(name.encode()) + rb"(?:@[\w.^~-]+)?" + q, data)
            if named and (not word or re.search(q + re.escape(word.encode()) + q, data)):
                found = (name, word, files)
                break
    mod._stdin_program = found
    return found
