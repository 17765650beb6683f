"""The name a package scanned at its own folder imports itself by (issue 12, py51b).

A repository whose top folder is the package (it holds ``__init__.py``, ``server.py``,
``adapters.py``, ``schemas/``) is installed or checked out under the package's name, and its
modules import one another by that name: ``from fod_jenkins import fod_adapter``,
``from fod_jenkins.schemas.job_input import JobInput``. The checkout's folder carries the
repository's name (``fod-jenkins-mcp``, or any folder a tool copies it to), so the scan root's
folder name (:func:`mcpaudit.analysis.modnames.root_package`) does not name the package and every
such import was left unresolved: the tools lost every flow into their own adapters.

:func:`self_name` reads the import statements of the root's own modules (text only, never run):
an absolute import whose first name is no module or folder of the root, no library the models
know, no standard module, while the rest names a file or folder under the root
(``fod_jenkins.fod_adapter`` -> ``./fod_adapter.py``, ``from fod_jenkins import schemas`` ->
``./schemas/``) imports the root by that first name. The name most such imports use wins (the
distribution name that ``pyproject.toml``/``setup.py`` at the root declares breaks a tie). A
root whose imports use its own folder name keeps that name; a submodule the repository does not
hold (``fod_jenkins.utils``) names no file and stays unresolved.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Iterator, Optional, Tuple

_FROM = re.compile(r"^[ \t]*from[ \t]+([A-Za-z_]\w*)((?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]+import[ \t]*(?:\(?[ \t]*([A-Za-z_]\w*))?",
                   re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)", re.M)
_NAME = re.compile(r"""^\s*name\s*=\s*["']([A-Za-z0-9_.\-]+)["']""", re.M)
_SETUP_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z0-9_.\-]+)["']""")
_MAX_FILES = 200
_MAX_BYTES = 200_000


def _root_modules(root: str) -> Iterator[str]:
    """The text of the root's own ``.py`` files and those one folder down (bounded)."""
    seen = 0
    try:
        top = sorted(os.listdir(root))
    except OSError:
        return
    paths = [os.path.join(root, n) for n in top if n.endswith(".py")]
    for n in top:
        sub = os.path.join(root, n)
        if os.path.isdir(sub) and n.isidentifier():
            try:
                paths += [os.path.join(sub, m) for m in sorted(os.listdir(sub)) if m.endswith(".py")]
            except OSError:
                continue
    for p in paths:
        if seen >= _MAX_FILES:
            return
        seen += 1
        try:
            with open(p, "rb") as fh:
                yield fh.read(_MAX_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue


def _names_file(root: str, parts: Tuple[str, ...]) -> bool:
    """``parts`` name a module or package under ``root`` (``a.b`` -> ``a/b.py`` or ``a/b/``)."""
    base = os.path.join(root, *parts)
    return os.path.isfile(base + ".py") or os.path.isdir(base)


def _declared(root: str) -> str:
    """The distribution name ``pyproject.toml`` or ``setup.py`` at the root declares, as an
    import name (``fod-jenkins`` -> ``fod_jenkins``); ``""`` when neither does."""
    for fname, pat in (("pyproject.toml", _NAME), ("setup.py", _SETUP_NAME)):
        try:
            with open(os.path.join(root, fname), "rb") as fh:
                m = pat.search(fh.read(_MAX_BYTES).decode("utf-8", errors="replace"))
        except OSError:
            continue
        if m:
            return m.group(1).replace("-", "_").replace(".", "_")
    return ""


def _known_heads() -> frozenset:
    from ..catalog import catalog
    from .receivertypes import library_heads

    return library_heads(catalog().python)


def self_name(root: str) -> Optional[str]:
    """The name a package root's own modules import it by, when that is not its folder's name;
    None for a root that is no package, whose imports use its folder name, or that imports
    itself by no other name."""
    if not os.path.isfile(os.path.join(root, "__init__.py")):
        return None
    folder = os.path.basename(os.path.abspath(root))
    votes: Counter = Counter()
    heads = None
    for text in _root_modules(root):
        hits = [(m.group(1), tuple(re.sub(r"\s", "", m.group(2)).split(".")[1:]) or (m.group(3),))
                for m in _FROM.finditer(text) if m.group(2) or m.group(3)]
        hits += [(m.group(1), tuple(m.group(2).split(".")[1:])) for m in _IMPORT.finditer(text)]
        for head, rest in hits:
            if head == folder and _names_file(root, rest):
                return None  # the folder's own name is the one the code uses
            if head in votes or (not _names_file(root, (head,)) and _names_file(root, rest)):
                if heads is None:
                    heads = _known_heads()
                if head not in heads and _names_file(root, rest):
                    votes[head] += 1
    if not votes:
        return None
    declared = _declared(root)
    best = max(votes.values())
    tied = sorted(h for h, n in votes.items() if n == best)
    return declared if declared in tied else tied[0]
