"""What project rules see: the scanned files, and the MCP surface found in them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from ..models import ToolInfo

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class SourceFile:
    path: str  # root-relative, POSIX separators
    text: str  # decoded source (BOM stripped, PEP 263 cookie honoured)

    _lines: Optional[List[str]] = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> List[str]:
        if self._lines is None:
            # only \r\n, \r and \n end a line for Python (str.splitlines also splits on \f,
            # \x1c-\x1e, U+2028 ..., which would shift every line number after them)
            lines = _LINE_BREAK.split(self.text)
            if lines and lines[-1] == "":
                lines.pop()
            self._lines = lines
        return self._lines

    def line(self, n: int) -> str:
        """The 1-based line ``n`` without its newline ('' when out of range)."""
        ls = self.lines
        return ls[n - 1] if 1 <= n <= len(ls) else ""


@dataclass
class Project:
    root: Path
    files: Dict[str, SourceFile] = field(default_factory=dict)  # path -> file (Python only)
    tools: List[ToolInfo] = field(default_factory=list)
    # facts the surface analysis found that project rules need, e.g. HTTP transports and auth
    http_servers: List[dict] = field(default_factory=list)
    auth_evidence: List[dict] = field(default_factory=list)
