"""Reporters turn an :class:`~mcpaudit.models.AuditResult` into output. They never filter.

Every reporter module has the same entry point, ``report(result, options) -> Optional[str]``: the
report as text for the caller to write (to standard output or to ``options.output``), or ``None``
when the reporter printed it itself (the terminal report on a terminal). :data:`REPORTERS` names
them; :func:`render` dispatches. Each module also keeps its own, richer ``render`` function:

* ``rich``     — :func:`mcpaudit.reporters.rich.render(result, console, options=ReportOptions(), *,
  source_lines=None)` prints the terminal report: findings first, grouped by MCP tool;
  ``rich.source_reader(root)`` builds a safe ``source_lines`` for the code frames.
* ``json``     — :func:`mcpaudit.reporters.json.render(result, *, timestamp=True) -> str`, and
  ``to_dict``; the contract is ``mcpaudit/schema/report.schema.json``.
* ``sarif``    — SARIF 2.1.0 for GitHub code scanning.
* ``markdown`` — :func:`mcpaudit.reporters.markdown.render(result, *, max_findings=200) -> str`,
  for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.
* ``github``   — GitHub Actions workflow commands (one annotation per finding).
* ``html``     — :func:`mcpaudit.reporters.html.render(result, *, source_lines=None) -> str`: one
  self-contained page (inline CSS, JavaScript and SVG, no network loads) with filters.

Every string in a result may come from hostile scanned code; the reporters pass it through
:func:`mcpaudit.textsafe.literal` (terminal) or their own escaping (Markdown, HTML, workflow commands),
or keep it verbatim in a structured format that escapes it (JSON, SARIF).

Submodules are not imported here, so ``import mcpaudit.reporters`` stays cheap.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from ..models import AuditResult


@dataclass(frozen=True)
class ReportOptions:
    """What the caller asks of a report, the same for every format (a format ignores what does
    not apply to it)."""

    show_suppressed: bool = False  # the terminal report lists suppressed findings too
    output: Optional[Path] = None  # the report goes to this file; None: standard output
    # terminal report detail: quiet = the summary and the gate only; compact = no tool table and
    # no checklists (the pre-commit hook); checklists = every checklist item; verbose = all of it
    quiet: bool = False
    compact: bool = False
    checklists: bool = False
    verbose: bool = False
    color: Optional[bool] = None  # None: colour when standard output is a terminal (NO_COLOR honoured)
    gate: Optional[Tuple[int, str]] = None  # (exit code, reason), printed last by the terminal report
    targets: Tuple[str, ...] = ()  # what was scanned, as the user named it (default: the root)
    source_root: Optional[str] = None  # where code frames are read from (default: result.root)


#: Format name -> the module under ``mcpaudit.reporters`` whose ``report`` renders it.
#: The first one is the default.
REPORTERS: Dict[str, str] = {
    "rich": "rich",
    "json": "json",
    "sarif": "sarif",
    "markdown": "markdown",
    "github": "github",
    "html": "html",
}


def render(fmt: str, result: "AuditResult", options: ReportOptions = ReportOptions()) -> Optional[str]:
    """The report of ``result`` in format ``fmt`` (a key of :data:`REPORTERS`): text to write,
    or ``None`` when the reporter printed it itself. Raises ``KeyError`` for an unknown format."""
    module = importlib.import_module(f"{__name__}.{REPORTERS[fmt]}")
    return module.report(result, options)


__all__ = ["REPORTERS", "ReportOptions", "render"]
