"""Shared helpers for the ``tool-description-*`` rules.

Tool, resource and prompt descriptions (docstrings, ``description=`` arguments, ``Field(description=
...)`` on parameters, low-level ``types.Tool(description=...)``) are text the MCP client hands to the
model verbatim. These helpers turn the surface analysis' :class:`~mcpaudit.models.ToolInfo` list into
*description sites* (one per tool description and one per parameter description), normalise the text
so that simple obfuscation (zero-width characters inside words, full-width letters, line breaks in
the middle of a phrase) does not defeat the phrase patterns, quote offending phrases briefly and build
the findings the rules emit.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Match, Optional, Pattern, Sequence

from ..models import Confidence, Finding, Location, Parameter, Severity, ToolInfo

if TYPE_CHECKING:  # pragma: no cover
    from .project import Project
    from ..rule import Rule

__all__ = [
    "DescriptionSite",
    "Signal",
    "Hit",
    "iter_description_sites",
    "normalise",
    "clean_text",
    "shorten",
    "excerpt",
    "escape_invisible",
    "find_signals",
    "strongest",
    "compile_i",
    "is_invisible",
    "is_identifier_like",
    "describe_codepoint",
    "make_finding",
]

# Handler kinds whose description never reaches the model: the low-level dispatchers (a
# ``@server.call_tool()`` function's docstring is not sent anywhere). Every other kind is scanned,
# including the ``types.Tool`` entries a ``@server.list_tools()`` handler returns.
UNDESCRIBED_KINDS = frozenset({"call_tool", "read_resource", "get_prompt"})


@dataclass(frozen=True)
class DescriptionSite:
    """One piece of model-facing text: a tool's description or one parameter's description."""

    tool: ToolInfo
    parameter: Optional[Parameter]
    text: str
    location: Location

    @property
    def tool_name(self) -> str:
        return self.tool.name

    @property
    def parameter_name(self) -> Optional[str]:
        return self.parameter.name if self.parameter is not None else None

    @property
    def kind_label(self) -> str:
        kind = self.tool.kind
        if kind in ("resource", "prompt"):
            return kind
        return "tool"

    @property
    def subject(self) -> str:
        """``tool 'x'`` or ``parameter 'p' of tool 'x'`` for messages."""
        owner = f"{self.kind_label} '{self.tool.name}'"
        if self.parameter is not None:
            return f"parameter '{self.parameter.name}' of {owner}"
        return owner

    @property
    def what(self) -> str:
        """``the description of tool 'x'`` / ``the description of parameter 'p' of tool 'x'``."""
        return f"the description of {self.subject}"


def iter_description_sites(
    project: "Project", *, parameters: bool = True
) -> Iterator[DescriptionSite]:
    """Every non-empty description in the project, tools first, then their parameters.

    The location is the description's own location (the docstring's opening quotes or the
    ``description=`` string) when the surface analysis knows it, else the tool's location; a
    parameter description uses the same location as its tool's description. A tool listed twice
    (one registration reached through two functions: a factory's returned object and the
    factory) gives its descriptions once.
    """
    seen = set()
    for tool in project.tools:
        if tool.kind in UNDESCRIBED_KINDS:
            continue
        loc = tool.description_location or tool.location
        key = (tool.kind, tool.name, tool.location.path, tool.location.line, tool.location.column, loc.path, loc.line)
        if key in seen:
            continue
        seen.add(key)
        if tool.description and tool.description.strip():
            yield DescriptionSite(tool, None, tool.description, loc)
        if not parameters:
            continue
        for param in tool.parameters:
            if param.description and param.description.strip():
                yield DescriptionSite(tool, param, param.description, loc)


# --------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------

# Invisible characters that are not Unicode format (Cf) characters but render as nothing.
_INVISIBLE_EXTRA = frozenset({0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2800})


def is_invisible(ch: str) -> bool:
    """Format characters (zero-width, bidi controls, tags, soft hyphen ...), variation selectors
    and the blank fillers that render as nothing."""
    cp = ord(ch)
    if unicodedata.category(ch) == "Cf":
        return True
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    return cp in _INVISIBLE_EXTRA


def describe_codepoint(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``."""
    cp = ord(ch)
    name = unicodedata.name(ch, "")
    if not name and 0xE0000 <= cp <= 0xE007F:
        name = "TAG"
    return f"U+{cp:04X}" + (f" {name}" if name else "")


def escape_invisible(text: str) -> str:
    """Make invisible and control characters visible as ``\\u200b`` style escapes."""
    out = []
    for ch in text:
        cp = ord(ch)
        if is_invisible(ch) or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            out.append(f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")
        else:
            out.append(ch)
    return "".join(out)


_WS_RUN = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as a phrase matcher should see it: NFKC (full-width and compatibility letters become
    ASCII), invisible characters removed (so ``ig\\u200bnore`` matches ``ignore``), curly quotes
    straightened, every whitespace run collapsed to one space."""
    if text.isascii():  # NFKC, the invisible set and the curly quotes leave ASCII as it is
        return _WS_RUN.sub(" ", text).strip()
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if not is_invisible(ch))
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    return _WS_RUN.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """A description with docstring indentation and leading/trailing blank lines removed
    (``inspect.cleandoc``), as FastMCP-style clients usually show it; used for length counts."""
    return inspect.cleandoc(text).strip()


def shorten(text: str, width: int = 80) -> str:
    """One-line, visible-character rendering of ``text`` no longer than ``width`` characters."""
    text = escape_invisible(_WS_RUN.sub(" ", text).strip())
    if len(text) <= width:
        return text
    return text[: max(1, width - 1)].rstrip() + "…"


_CLAUSE_END = re.compile(r"[.!?](?=\s|$)|[;\n<]|$")


def excerpt(text: str, start: int, end: int, width: int = 80) -> str:
    """The matched span ``text[start:end]`` extended towards the end of its sentence, at most
    ``width`` characters (with an ellipsis when cut), for quoting in a message."""
    m = _CLAUSE_END.search(text, end)
    stop = m.start() if m else len(text)
    end = max(end, min(stop, start + width + 1))
    return shorten(text[start:end], width)


# --------------------------------------------------------------------------------------------
# Phrase signals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """A named phrase pattern and how strongly it indicates the hazard (1 weak .. 3 strong)."""

    name: str
    pattern: Pattern[str]
    strength: int
    label: str  # human text used in messages, e.g. "an <IMPORTANT> instruction tag"


@dataclass(frozen=True)
class Hit:
    signal: Signal
    start: int
    end: int
    quote: str


def find_signals(text: str, signals: Sequence[Signal], *, width: int = 80,
                 accept: Optional[Callable[[Signal, Match], bool]] = None) -> List[Hit]:
    """Every signal matching ``text`` (already normalised), at most one hit per signal (its first
    match, or the first one ``accept(signal, match)`` accepts), in text order."""
    hits: List[Hit] = []
    for sig in signals:
        if accept is None:
            m = sig.pattern.search(text)
        else:
            m = next((m for m in sig.pattern.finditer(text) if accept(sig, m)), None)
        if m:
            hits.append(Hit(sig, m.start(), m.end(), excerpt(text, m.start(), m.end(), width)))
    hits.sort(key=lambda h: (h.start, -h.signal.strength))
    return hits


def strongest(hits: Sequence[Hit]) -> Hit:
    return max(hits, key=lambda h: (h.signal.strength, -h.start))


# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------


def make_finding(
    rule: "Rule",
    site: DescriptionSite,
    message: str,
    *,
    severity: Optional[Severity] = None,
    confidence: Optional[Confidence] = None,
    fix: Optional[str] = None,
    properties: Optional[Dict[str, object]] = None,
) -> Finding:
    """A finding of ``rule`` at ``site``: tool, parameter, location and context filled in."""
    return Finding(
        rule_id=rule.ID,
        engine="cst",
        severity=severity if severity is not None else rule.SEVERITY,
        confidence=confidence if confidence is not None else rule.CONFIDENCE,
        message=message,
        location=site.location,
        cwe=list(rule.CWE),
        tool=site.tool.name,
        parameter=site.parameter_name,
        fix=fix if fix is not None else (rule.FIX or None),
        context=site.tool.function or None,
        tags=["mcp", "tool-description"],
        properties=dict(properties or {}),
    )


def compile_i(pattern: str) -> Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


def is_identifier_like(name: str) -> bool:
    """A name specific enough to be recognised in prose: snake_case, kebab-case, dotted or
    camelCase (``send_email``, ``read-file``, ``getUser``), not a plain English word (``search``)."""
    return bool(re.search(r"[_\-.]|[a-z][A-Z]|\d", name))
