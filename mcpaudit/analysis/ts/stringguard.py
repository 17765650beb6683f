"""A branch that a string cannot enter holds no string secret (issue 14, ts49b).

    export function escapeXml(unsafe: string): string {
      if (typeof unsafe !== "string") {
        console.error("Invalid input to escapeXml:", unsafe);     // never a string here
        return "";
      }
      ...
    }

A secret read from a credential-named field or variable, an environment variable or a header is a
string. In the arm of ``typeof x !== "string"`` (the else arm of ``typeof x === "string"``) ``x``
is not one, so no such secret reaches a log or a tool result through ``x`` there: ``x`` is clean
for the ``log`` and ``return`` families in that arm, a secret bound to it later (a caller's
argument, when modules are linked) included. A form test only (``UNCHECKED``): what the value may
carry for the injection families is unchanged. A value that carries a secret known here to be an
object (a credentials object, a mapping of secrets, the whole environment) is left alone: an
object passes the test. So is a variable an object literal was assigned to in the function
(``request = { query, apiKey: process.env.KEY }``, noted by restfields.py): the secret of its field
is in the object, which the arm does reach (rev50).
"""

from __future__ import annotations

import re
from typing import List

from ..taintvalue import UNCHECKED
from ..wholeenv import WHOLE

#: the last word of a secret's name that says it is an object (a record or a mapping), not a string
_OBJECT_NAME = re.compile(r"(?i)(credentials|secrets|headers|cookies|tokens|keys|config|options|settings|env)$")
_CLEAN = frozenset({"log", "return", UNCHECKED})


def not_string(fa, var: str) -> List[tuple]:
    """The narrowing of ``var`` proven not to be a string."""
    if var in (getattr(fa, "field_labels", None) or {}):
        return []  # an object literal assigned here: its fields' secrets pass the test with it
    for label in fa.env.get(var) or ():
        if label[0] == "s" and (label[2:] or str(label[1]).endswith(WHOLE) or _OBJECT_NAME.search(str(label[1]))):
            return []
    return [(var, _CLEAN, None, "typeof not string")]


__all__ = ["not_string"]
