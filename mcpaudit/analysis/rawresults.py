"""What the linker reports before the engine turns it into findings: a flow that reaches a sink
(:class:`RawFinding`) and a tool's capability (:class:`RawCapability`, the tool's purpose shown once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ..models import Confidence, FlowStep

@dataclass
class RawFinding:
    family: str
    path: str
    pos: Tuple[int, int, int, int]
    message: str
    confidence: Confidence
    tool: Optional[str]
    parameter: Optional[str]
    flow: List[FlowStep]
    detail: str = ""
    context: Optional[str] = None
    sink_at: Optional[Tuple[str, int]] = None  # (path, line) of the sink when reported elsewhere
    #: the other tools reaching the same sink, each with its own flow (the finding shows one)
    other_flows: List[Tuple[str, List[FlowStep]]] = field(default_factory=list)


@dataclass
class RawCapability:
    """What a tool can do because it hands a parameter to a sink as is (see families.yaml)."""

    capability: str  # command-execution | code-execution | file-access | network-request | raw-query
    tool: str
    parameter: str
    path: str
    pos: Tuple[int, int, int, int]  # the first sink that shows it
    sink: str
    write: bool
    flow: List[FlowStep]
    sinks: List[str]  # every sink of the tool that shows it, "path:line"
    context: Optional[str] = None
    read_only: bool = False  # every query it runs is on a connection opened read-only
    text: bool = False  # a query language (SQL, Cypher), which can write; not a query document
    behind: Optional[str] = None  # a check on the way that does not stop the tool's purpose
    read_why: str = ""  # why the code's own check keeps every query it runs a read (claims.py)
    service: bool = False  # every query it runs is sent to a service, which decides what may run
    built: bool = False  # the shown flow splices the parameter into larger text (an f-string of code)

    _PHRASES = {
        "command-execution": "runs commands the caller chooses",
        "code-execution": "evaluates code the caller writes",
        "file-access": "reads any file the caller names",
        "network-request": "fetches any URL the caller gives",
        "raw-query": "runs query text the caller writes",
    }

    @property
    def message(self) -> str:
        what = "reads and writes any file the caller names" if self.capability == "file-access" and self.write \
            else self._PHRASES.get(self.capability, self.capability)
        if self.capability == "raw-query" and not self.text:
            what = "runs query documents the caller writes" + (" and changes what they select" if self.write else "")
        elif self.capability == "raw-query":
            what += f" (reads only: {self.read_why})" if self.read_why else " (what the service allows)" \
                if self.service else \
                " (read-only, enforced by the database)" if self.read_only else " (reads and writes)"
        more = f" (and {len(self.sinks) - 1} more place(s))" if len(self.sinks) > 1 else ""
        behind = f"; only {self.behind} on the way" if self.behind else ""
        return f"tool '{self.tool}' {what}: parameter '{self.parameter}' reaches {self.sink} as is{more}{behind}"
