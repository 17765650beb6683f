"""Posture facts: repository-level facts the checklists are decided from.

Everything here is static: Python files are parsed with :mod:`ast` (never imported or executed)
and the other files (Dockerfiles, requirements, lock files, compose/Kubernetes YAML, CI workflows,
proxy configs) are read as text. Test files (``tests/``, ``test_*.py``, ``*_test.py``,
``conftest.py``) are ignored: posture is about the server that ships.

:func:`extract_facts` always returns every fact in :data:`FACTS`, in that order, so a checklist can
tell "false" from "not extracted". Values are ``True``/``False``, ``"partial"`` for some facts (see
the table), a number or list for informational facts, or ``None`` when there is nothing to judge
(HTTP facts on a stdio-only server, Docker facts without a Dockerfile, timeouts without any outbound
call). Each fact carries evidence locations (root-relative POSIX path, 1-based line) and a note.

Where things are:

==================  ===================================================================
``facts``           :data:`FACTS`, the catalog of fact ids
``files``           which non-Python files are read (:func:`collect_other_files`), their kinds
``pyindex``         the per-file ``ast`` index (:class:`~.pyindex.PyIndex`)
``evidence``        the evidence accumulator and the line greps
``context``         the state the fact groups share (:class:`~.context.Context`)
``transports``      ``transport.*``, ``http.frameworks``
``http``            ``http.bind_all``, ``http.auth``, ``tls.*``, ``cors.*``, ``http.security_headers``
``limits``          ``limits.*``
``logging_output``  ``logging.audit``, ``output.*``, ``debug.enabled``
``docker``          ``docker.*``
``container``       ``container.*``, ``deploy.kubernetes``, ``ci.*``
``deps``            ``deps.*``
``tools``           ``tools.*``
``typescript``      the same facts from TS/JS sources (a tree-sitter index), added to the
                    Python groups' evidence right after each of them
==================  ===================================================================

The fact groups run in that order: ``http`` reads ``transport.http`` and ``container`` reads
``docker.present``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Sequence

from ...models import PostureFact, ToolInfo
from .facts import FACTS
from .files import collect_doc_files, collect_other_files

# The fact groups are imported by :func:`extract_facts`, not here: ``files`` is read by the
# result cache's key (:mod:`mcpaudit.resultcache`), and a warm re-scan that answers from the
# cache must not pay for importing every group (~0.015 s).


def _groups() -> tuple:
    """The fact groups, in the order they run."""
    from . import container, deps, docker, http, limits, logging_output, transports
    from . import tools as tool_facts
    from . import typescript as ts_facts

    return (transports, ts_facts.transports, http, ts_facts.http, limits, ts_facts.limits, logging_output, docker,
            container, deps, tool_facts)


def extract_facts(
    root: Path,
    files: Dict[str, str],
    tools: List[ToolInfo],
    other_files: Optional[Dict[str, str]] = None,
    trees: Optional[Dict[str, Any]] = None,
    http_sites: Sequence[dict] = (),
    auth_sites: Sequence[dict] = (),
    docs: Optional[Dict[str, str]] = None,
    early: Optional[Dict[str, Any]] = None,
    unreached: FrozenSet[str] = frozenset(),
) -> List[PostureFact]:
    """Every posture fact of :data:`FACTS`, in that order, for the repository at ``root``.

    ``files`` maps root-relative POSIX paths to decoded Python (and TypeScript/JavaScript) source. ``tools`` is the MCP surface
    as the one surface detector found it (``Project.tools`` of the cst engine): posture never looks
    for tools itself, so an empty list means the server has none, and the tool facts say so (null,
    "no MCP tools found"). ``other_files`` maps Dockerfiles, requirements, lock files,
    compose/Kubernetes YAML, CI workflows... to text — when ``None`` they are collected from
    ``root`` with :func:`collect_other_files`. ``trees`` maps paths of ``files`` to their ``ast``
    when it was parsed already (the cst engine's first pass): they are not parsed again. Nothing
    is imported or executed. ``http_sites`` and ``auth_sites`` are the cst engine's HTTP serving
    calls and auth evidence (``Project.http_servers``/``auth_evidence``): the transport and auth
    facts include them, so the rule http-transport-no-auth and the facts decide from the same
    sites. ``docs`` maps README/docs files to text (collected from ``root`` when ``None``).
    ``early``: Python index entries already built from ``trees`` (``mcpaudit.pipeline.EarlyIndex``).
    ``unreached``: TypeScript modules no entry point loads (their auth names are no evidence)."""
    is_dir = root is not None and Path(root).is_dir()
    if other_files is None:
        other_files = collect_other_files(Path(root)) if is_dir else {}
    if docs is None:
        docs = collect_doc_files(Path(root)) if is_dir else {}
    from ..._gc import paused
    from .context import Context

    with paused():
        ctx = Context(dict(files), list(tools or ()), dict(other_files), trees, http_sites, auth_sites, docs, early)
        ctx.unreached = frozenset(unreached)
        for group in _groups():
            group.decide(ctx)
        return [ctx.facts[fid] for fid in FACTS]


__all__ = ["FACTS", "collect_doc_files", "collect_other_files", "extract_facts"]
