"""Where the bundled rule packs live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The bundled ``rules/`` directory.

    In a wheel it is force-included as ``mcpaudit/_rules``; in a source checkout (or an editable
    install) it is the top-level ``rules/`` next to the package.
    """
    installed = _PKG / "_rules"
    if installed.is_dir():
        return installed
    checkout = _PKG.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "mcpaudit's bundled rules/ directory is missing from this installation "
        f"(looked in {installed} and {checkout})"
    )
