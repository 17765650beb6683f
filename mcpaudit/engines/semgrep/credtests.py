"""A branch on whether a credential is configured is no TLS opt-out.

``optin_tls`` moves a TLS finding to the audit view when it sits in a branch on an operator
setting that is off by default (``if settings.insecure:``). A credential read from the
environment is also "off" when unset (``token = os.getenv("GITHUB_TOKEN")``), but a test of it
(``if not token: raise ...`` before ``Github(token, verify=False)``) chooses whether the server
can call the API at all, not whether it checks certificates: every configured run connects
without verification, and it is the token that then goes to whoever answers. Such a test is not
read as an opt-in (:func:`credential_test`).

Only a test that is purely a truth (or ``is None``) test of a credential is one: ``if INSECURE
and token:`` is the operator's ``INSECURE`` switch once the credential part is dropped
(:func:`without_credentials`), and a setting whose name only contains a credential word
(``skip_token_verify``) is no credential: the word must end the name.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

#: names of credentials (the name's last word part: ``token``, ``api_key``, ``GITHUB_TOKEN``,
#: ``apiKey``, ``password``; not ``skip_token_verify``)
_CREDENTIAL = re.compile(r"(?:^|_)(?:token|api_?key|apikey|secret|password|passwd|credentials?|bearer)$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _credential_name(name: str) -> bool:
    return bool(_CREDENTIAL.search(_CAMEL.sub("_", name).lower()))


def _names(node: ast.AST):
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            yield n.id
        elif isinstance(n, ast.Attribute):
            yield n.attr


def mentions_credential(test: ast.AST) -> bool:
    """``test`` reads a credential (a name or attribute named like one) in any way."""
    return any(_credential_name(name) for name in _names(test))


def _credential_value(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return _credential_name(node.id)
    return isinstance(node, ast.Attribute) and _credential_name(node.attr)


def credential_test(test: ast.AST) -> bool:
    """``test`` is purely a truth test of credentials: ``token``, ``not settings.api_key``,
    ``token is None`` / ``is not None``, or ``and``/``or`` of such tests."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return credential_test(test.operand)
    if isinstance(test, ast.BoolOp):
        return all(credential_test(v) for v in test.values)
    if isinstance(test, ast.Compare):
        return len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.IsNot)) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None and \
            _credential_value(test.left)
    return _credential_value(test)


def without_credentials(test: ast.AST) -> Optional[ast.AST]:
    """The part of an ``if`` test that may be an operator's switch: None for a credential test,
    the other operands of an ``and`` whose credential truth tests are dropped (the branch runs
    only where the rest holds), and None for any other test that reads a credential."""
    if credential_test(test):
        return None
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        rest = [v for v in test.values if not credential_test(v)]
        if any(mentions_credential(v) for v in rest):
            return None
        return rest[0] if len(rest) == 1 else ast.BoolOp(op=ast.And(), values=rest)
    return None if mentions_credential(test) else test


__all__ = ["credential_test", "mentions_credential", "without_credentials"]
