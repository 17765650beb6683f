"""Shared answers about scanned files: how source text splits into numbered lines, which
directories are never scanned, and which paths hold test code.

Every engine, reporter and detector asks these questions; they are answered here once, so two
parts of the tool can never number lines differently or disagree about what a test file is.
The suffixes of the source files discovery collects are here too, for discovery and engines.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import List, Optional

#: Python sources.
PYTHON_SUFFIXES = (".py", ".pyi")
#: JavaScript and TypeScript sources (``.d.ts``/``.d.mts``/``.d.cts`` declarations and ``.min.js``
#: bundles excepted). ``.mts``/``.cts`` are TypeScript's ES-module and CommonJS files.
SCRIPT_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs")
SCRIPT_EXCLUDED_SUFFIXES = (".d.ts", ".d.mts", ".d.cts", ".min.js")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> List[str]:
    """Split source the way Python (and editors, and SARIF viewers) number lines: only ``\\r\\n``,
    ``\\r`` and ``\\n`` end a line.

    ``str.splitlines`` also breaks on form feed, ``\\x0b``, ``\\x1c``-``\\x1e``, U+0085, U+2028 and
    U+2029, which would shift every line number after such a character."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


#: Directory names that hold no source of the scanned project (VCS data, virtualenvs, caches,
#: vendored packages). Discovery never descends into them.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", ".mcpaudit-cache",
})


#: TypeScript/JavaScript test files: ``x.test.ts``, ``x.spec.js``, ``x.e2e-spec.ts`` ...
_JS_TEST_NAME = re.compile(r"\.(test|spec|e2e|e2e-spec|bench)\.(c|m)?(t|j)sx?$|^test[-_.][^/]*\.(c|m)?(t|j)sx?$")


# integration-tests/, e2e/, test-utils/, testHelpers/ (monorepo packages of test support)
_TEST_DIR = re.compile(r"(?i)^((integration|e2e|unit|system|acceptance|functional)[-_]?tests?|e2e"
                       r"|tests?[-_]?(utils?|helpers?|support|data|harness))$")


def is_test_path(path: str) -> bool:
    """A root-relative POSIX path of test code: under ``tests/``/``test/``/``testing/`` (or
    JavaScript's ``__tests__``/``__mocks__``, ``integration-tests/``, ``e2e/``, ``test-utils/``
    and the like), or named ``test_*``, ``*_test.py``,
    ``conftest.py`` or ``*.test.ts``/``*.spec.js`` and the like."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else path
    if any(p in ("tests", "test", "testing", "__tests__", "__mocks__") or _TEST_DIR.match(p) for p in parts[:-1]):
        return True
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py" or \
        bool(_JS_TEST_NAME.search(name))


#: folders of servers and data a project's tests start or read (``src/fixtures/``)
_FIXTURE_DIRS = frozenset({"fixtures", "__fixtures__", "fixture", "test-fixtures", "test_fixtures"})


def is_fixture_path(path: str) -> bool:
    """A root-relative POSIX path under a test-fixture folder (``src/fixtures/x-server.ts``):
    code the project's tests run, not what its users run."""
    return any(p.lower() in _FIXTURE_DIRS for p in PurePosixPath(path).parts[:-1])


#: a class deriving from a test framework's test case (unittest.TestCase, IsolatedAsyncioTestCase,
#: expecttest.TestCase, a project's own FooTestCase)
_TEST_CASE_CLASS = re.compile(r"^class\s+\w+\s*\([^)]*\b\w*TestCase\b", re.M)


def is_test_harness(path: str, text: str) -> bool:
    """A module of the package that only tests use: named for testing (``testing.py``,
    ``testutils.py``, ``test_support.py``) and defining a test-case class. Such a harness ships
    inside the package, so its path alone does not tell."""
    stem = PurePosixPath(path).stem.lower()
    return "test" in stem and bool(_TEST_CASE_CLASS.search(text))


_EXAMPLE_DIRS = frozenset({"examples", "example", "samples", "sample"})
_DOCS_DIRS = frozenset({"docs", "doc"})
#: top-level folders of repository tooling: release, docs-generation and maintenance scripts that
#: developers run by hand and that the server never imports or serves
_TOOLING_DIRS = frozenset({"scripts"})

#: The tag of findings in test, example and documentation code.
TEST_CODE_TAG = "test-code"


def code_kind(path: str) -> Optional[str]:
    """``"test"``, ``"example"``, ``"docs"`` or ``"tooling"`` (a top-level ``scripts/``) for a
    root-relative path of code that does not ship with the server; None for the server's own
    code. Findings there are tagged, hidden by default, and never gate or score. (In tooling
    only pattern-engine hits are, and a tooling file that registers MCP tools is the server after
    all: see :func:`normalise.tag_code_kind`.)"""
    if is_test_path(path):
        return "test"
    dirs = PurePosixPath(path).parts[:-1]
    if any(d in _EXAMPLE_DIRS for d in dirs):
        return "example"
    if any(d in _DOCS_DIRS for d in dirs):
        return "docs"
    if dirs and dirs[0] in _TOOLING_DIRS:
        return "tooling"
    return None
