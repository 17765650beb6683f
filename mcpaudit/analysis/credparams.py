"""Which handler parameters take a credential (their values are secrets wherever they come from)."""

from __future__ import annotations

import re
from typing import Optional

from ..lazycst import cst

from .cstnodes import string_value
from .httpbridges import route_path
from .positions import flat_body

#: in ``Info.clean`` of the secret label such a parameter carries: the key its caller gives, the
#: caller's own unless the caller gives the server's (whose own label then comes along, sentcreds.py)
AS_GIVEN = frozenset({"~credential-parameter"})


def credential_parameter(models, fn: Optional[cst.FunctionDef], name: str, desc: Optional[str]) -> bool:
    """A parameter named for a credential (``password``, ``api_key``, ``github_token``). A bare
    ``token`` is often a pagination cursor or a text token: it counts only when its description
    or the function's docstring speaks of authentication."""
    if not models.is_secret_name(name) or (fn is not None and models.declares_credential_attack(fn.name.value, docstring_text(fn))):
        return False  # (a brute-force tool's password is a candidate to try: attack_input)
    if name.lower() != "token":
        return True
    context = " ".join(x for x in (desc, docstring_text(fn)) if x)
    return models.auth_words is not None and bool(models.auth_words.search(context))  # secrets.yaml auth-words


def attack_input(fa, recv) -> bool:
    """An item of caller data (``recv`` carries a parameter: a route's request body, a tool's
    argument mapping) read in a function that guesses credentials against a target, by its name,
    docstring or route path (``attack-tools`` in the secret names: hydra's ``-p`` candidate): the
    caller's own attack input, not a credential of the server's or its user's, whatever its key."""
    if not recv or fa.fn is None or not any(label[0] == "p" for label in recv):
        return False
    memo = fa.__dict__.get("_attack_fn")
    if memo is None:
        memo = fa._attack_fn = fa.M.declares_credential_attack(fa.fn.name.value, docstring_text(fa.fn),
                                                                route_path(fa.mod, fa.fn) if fa.cls is None else None)
    return memo


def docstring_text(fn: Optional[cst.FunctionDef]) -> str:
    body = flat_body(fn.body) if fn is not None else []
    if body and isinstance(body[0], cst.Expr) and isinstance(body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(body[0].value) or ""
    return ""


def public_half(fa, node: cst.Attribute, dotted: Optional[str]) -> bool:
    """``config.access_key`` where the module also reads a secret-named attribute of the same
    record (``config.secret_key``): the access half of a key pair, the account's identifier that
    every signed request carries in clear (``public-halves`` in the secret names)."""
    M = fa.M
    if M.public_half_name is None or not M.public_half_name.search(node.attr.value) or not dotted or "." not in dotted:
        return False
    base = dotted.rsplit(".", 1)[0]
    return any(M.is_secret_name(m.group(1)) and not M.public_half_name.search(m.group(1))
               for m in re.finditer(rf"(?<![\w.]){re.escape(base)}\.(\w*secret\w*)", fa.mod.text))
