"""A bare ``token`` of a row of parsed records is the row's identifier, not a credential (py57b).

Secrets are told by origin (issue 12). ``inst.get("token")`` reads as a credential by its key
alone, yet where ``inst`` is a row of a list the server parsed from a file or a response body it
is the row's id: Angel One's instrument master (``json.loads(urlopen(URL).read())``, cached to a
file) holds a numeric ``token`` per symbol, and a tool returning a symbol's metadata returns it::

    def get_instrument_list():
        global _instruments
        _instruments = json.loads(CACHE_FILE.read_text())
        return _instruments

    for inst in get_instrument_list():
        if inst.get("name") == ticker:
            return {"token": inst.get("token"), ...}

:func:`loaded_row` says so when the key is one of the catalog's ``record-rows`` keys (a bare
token, a symbol or instrument token), the receiver is a ``for`` loop's variable, and the loop's
iterable, followed through the function's locals, a module function's returns and what the module
assigns to a global it names, reaches a parsing call (``loads``: ``json.loads``, ``resp.json()``,
``csv.DictReader``); no name on the way (a variable, function, attribute or constant string: the
URL) may say it came from an auth or credential source (``auth``: a login call, an OAuth token
endpoint, a list of accounts, sessions or keys), whose rows' tokens are credentials.
"""

from __future__ import annotations

from typing import List, Set

from ..lazycst import cst

from .cstnodes import string_value

_MOST = 40  # expressions followed from one loop's iterable


def loaded_row(fa, recv_node, key) -> bool:
    """``recv_node[key]`` / ``recv_node.get(key)`` reads a row identifier of parsed records."""
    spec = getattr(fa.M, "record_rows", None)
    if spec is None or not key or not spec[0].search(key) or not isinstance(recv_node, cst.Name):
        return False
    it = getattr(fa, "loop_sources", {}).get(recv_node.value)
    if it is None or fa.mod is None:
        return False
    names: Set[str] = set()
    called: Set[str] = set()
    _follow(fa, it, names, called)
    return any(spec[1].search(c) for c in called) and not any(spec[2].search(n) for n in names)


def _follow(fa, start, names: Set[str], called: Set[str]) -> None:
    """Collect the names, called last names and constant strings of ``start`` and of what its
    names are bound to in the module (locals and globals by assignment, functions by return)."""
    todo: List[cst.CSTNode] = [start]
    seen: Set[str] = set()
    done = 0
    while todo and done < _MOST:
        node = todo.pop()
        done += 1
        for n in _walk(node):
            if isinstance(n, cst.Call):
                last = n.func.attr.value if isinstance(n.func, cst.Attribute) else (
                    n.func.value if isinstance(n.func, cst.Name) else "")
                called.add(last)
            elif isinstance(n, cst.Attribute):
                names.add(n.attr.value)
            elif isinstance(n, (cst.SimpleString, cst.ConcatenatedString)):
                names.add(string_value(n) or "")
            elif isinstance(n, cst.Name) and n.value not in seen:
                seen.add(n.value)
                names.add(n.value)
                todo.extend(_bound(fa.mod, n.value))


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(c for c in n.children if isinstance(c, cst.CSTNode))


def _bound(mod, name: str) -> List[cst.CSTNode]:
    """What ``name`` is bound to anywhere in the module: the values assigned to it, and the
    returned values of a function of that name."""
    memo = mod.__dict__.setdefault("_record_bound", {})
    if name in memo:
        return memo[name]
    out: List[cst.CSTNode] = []
    for n in _walk(mod.module):
        if isinstance(n, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name for t in n.targets):
            out.append(n.value)
        elif isinstance(n, cst.AnnAssign) and isinstance(n.target, cst.Name) and n.target.value == name and n.value is not None:
            out.append(n.value)
        elif isinstance(n, cst.FunctionDef) and n.name.value == name:
            out.extend(r.value for r in _walk(n.body) if isinstance(r, cst.Return) and r.value is not None)
    memo[name] = out
    return out
