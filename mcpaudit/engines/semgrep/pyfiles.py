"""The scanned Python files of one semgrep run's cross-file passes, each read and parsed at most once.

:mod:`.tlsaccessor` (a verify switch read through the project's settings accessor) and
:mod:`.deadmethods` (a TLS hit in a method nothing names) both look across the project's Python
files. Each read every file and parsed most of them on its own (tlsaccessor every file holding
``def `` and ``.get(``, deadmethods every file), once per semgrep run (rev52p). A
:class:`PyFiles` is made once per run and handed to both: a file's text is read when a pass
first asks for it, its tree parsed when a pass first needs it (the scan's first-pass tree when
the scan has one), and each pass asks only for the files a cheap literal test on the text keeps.
"""

from __future__ import annotations

import ast
import os
from typing import Callable, Dict, Iterable, List, Optional

from ...sources import is_test_path

_MAX_BYTES = 2_000_000


class PyFiles:
    """The ``.py`` files among ``files`` (absolute paths) under ``root``, read and parsed lazily."""

    def __init__(self, root, files: Iterable, first_pass_tree: Optional[Callable[[str, str], Optional[object]]] = None):
        self.root = str(root)
        self.paths: List[str] = list(dict.fromkeys(os.path.abspath(str(p)) for p in files if str(p).endswith(".py")))
        self._first = first_pass_tree
        self._texts: Dict[str, Optional[str]] = {}
        self._trees: Dict[str, Optional[ast.Module]] = {}
        self.parsed = 0  # files this object parsed itself (for the tests)

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def is_test(self, path: str) -> bool:
        return is_test_path(self.rel(path))

    def text(self, path: str) -> Optional[str]:
        """The file's text (its first 2 MB), or None when it cannot be read."""
        path = os.path.abspath(path)
        if path not in self._texts:
            try:
                with open(path, "rb") as fh:
                    self._texts[path] = fh.read(_MAX_BYTES).decode("utf-8", errors="replace")
            except OSError:
                self._texts[path] = None
        return self._texts[path]

    def tree(self, path: str) -> Optional[ast.Module]:
        """The file's ``ast`` tree, or None when it cannot be read or parsed."""
        path = os.path.abspath(path)
        if path not in self._trees:
            text = self.text(path)
            tree = None
            if text is not None and self._first is not None:
                got = self._first(self.rel(path), text)
                tree = got if isinstance(got, ast.Module) else None
            if tree is None and text is not None:
                try:
                    tree = ast.parse(text)
                    self.parsed += 1
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    tree = None
            self._trees[path] = tree
        return self._trees[path]

    def holding(self, *needles: str, tests: bool = True) -> List[str]:
        """The files whose text holds every one of ``needles`` (test files too unless ``tests``
        is false), in the order given."""
        out = []
        for p in self.paths:
            if not tests and self.is_test(p):
                continue
            t = self.text(p)
            if t is not None and all(n in t for n in needles):
                out.append(p)
        return out


def demote_hits(findings, root, files: Iterable, py: Optional["PyFiles"], rules, judge: Callable, tag) -> None:
    """Move the ``rules`` hits of ``findings`` in ``.py`` files (above low) to the audit view with
    the reason ``judge(py, abspath, line)`` gives (None: kept), tagged ``tag`` = (property, value).
    ``py``: the run's :class:`PyFiles` (made from ``files`` when not given). The one loop of
    literalshell.py (a shell helper only given literals) and deadmethods.py (a TLS hit in a method
    nothing names)."""
    from ...models import Confidence

    hits = [f for f in findings if f.rule_id in rules and f.confidence > Confidence.LOW
            and f.location.path.endswith(".py")]
    if not hits:
        return
    py = PyFiles(root, files) if py is None else py
    for f in hits:
        why = judge(py, os.path.abspath(os.path.join(str(root), f.location.path)), f.location.line)
        if why:
            f.confidence = Confidence.LOW
            f.message = f"{f.message}; {why}"
            f.properties[tag[0]] = tag[1]


__all__ = ["PyFiles", "demote_hits"]
