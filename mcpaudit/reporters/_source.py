"""Source lines for code frames, shared by the terminal and HTML reports.

:func:`source_reader` reads scanned files safely (inside the root, size-capped, cached);
:func:`code_frame` picks the lines a finding is shown with and where on them its range is.
Nothing here makes text safe to display: the reporters do that, each for its medium.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from ..models import Location
from ..sources import split_lines

__all__ = ["SourceLines", "FrameLine", "code_frame", "source_line", "source_reader", "split_source_lines"]

#: ``source_lines(path)``: the lines (without line endings) of a scanned file given its
#: root-relative path, or None.
SourceLines = Callable[[str], Optional[List[str]]]

MAX_HIGHLIGHT_LINES = 6  # a multi-line finding's frame shows at most this many of its lines


def split_source_lines(text: str) -> List[str]:
    """Source lines as Python numbers them (see :func:`mcpaudit.sources.split_lines`)."""
    return split_lines(text)


def source_reader(root: str, *, max_bytes: int = 10 * 1024 * 1024, cache_size: int = 64) -> SourceLines:
    """A ``source_lines`` callable reading root-relative paths under ``root``.

    Refuses absolute paths, paths that leave the root (``..``, symlinks pointing outside), non-files
    and files over ``max_bytes``; decodes UTF-8 with replacement and strips a BOM. Results are
    cached (LRU, ``cache_size`` files).
    """
    base = Path(root).resolve()
    cache: "OrderedDict[str, Optional[List[str]]]" = OrderedDict()

    def read(path: str) -> Optional[List[str]]:
        if path in cache:
            cache.move_to_end(path)
            return cache[path]
        lines = _read(path)
        cache[path] = lines
        if len(cache) > cache_size:
            cache.popitem(last=False)
        return lines

    def _read(path: str) -> Optional[List[str]]:
        if not path or "\x00" in path or os.path.isabs(path):
            return None
        try:
            target = (base / path).resolve()
            target.relative_to(base)
            if not target.is_file() or target.stat().st_size > max_bytes:
                return None
            data = target.read_bytes()
        except (OSError, ValueError, RuntimeError):
            return None
        text = data.decode("utf-8", errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        return split_source_lines(text)

    return read


def safe_lines(source_lines: Optional[SourceLines], path: str) -> Optional[List[str]]:
    """``source_lines(path)``, or None when there is no reader or it fails (a broken reader must
    not take a report down)."""
    if source_lines is None:
        return None
    try:
        lines = source_lines(path)
    except Exception:
        return None
    return list(lines) if lines is not None else None


def source_line(source_lines: Optional[SourceLines], path: str, line: int) -> Optional[str]:
    """One line of a scanned file, or None."""
    lines = safe_lines(source_lines, path)
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1].rstrip("\r\n")


@dataclass(frozen=True)
class FrameLine:
    """One line of a code frame: its number, its raw text, whether it is part of the finding,
    and on the primary line the finding's range as ``[start, end)`` character offsets."""

    number: int
    text: str
    highlighted: bool
    span: Optional[Tuple[int, int]] = None


def code_frame(location: Location, snippet: Optional[str], lines: Optional[List[str]], *,
               before: int = 1, after: int = 1) -> List[FrameLine]:
    """The lines to show a finding at ``location`` with: ``before``/``after`` lines of context
    around its (at most :data:`MAX_HIGHLIGHT_LINES`) own lines, blank context at the edges
    dropped. Without the file's ``lines``, the finding's ``snippet`` alone; empty when neither."""
    first = location.line
    last = location.end_line if location.end_line and location.end_line >= first else first
    last = min(last, first + MAX_HIGHLIGHT_LINES - 1)
    window: List[Tuple[int, str]] = []
    if lines is not None and 1 <= first <= len(lines):
        start = max(1, first - before)
        end = min(len(lines), last + after)
        window = [(n, lines[n - 1]) for n in range(start, end + 1)]
    elif snippet:
        window = [(first + k, s) for k, s in enumerate(split_source_lines(snippet)[:MAX_HIGHLIGHT_LINES])]
    window = [(n, s.rstrip("\r\n")) for n, s in window]
    while window and window[0][0] < first and not window[0][1].strip():
        window.pop(0)
    while window and window[-1][0] > last and not window[-1][1].strip():
        window.pop()
    return [FrameLine(n, s, first <= n <= last, _span(location, s) if n == first else None)
            for n, s in window]


def _span(loc: Location, raw: str) -> Tuple[int, int]:
    """Where on its first line a finding's range is: from its column to its end column (same
    line) or the end of the code; a finding without a column covers the line's code."""
    if loc.column > 1 or loc.end_column:
        col0 = min(max(loc.column - 1, 0), len(raw))
        if loc.end_column and loc.end_line in (None, loc.line) and loc.end_column > loc.column:
            col1 = min(loc.end_column - 1, len(raw))
        else:
            col1 = len(raw.rstrip())
    else:
        col0 = len(raw) - len(raw.lstrip())
        col1 = len(raw.rstrip())
    if col1 <= col0:
        col1 = min(col0 + 1, max(len(raw), col0 + 1))
    return col0, col1
