"""What a relative path's parent-prefix test rejects (issue 14, mend45b).

``path.relative(root, p).startsWith("..")`` false: ``p`` is under the root (``..`` itself, and
every ``../x``, start so). ``startsWith(`..${path.sep}`)`` (or ``"../"``) false lets ``..`` itself
through, the root's parent: containment only beside a test of ``rel === ".."`` (``rel !== ".." &&
!rel.startsWith(`..${path.sep}`)``), else a weak check saying so. Any other text starting with
``..`` (``"..foo"``) is no parent test.
"""

from __future__ import annotations

import re

from . import nodes as N

PARENT_ONLY = ("weak containment check: path.relative(root, p).startsWith('..' + separator) false still "
               "lets '..' itself through (the root's parent directory)")
_SEP_NAME = re.compile(r"^(?:path\.)?(?:posix\.|win32\.)?sep$")
_SEP_TEMPLATE = re.compile(r"^`\.\.\$\{\s*(?:path\s*\.\s*)?(?:posix\s*\.\s*|win32\s*\.\s*)?sep\s*\}`$")


def parent_prefix(fa, arg) -> str:
    """"whole" for ``".."``, "sep" for ``"../"``, ``"..\\\\"``, ``..${path.sep}`` or ``".." + path.sep``,
    else ""."""
    lit = N.string_value(fa.data, arg)
    if lit is None:
        lit = fa.const_of(arg)
    if lit == "..":
        return "whole"
    if lit in ("../", "..\\"):
        return "sep"
    a = N.unwrap(arg)
    if lit is None and a is not None and a.type == "template_string" and _SEP_TEMPLATE.match(N.text(fa.data, a)):
        return "sep"
    if lit is None and a is not None and a.type == "binary_expression":  # ".." + path.sep
        left, right = a.child_by_field_name("left"), a.child_by_field_name("right")
        if N.string_value(fa.data, left) == ".." and right is not None and \
                _SEP_NAME.match(N.text(fa.data, right).replace(" ", "")):
            return "sep"
    return ""


def tests_parent_itself(data: bytes, var: str) -> bool:
    """Whether the module compares ``var`` with ``".."`` (``rel !== ".."``, ``rel === '..'``)."""
    v = re.escape(var.encode())
    return re.search(rb"(?<![\w$.])" + v + rb"\s*[!=]==?\s*[\"']\.\.[\"']|[\"']\.\.[\"']\s*[!=]==?\s*" + v + rb"(?![\w$])",
                     data) is not None


__all__ = ["PARENT_ONLY", "parent_prefix", "tests_parent_itself"]
