"""An in-memory buffer handed to a path sink: no file is opened or written.

``fig.savefig(buf, format="png")``, ``img.save(buf)``, ``df.to_csv(buf)`` with ``buf =
io.BytesIO()`` write into memory: the call is no file sink there, neither a finding nor a write
effect a read-only claim is about. The buffer is known by its constructor, resolved through the
module's imports (the models' sanitizer rows marked ``buffers``: ``io.BytesIO``/``io.StringIO``,
rules/models/python/files.yaml), written in place or assigned to the local passed. A bare name
with no import behind it (a project's own class ``BytesIO``) is no buffer.
"""

from __future__ import annotations

from ..lazycst import cst

from ..catalog import catalog


def in_memory(interp, node) -> bool:
    """``node`` (a sink's argument) is an in-memory buffer the function built."""
    buffers = catalog().python.memory_buffers
    if isinstance(node, cst.Call):
        return (interp.mod.dotted(node.func) or "") in buffers
    if isinstance(node, cst.Name):
        t = (getattr(interp, "types", {}) or {}).get(node.value) or ""
        return t.replace("()", "") in buffers
    return False


__all__ = ["in_memory"]
