"""A class attribute used as a key of a dict display names a member, not a secret (py33a).

``REQUIRED = {CredentialType.onepassword: ["item_id"], CredentialType.bitwarden: ["item"]}``: the
keys are members of a class the code names (an ``Enum`` imported from a module outside the scanned
tree looks like any other class), used as names of the kinds of thing the mapping is about. A
credential-named attribute there (``onepassword``) is the member's name, and a mapping keyed by
credentials (a session table keyed by tokens) is keyed by values, never by a class's own
attributes. :func:`key_taint` drops the secret labels such a key brings into the display, so
the values read out of the mapping (``for kind, fields in REQUIRED.items()``) carry none; a key
that is a variable, a call or an instance's attribute (``self.token``) keeps them.
"""

from __future__ import annotations

from ..lazycst import cst

from .taintvalue import Taint, desecret


def class_member(node) -> bool:
    """``Cls.member``: an attribute of a capitalised bare name (a class, not an instance)."""
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and \
        node.value.value[:1].isupper() and not node.value.value.isupper()


def key_taint(node, taint: Taint) -> Taint:
    """The taint a dict display's key ``node`` brings into the display."""
    return desecret(taint) if taint and class_member(node) else taint


__all__ = ["class_member", "key_taint"]
