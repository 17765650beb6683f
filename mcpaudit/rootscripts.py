"""Repository housekeeping scripts at the top of a packaged server: tooling, not the server.

A server shipped as a package (a folder with ``__init__.py``, at the top or under ``src/``)
often keeps maintenance scripts next to it at the repository's top level (``setup.py``, a
script that moves or renames test files, a release helper). Such a module is not the server
when all of these hold:

- it sits directly at the scanned root, and the root holds a Python package (a root that is a
  package itself, scanned at its own folder, holds the package's modules, not scripts); a
  top-level ``setup.py`` (setuptools' build script) needs no package beside it;
- it imports no MCP SDK (a top-level ``server.py`` built on FastMCP is the server);
- no other Python file of the tree imports it;
- no packaging or deployment file (``pyproject.toml``, ``setup.cfg``, ``Dockerfile``, ...) names
  it (an entry point ``tool = "cli:main"`` makes a top-level ``cli.py`` ship); a ``setup.py`` so
  named is still only built (``RUN python setup.py install``).

Pattern-engine hits there (bandit's chmod test on a script making a fixed file executable) are
tagged ``tooling``, like those under a top-level ``scripts/`` folder (:func:`sources.code_kind`).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Dict, Iterator, Optional

_MCP_IMPORT = re.compile(r"^\s*(?:from\s+(?:mcp|fastmcp)(?:\.[\w.]+)?\s+import|import\s+(?:mcp|fastmcp)\b)", re.M)
_DEPLOY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Dockerfile", "Procfile", "Makefile", "compose.yaml",
                 "docker-compose.yml", "docker-compose.yaml", "smithery.yaml", "tox.ini", "noxfile.py")
#: top-level files that build or package the project: setuptools runs ``setup.py`` at build time
#: and no server entry point imports it (a housekeeping script whatever the layout)
_BUILD_SCRIPTS = frozenset({"setup.py"})
_SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist"})
_MAX_FILES = 3000


def _python_files(root: Path) -> Iterator[Path]:
    count = 0
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            entries = sorted(d.iterdir())
        except OSError:
            continue
        for p in entries:
            if p.is_dir() and not p.is_symlink():
                if p.name not in _SKIP_DIRS and not p.name.startswith("."):
                    stack.append(p)
            elif p.suffix == ".py":
                count += 1
                if count > _MAX_FILES:
                    return
                yield p


def _read(p: Path) -> str:
    try:
        return p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _has_package(root: Path) -> bool:
    for top in (root, root / "src"):
        try:
            if any(d.is_dir() and (d / "__init__.py").is_file() for d in top.iterdir()):
                return True
        except OSError:
            continue
    return False


class RootScripts:
    """Decides, once per file, whether a top-level module is a housekeeping script."""

    def __init__(self, root: Optional[Path]) -> None:
        self.root = root
        self.decided: Dict[str, bool] = {}
        self._texts: Optional[Dict[str, str]] = None

    def _tree(self) -> Dict[str, str]:
        if self._texts is None:
            root = self.root
            assert root is not None
            self._texts = {p.relative_to(root).as_posix(): _read(p) for p in _python_files(root)}
        return self._texts

    def is_script(self, path: str) -> bool:
        if path not in self.decided:
            self.decided[path] = self._decide(path)
        return self.decided[path]

    def _decide(self, path: str) -> bool:
        rel = PurePosixPath(path)
        build = rel.name in _BUILD_SCRIPTS  # a build script whatever the layout (no package needed)
        if self.root is None or len(rel.parts) != 1 or rel.suffix != ".py" or not (build or _has_package(self.root)):
            return False
        if (self.root / "__init__.py").is_file():
            return False  # the scan root is a package itself: its top-level files are its modules (py30a)
        texts = self._tree()
        if _MCP_IMPORT.search(texts.get(path, _read(self.root / path))):
            return False
        name = re.escape(rel.stem)
        imported = re.compile(rf"^\s*(?:import\s+{name}\b|from\s+{name}\s+import|from\s+\.\s+import\s+{name}\b)", re.M)
        if any(imported.search(t) for p, t in texts.items() if p != path):
            return False
        if build:
            return True  # named in packaging or a Dockerfile (python setup.py install): built, not served
        named = re.compile(rf"(?<![\w.-]){name}(?![\w-])")
        return not any(named.search(_read(self.root / f)) for f in _DEPLOY_FILES if f != path)
