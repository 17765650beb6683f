"""When a few files may be analysed in the scanning process instead of in worker processes.

The pipeline analyses files in killable worker processes because libcst's native parser can
crash (5,000 nested parentheses overflow its stack) or run for hours (``a[0][0]...`` is cubic in
the chain's length) without returning to Python. Starting that pool costs a fork server that
imports libcst and the analysis again: on a small server that is more CPU than the analysis
itself. The hazards are all deep nesting, which Python's own parser has already measured: the
first pass parsed every file with ``ast``, and it rejects 200 nested brackets and chains about a
thousand deep. So a handful of small files whose ``ast`` trees are shallow are parsed here; any
other file (one ``ast`` could not parse, a deep tree, more than a few files' worth of code) goes
to the workers as before.

TypeScript and JavaScript need no such test: tree-sitter's parser keeps its stack on the heap and
recovers from any input, and the analysis over its tree is Python, whose recursion limit turns a
deep tree into a skipped file ("nested too deeply"; ``tests/hostile`` runs those shapes in the
scanning process). A TS/JS tree small enough is analysed in-process whatever its shape; the
per-file CPU-time limit (a timer signal, ``engines/cpulimit.py``) holds there as in a worker.
"""

from __future__ import annotations

import ast
import os
from typing import Dict, Optional, Sequence, Tuple

#: At most this many characters of Python in all are analysed in-process: about 6,000 lines,
#: a quarter of a second of libcst on one core, about what starting the pool costs.
MAX_CHARS = 256 * 1024
#: The same for TypeScript and JavaScript (tree-sitter and the ts engine are about three times
#: as fast as libcst and the cst engine).
MAX_TS_BYTES = 768 * 1024
#: The deepest ``ast`` tree analysed in-process. Ordinary code stays under 40; the hazards above
#: are hundreds or thousands deep, and libcst copes with far more than this limit.
MAX_DEPTH = 100


def in_process_safe(files: Sequence[Tuple[str, Optional[str]]], trees: Dict[str, object]) -> bool:
    """Whether ``files`` ((path, decoded text or None when unreadable) pairs) may be analysed in
    this process: :data:`MAX_CHARS` at most in all, every one parsed by ``ast`` (``trees``: the first pass's trees by
    path; a file missing there is parsed now) into a tree at most :data:`MAX_DEPTH` deep."""
    if not files:
        return False
    if any(text is None for _p, text in files) or sum(len(t) for _p, t in files) > MAX_CHARS:
        return False
    for path, text in files:
        tree = trees.get(path)
        if tree is None:
            try:
                tree = ast.parse(text, filename=path)
            except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
                return False
        if depth_exceeds(tree, MAX_DEPTH):
            return False
    return True


def small_enough(paths: Sequence[str], limit: Optional[int] = None) -> bool:
    """Whether the files at ``paths`` (absolute) hold at most ``limit`` (default
    :data:`MAX_TS_BYTES`) bytes in all (a file that cannot be read counts as too big: the
    workers report why)."""
    limit = MAX_TS_BYTES if limit is None else limit
    total = 0
    for p in paths:
        try:
            total += os.stat(p).st_size
        except OSError:
            return False
        if total > limit:
            return False
    return True


def depth_exceeds(tree: ast.AST, limit: int) -> bool:
    """Whether ``tree`` is more than ``limit`` nodes deep (iteratively: no recursion here)."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return False


__all__ = ["in_process_safe", "small_enough", "depth_exceeds", "MAX_CHARS", "MAX_TS_BYTES", "MAX_DEPTH"]
