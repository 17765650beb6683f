"""Scan settings: defaults, ``[tool.mcpaudit]`` in pyproject.toml or ``mcpaudit.toml``, CLI.

Precedence is CLI over config file over defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .models import Confidence, Severity

DEFAULT_ENGINES: Tuple[str, ...] = ("cst", "semgrep", "bandit")


class ConfigError(Exception):
    """A bad config file or value; the CLI exits 2 and names the key and the file."""


@dataclass
class Config:
    engines: Tuple[str, ...] = DEFAULT_ENGINES
    select: List[str] = field(default_factory=list)  # rule ids or tags; empty = all
    ignore: List[str] = field(default_factory=list)  # rule ids or tags
    severity_overrides: Dict[str, Severity] = field(default_factory=dict)
    rule_options: Dict[str, dict] = field(default_factory=dict)
    exclude: List[str] = field(default_factory=list)  # gitignore-style patterns
    fail_on: Optional[Severity] = Severity.HIGH  # None = never fail on findings
    min_score: Optional[float] = None
    min_confidence: Confidence = Confidence.MEDIUM
    checklists: Optional[List[str]] = None  # None = every document
    baseline: Optional[Path] = None
    no_ignores: bool = False
    diff_base: Optional[str] = None
    max_file_bytes: int = 10 * 1024 * 1024
    parse_timeout: float = 20.0  # seconds per file for the cst engine
    engine_timeout: float = 900.0  # seconds for a whole semgrep / bandit run
    scan_timeout: Optional[float] = None
    jobs: int = 0  # worker processes for the cst engine; 0 = one per core
    cache: bool = True
    cache_dir: Optional[Path] = None
    source: Optional[Path] = None  # the config file these settings came from
