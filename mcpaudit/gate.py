"""The exit-code gate of a scan (:func:`gate`), apart from the pipeline: a warm re-scan answered
from the result cache decides it without importing :mod:`mcpaudit.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Tuple

from .sources import TEST_CODE_TAG

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .models import AuditResult


def gate(result: "AuditResult", config: "Config") -> Tuple[int, str]:
    """The exit code and the reason: 2 engine/config error, 1 gate failed, 0 passed."""
    fatal = [e for e in result.errors if e.fatal]
    if fatal:
        return 2, f"{len(fatal)} engine error(s): " + "; ".join(f"{e.engine}: {e.message}" for e in fatal[:3])
    if config.fail_on is not None:
        bad = [f for f in (*result.findings, *result.capabilities)
               if f.severity >= config.fail_on and TEST_CODE_TAG not in f.tags]
        if bad:
            return 1, f"{len(bad)} finding(s) at or above {config.fail_on.label}"
    if config.min_score is not None and result.score is not None and result.score < config.min_score:
        return 1, f"score {_below(result.score, config.min_score)} is below --min-score {config.min_score:g}"
    return 0, "gate passed"


def _below(score: float, minimum: float) -> str:
    """``score`` with as many decimals as it takes to read as less than ``minimum`` (14.8, not 15)."""
    for digits in range(1, 7):
        text = f"{score:.{digits}f}".rstrip("0").rstrip(".")
        if float(text) < minimum:
            return text
    return repr(score)


__all__ = ["gate"]
