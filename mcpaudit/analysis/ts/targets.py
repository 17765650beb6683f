"""Small helpers of the linker (link.py) for call targets and stored values."""

from __future__ import annotations


def join(base: str, rest: str) -> str:
    """``base`` and the dotted ``rest`` as one target (``mod#`` takes ``rest`` directly)."""
    if not rest:
        return base
    if base.endswith("#"):
        return base + rest
    return f"{base}.{rest}"


def literal(v: str):
    """A stored constant (``s:...``) as its value: ``s:true``/``s:false`` as booleans."""
    if v == "s:true":
        return True
    if v == "s:false":
        return False
    return v[2:] if v.startswith("s:") else v


__all__ = ["join", "literal"]
