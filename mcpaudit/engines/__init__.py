"""Engines: each turns one analyser (our libcst rules, semgrep, bandit) into Findings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Dict, List, Set, Tuple

from ..models import EngineError, Finding, RuleMeta, SkippedFile

ENGINES = ("cst", "ts", "semgrep", "bandit")


@dataclass
class EngineOutput:
    engine: str
    findings: List[Finding] = field(default_factory=list)
    errors: List[EngineError] = field(default_factory=list)
    skipped: List[SkippedFile] = field(default_factory=list)
    ran: bool = True  # False when the engine could not run at all (missing, crashed)
    seconds: float = 0.0
    #: sites the engine followed to the end: hazard -> {(path, line)}; another engine's finding
    #: there that this engine did not confirm stays out of the default view (see api.agree)
    checked: Dict[str, Set[Tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def failed(cls, engine: str, message: str, started: float) -> "EngineOutput":
        """An engine that could not run (missing, crashed, timed out): one fatal error, no
        findings; ``started`` is the ``time.monotonic()`` at which the attempt began."""
        return cls(engine=engine, ran=False, errors=[EngineError(engine, message, fatal=True)],
                   seconds=time.monotonic() - started)


def outside_root(engine: str, reported: str) -> EngineError:
    """The non-fatal error for a result an external engine reported on a path outside the root."""
    return EngineError(engine, f"dropped a result for a path outside the scan root: {reported}",
                       path=reported, fatal=False)
