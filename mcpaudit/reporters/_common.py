"""What several reporters need alike: severities and confidences from whatever a result holds
(hand-built results may hold names or numbers), counted words, the MCP tool and parameter a
finding's message does not name yet, and the checklist statuses in report order."""

from __future__ import annotations

from typing import Optional, Type, TypeVar, Union

from ..models import Confidence, Finding, Severity

_Level = TypeVar("_Level", Severity, Confidence)

#: Every checklist item status, in the order reports list and count them.
STATUSES = ("fail", "partial", "not-assessed", "manual", "pass", "not-applicable")
#: The statuses whose items a scorecard lists one by one (in this order); the others are counted.
SHOWN_STATUSES = ("fail", "partial", "not-assessed")
#: Each status in words.
STATUS_WORDS = {
    "fail": "fail",
    "partial": "partial",
    "not-assessed": "not assessed",
    "manual": "manual",
    "pass": "pass",
    "not-applicable": "n/a",
}


def _coerce(cls: Type[_Level], value: object) -> _Level:
    if isinstance(value, cls):
        return value
    if isinstance(value, int):
        return cls(value)
    return cls.parse(str(value))


def severity_of(value: Union[Severity, int, str, object]) -> Severity:
    """``value`` as a :class:`Severity` (a Severity, its number or its name)."""
    return _coerce(Severity, value)


def confidence_of(value: Union[Confidence, int, str, object]) -> Confidence:
    """``value`` as a :class:`Confidence` (a Confidence, its number or its name)."""
    return _coerce(Confidence, value)


def label(value: object) -> str:
    """A severity's or confidence's label (``high``), else ``str(value)``."""
    text = getattr(value, "label", None)
    return text if isinstance(text, str) else str(value)


def plural(n: int, word: str, plural_form: Optional[str] = None) -> str:
    """``1 file``, ``2 files`` (or ``plural_form`` for irregular words)."""
    return f"{n} {word if n == 1 else (plural_form or word + 's')}"


def with_tool(text: str, f: Finding) -> str:
    """``text``, then ``(MCP tool 't', parameter 'p')`` for those of the finding's tool and
    parameter that it does not mention already."""
    extra = []
    if f.tool and f.tool not in text:
        extra.append(f"MCP tool '{f.tool}'")
    if f.parameter and f.parameter not in text:
        extra.append(f"parameter '{f.parameter}'")
    return text + " (" + ", ".join(extra) + ")" if extra else text
