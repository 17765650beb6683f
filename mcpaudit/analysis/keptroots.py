"""A containment check against a root that an earlier tool call stored: no check at all.

``self.repo_path = Path(path).resolve()`` in a tool that sets the repository, then, in another
tool, ``full = self.repo_path / file_path`` checked with ``full.resolve().is_relative_to(
self.repo_path.resolve())`` before ``open(full)``: the check holds the caller's file inside the
root, but the root is whatever directory a caller named earlier (``/`` included), so the two tools
together read any file. The check's root keeps its own taint (verdicts.root_labels: a value
confined to a root is as much the caller's as the root is); read from the object's state, that
taint is the field's label, marked :data:`CONTAINMENT_ROOT`. Reached at a sink through kept state
(which is otherwise read only for request targets, fields.py), such a flow is reported at the
sink, with the tool that stored the root named in the detail.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Tuple

from .fields import THROUGH_STATE

#: in ``clean`` (no family): the taint of a containment check's root read from an object's state
CONTAINMENT_ROOT = "~containment-root"


def kept_root(path: str, sink, info, label) -> Optional[Tuple[str, object]]:
    """(path, sink) to report a flow whose containment root an earlier tool call stored, or None."""
    if sink.family != "path" or THROUGH_STATE not in info.clean or CONTAINMENT_ROOT not in info.clean:
        return None
    store = next((st.note[len("stored in "):] for st in info.steps if st.note.startswith("stored in ")), None)
    where = f" in {store}" if store else ""
    detail = (f"the check's root is kept{where} by an earlier call of tool '{label[1]}' from its "
              f"parameter '{label[2]}', so the check confines nothing")
    return path, replace(sink, detail=detail)
