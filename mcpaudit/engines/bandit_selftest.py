"""Bandit hits in a library module's ``if __name__ == "__main__":`` self-test.

A module of a package often ends with a manual test of itself::

    if __name__ == "__main__":
        searcher = PaperSearcher()
        papers = searcher.search("graphs")
        searcher.download_pdf(papers[0].id, "/tmp/papers_test")   # B108

Nothing the server runs reaches that block: no tool calls it, and the server starts from another
module. Such a block is test code, and bandit's generic hits in it (a fixed ``/tmp`` folder, an
``assert``, a ``subprocess`` call with a literal command) move to the audit view, as hits in a
``tests/`` folder are hidden. The server's own findings (the cst engine's, on what a tool reaches)
are not bandit's and are not touched.

A block is the entry point, not a self-test, when the module is one that serves: it imports an
MCP SDK (the catalog's ``servers.packages``) or an HTTP server (``http.servers``), or the block
starts something itself - it calls a function whose name says so (``main``, ``run``, ``serve``,
``start``, ``cli``, ``launch``, ``app``: ``mcp.run()``, ``asyncio.run(main())``, ``uvicorn.run``,
``sys.exit(cli())``) or one the packaging declares as a console script (``pkg.mod:function``). A
``__main__.py`` file has no such block to read: all of it is the program.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Dict, FrozenSet, Iterable, List, Tuple, Union

from ..analysis.entryreach import _is_main_test
from .bandit_cleanup import _callee

SELF_TEST = ("in the module's `if __name__ == \"__main__\":` self-test, which no tool and no entry point of "
             "the server runs")

#: names of calls that start a program (a server, a CLI)
_STARTS = re.compile(r"(?i)(?:^|_)(main|run|serve|server|start|cli|launch|app)(?:$|_)")


def _serving_packages() -> FrozenSet[str]:
    from ..catalog import catalog

    surface = catalog().python.surface
    tops = {p.split(".")[0] for p in surface.packages}
    tops.update(s.split(".")[0] for s in surface.http_servers)
    return frozenset(tops)


def _imports(tree: ast.Module) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


def _starts(block: ast.If, entries: FrozenSet[str]) -> bool:
    return any(isinstance(n, ast.Call) and (_STARTS.search(_callee(n) or "") or _callee(n) in entries)
               for n in ast.walk(block))


Entries = Union[FrozenSet[str], Callable[[], FrozenSet[str]]]


def self_test_blocks(tree: ast.Module, entries: Entries = frozenset()) -> List[Tuple[int, int]]:
    """(first, last line) of the module's ``__main__`` blocks that are self-tests (none in a
    module that serves). ``entries``: the packaging's entry-point names, or a function giving
    them (called only when a block remains to judge)."""
    blocks = [s for s in tree.body if _is_main_test(s)]
    if not blocks:
        return []
    serving = _serving_packages()
    if any(name.split(".")[0] in serving for name in _imports(tree)):
        return []
    entries = entries() if callable(entries) else entries
    return [(b.lineno, b.end_lineno or b.lineno) for b in blocks if not _starts(b, entries)]


def self_test_hits(tree: ast.Module, lines: Iterable[int], entries: Entries = frozenset()) -> Dict[int, str]:
    """line -> :data:`SELF_TEST` for the hit lines inside a self-test block."""
    spans = self_test_blocks(tree, entries)
    return {ln: SELF_TEST for ln in lines if any(a <= ln <= b for a, b in spans)}
