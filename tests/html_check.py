"""Structural checks on an mcpaudit HTML page, shared by the unit, hostile and browser tests."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import Dict, List, Tuple

#: Every element the report may contain; anything else came from scanned text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "span", "div", "small",
    "ul", "ol", "li", "p", "nav", "a", "main", "section", "svg", "g", "text", "rect", "form", "label",
    "select", "option", "button", "output", "code", "article", "table", "thead", "tbody", "tr", "th", "td",
    "pre", "b", "mark", "details", "summary", "footer", "script",
}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.blocks: Dict[str, List[str]] = {"style": [], "script": []}
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.blocks:
            self._in = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.blocks[self._in][-1] += data


def parse(page: str) -> _Collect:
    c = _Collect()
    c.feed(page)
    c.close()
    return c


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_self_contained_and_inert(page: str) -> _Collect:
    """One style and one script, both ours (their hashes are what the page's CSP allows); no other
    element than the report's own; no event handler, src, style or external reference anywhere."""
    doc = parse(page)
    tags = {t for t, _ in doc.tags}
    assert tags <= ALLOWED_TAGS, f"unexpected elements: {tags - ALLOWED_TAGS}"
    assert len(doc.blocks["style"]) == 1 and len(doc.blocks["script"]) == 1
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert f"style-src {_hash(doc.blocks['style'][0])};" in csp
    assert f"script-src {_hash(doc.blocks['script'][0])};" in csp
    for tag, attrs in doc.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "style", "srcset", "action", "formaction", "background"), (tag, name)
            if name in ("href", "xlink:href"):
                assert value.startswith("#") or (tag == "a" and value.startswith("https://")), value
    assert not re.search(r"@import|url\(", doc.blocks["style"][0])
    assert not re.search(r"\b(fetch|XMLHttpRequest|WebSocket|eval|innerHTML|import\()", doc.blocks["script"][0])
    return doc
