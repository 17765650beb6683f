"""A record's bare ``token`` field beside paging or search fields is a continuation token.

``self.token`` is a secret by its name (``secret-names``) wherever it is read. A bare ``token``
is often something else: the continuation token of a paged search (Semantic Scholar's bulk search,
AWS's NextToken, Google's pageToken), which the API hands out with one page and the caller sends
back for the next. A request record (a class with a ``ClassShape`` from records.py: dataclass,
pydantic model, attrs class) whose ``token`` field sits beside paging or search fields (``limit``,
``offset``, ``cursor``, ``sort``, ``query``...: ``page-records`` in the secret names) or whose name
says it is a search or a page holds such a token: reading ``self.token`` in one
of its methods gives what was put there (a tool's parameter, an API's answer), not a secret by
name. A value a credential source gave (``os.environ["API_TOKEN"]``) still carries its own secret
label into the field (records.py), so this only stops the *name* from making one up
(credparams.credential_parameter says the same of a bare ``token`` parameter).

The same token read off the value a paged call returned is one too (py55c): ``r =
client.search_runs(max_results=20, page_token=t)`` then ``r.token`` (MLflow's ``PagedList.token``),
or ``resp.next_page_token`` of a ``list_*`` call. The local (or the call itself) must come from a
call whose callee's last name searches or lists (``search_*``, ``list_*``, ``query_*``) or that is
given a paging argument (``page_token=``, ``max_results=``, ``cursor=``); every value the function
assigns to it must be such a call. ``auth.login(...).token`` is not one and stays a secret.
"""

from __future__ import annotations

from ..lazycst import cst
from .tuplelists import assigned


def page_token(fa, node: cst.Attribute) -> bool:
    """``self.token`` read in a method of a request record with paging or search fields, or a
    continuation token read off a paged call's result."""
    if paged_result_token(fa, node):
        return True
    rows = getattr(fa.M, "page_records", None)
    if node.attr.value.lower() != "token" or not isinstance(node.value, cst.Name) or node.value.value != "self" \
            or not fa.cls or rows is None:
        return False
    shape = getattr(fa.mod, "class_shapes", {}).get(fa.cls)
    if shape is None or not shape.record or "token" not in shape.data:
        return False
    return bool(rows[0].search(fa.cls.rsplit(".", 1)[-1])) or any(rows[1].search(f) for f in shape.data if f != "token")


def paged_result_token(fa, node: cst.Attribute) -> bool:
    """``r.token`` / ``r.next_page_token`` where ``r`` is only ever a paged call's result."""
    rows = getattr(fa.M, "page_calls", None)
    if rows is None or not rows[2].search(node.attr.value):
        return False
    base = node.value
    if isinstance(base, cst.Name):
        values = assigned(fa, base.value)
        if not values or any(not _paged_call(fa, v, rows) for v in values):
            return False
        ps = fa.fn.params
        return all(p.name.value != base.value for p in (*ps.posonly_params, *ps.params, *ps.kwonly_params))
    return _paged_call(fa, base, rows)


def _paged_call(fa, value, rows) -> bool:
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return False
    f = value.func
    last = f.attr.value if isinstance(f, cst.Attribute) else f.value if isinstance(f, cst.Name) else ""
    if rows[0].search(last):
        return True
    return any(a.keyword is not None and rows[1].search(a.keyword.value) for a in value.args)


__all__ = ["page_token", "paged_result_token"]
