"""Imported by the fork server of the ts engine's worker pool after
:mod:`mcpaudit.codecache_preload` (:func:`mcpaudit.engines.cst.preload_of`, named by
``ts.analyze_file.preload``): the TypeScript per-file analysis a worker runs, once, so every
worker forked from the server has it. Not libcst nor the Python analysis: a TypeScript worker
uses neither (``tests/test_speed52.py``), and the fork server of a tree without Python imported
both (~0.4 s of CPU) while each TypeScript worker still imported the TypeScript analysis itself
at its first file (issue 15, speed54)."""

from ..analysis.ts.module import analyze_module  # noqa: F401
from .ts import analyze_file  # noqa: F401
