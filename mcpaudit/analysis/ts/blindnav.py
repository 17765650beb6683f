"""Blind browser navigation: a tool's URL opened in a page read back only through the site's own
DOM (issue 14, ts32b).

``await this.page.goto(url); await this.page.waitForSelector(".note-container"); return
this.page.evaluate(() => document.querySelector(".note-container .title")?.textContent)``: the
browser opens whatever the caller names (``page.goto`` also opens ``file://`` URLs), but what comes
back is only what fixed selectors of the expected site find. A local file or an intranet page times
out on the wait or yields empty fields: nothing of it reaches the caller. The request itself still
leaves from the server's network, which matters when others reach the server (an HTTP transport);
over stdio the browser is the user's own.

Every use of the page (before the tool-reached ``goto`` too: a ``page.on("response", ...)`` listener
set up first reads what it opens; and the ``goto``'s own Response only thrown away or its status
read, never its ``text()``), in the enclosing function when the page is
its own (``browser.newPage()``, or a project function returning one), in the whole module when it
is a module's page or ``this.page`` (a page a getter shares, ``getPageInstance()``, is not judged:
any tool may read it); and in a project
function it hands the page to, by name, two levels deep) must be a read-back of that kind, a test
or a (re)assignment of the page, or a navigation setting:
``waitForSelector``/``click``/``$``/``$$``/``$eval``/``$$eval`` with a string literal selector naming a
class, an id or an attribute (``.note-container``; a bare tag such as ``a`` is on every page), ``waitForTimeout``/``waitForLoadState``/``close``, ``context()`` only to
add cookies, ``evaluate`` of one function written in place or named in the module
that reads no whole document (``document.body``, ``documentElement``, ``innerHTML``, ``outerHTML``,
``document.cookie``, ``document.title``, storage) and queries the document only by such selectors,
taking no other argument; and at least one read of that kind must be there (a tool that reads
nothing back shows no sign of expecting one site's pages). Anything else (``content()``,
``screenshot``, ``pdf``, ``innerText`` of a caller's selector, the page returned or stored) keeps the
finding as it is. A blind one loses its ``file://`` clause and goes to the audit view unless the
project serves MCP over HTTP.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

from . import nodes as N
from .parse import is_ts_source, parse

_FILE_CLAUSE = " (the browser also opens file:// URLs, local files)"
_FUNCTIONS = ("arrow_function", "function_expression", "function_declaration", "method_definition",
              "generator_function_declaration", "function")
_SELECTOR_FIRST = frozenset({"waitForSelector", "click", "$eval", "$$eval", "hover", "$", "$$", "type", "fill"})
#: the page's browser context, only to set its cookies or permissions (a login kept by the server)
_CONTEXT_SETS = frozenset({"addCookies", "clearCookies", "grantPermissions", "setDefaultTimeout"})
_PLAIN = frozenset({"waitForTimeout", "waitForLoadState", "close", "waitForNetworkIdle",
                    "setViewportSize", "setViewport", "setDefaultTimeout", "setDefaultNavigationTimeout", "setUserAgent",
                    "setExtraHTTPHeaders", "bringToFront", "isClosed"})
#: parents of a page reference that only test or set it (``if (!this.page)``, ``this.page = null``)
_TESTS = ("unary_expression", "if_statement", "parenthesized_expression", "binary_expression")
_WHOLE = re.compile(r"document\s*\.\s*(?:body|documentElement|cookie|title|links|images|forms|all)\b|"
                    r"\b(?:innerHTML|outerHTML|getElementsByTagName)\b|\b(?:localStorage|sessionStorage)\b")
#: a selector of the expected site: a class, an id or an attribute (``.note-container``, ``#detail``,
#: ``[data-testid="user"]``), not a bare tag any page has (``a``, ``h1``, ``body``)
_SPECIFIC = re.compile(r"[.#\[]")
_DOC_QUERY = re.compile(r"document\s*\.\s*querySelector(?:All)?\s*\(\s*(?:(['\"`])((?:(?!\1).)*)\1)?")
_DEPTH = 2
#: what may be read of a navigation's own Response (its status), the rest of it is the page's body
_STATUS = frozenset({"status", "ok", "statusText"})
_NEW_PAGE = re.compile(r"\.newPage\s*\(")


def _same(a, b) -> bool:
    """The same tree node (the bindings make a new wrapper object at each access)."""
    return a is not None and b is not None and a.id == b.id


def _enclosing(node):
    p = node.parent
    while p is not None and p.type not in _FUNCTIONS:
        p = p.parent
    return p


def _status_only(data: bytes, call) -> bool:
    """A navigation (``goto``, ``reload``) whose Response is thrown away or only its status read
    (``(await page.goto(u))?.ok()``, ``if (!res || !res.ok())``); its body (``text()``, ``json()``)
    is the opened page itself."""
    node = call
    while node.parent is not None and node.parent.type in ("await_expression", "parenthesized_expression"):
        node = node.parent
    par = node.parent
    if par is None or par.type == "expression_statement":
        return True
    if par.type == "member_expression" and _same(par.child_by_field_name("object"), node):
        prop = par.child_by_field_name("property")
        return prop is not None and N.text(data, prop) in _STATUS
    if par.type == "variable_declarator" and _same(par.child_by_field_name("value"), node):
        name = par.child_by_field_name("name")
        fn = _enclosing(call)
        if name is None or name.type != "identifier" or fn is None:
            return False
        var = N.text(data, name)
        for ref in N.nodes_under(fn, "identifier"):
            if N.text(data, ref) != var or _same(ref, name):
                continue
            up = ref.parent
            if up is not None and up.type in _TESTS:
                continue
            if up is None or up.type != "member_expression" or not _same(up.child_by_field_name("object"), ref):
                return False
            prop = up.child_by_field_name("property")
            if prop is None or N.text(data, prop) not in _STATUS:
                return False
        return True
    return False


def _function_named(root, data: bytes, name: str):
    for kind in ("function_declaration", "generator_function_declaration"):
        for fn in N.nodes_under(root, kind):
            n = fn.child_by_field_name("name")
            if n is not None and N.text(data, n) == name:
                return fn
    for d in N.nodes_under(root, "variable_declarator"):
        n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
        if n is not None and v is not None and N.text(data, n) == name and v.type in _FUNCTIONS:
            return v
    return None


class _Reader:
    """Judges the page's read-back over the project's modules (parsed on demand)."""

    def __init__(self, texts: Dict[str, str]):
        self.texts = texts
        self.trees: Dict[str, object] = {}
        self.marks = 0  # reads through a selector of the expected site, seen by the last judgement

    def tree(self, path: str):
        if path not in self.trees:
            self.trees[path] = parse(self.texts[path].encode("utf-8"), path)
        return self.trees[path]

    def blind(self, path: str, fn, page: str, after: int, depth: int) -> bool:
        """Whether every use of ``page`` (its text) in ``fn`` after byte ``after`` reads back blind."""
        data = self.texts[path].encode("utf-8")
        root = self.tree(path).root_node
        for kind in ("member_expression", "identifier", "shorthand_property_identifier"):
            for node in N.nodes_under(fn, kind):
                if node.start_byte < after or N.text(data, node) != page:
                    continue
                if node.parent is not None and node.parent.type == "member_expression" and \
                        not _same(node.parent.child_by_field_name("object"), node):
                    continue  # a property named like the page (other.page), not the page
                if not self._use(path, data, root, node, depth):
                    return False
        return True

    def _use(self, path: str, data: bytes, root, node, depth: int) -> bool:
        par = node.parent
        if par is not None and (par.type in _TESTS or (
                par.type == "assignment_expression" and _same(par.child_by_field_name("left"), node)) or (
                par.type == "variable_declarator" and _same(par.child_by_field_name("name"), node))):
            return True  # tested, declared or (re)assigned: nothing read from the page
        if par is not None and par.type == "member_expression" and _same(par.child_by_field_name("object"), node):
            call = par.parent
            method = N.text(data, par.child_by_field_name("property")) if par.child_by_field_name("property") else ""
            if call is None or call.type != "call_expression" or not _same(call.child_by_field_name("function"), par):
                return False
            args = N.args_of(call)
            if method in _PLAIN:
                return True
            if method in ("goto", "reload"):
                return _status_only(data, call)
            if method == "context" and not args:
                outer = call.parent
                prop = outer.child_by_field_name("property") if outer is not None and outer.type == "member_expression" else None
                return prop is not None and N.text(data, prop) in _CONTEXT_SETS
            if method in _SELECTOR_FIRST:
                if not args or args[0].type not in ("string", "template_string") or (
                        args[0].type == "template_string" and "${" in N.text(data, args[0])):
                    return False
                if not _SPECIFIC.search(N.text(data, args[0])):
                    return False  # a bare tag (``$$eval("a", ...)``): every page has those
                self.marks += 1
                return method not in ("$eval", "$$eval") or (len(args) == 2 and self._reads_fields(data, root, args[1]))
            if method == "evaluate":
                return len(args) == 1 and self._reads_fields(data, root, args[0])
            return False
        if par is not None and par.type == "arguments" and depth > 0:
            call = par.parent
            callee = call.child_by_field_name("function") if call is not None else None
            if callee is None or callee.type != "identifier":
                return False
            index = [c.id for c in par.named_children].index(node.id)
            return self._callee_blind(N.text(data, callee), index, depth - 1)
        return False

    def _reads_fields(self, data: bytes, root, fn) -> bool:
        """A page function reading only elements of the expected site (its document queries name a
        class, an id or an attribute; nothing of the whole document)."""
        if fn.type == "identifier":
            fn = _function_named(root, data, N.text(data, fn))
        if fn is None or fn.type not in _FUNCTIONS:
            return False
        body = N.text(data, fn)
        if _WHOLE.search(body):
            return False
        queries = list(_DOC_QUERY.finditer(body))
        if any(m.group(2) is None or not _SPECIFIC.search(m.group(2)) for m in queries):
            return False
        self.marks += len(queries)
        return True

    def _callee_blind(self, name: str, index: int, depth: int) -> bool:
        for path, text in self.texts.items():
            if f"function {name}" not in text and f"{name} =" not in text:
                continue
            data = text.encode("utf-8")
            fn = _function_named(self.tree(path).root_node, data, name)
            params = fn.child_by_field_name("parameters") if fn is not None else None
            if params is None:
                continue
            plist = params.named_children
            if index >= len(plist):
                return False
            pname = plist[index].child_by_field_name("pattern") or plist[index]
            if pname.type != "identifier":
                return False
            body = fn.child_by_field_name("body")
            return body is not None and self.blind(path, fn, N.text(data, pname), body.start_byte, depth)
        return False


def _scope(data: bytes, fn, name: str, texts: Dict[str, str]) -> Optional[str]:
    """Where the page ``name`` of ``fn`` can be read: ``"own"`` (a variable of ``fn`` holding a page
    opened for it, ``browser.newPage()`` or a project function returning one), ``"module"`` (an
    object's or the module's page: ``this.page``, a top-level ``page``), None (a variable holding a
    page some getter shares, ``getPageInstance()``: other tools may read it anywhere)."""
    if not re.fullmatch(r"[\w$]+", name):
        return "module"  # this.page, ctx.page: an object's, its other methods reach it
    for d in N.nodes_under(fn, "variable_declarator"):
        n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
        if n is None or N.text(data, n) != name:
            continue
        value = N.text(data, v) if v is not None else ""
        if _NEW_PAGE.search(value):
            return "own"
        m = re.match(r"(?:await\s+)?([\w$]+)\s*\(", value)
        fresh = m is not None and any(re.search(rf"\bfunction\s+{re.escape(m.group(1))}\b[^{{]*\{{(?:(?!\nfunction\b).)*?"
                                                rf"return\s+(?:await\s+)?[\w$.]+\.newPage\s*\(", t, re.S)
                                      for t in texts.values())
        return "own" if fresh else None
    params = fn.child_by_field_name("parameters")
    if params is not None and any(N.text(data, p.child_by_field_name("pattern") or p) == name for p in params.named_children):
        return None  # a caller's page
    return "module"


def _goto_at(root, data: bytes, line: int):
    for call in N.nodes_under(root, "call_expression"):
        if call.start_point[0] + 1 != line:
            continue
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            if prop is not None and N.text(data, prop) == "goto":
                return call, fn.child_by_field_name("object")
    return None


def lower(findings, project) -> None:
    """tool-ssrf findings at a ``goto`` whose page is read back blind: no ``file://`` clause, and
    to the audit view unless MCP is served over HTTP."""
    from ...models import Confidence

    texts: Optional[Dict[str, str]] = None
    reader: Optional[_Reader] = None
    for f in findings:
        if f.rule_id != "tool-ssrf" or _FILE_CLAUSE not in f.message or f.confidence <= Confidence.LOW:
            continue
        if texts is None:
            texts = {p: sf.text for p, sf in project.files.items() if is_ts_source(p) and sf.text is not None}
            reader = _Reader(texts)
        if f.location.path not in texts:
            continue
        data = texts[f.location.path].encode("utf-8")
        hit = _goto_at(reader.tree(f.location.path).root_node, data, f.location.line)
        fn = _enclosing(hit[0]) if hit else None
        if fn is None or hit[1] is None:
            continue
        page = N.text(data, hit[1])
        scope = _scope(data, fn, page, texts)
        if scope is None:
            continue
        if scope == "module":  # a module's or an instance's page: every use in the module counts
            fn = reader.tree(f.location.path).root_node
        reader.marks = 0  # every use, before the goto too (a listener set up first reads what it opens)
        if not reader.blind(f.location.path, fn, page, 0, _DEPTH) or not reader.marks:
            continue  # (nothing read back at all: no sign the tool expects one site's pages)
        f.message = f.message.replace(_FILE_CLAUSE, "") + (
            "; blind navigation: the page is read back only through fixed selectors of the expected site, so "
            "nothing of a local file or an internal page comes back to the caller")
        if not project.http_servers:
            f.confidence = Confidence.LOW
            f.message += " (the browser runs on the user's side over stdio: audit view)"


__all__ = ["lower"]
