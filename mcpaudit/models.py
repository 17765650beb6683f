"""The one finding model every engine, filter, checklist and reporter shares.

Everything here is plain data (dataclasses and enums) so results can be pickled across worker
processes, cached, and serialised to JSON without custom encoders.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import Any, Dict, FrozenSet, Iterator, List, Mapping, Optional, Tuple


class Severity(enum.IntEnum):
    """How bad a finding is; ordered, so ``>=`` compares with a threshold."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """The severity named ``text`` (any case); ``ValueError`` naming the choices otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected one of: "
                + ", ".join(s.label for s in cls)
                + ")"
            ) from None

    @property
    def label(self) -> str:
        """The lower-case name (``high``), as reports and configs spell it."""
        return self.name.lower()


class Confidence(enum.IntEnum):
    """How sure the engine is that a finding is real; ordered like :class:`Severity`."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, text: str) -> "Confidence":
        """The confidence named ``text`` (any case); ``ValueError`` otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown confidence {text!r} (expected one of: low, medium, high)"
            ) from None

    @property
    def label(self) -> str:
        """The lower-case name (``medium``)."""
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """A place in a scanned file. ``path`` is root-relative, POSIX separators; lines and
    columns are 1-based (column 1 is the first character of the line)."""

    path: str
    line: int
    column: int = 1
    end_line: Optional[int] = None
    end_column: Optional[int] = None

    def sort_key(self) -> Tuple[str, int, int]:
        """Path, line, column: the order reports list places in."""
        return (self.path, self.line, self.column)


@dataclass(frozen=True)
class FlowStep:
    """One hop of a taint flow: where it happened and what happened there."""

    location: Location
    note: str


@dataclass
class Suppression:
    """Why a finding is not counted: an inline ignore, a config ignore or a baseline entry."""

    kind: str  # "inline" | "config" | "baseline"
    justification: str = ""
    location: Optional[Location] = None


@dataclass
class Finding:
    """One hazard one engine found at one place (see DESIGN.md section 4, *Findings*)."""

    rule_id: str
    engine: str  # "cst" | "semgrep" | "bandit"
    severity: Severity
    confidence: Confidence
    message: str
    location: Location
    cwe: List[str] = field(default_factory=list)  # e.g. ["CWE-78"]
    tool: Optional[str] = None  # MCP tool name when a handler is involved
    parameter: Optional[str] = None  # the handler parameter the value came from
    flow: List[FlowStep] = field(default_factory=list)
    fix: Optional[str] = None  # a one-line remediation hint
    snippet: Optional[str] = None  # the source line(s) of the primary location
    fingerprint: str = ""  # line-independent; set centrally (see mcpaudit.fingerprint)
    context: Optional[str] = None  # enclosing def/class qualname, used by the fingerprint
    also_reported_by: List[str] = field(default_factory=list)  # "engine:rule" of merged dupes
    suppression: Optional[Suppression] = None
    tags: List[str] = field(default_factory=list)
    properties: Dict[str, Any] = field(default_factory=dict)

    def sort_key(self):
        """Place, then rule, engine and message: a total order for stable reports."""
        return (*self.location.sort_key(), self.rule_id, self.engine, self.message)


@dataclass
class Example:
    """An inline example of a rule: code, and for invalid ones the 1-based lines it flags."""

    code: str
    lines: Tuple[int, ...] = ()


@dataclass
class RuleMeta:
    """What a rule of any engine is: for ``mcpaudit rules`` / ``explain``, SARIF and scoring."""

    id: str
    engine: str
    summary: str
    severity: Severity
    confidence: Confidence
    cwe: List[str] = field(default_factory=list)
    tags: List[str] = field(default_factory=list)
    description: str = ""  # markdown: What it does / Why is this bad / Remediation
    fix: str = ""
    help_uri: str = ""
    valid: List[Example] = field(default_factory=list)
    invalid: List[Example] = field(default_factory=list)


@dataclass
class EngineError:
    """A problem an engine (or the pipeline) had: fatal ones make the results incomplete."""

    engine: str  # "cst" | "semgrep" | "bandit" | "discovery" | "config"
    message: str
    path: Optional[str] = None
    fatal: bool = True  # False: a warning (e.g. one file skipped), not an engine failure


@dataclass
class SkippedFile:
    """A file that was not (fully) analysed, and why."""

    path: str
    reason: str


@dataclass
class Parameter:
    """A parameter of an MCP handler."""

    name: str
    annotation: Optional[str] = None
    description: Optional[str] = None
    default: Optional[str] = None
    tainted: bool = True  # False for Context, Literal/Enum/int-typed and similar


@dataclass
class ToolInfo:
    """One MCP handler found by the surface analysis."""

    name: str
    kind: str  # "tool" | "resource" | "prompt" | "call_tool" | "read_resource" | "get_prompt" | "list_tools"
    function: str  # qualname of the Python function
    location: Location
    parameters: List[Parameter] = field(default_factory=list)
    description: Optional[str] = None
    description_location: Optional[Location] = None
    uri: Optional[str] = None
    annotations: Dict[str, Any] = field(default_factory=dict)  # MCP ToolAnnotations hints
    framework: str = "fastmcp"  # "fastmcp" | "fastmcp2" | "lowlevel"
    # what the tool can do because it hands a parameter to a sink as is (see mcpaudit.inventory)
    capabilities: List[Dict[str, Any]] = field(default_factory=list)


@dataclass
class PostureFact:
    """A repository-level fact for the checklists, e.g. ``http.auth`` = False with evidence."""

    id: str
    value: Any
    evidence: List[Location] = field(default_factory=list)
    note: str = ""


@dataclass
class ChecklistItemResult:
    """How one checklist item scored, with its evidence."""

    id: str
    text: str
    status: str  # pass | fail | partial | manual | not-applicable | not-assessed
    evidence: List[str] = field(default_factory=list)
    severity: Optional[str] = None
    note: str = ""
    # a failed critical item caps its document's score only when this is true: it failed on a
    # posture fact, or on a high-confidence finding reached from an MCP tool (see FORMULA)
    caps: bool = True


@dataclass
class ChecklistResult:
    """How the scanned server scored against one checklist document."""

    id: str
    title: str
    source: str  # the document, by its published title
    score: Optional[float]
    items: List[ChecklistItemResult] = field(default_factory=list)
    url: str = ""  # where the document is published; empty when not recorded


@dataclass
class ScanStats(Mapping[str, Any]):
    """Run statistics (the JSON report's ``stats``). Read it by attribute, or as the mapping the
    report renders: every field that is set (not None), under its own name. A default instance is
    empty, as is the ``stats`` of a result not made by :func:`mcpaudit.api.audit`."""

    files: Optional[int] = None  # source files discovered (Python, JavaScript, TypeScript)
    # what the cst engine parsed: absent when it did not run
    parsed: Optional[int] = None
    lines: Optional[int] = None  # source lines of the Python files
    linked_from_cache: Optional[bool] = None
    python_files: Optional[int] = None
    seconds: Optional[float] = None  # wall clock for the whole audit (rounded to ms)
    engine_seconds: Optional[Dict[str, float]] = None  # per engine that ran (rounded to ms)
    tools: Optional[int] = None  # MCP handlers found
    test_code_findings: Optional[int] = None  # findings in test/example/docs code, hidden by default
    cache: Optional[Dict[str, Dict[str, int]]] = None  # per cache: {"hits": n, "misses": n}
    version: Optional[str] = None  # mcpaudit's
    #: how engines ran, per engine that says: semgrep's front end ("osemgrep" or "pysemgrep"),
    #: what the cst engine's first pass left out of the deep analysis
    engines: Optional[Dict[str, Dict[str, Any]]] = None

    def to_dict(self) -> Dict[str, Any]:
        """The fields that are set, in declaration order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def __getitem__(self, key: str) -> Any:
        value = getattr(self, key, None) if key in self._names() else None
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())

    @classmethod
    def _names(cls) -> FrozenSet[str]:
        return frozenset(f.name for f in fields(cls))


@dataclass
class AuditResult:
    """Everything one audit found and decided; what reporters render and the gate judges."""

    root: str
    findings: List[Finding] = field(default_factory=list)  # not suppressed, above thresholds
    suppressed: List[Finding] = field(default_factory=list)
    errors: List[EngineError] = field(default_factory=list)
    skipped: List[SkippedFile] = field(default_factory=list)
    rules: List[RuleMeta] = field(default_factory=list)  # every enabled rule
    tools: List[ToolInfo] = field(default_factory=list)
    facts: List[PostureFact] = field(default_factory=list)
    checklists: List[ChecklistResult] = field(default_factory=list)
    score: Optional[float] = None
    grade: Optional[str] = None
    engines_run: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    fixed: List[Dict[str, Any]] = field(default_factory=list)  # baseline entries now gone
    test_code_findings: int = 0  # findings in test/example/docs code (listed only with include-tests)
    capabilities: List[Finding] = field(default_factory=list)  # what tools can do (capability-* rules)
    exposure: Optional[Dict[str, Any]] = None  # who can call the tools (see mcpaudit.inventory)
    # whether the MCP surface is complete enough to score (see mcpaudit.inventory.surface_status)
    surface: Optional[Dict[str, Any]] = None
    grade_note: str = ""  # what qualifies the grade ("incomplete: ..."), empty when nothing does
    stats: ScanStats = field(default_factory=ScanStats)
    # What the scanned repository's own config file turned off or relaxed, one line each
    # ("ignore: tool-shell-injection"): every report must show it (Config.disabled_by_config).
    disabled_by_config: List[str] = field(default_factory=list)

    @property
    def fatal_errors(self) -> List[EngineError]:
        """The errors that make the results incomplete."""
        return [e for e in self.errors if e.fatal]
