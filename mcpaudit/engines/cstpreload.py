"""Imported by the cst engine's fork server after :mod:`mcpaudit.codecache_preload`
(:func:`mcpaudit.engines.cst._mp_context`): the Python analysis a worker runs, with libcst
imported and in place (:func:`mcpaudit.lazycst.load`), once, so every worker forked from the
server has it. :mod:`mcpaudit.engines.cst` itself no longer imports it (the ts engine drives its
files through that module and a process that analyses no Python needs none of it; issue 15,
speed52); the fork server loads what it loaded before."""

from ..analysis.module import ModuleAnalyzer  # noqa: F401
from ..lazycst import load

load()
