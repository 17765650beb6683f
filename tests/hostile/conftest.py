"""Fixtures for the hostile-input tests (helpers live in ``hostile_helpers``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """mcpaudit's result cache (when the build has one) goes to a per-test directory, never the
    real home; no reproducible-build clock from the environment unless a test sets it."""
    cache = tmp_path_factory.mktemp("mcpaudit-cache")
    monkeypatch.setenv("MCPAUDIT_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return cache
