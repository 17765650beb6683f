"""Rule patterns written from the catalog: a rule whose metadata names a catalog section
(``mcpaudit-catalog: tls-off-options``) gets one pattern per row of that section when the packs
are loaded, and the row's names join its file gates (``mcpaudit-requires-in-code`` and the
``string`` / ``bound-name`` shapes of ``mcpaudit-requires-python``).

``tls-off-options`` (``rules/models/python/http.yaml``): per library, the options that switch
certificate checks off when true: an item of an options dict handed to one of its calls
(``yt_dlp.YoutubeDL({"nocheckcertificate": True})``, or a name assigned that dict before the
call), reported at the item; or a keyword of one of its calls
(``httplib2.Http(disable_ssl_certificate_validation=True)``), reported at the call.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

CATALOG_KEY = "mcpaudit-catalog"


def _alt(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names)))


def _call_regex(calls) -> str:
    return r"^(?:[\w.]+\.)?(?:" + _alt(calls) + r")$"


def _dict_branch(row) -> Dict[str, Any]:
    return {"patterns": [
        {"pattern-either": [
            {"pattern-inside": "$O = {...}\n...\nwith $CALL(..., $O, ...) as $X:\n    ...\n"},
            {"pattern-inside": "$O = {...}\n...\n<... $CALL(..., $O, ...) ...>\n"},
            {"pattern-inside": "$CALL(..., {...}, ...)\n"},
        ]},
        {"pattern": "{..., $K: True, ...}\n"},
        {"metavariable-regex": {"metavariable": "$K", "regex": "^['\"](?:" + _alt(row.keys) + ")['\"]$"}},
        {"metavariable-regex": {"metavariable": "$CALL", "regex": _call_regex(row.calls)}},
        {"focus-metavariable": "$K"},
    ]}


def _keyword_branch(row) -> Dict[str, Any]:
    return {"patterns": [
        {"pattern": "$CALL(..., $KW=True, ...)"},
        {"metavariable-regex": {"metavariable": "$KW", "regex": "^(?:" + _alt(row.keywords) + ")$"}},
        {"metavariable-regex": {"metavariable": "$CALL", "regex": _call_regex(row.calls)}},
    ]}


def _tls_off_options(rule: Dict[str, Any]) -> None:
    from ...catalog import catalog

    rows = catalog().python.tls_off_options
    branches: List[Dict[str, Any]] = []
    for row in rows:
        if row.keys:
            branches.append(_dict_branch(row))
        if row.keywords:
            branches.append(_keyword_branch(row))
    if not branches or not isinstance(rule.get("pattern-either"), list):
        return
    rule["pattern-either"] = list(rule["pattern-either"]) + branches
    md = rule.setdefault("metadata", {})
    keys = sorted({k for r in rows for k in r.keys})
    kws = sorted({k for r in rows for k in r.keywords})
    if md.get("mcpaudit-requires-in-code") is not None:
        md["mcpaudit-requires-in-code"] = list(md["mcpaudit-requires-in-code"]) + keys + kws
    if md.get("mcpaudit-requires-python") is not None:
        md["mcpaudit-requires-python"] = list(md["mcpaudit-requires-python"]) + [
            {"string": "^(?:" + _alt(keys) + ")$"}] * bool(keys) + [{"bound-name": "^(?:" + _alt(kws) + ")$"}] * bool(kws)


_SECTIONS = {"tls-off-options": _tls_off_options}


def with_catalog_patterns(rule: Dict[str, Any]) -> Dict[str, Any]:
    """``rule``, with the patterns of the catalog section its metadata names (a copy; the
    loaded document is shared through the YAML cache)."""
    section = (rule.get("metadata") or {}).get(CATALOG_KEY) if isinstance(rule, dict) else None
    if section not in _SECTIONS:
        return rule
    rule = dict(rule, metadata=dict(rule.get("metadata") or {}))
    _SECTIONS[section](rule)
    return rule


__all__ = ["CATALOG_KEY", "with_catalog_patterns"]
