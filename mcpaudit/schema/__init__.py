"""JSON Schemas mcpaudit ships for its own output.

``report.schema.json`` describes the JSON report (``mcpaudit.reporters.json``). It lives inside the
package so an installed mcpaudit can validate its own output and users can find the contract.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Dict

__all__ = ["REPORT_SCHEMA_FILE", "report_schema"]

REPORT_SCHEMA_FILE = "report.schema.json"


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def report_schema() -> Dict[str, Any]:
    """The JSON report schema (draft 2020-12) as a fresh dict."""
    return json.loads(_load(REPORT_SCHEMA_FILE))
