"""Engines: each turns one analyser (our libcst rules, semgrep, bandit) into Findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from ..models import EngineError, Finding, RuleMeta, SkippedFile

ENGINES = ("cst", "semgrep", "bandit")


@dataclass
class EngineOutput:
    engine: str
    findings: List[Finding] = field(default_factory=list)
    errors: List[EngineError] = field(default_factory=list)
    skipped: List[SkippedFile] = field(default_factory=list)
    ran: bool = True  # False when the engine could not run at all (missing, crashed)
    seconds: float = 0.0
