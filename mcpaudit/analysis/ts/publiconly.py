"""Tools that say the addresses they open are public, and check nothing.

A tool whose purpose is to fetch or open what its caller names has that as its capability
(reported once per tool, not as a vulnerability). A tool that says its pages must be public
("The page must be publicly accessible", "public URLs only") declares a narrower purpose: an
internal host, a cloud metadata address or a ``file:`` URL is beyond it, so the same flow with no
check on the host is server-side request forgery, reported as a finding. Read from the tool's
description and its parameters' descriptions.
"""

from __future__ import annotations

import re
from typing import FrozenSet

#: a sentence saying the addresses must be public
_PUBLIC = re.compile(
    r"(?i)\b(?:must|should|has to|have to|needs? to)\s+be\s+(?:a\s+)?public(?:ly)?\b"
    r"|\bpublicly[ -](?:accessible|available|reachable)\b"
    r"|\b(?:only|just)\s+public\b"
    r"|\bpublic\s+(?:web\s*)?(?:pages?|urls?|sites?|websites?|addresses)\s+only\b")


def says_public(*texts) -> bool:
    """Whether one of the texts says the addresses a tool opens must be public."""
    return any(t and _PUBLIC.search(t) for t in texts)


class PublicTargets:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def _declares(self, family, tool: str, param=None) -> bool:
        if family.capability == "network-request" and tool in self.public_only_tools():
            return False  # its purpose stops at public addresses: reaching others is a finding
        return super()._declares(family, tool, param)  # type: ignore[misc]

    def public_only_tools(self) -> FrozenSet[str]:
        got = self.__dict__.get("_public_only")
        if got is None:
            got = self.__dict__["_public_only"] = frozenset(
                t.name for t in getattr(self, "tools", ())
                if says_public(t.description, *(p.description for p in t.parameters)))
        return got


__all__ = ["PublicTargets", "says_public"]
