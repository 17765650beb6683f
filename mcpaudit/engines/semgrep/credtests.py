"""A branch on whether a credential is configured is no TLS opt-out.

``optin_tls`` moves a TLS finding to the audit view when it sits in a branch on an operator
setting that is off by default (``if settings.insecure:``). A credential read from the
environment is also "off" when unset (``token = os.getenv("GITHUB_TOKEN")``), but a test of it
(``if not token: raise ...`` before ``Github(token, verify=False)``) chooses whether the server
can call the API at all, not whether it checks certificates: every configured run connects
without verification, and it is the token that then goes to whoever answers. Such a test is not
read as an opt-in (:func:`credential_test`).
"""

from __future__ import annotations

import ast
import re

#: names of credentials (a whole word part: ``token``, ``api_key``, ``GITHUB_TOKEN``, ``password``)
_CREDENTIAL = re.compile(r"(?i)(?:^|_)(?:token|api_?key|apikey|secret|password|passwd|credentials?|bearer)(?:$|_)")


def _names(node: ast.AST):
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            yield n.id
        elif isinstance(n, ast.Attribute):
            yield n.attr


def credential_test(test: ast.AST) -> bool:
    """``test`` reads a credential (a name or attribute named like one)."""
    return any(_CREDENTIAL.search(name) for name in _names(test))


__all__ = ["credential_test"]
