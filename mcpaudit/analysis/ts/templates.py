"""Template strings of the TypeScript/JavaScript function interpreter: the taint of a template's
substitutions by where they stand (a command's option, a URL's path or query, a quoted shell word, an
AppleScript literal) and of the string built after a constant prefix. Mixed into
:class:`~mcpaudit.analysis.ts.expressions.Expressions`."""

from __future__ import annotations

import re

from ..taintvalue import POSIX_QUOTED, Taint, add_step, desecret, mark, union
from . import errorconfigs
from . import nodes as N
from .checks import single_quote_escaped
from .shellwords import placed as in_words
from .slashpaths import after_base, led, slash_text
from .refoptions import reference_value
from .hostconsts import host_mark
from ..cmdline import OPTION_BEFORE, option_mark, placed_option
from .scriptfiles import run_marks
from .applescript import has_splice, is_applescript, open_literal, prefer_spliced, splice_step
from .reqpaths import concat_text, path_marks
from .splitpieces import dots_kept
from ..urlpath import HOLE
from ..sqlquote import statement_mark
from .onename import component_names, in_name

#: text that ends a command of a command line (`cd ${dir} && ${command}`): what follows is a
#: command of its own, not an argument placed after what the code chose
_COMMAND_SEPARATOR = re.compile(r"(&&|\|\||;|\|)\s*$")
#: option keys that hold a request's URL or path (a generated client's ``this.request({ path })``)
_URL_KEYS = frozenset({"path", "url", "uri", "href", "endpoint", "pathname"})


def _url_option(data: bytes, node) -> bool:
    """The template is the value of a URL or path option of an object literal."""
    p = node.parent
    key = p.child_by_field_name("key") if p is not None and p.type == "pair" else None
    return key is not None and N.text(data, key) in _URL_KEYS


class Templates:
    """Evaluates template strings."""

    def _ev_template_kept(self, node) -> Taint:
        """A template's taint, kept for :meth:`ev_quiet` (a property of an options object)."""
        out = self.call_taints[node.id] = self._ev_template(node)
        return out

    def _ev_template(self, node) -> Taint:
        vals = []
        data = self.data
        prev_end = node.start_byte + 1
        command = None  # the first word of the text (a command line's command), for option marks
        placed = False  # something the code chose comes first (text, or a value not the caller's)
        past_host = False  # ... and then a '/', '?' or '#': what follows cannot set the host
        prev = None  # the expression of the substitution before
        before = ""  # the text so far, values as holes (reqpaths.py)
        query = False
        apple = is_applescript(self, node)  # AppleScript source: its quoted literals (applescript.py)
        spliced = []
        for c in node.named_children:
            if c.type == "template_substitution":
                raw = data[prev_end:c.start_byte].decode("utf-8", "replace")
                lit = raw.replace("://", "")
                before += N._unescape(raw)
                query = query or "?" in lit or "#" in lit
                if (placed and "/" in lit) or "?" in lit or "#" in lit:
                    past_host = True  # (a query or fragment never sets the host, whatever came first)
                placed = placed or bool(lit)
                prev_end = c.end_byte
                inner = [x for x in c.named_children if x.type != "comment"]
                if command is None:
                    command = (lit.split() or [""])[0]
                if inner:
                    outer, self.in_applescript = getattr(self, "in_applescript", False), apple
                    try:
                        sv = run_marks(self, self.ev(inner[0]), inner[0], lit, prev)  # a script file run (scriptfiles.py)
                        sv = errorconfigs.as_text(self, sv)  # `${error}`: its message, not its request
                    finally:
                        self.in_applescript = outer
                    prev = inner[0]
                    opt = OPTION_BEFORE.search(lit) if sv and "-" in lit else None
                    taken = placed_option(self.M, command or "", before, opt) if opt is not None else None
                    if taken is not None:  # `... --output=${path}`: the value of that option (not of `-n`)
                        sv = mark(sv, clean=frozenset({option_mark(command, taken)}))
                    stmt = statement_mark(command) if sv and command else frozenset()
                    if stmt:  # `SHOW TABLES IN ${db}`: a query text of a naming statement (sqlquote.py)
                        sv = mark(sv, clean=stmt)
                    if sv and c.start_byte > node.start_byte + 1 and not _COMMAND_SEPARATOR.search(lit):
                        sv = mark(sv, rooted=True)  # after text or a value the code placed first
                    in_path = path_marks(before) if sv and not query else frozenset()
                    if in_path:  # `${base}/v2/${path}`, `/api/${x}`: reqpaths.py
                        sv = mark(sv, clean=in_path)
                        if _url_option(data, node):  # { path: `/v1/files/${key}` }: the step shows where
                            sv = add_step(sv, self.step(c, "put in the path of a URL"))
                    elif sv and past_host:
                        sv = mark(sv, clean=frozenset({"ssrf"}))  # `${base}?q=${x}`
                    sv = reference_value(self, node, before, opt, sv) if opt is not None else sv
                    sv = in_words(sv, before)  # `'${escaped}'`, `docker ${x}`: shellwords.py
                    sv = after_base(sv, before)  # `${base}${slashLedPath}`: slashpaths.py
                    before += HOLE
                    if sv and lit.endswith("'") and data[c.end_byte:c.end_byte + 1] == b"'" and \
                            single_quote_escaped(data, inner[0]):
                        # `'${v.replace(/'/g, "'\\''")}'` (a POSIX shell's escape: not fish's)
                        sv = mark(sv, clean=frozenset({"shell", POSIX_QUOTED}))
                    placed = placed or not sv or all(k[0] in ("f", "g") for k in sv)  # or kept state
                    if sv and apple and open_literal(before):
                        sv = splice_step(self, sv, inner[0], before)
                    if sv and apple and has_splice(sv):  # (or a nested AppleScript template's)
                        spliced.append(sv)
                    vals.append(sv)
        vals = vals if spliced else component_names(data, node, vals)  # `${dir}/${stem}.png` (onename.py)
        v = prefer_spliced(union(*vals), spliced)
        if v:  # `${slug}.json`: one name (onename.py)
            fixed = "".join(N.text(data, c) for c in node.named_children if c.type == "string_fragment")
            v = in_name(dots_kept(v, fixed), fixed)  # `${a}.${b}.` may spell '..' (splitpieces.py)
            v = self._built(v, self.const_prefix(node), node)
            v = led(v) if slash_text(concat_text(self, node)) else v  # `/${p}`
            lits = [c for c in node.named_children if c.type == "string_fragment"]
            if self.M.mask_text is not None and any(self.M.mask_text.search(N.text(data, c)) for c in lits):
                v = desecret(v)  # `${user}:****@${host}`: written with a mask where the secret was
        self.call_taints[node.id] = v  # read again as a sink's options property (Sinks._field)
        return v

    def _built(self, v: Taint, prefix: str, node=None) -> Taint:
        """A string built from ``v`` after a constant ``prefix``: a prefix that fixes scheme and
        host rules out SSRF (so may a constant of another module it starts with: hostconsts.py),
        any prefix not starting with '-' rules out an option."""
        v = mark(v, built=True)
        clean = set()
        if prefix and self.fixed_host(prefix):
            pass  # its values are in the URL's path (marked where placed) or its query
        elif not prefix and node is not None:
            ref = host_mark(self, node)
            if ref:
                clean.add(ref)
        if prefix and not prefix.startswith("-"):
            clean.add("argument")
        return mark(v, clean=frozenset(clean)) if clean else v
