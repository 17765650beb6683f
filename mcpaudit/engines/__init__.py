"""Engines: each turns one analyser (our libcst rules, semgrep, bandit) into Findings.

:data:`ENGINES` is the registry: engine name -> :class:`~mcpaudit.engines.base.Engine`, in the
order the pipeline runs them and reports their results. A new engine is a module here that
defines ``ENGINE = MyEngine()`` and one row in ``_MODULES``; nothing else names engines. The
registry imports an engine's module only when it is asked for that engine.
"""

from __future__ import annotations

import importlib
from typing import Dict, Iterable, Iterator, List, Mapping, Sequence

from ..models import RuleMeta
from .base import (
    DEADLINE_SKIP,
    Engine,
    EngineContext,
    EngineOutput,
    ParseStats,
    Target,
    outside_root,
)

#: Engine name -> its module under ``mcpaudit.engines``.
_MODULES: Dict[str, str] = {
    "cst": "cst_engine",
    "ts": "ts",
    "semgrep": "semgrep",
    "bandit": "bandit_engine",  # the engine alone; bandit.py runs it, imported when it runs
}


class _Unavailable(Engine):
    """Stands in for an engine whose module cannot be imported (a broken or partial install):
    listing its rules and running it fail with the import error, so every report says so and no
    checklist item passes on its word."""

    rules_error = "cannot load the engine"
    suffixes = ()
    needs_targets = False  # it "runs" (and fails) even without files, so the failure shows

    def __init__(self, name: str, error: Exception):
        self.name = name  # type: ignore[misc]
        self.error = error

    def rule_metas(self) -> List[RuleMeta]:
        """Raises the import error."""
        raise self.error

    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        """Raises the import error."""
        raise self.error


class _Registry(Mapping[str, Engine]):
    """Engine name -> engine, importing each engine's module on first use."""

    def __init__(self, modules: Dict[str, str]):
        self._modules = dict(modules)

    def __getitem__(self, name: str) -> Engine:
        module_name = f"{__name__}.{self._modules[name]}"
        try:
            return importlib.import_module(module_name).ENGINE
        except Exception as exc:
            return _Unavailable(name, exc)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


ENGINES: Mapping[str, Engine] = _Registry(_MODULES)


def selected(names: Iterable[str]) -> List[Engine]:
    """The registered engines named in ``names``, in registry order (unknown names are ignored:
    the config has refused them already)."""
    wanted = set(names)
    return [ENGINES[name] for name in ENGINES if name in wanted]


__all__ = [
    "DEADLINE_SKIP",
    "ENGINES",
    "Engine",
    "EngineContext",
    "EngineOutput",
    "ParseStats",
    "Target",
    "outside_root",
    "selected",
]
