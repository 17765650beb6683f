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
"""

from __future__ import annotations

from ..lazycst import cst


def page_token(fa, node: cst.Attribute) -> bool:
    """``self.token`` read in a method of a request record with paging or search fields."""
    rows = getattr(fa.M, "page_records", None)
    if node.attr.value.lower() != "token" or not isinstance(node.value, cst.Name) or node.value.value != "self" \
            or not fa.cls or rows is None:
        return False
    shape = getattr(fa.mod, "class_shapes", {}).get(fa.cls)
    if shape is None or not shape.record or "token" not in shape.data:
        return False
    return bool(rows[0].search(fa.cls.rsplit(".", 1)[-1])) or any(rows[1].search(f) for f in shape.data if f != "token")


__all__ = ["page_token"]
