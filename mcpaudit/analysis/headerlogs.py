"""Header maps logged whole, less the ones whose text form hides the credential (issue 12, py49c).

``logger.debug("Headers: %s", request.headers)`` is reported (``cstnodes.whole_names``): a header
map carries the ``Authorization`` value. httpx's ``Headers`` does not: its ``repr`` (which ``str``,
``%s`` and an f-string use) writes ``[secure]`` for ``authorization`` and ``proxy-authorization``
(the catalog's ``masked-headers``: the library classes whose ``.headers`` are such a map). So a
parameter annotated as an ``httpx.Request`` or ``httpx.Response`` (an event hook's argument), or
``response.request`` of one, logged by its ``.headers`` as text writes no credential.
``dict(request.headers)`` and ``request.headers.items()`` copy the values out and stay reported,
and so does requests' ``CaseInsensitiveDict``, which masks nothing. httpx masks those two names
only: a module that names a credential header of another name (``{"X-API-Key": key}`` as a dict
key or a subscript, rev50) may send its credential in one, and its header maps stay reported.
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from ..catalog import catalog
from . import cstnodes as N
from .receivertypes import _annotated_class

#: the header names httpx writes as ``[secure]`` (httpx/_models.py ``SENSITIVE_HEADERS``)
_HTTPX_MASKED = frozenset({"authorization", "proxy-authorization"})


def _header_owner(fa, node) -> Optional[str]:
    """The library class of the object whose ``.headers`` ``node`` reads (``request.headers`` of
    ``request: httpx.Request``; ``response.request.headers`` of ``response: httpx.Response``)."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "headers"):
        return None
    base = node.value
    if isinstance(base, cst.Name):
        return _annotated_class(fa, base.value)
    if isinstance(base, cst.Attribute) and base.attr.value == "request" and isinstance(base.value, cst.Name):
        owner = _annotated_class(fa, base.value.value)
        return f"{owner.rpartition('.')[0]}.Request" if owner else None
    return None


def _header_names(module) -> List[cst.BaseExpression]:
    """The keys of the header maps a module builds: a dict given as ``headers=``, assigned to or
    merged into a name that says headers (``headers = {...}``, ``h.headers.update({...})``), and
    the index of a store into one (``client.headers["X-API-Key"] = key``)."""
    def says_headers(node) -> bool:
        return "header" in N.CODEGEN.code_for_node(node).rsplit(".", 1)[-1].lower()

    dicts = [a.value for c in N.find_all(module, cst.Call) for a in c.args
             if a.keyword is not None and a.keyword.value == "headers" or
             isinstance(c.func, cst.Attribute) and c.func.attr.value == "update" and says_headers(c.func.value)]
    dicts += [st.value for st in N.find_all(module, (cst.Assign, cst.AnnAssign))
              if any(says_headers(t.target) for t in getattr(st, "targets", ())) or
              isinstance(st, cst.AnnAssign) and says_headers(st.target)]
    keys = [el.key for d in dicts if isinstance(d, cst.Dict) for el in d.elements if isinstance(el, cst.DictElement)]
    keys += [el.slice.value for s in N.find_all(module, cst.Subscript) if says_headers(s.value)
             for el in s.slice[:1] if isinstance(el.slice, cst.Index)]
    return keys


def _unmasked_credential_header(fa) -> bool:
    """The module names a credential header httpx does not mask (``"X-API-Key"`` in a header
    map): its requests may carry the credential there. Once per module."""
    mod = fa.mod
    memo = mod.__dict__.get("_unmasked_header")
    if memo is None:
        from .reqcreds import _secret_header  # the header names policy of the request's credential

        names = {N.string_value(k) for k in _header_names(mod.module)}
        memo = mod.__dict__["_unmasked_header"] = any(
            k and k.lower() not in _HTTPX_MASKED and _secret_header(k, fa.M.is_secret_name) for k in names)
    return memo


def _masked(fa, node) -> bool:
    """``node`` is such a header map as text: bare (``%s``), in ``str()``/``repr()``."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("str", "repr") \
            and len(node.args) == 1:
        node = node.args[0].value
    masked = getattr(catalog().python, "masked_headers", frozenset())
    return _header_owner(fa, node) in masked and not _unmasked_credential_header(fa)


def logged_whole(fa, call: cst.Call) -> List[str]:
    """The argument maps and header maps a log call writes whole (``whole_names`` of each
    argument), less the header maps whose text hides the credential."""
    out: List[str] = []
    for arg in call.args:
        node = arg.value
        if isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression) and not _masked(fa, part.expression):
                    out.extend(N.whole_names(part.expression))
        elif not _masked(fa, node):
            out.extend(N.whole_names(node))
    return out


__all__ = ("logged_whole",)
