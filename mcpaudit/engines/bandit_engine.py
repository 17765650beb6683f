"""The bandit engine's :class:`~mcpaudit.engines.base.Engine`, apart from the code that runs
bandit (:mod:`mcpaudit.engines.bandit`).

The registry imports this module to learn what the engine wants and its cache salt: a warm
re-scan needs nothing else from it, and :mod:`.bandit` (subprocesses, logging, JSON, the
profile and the post-processing of bandit's report) costs ~0.015 s to import. Its functions are
looked up on that module when called, so a test that replaces ``bandit.run`` or
``bandit.rule_metas`` replaces what this engine calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Sequence, Tuple

from ..models import RuleMeta
from ..sources import PYTHON_SUFFIXES
from .base import Engine, EngineContext, EngineOutput, Target, dist_version

NAME = "bandit"


class BanditEngine(Engine):
    """bandit, run as a subprocess with our profile (``rules/bandit.yaml``)."""

    name = NAME
    suffixes = PYTHON_SUFFIXES
    rules_error = "cannot list bandit's tests"
    merge_rank = 2
    prestarts = True

    def cache_salt(self, config) -> Tuple[Any, ...]:
        """Results depend on bandit's version."""
        return (NAME, dist_version("bandit"))

    def rule_metas(self) -> List[RuleMeta]:
        """The tests the bundled profile enables."""
        from . import bandit

        return bandit.rule_metas()

    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        """bandit over ``targets`` within ``context.timeout``."""
        from . import bandit

        begun = {"begun": context.prefork} if context.prefork is not None else {}
        return bandit.run([Path(t.path) for t in targets], context.root, timeout=context.timeout, **begun)

    def prestart(self, targets: Sequence[Target], context: EngineContext):
        """bandit's first processes over ``targets``, started now
        (:func:`mcpaudit.engines.bandit_launch.start`): before the scanning process imports the
        cst analysis, which leaves the other core idle; the run takes them over."""
        from .bandit_launch import start

        return start([Path(t.path) for t in targets], context.root)


ENGINE = BanditEngine()

__all__ = ["BanditEngine", "ENGINE", "NAME"]
