"""Base class for mcpaudit's own (libcst) rules, Fixit style.

A rule is one class in one module under ``mcpaudit/checks``; the module name is the rule id with
dashes turned into underscores. The class carries the metadata, a docstring with the sections
*What it does*, *Why is this bad* and *Remediation*, and inline ``VALID`` / ``INVALID`` examples.
One parametrised test turns every example of every rule into a test, and ``mcpaudit explain``
renders the same examples as documentation.

Two kinds of rule exist:

* taint rules set ``FAMILY``; the cst engine (:mod:`mcpaudit.engines.cst`) emits their findings
  when a value from an MCP handler parameter reaches a sink of that family;
* project rules override :meth:`check`, which sees the whole analysed project once.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, ClassVar, Iterable, List, Optional, Sequence

from .models import Confidence, Example, Finding, RuleMeta, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.project import Project

HELP_BASE = "https://github.com/mcpaudit/mcpaudit/blob/main/docs/rules.md#"


def Valid(code: str) -> Example:
    """An example the rule must not flag (the code is dedented)."""
    return Example(inspect.cleandoc(code) + "\n")


def Invalid(code: str, *lines: int) -> Example:
    """An example the rule must flag; ``lines`` are the 1-based lines of the expected findings
    (of this rule) in the cleaned code."""
    return Example(inspect.cleandoc(code) + "\n", tuple(lines))


class Rule:
    """Base class of a cst rule: metadata as class attributes (see the module docstring)."""

    ID: ClassVar[str] = ""
    SUMMARY: ClassVar[str] = ""
    SEVERITY: ClassVar[Severity] = Severity.MEDIUM
    CONFIDENCE: ClassVar[Confidence] = Confidence.HIGH
    CWE: ClassVar[Sequence[str]] = ()
    TAGS: ClassVar[Sequence[str]] = ()
    FIX: ClassVar[str] = ""
    FAMILY: ClassVar[Optional[str]] = None  # taint sink family, for taint rules
    CAPABILITY: ClassVar[Optional[str]] = None  # what a tool can do, for capability rules
    VALID: ClassVar[List[Example]] = []
    INVALID: ClassVar[List[Example]] = []

    def check(self, project: "Project") -> Iterable[Finding]:
        """Project rules yield findings here; taint rules leave it empty."""
        return ()

    @classmethod
    def meta(cls) -> RuleMeta:
        """The rule's metadata, its docstring as the description."""
        return RuleMeta(
            id=cls.ID,
            engine="cst",
            summary=cls.SUMMARY,
            severity=cls.SEVERITY,
            confidence=cls.CONFIDENCE,
            cwe=list(cls.CWE),
            tags=["security", *cls.TAGS],
            description=inspect.cleandoc(cls.__doc__ or ""),
            fix=cls.FIX,
            help_uri=HELP_BASE + cls.ID,
            valid=list(cls.VALID),
            invalid=list(cls.INVALID),
        )
