"""A caller's value glued after fixed text in the last component of a path (issue 12).

``Path(f"clean_trace_{project_id}_{job_id}.log").write_text(...)``: the value starts in the
middle of the file name, behind the code's own text ``clean_trace_``. A value holding ``/``
climbs only through the directory its first part names, ``clean_trace_<x>``, which must already
exist: ``clean_trace_x/../../etc/passwd`` resolves nowhere unless such a directory does. The
file the tool writes or reads is still named by the caller, so the flow stays in the audit view
(low confidence), with the prefix named; it is never dropped.

Only for the last component of the path the f-string builds (no separator in the rest of its
text): ``f"user_{uid}/notes.txt"`` names the directory ``user_<uid>`` itself, the kind a server
makes for its users, through which a climb succeeds. A directory-making call (``mkdir``,
``makedirs``) keeps its confidence: it makes exactly such directories. A prefix starting with
``~`` is no prefix (``expanduser`` reads ``~name`` as a home folder), nor is one of dots alone that starts the
component (``f"{root}/.{name}"``: ``.`` then ``./x`` is ``..``, which exists in every folder; after
a value, ``f"{stem}.{ext}"``, the component ``<stem>.<x>`` is still needed). Nor does a flow that passed
a resolver (``abspath``, ``normpath``, ``realpath``, ``Path.resolve()``: ``Info.resolved``):
those drop ``clean_trace_x/..`` by its text, with no directory needed.
"""

from __future__ import annotations

import re
from typing import Optional

from .taintvalue import Info, Taint

#: in ``clean`` (cleans nothing by itself): PREFIXED + the fixed text before the value in the last
#: component of the path it was placed in
PREFIXED = "component-prefix\x1f"
_SEPARATORS = ("/", "\\", "\0")


def mark_prefixed(t: Taint, before: Optional[str], last: bool, lead: Optional[str] = None) -> Taint:
    """``t`` placed right after the text ``before`` in the last component of a path (``lead``:
    the whole text before it, earlier values as a NUL character, when known)."""
    if not t or not last or not before or before[-1] in _SEPARATORS:
        return t
    head = before.replace("\\", "/").rsplit("/", 1)[-1]
    if not head or head.startswith("~") or _dots_start(head, lead):
        return t
    return {k: i.replace(clean=i.clean | {PREFIXED + head}) for k, i in t.items()}


def _dots_start(head: str, lead: Optional[str]) -> bool:
    """``head`` is dots alone and starts its component (no value before it there:
    ``f"{root}/.{name}"``, ``f".{name}"``): '.' then './x' is '..', a climb with no directory
    made. After a value (``f"{stem}.{ext}"``) the component is ``<stem>.<x>``, a prefix still."""
    if head.strip(".") or lead is None:
        return False
    return "\0" not in lead.replace("\\", "/").rsplit("/", 1)[-1]


def prefix_of(info: Info) -> Optional[str]:
    """The fixed text before the flow's value in the last component of its path, or None."""
    return next((c[len(PREFIXED):] for c in sorted(info.clean) if c.startswith(PREFIXED)), None)


def makes_dir(sink) -> bool:
    """``Path.mkdir()``, ``os.makedirs()``, ``os.mkdir()``: the call creates the directory its path
    names and nothing else (making one that exists does nothing, or fails)."""
    return bool(_MKDIR.search(sink.sink))


_MKDIR = re.compile(r"(?:^|\.)(?:mkdir|makedirs)\(")


def note(prefix: str) -> str:
    return (f"audit view: the value follows the fixed text '{prefix}' in the file name, so it reaches another "
            f"folder only through an existing directory whose name starts with '{prefix}'")


__all__ = ["PREFIXED", "makes_dir", "mark_prefixed", "note", "prefix_of"]
