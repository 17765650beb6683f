"""Reporters turn an :class:`~mcpaudit.models.AuditResult` into output. They never filter.

* ``rich``     — :func:`mcpaudit.reporters.rich.render(result, console, *, show_suppressed=False,
  source_lines=None)` prints the terminal report; ``rich.source_reader(root)`` builds a safe
  ``source_lines`` for the code frames.
* ``json``     — :func:`mcpaudit.reporters.json.render(result, *, timestamp=True) -> str`, and
  ``to_dict``; the contract is ``mcpaudit/schema/report.schema.json``.
* ``markdown`` — :func:`mcpaudit.reporters.markdown.render(result, *, max_findings=200) -> str`,
  for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.
* ``sarif``    — SARIF 2.1.0 for GitHub code scanning.

Every string in a result may come from hostile scanned code; the reporters pass it through
:func:`mcpaudit.textsafe.literal` (terminal) or their own escaping (Markdown), or keep it verbatim
in a structured format that escapes it (JSON, SARIF).

Submodules are not imported here, so ``import mcpaudit.reporters`` stays cheap.
"""

FORMATS = ("rich", "json", "sarif", "markdown")

__all__ = ["FORMATS"]
