"""A module name built under a literal package prefix: ``import_module(f"pkg.handlers.{name}")``.

The catalog's ``module-name-calls`` (``importlib.import_module``, ``__import__``,
``runpy.run_module``) take an absolute module name. Text that starts with a literal dotted package
name and a dot (``"telethon.tl.functions."``) can only name a submodule of that package, whatever
follows: a name is never relative unless it starts with a dot, and ``..`` after the prefix makes
an empty component, which no import accepts. The caller chooses which of the package's own
modules loads (an installed library's, or the project's), not any code: the flow moves to the
audit view with that reason. A prefix without the trailing dot (``f"pkg{name}"``) names a sibling
package (``pkg_evil``), and ``package=`` confines only a name that starts with a dot, so neither
is read so. ``eval``/``exec`` of such text is code, and stays.
"""

from __future__ import annotations

import re
from typing import Optional

from ..lazycst import cst

from . import cstnodes as N

SUBMODULE = "only a submodule of the literal package '{pkg}' can load: audit view"
_PACKAGE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.$")


def _leading_text(node) -> Optional[str]:
    if isinstance(node, cst.FormattedString):
        first = node.parts[0] if node.parts else None
        return first.value if isinstance(first, cst.FormattedStringText) else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _leading_text(node.left) if not isinstance(node.left, cst.SimpleString) else N.string_value(node.left)
    return None


def package_detail(fa, fq: str, node) -> Optional[str]:
    """The detail of a module-name call ``fq`` whose name ``node`` starts with a literal package
    prefix (a local bound to such text too); None otherwise."""
    if fq not in fa.M.module_name_calls:
        return None
    if isinstance(node, cst.Name):
        node = fa.local_values.get(node.value, node)
    text = _leading_text(node)
    return SUBMODULE.format(pkg=text[:-1]) if text and _PACKAGE.match(text) else None


def submodule_only(fam: str, sink) -> bool:
    """A code sink :func:`package_detail` described."""
    return fam == "code" and bool(sink.detail) and sink.detail.startswith(SUBMODULE.split("'", 1)[0])
