"""An in-memory buffer handed to a path sink: no file is opened or written.

``fig.savefig(buf, format="png")``, ``img.save(buf)``, ``df.to_csv(buf)`` with ``buf =
io.BytesIO()`` write into memory: the call is no file sink there, neither a finding nor a write
effect a read-only claim is about. The buffer is known by its constructor (the models' in-memory
buffer rows, ``io.BytesIO``/``io.StringIO``), written in place or assigned to the local passed.
"""

from __future__ import annotations

import libcst as cst

_BUFFERS = frozenset({"io.BytesIO", "io.StringIO", "BytesIO", "StringIO"})


def in_memory(interp, node) -> bool:
    """``node`` (a sink's argument) is an in-memory buffer the function built."""
    if isinstance(node, cst.Call):
        return (interp.mod.dotted(node.func) or "") in _BUFFERS
    if isinstance(node, cst.Name):
        t = (getattr(interp, "types", {}) or {}).get(node.value) or ""
        return t.replace("()", "") in _BUFFERS
    return False


__all__ = ["in_memory"]
