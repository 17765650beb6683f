"""Whether a module's jinja2 environments can render HTML (bandit ``B701``).

``B701`` warns that a ``jinja2.Environment`` built without ``autoescape`` leaves values
unescaped in the HTML it renders (cross-site scripting). Many MCP servers use jinja2 for text a
model reads - prompts, markdown context, MDX documentation - where HTML escaping is meaningless
(and would corrupt the text). A module that gives no sign of HTML at all - no ``.html``/``.htm``
/``.xhtml`` template name, no HTML tag or ``text/html`` content type, no web framework response
or ``Markup`` - renders text: the hit moves to the audit view with :data:`REASON`. Any such
sign keeps it (the check reads the module's text only, so a sign anywhere in it counts).
"""

from __future__ import annotations

import re

REASON = ("the module renders no HTML (no .html template, HTML tag, text/html type or web "
          "response in it): jinja2 text for a model or a document, where autoescape does not apply")

#: signs that a module's templates produce HTML or its output reaches a web response
_HTML_SIGNS = re.compile(
    r"""\.x?html?\b|text/html|</?(?:html|body|head|div|span|p|a|table|tr|td|ul|li|script|style|form|br|h[1-6])(?=[\s>/])"""
    r"""|\bHTMLResponse\b|\bHttpResponse\b|\brender_template(?:_string)?\b|\bmake_response\b|\bMarkup\b"""
    r"""|\b(?:from|import)\s+(?:flask|quart|starlette|fastapi|django|aiohttp|tornado|sanic|bottle|pyramid|falcon|litestar)\b"""
    r"""|\bselect_autoescape\b""",
    re.IGNORECASE,
)


def renders_text_only(text: str) -> bool:
    """Whether the module's text gives no sign that its templates render HTML."""
    return _HTML_SIGNS.search(text) is None


__all__ = ["REASON", "renders_text_only"]
