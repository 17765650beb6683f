"""Validators that test a value's form only, not what it reaches.

``function isValidUrl(s) { try { const u = new URL(s); return u.protocol === "http:" ||
u.protocol === "https:" } catch { return false } }``: a true verdict says that ``s`` parses as a
URL and names a network scheme. The same tests written inline in a handler only mark the value
(no option, no ``file:`` URL: ``NET_SCHEME``) and do not make it *checked*, so a tool that says it
fetches URLs still shows that as its capability (capabilities.as_is). Handed over by a helper's
verdict (or by a helper that throws, its ``validates``), the same marks used to arrive as a check
(checks.Checks.apply), and the tool's declared fetch became a ``tool-ssrf`` finding.

A helper's proof carries :data:`~mcpaudit.analysis.taintvalue.UNCHECKED` (the caller's value is
marked, not checked) when nothing on the parameter's way through the helper was a check
(no state ``checked``) and the helper tests nothing but the value's form (:func:`form_only`, read
on its syntax): URL parsing, a scheme compared or listed (``u.protocol`` against a list: a list
tested against ``u.hostname`` is a host check), a bare scheme prefix (``"https://"``, not
``"https://api.x.com/"``), emptiness, ``typeof``,
a length bound, and the string methods that keep a value (``trim``, ``toLowerCase``). A helper
that calls anything else (``isPrivateIp(u.hostname)``, ``dns.lookup``), tests a host, a regex, a
subscript or a ``switch`` may refuse on what the analysis does not read (a private-address
refusal, a host deny-list), so its proof stays a check, as before. Whether the flow is then the
tool's capability or a finding is decided as for an inline test: by the tool's declared purpose.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Optional

from ..narrowing import network_scheme
from ..taintvalue import UNCHECKED
from . import nodes as N

#: methods that keep the value they are called on (no test, no other value)
_KEEPING = frozenset({"trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toString"})
#: calls of a global that only convert or test truthiness
_CONVERTERS = frozenset({"Boolean", "String"})
#: a scheme's name as a list holds it (``"https:"``, ``"http"``)
_SCHEME_WORD = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:?$")
#: a bare scheme a prefix test names (``"https://"``, ``"http:"``): no host after it
_BARE_SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:(?://)?$")
#: a variable holding a URL's scheme (``const protocol = u.protocol``)
_SCHEME_NAME = re.compile(r"(?i)^(?:protocol|scheme)$")
#: node types whose test the analysis may not read: a regex, a computed lookup, a switch, an await
_OPAQUE = frozenset({"regex", "subscript_expression", "switch_statement", "await_expression"})
_EQUALITY = frozenset({"===", "!==", "==", "!="})
_ORDER = frozenset({"<", ">", "<=", ">="})


def form_only(fa) -> bool:
    """Whether the function ``fa`` interprets tests its values' form only (see the module doc);
    read once per function."""
    memo = fa.__dict__.get("_form_only")
    if memo is None:
        memo = fa.__dict__["_form_only"] = fa.node is not None and _form_only(fa, fa.node)
    return memo


def unchecked_proof(fa, fams: FrozenSet[str], infos: Iterable) -> FrozenSet[str]:
    """``fams`` (what a helper proves of a parameter) with :data:`UNCHECKED` when none of
    ``infos`` (the parameter's values where the proof holds) was checked and the helper tests
    its values' form only."""
    if not fams or UNCHECKED in fams or any(i.checked for i in infos) or not form_only(fa):
        return fams
    return frozenset(fams) | {UNCHECKED}


def form_validates(fa, validates: Dict[str, FrozenSet[str]], exits: Optional[dict]) -> Dict[str, FrozenSet[str]]:
    """A throwing helper's ``validates`` (what every normal exit proves of each parameter), each
    marked :data:`UNCHECKED` as :func:`unchecked_proof` says."""
    return {name: unchecked_proof(fa, fams, ((exits or {}).get(name) or {}).values())
            for name, fams in validates.items()}


def _form_only(fa, fn) -> bool:
    data = fa.data
    todo = [fn.child_by_field_name("body") or fn]
    while todo:
        n = todo.pop()
        t = n.type
        if t in _OPAQUE:
            return False
        if t == "call_expression" and not _form_call(data, n):
            return False
        if t == "new_expression" and not _form_new(fa, n):
            return False
        if t == "binary_expression" and not _form_test(data, n):
            return False
        todo.extend(n.named_children)
    return True


def _form_new(fa, e) -> bool:
    """``new URL(s)`` (a URL parser), or the error a refusal throws (``new McpError(...)``)."""
    ctor = fa.dotted(e.child_by_field_name("constructor")) or ""
    return ctor in fa.M.url_parsers or ctor.rsplit(".", 1)[-1].endswith("Error")


def _form_call(data: bytes, call) -> bool:
    """A call that keeps or converts the value, or tests its scheme."""
    fn = N.unwrap(call.child_by_field_name("function"))
    args = N.args_of(call)
    if fn is None:
        return False
    if fn.type == "identifier":
        return N.text(data, fn) in _CONVERTERS
    if fn.type != "member_expression":
        return False
    prop = fn.child_by_field_name("property")
    meth = N.text(data, prop) if prop is not None else ""
    if meth in _KEEPING:
        return not args
    if meth == "startsWith" and len(args) == 1:  # s.startsWith("https://"), not a host's prefix
        prefix = N.string_value(data, args[0])
        return bool(_BARE_SCHEME.match(prefix or "")) and network_scheme(prefix)
    if meth in ("includes", "has") and len(args) == 1:
        if not _scheme_value(data, N.unwrap(args[0])):
            return False  # ["api.github.com"].includes(u.hostname): a host list is a check
        recv = N.unwrap(fn.child_by_field_name("object"))
        if recv is not None and recv.type == "new_expression":  # new Set([...]).has(p)
            inner = N.args_of(recv)
            recv = N.unwrap(inner[0]) if len(inner) == 1 else None
        # ["http:", "https:"].includes(u.protocol); a list admitting "file:" too refuses only other
        # schemes and lets local files through: no guard either (ts53a; it earns no NET_SCHEME mark)
        return recv is not None and recv.type == "array" and bool(recv.named_children) and all(
            _SCHEME_WORD.match(N.string_value(data, c) or "") for c in recv.named_children)
    return False


def _scheme_value(data: bytes, node) -> bool:
    """``u.protocol`` (or a variable named ``protocol``/``scheme``): what a scheme list tests."""
    if node is None:
        return False
    if node.type == "identifier":
        return bool(_SCHEME_NAME.match(N.text(data, node)))
    return _member(data, node) == "protocol"


def _form_test(data: bytes, e) -> bool:
    """A comparison of a scheme, a type, an emptiness or a length (any other operator: no test)."""
    op = e.child_by_field_name("operator")
    opt = op.type if op is not None else ""
    if opt in ("in", "instanceof"):
        return False
    if opt not in _EQUALITY and opt not in _ORDER:
        return True  # &&, ||, ??, arithmetic: the operands are read on their own
    left, right = N.unwrap(e.child_by_field_name("left")), N.unwrap(e.child_by_field_name("right"))
    if left is None or right is None:
        return False
    for a, b in ((left, right), (right, left)):
        if opt in _ORDER:
            if _member(data, a) == "length" and (b.type == "number" or b.type == "identifier"):
                return True
            continue
        if not N.is_literal(b):
            continue
        if _member(data, a) in ("protocol", "length") or (a.type == "unary_expression" and N.text(data, a).startswith("typeof")):
            return True
        if b.type in ("null", "undefined") or N.string_value(data, b) == "":
            return True  # an emptiness test
    return False


def _member(data: bytes, node) -> Optional[str]:
    """The property a member expression reads (``u.protocol`` -> ``protocol``)."""
    if node.type != "member_expression":
        return None
    prop = node.child_by_field_name("property")
    return N.text(data, prop) if prop is not None else None


__all__ = ["form_only", "form_validates", "unchecked_proof"]
