"""A request header read under a name that a constant's own name says is the credential header.

``_secret_key_get`` (expressions.py) knows ``request.headers.get("Authorization")``: the literal
key names a credential. A validator class often keeps the header's name in a constant, or in a
class attribute its subclasses set (``AUTHENTICATION_HEADER_NAME = "Authorization"`` in one,
``"X-Jwt-Token"`` in another)::

    value = connection.headers.get(self.AUTHENTICATION_HEADER_NAME, None)
    logger.debug("header: %s", value)

The key is no literal, but the constant's name says what the header is for: an authentication,
authorization, token, API-key, cookie or credential header. The value read from a ``headers``
mapping under such a name is the caller's (or the server's) credential, as the literal-keyed
read is.
"""

from __future__ import annotations

import re
from typing import Optional

from ..lazycst import cst

#: a constant naming the credential header: AUTH_HEADER, AUTHENTICATION_HEADER_NAME, TOKEN_HEADER,
#: API_KEY_HEADER_NAME, authHeaderName (not a content-type or user-agent header's name)
_HEADER_NAME = re.compile(r"(?i)^_?(auth\w*|\w*token|api_?key|cookie|credentials?|bearer)_?header(_?name|_?key)?$")


def credential_header_key(recv_node, key_node) -> Optional[str]:
    """The constant's name when ``recv_node`` is a ``headers`` mapping (``x.headers``, a variable
    ``headers``) and ``key_node`` (a name or attribute, not a literal) is named as the credential
    header's name; else None."""
    tail = recv_node.attr.value if isinstance(recv_node, cst.Attribute) else \
        recv_node.value if isinstance(recv_node, cst.Name) else None
    if tail is None or tail.lower() not in ("headers", "request_headers"):
        return None
    name = key_node.attr.value if isinstance(key_node, cst.Attribute) else \
        key_node.value if isinstance(key_node, cst.Name) else None
    return name if name and _HEADER_NAME.match(name) else None


__all__ = ["credential_header_key"]
