"""Which handler parameters take a credential (their values are secrets wherever they come from)."""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from .cstnodes import string_value
from .positions import flat_body

#: in ``Info.clean`` of the secret label such a parameter carries: the key its caller gives, the
#: caller's own unless the caller gives the server's (whose own label then comes along, sentcreds.py)
AS_GIVEN = frozenset({"~credential-parameter"})
_AUTH_WORDS = re.compile(r"(?i)\b(auth|bearer|credential|api[ _-]?key|access token|password|secret)")


def credential_parameter(models, fn: Optional[cst.FunctionDef], name: str, desc: Optional[str]) -> bool:
    """A parameter named for a credential (``password``, ``api_key``, ``github_token``). A bare
    ``token`` is often a pagination cursor or a text token: it counts only when its description
    or the function's docstring speaks of authentication."""
    if not models.is_secret_name(name):
        return False
    if name.lower() != "token":
        return True
    context = " ".join(x for x in (desc, docstring_text(fn)) if x)
    return bool(_AUTH_WORDS.search(context))


def docstring_text(fn: Optional[cst.FunctionDef]) -> str:
    body = flat_body(fn.body) if fn is not None else []
    if body and isinstance(body[0], cst.Expr) and isinstance(body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(body[0].value) or ""
    return ""
