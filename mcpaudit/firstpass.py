"""The first pass: every Python file read once, cheaply, to decide which modules the deep
analysis needs.

The cst engine's deep analysis (a libcst parse and one interpretation of every function) costs
more than ten times an ``ast`` parse. Much of a repository cannot change its result: test
suites, scripts, code no MCP handler reaches. This pass reads every file once -- its text, and
an :func:`ast.parse` whose tree the posture facts reuse -- and keeps a small :class:`Digest` per
file: the dotted names its code may resolve a call through, its *units* (functions, methods,
module globals and the module's own code) with a few yes/no answers each. :func:`select` then
computes the modules to analyse:

*Seeds*, the modules whose own summary can add to the result:

* **surface**: a handler decorator of the MCP vocabulary (``@x.tool``, ``@server.call_tool``,
  ``@mcp_tool``), a registration call (``.add_tool(``, ``.from_function(``, ``x.tool(...)(fn)``),
  a low-level tool declaration (``types.Tool(name=...)``, a tool even at module level), a server
  built where an MCP SDK is imported (``FastMCP(...)``, which it may hand to a function that registers
  tools on it) or a handler keyword next to one (``on_call_tool=``), an HTTP serving call (``.run(``
  with a transport, an app method such as ``.streamable_http_app(``, an ASGI server the models
  name, ``.add_middleware(``), or authentication evidence (the models' ``auth-names`` anywhere in
  the text, an auth keyword next to a server class) -- the tool inventory and the HTTP rules read these;
* **logs and secrets**: the linker also runs every function once with untainted parameters and
  reports a secret that reaches a log call; :func:`mcpaudit.firstlogs.log_seeds` says which modules can add such
  a finding;
* **a read-only role**: a table entry ``"readonly": [...]`` (the models' ``role-names``) may
  define a read-only mode for the whole server, which its query tools are checked against;
* **SQL text**: a module that may call a sink and holds SQL text of the shapes bandit's B608
  reports: the engine agreement demotes a pattern rule's SQL hit only where the taint analysis
  followed the query (:mod:`mcpaudit.analysis.unknownfill`), so the module is analysed;
* at ``--min-confidence low``, **every module with a call that may be a sink** (the audit view
  lists non-constant sinks anywhere);
* every candidate ``ast`` cannot parse (libcst decides).

*The closure*: every module a selected module's code may resolve a call into. The linker
resolves a call target by looking up dotted prefixes of its import-resolved name in an index
of module names (every suffix of a module's package path; a name several modules share goes to
the shallowest, then the first by path). The first pass reads every dotted chain of identifiers
in a file's text (comments and strings included: more chains only select more), expands its
first name through every import binding of the file (relative ones made absolute the linker's
way), and follows each prefix to the module the same index gives. The index is built over the
files the engine would try to summarise (those its text pre-filter lets through); a selected
file the analysis then cannot summarise is taken out and the selection made again (``failed``),
so that a name falls to the module the full analysis would have linked.

Everything else cannot produce a finding, a tool, an HTTP site or authentication evidence, and is not parsed
with libcst (counted in ``stats.engines.cst.first_pass``). The full analysis stays one setting away
(``--no-first-pass``); ``tests/test_firstpass.py`` checks that both give the same report.

The answers come from the text, with regular expressions built from the catalog's models, so a new model row
is picked up without a change here. Each is a superset of what the analysis can see: a name in a comment or a
string counts, a call may be spelt over several lines or through an import alias.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from .starnames import module_facts
from .sources import is_test_path, split_lines
from .firstselect import Selection, select  # re-exported

#: Whitespace between the tokens of one expression: blanks, newlines inside brackets, a
#: backslash line continuation, a comment.
_WS = r"[ \t\f\r\n]*(?:(?:\\\r?\n|#[^\n]*(?![^\n]))[ \t\f\r\n]*)*"
_SPACE = re.compile(r"(?:[ \t\f\r\n]|\\\r?\n|#[^\n]*(?![^\n]))+")
#: An identifier (Python 3: letters of any script, digits after the first character).
_ID = r"[^\W\d]\w*"
#: A dotted chain of identifiers, as an attribute expression spells it (group 2); group 1 is
#: the dot before it when its base is some other expression (``f().info``, ``x[0].name``);
#: group 3 a call's ``(`` after it (inside brackets a call may open on the next line: any
#: ``(`` after whitespace counts).
_CHAIN = re.compile(r"(\." + _WS + ")?(" + _ID + "(?:" + _WS + r"\." + _WS + _ID + r")*)(?:" + _WS + r"(\())?")
#: SQL text of the shapes bandit's B608 looks for (a statement's verb and its next keyword,
#: close together): where a pattern rule may report query text built from pieces
_SQL_TEXT = re.compile(r"(?i)\b(?:select\s[\s\S]{0,400}?\sfrom|delete\s+from|insert\s+into|update\s+\S+\s+set)\s")
#: How a chain whose base is another expression is kept: as an attribute of this name.
_EXPR = "?"
#: A string literal; its content is the first non-empty group.
_STR = (r"[rRbBuU]{0,2}(?:'''(.*?)'''|\"\"\"(.*?)\"\"\"|'((?:[^'\\\n]|\\.)*)'|"
        r"\"((?:[^\"\\\n]|\\.)*)\")")
_STR_RE = re.compile(_STR, re.S)
#: Adjacent string literals, which Python joins into one constant (``"api" "_key"``).
_STRS = "(?:" + _STR + ")(?:" + _WS + "(?:" + _STR + "))*"
_STRS_RE = re.compile(_STRS, re.S)
#: A string index of a subscript: ``x["api_key"]`` (the literals are group ``s``). A subscript
#: follows the end of an expression (a name, a closing bracket, a string); a list display
#: (``= ["a"]``) does not (a keyword before one, ``in ["a"]``, only counts as more).
_SUBSCRIPT_KEY = re.compile(r"[\w)\]'\"]" + _WS + r"\[" + _WS + "(?P<s>" + _STRS + ")" + _WS + r",?" + _WS + r"\]", re.S)
#: An attribute ``x.name`` (the name is group 1), whatever ``x`` is, that is read as a value:
#: not the method of a call (``x.name(...)``: only ``x`` is read), not read only for an
#: attribute of its own (``token.client_id`` is not the token; ``token.strip()`` is), not
#: assigned to (``x.name = ...``). A call or an assignment counts only on the same line.
_ATTR = re.compile(r"\." + _WS + "(" + _ID + r")(?!\w)(?![ \t\f]*(?:\(|=(?!=)))(?!" + _WS + r"\." + _WS + _ID +
                   r"(?!\w)(?![ \t\f]*\())")
#: Escapes that spell an identifier character in a string (``"api\x5fkey"``).
_WORD_ESCAPE = re.compile(r"\\(?:[xuUN]|[0-7])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as Python (and sources.split_lines) number lines
_DOTTED = re.compile(r"[\w.]+")
#: A table entry whose key is a name and whose value a list, tuple or set (``"readonly": [``).
_ROLE_ENTRY = re.compile(r"[\"']([\w-]+)[\"']" + _WS + ":" + _WS + r"[\[({]")
#: A handler table entry (``"name": self.handler,``), a test of a name (``== "name"``), a call
#: given a name first (``send("name"``): the command names of message bridges (group 1).
_COMMAND = r"[\"']([\w.-]{1,64})[\"']"
_TABLE_ENTRY = re.compile(_COMMAND + _WS + ":" + _WS + r"(self" + _WS + r"\." + _WS + ")?(" + _ID + ")" + _WS + r"[,}]")
_DEF_NAME = re.compile(r"\bdef" + _WS + "(" + _ID + ")")
_EQUALS_NAME = re.compile(r"==" + _WS + _COMMAND)
_FIRST_LITERAL = re.compile(r"\(" + _WS + _COMMAND + _WS + r"[,)]")


def _alt(names: Iterable[str]) -> str:
    names = sorted({n for n in names if n}, key=lambda n: (-len(n), n))
    return "(?:" + "|".join(re.escape(n) for n in names) + ")" if names else "(?!x)x"


def _attr_call_re(names: Iterable[str]) -> "re.Pattern[str]":
    """A method call ``.name(`` of one of ``names``."""
    return re.compile(r"\." + _WS + _alt(names) + _WS + r"\(")


class Vocabulary:
    """What the first pass looks for, read from the catalog's models (once per process)."""

    def __init__(self) -> None:
        from .catalog import catalog
        from .engines.cst_engine import PREFILTER

        M = catalog().python
        S = M.surface
        last = lambda fq: fq.rsplit(".", 1)[-1]  # noqa: E731
        #: what the cst engine's own text pre-filter is (a file it rejects is never summarised)
        self.prefilter = PREFILTER
        # -- sinks. A call row matches the import-resolved name of the called expression: a
        # plain name (print), an attribute chain ending in the row's last name (logging.info),
        # or an import alias of the row (checked on the imports). A method row matches a method
        # call of that name; a "*" row any method of a receiver ending in a known attribute.
        self.plain_sinks: Set[str] = {fq for fq in M.sink_calls if "." not in fq}
        self.method_sinks: Set[str] = {last(fq) for fq in M.sink_calls if "." in fq}
        self.plain_logs = {fq for fq, m in M.sink_calls.items() if m.family == "log" and "." not in fq}
        self.method_logs = {last(fq) for fq, m in M.sink_calls.items() if m.family == "log" and "." in fq}
        self.star_receivers: Set[str] = set()
        self.every_call_may_sink = False
        for names, model in M.sink_methods:
            for n in names:
                if n != "*":
                    self.method_sinks.add(n)
                    if model.family == "log":
                        self.method_logs.add(n)
                    continue
                rc = M.receivers.get(model.receiver or "")
                if rc is not None and rc.dotted_suffix:
                    self.star_receivers.add(last(rc.dotted_suffix))
                else:
                    self.every_call_may_sink = True
        self.sink_fqs = frozenset(M.sink_calls)
        self.log_fqs = frozenset(fq for fq, m in M.sink_calls.items() if m.family == "log")
        # -- secrets (see _secrets)
        self.is_secret_name = M.is_secret_name
        self.secret_methods = frozenset(M.secret_methods)
        self.secret_method_call = _attr_call_re(M.secret_methods) if M.secret_methods else None
        # calls whose first argument is a key the analysis tests: mapping.get("api_key") and the
        # environment reads of the models; a read whose key is another argument: keyed_calls
        first = {"get"} | {last(fq) for fq, k in M.secret_env_calls.items() if k == 0}
        self.keyed_calls = {last(fq) for fq, k in M.secret_env_calls.items() if k != 0}
        self.first_arg_key = re.compile(r"(?<![\w])" + _alt(first) + _WS + r"\(" + _WS + r"(?:" + _ID + _WS +
                                        r"=(?!=)" + _WS + r")?(?P<s>" + _STRS + ")", re.S)
        #: mappings logged as a whole and reported whatever they hold (cstnodes.whole_names)
        self.whole_words = frozenset({"headers"})
        # -- the MCP surface
        self.decorators = frozenset(S.fastmcp_decorators) | frozenset(S.lowlevel_decorators)
        self.mixin_decorators = frozenset(S.mixin_decorators)
        #: x.add_tool(fn), Tool.from_function(fn), x.tool(...)(fn), app methods, middleware
        self.surface_methods = (set(S.add_methods) | {S.from_function["method"]} | set(S.fastmcp_decorators)
                                | set(S.record_methods)
                                | set(S.app_methods) | set(S.middleware_methods) | set(S.run_transport_methods))
        #: a low-level tool declaration, Tool(name=..., ...): a module-level one is a tool of the
        #: inventory wherever it is read (or not)
        self.declaration_classes = frozenset({S.lowlevel_declaration["class"]})
        self.run_methods = frozenset(S.run_methods)
        # run(transport=...) or run("sse"): a transport keyword or a string first argument (or
        # run(**kwargs) of a dict the function fills: surface.spread_kwargs), or an argument that
        # names a transport, run(transport.value) (runnarrow.positional_transport)
        self.run_with_transport = re.compile(
            r"\." + _WS + _alt(S.run_methods) + _WS + r"\(" + _WS + r"(?:[rRbBuU]{0,2}['\"]|(?i:[^)]*?transport)" +
            r"|[^)]*?\*\*)", re.S)
        self.http_server_fqs = frozenset(S.http_servers)
        self.http_server_roots = frozenset(fq.split(".")[0] for fq in S.http_servers)
        self.auth_names = S.auth_names
        self._auth_literals, self._auth_exact = _literal_alternatives(S.auth_names)
        self.auth_keywords = frozenset(S.auth_keywords)
        self.auth_keyword = re.compile(r"(?<![\w])" + _alt(S.auth_keywords) + _WS + r"=(?!=)")
        self.server_class_words = frozenset(last(fq) for fq in S.server_classes) | frozenset(
            rule["suffix"].lstrip(".") for rule in S.server_suffixes)
        self.constructor_keywords = frozenset(S.lowlevel_constructor)  # Server(name, on_call_tool=fn)
        self.read_only_roles = M.read_only_roles  # a role table's read-only entry (rolemode.py)
        self.mcp_roots = frozenset(S.packages)  # a server built where these are imported: a seed

    def has_auth_name(self, text: str) -> bool:
        """``auth-names`` matches somewhere in ``text``. The regex alternation costs about as
        much as an ``ast`` parse, so it runs only on text whose folded form holds a run of
        letters one of the names requires, and not at all when the names are plain."""
        if self._auth_literals is None:
            return self.auth_names.search(text) is not None
        folded = text.casefold()
        if not any(lit in folded for lit in self._auth_literals):
            return False
        return self._auth_exact or self.auth_names.search(text) is not None


def _literal_alternatives(pattern: "re.Pattern[str]") -> Tuple[Optional[Tuple[str, ...]], bool]:
    """For a ``(?i)(a|b_?c)`` pattern (names of letters, digits, ``_``, ``?``): the longest run
    of plain characters of each name (``b_?c``: ``b``), case-folded, and whether all are plain; else
    (None, False). ``casefold`` maps at least what ``re.I`` matches to an ASCII letter onto it
    (the Kelvin sign, the long s), so the folded text holds a name's run if the regex matches."""
    src = pattern.pattern
    body = src[5:-1] if src[4:5] == "(" and src.endswith(")") else src[4:]
    alts = body.split("|")
    plain = src.startswith("(?i)") and pattern.flags & re.I and all(re.fullmatch(r"(?:\w\??)+", a, re.A) for a in alts)
    runs = [max(re.sub(r"\w\?", "|", a, flags=re.A).split("|"), key=len) for a in alts] if plain else []
    if not runs or not all(runs):
        return None, False
    return tuple(r.casefold() for r in runs), all("?" not in a for a in alts)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The first pass's vocabulary for the bundled catalog."""
    return Vocabulary()


#: A file of more characters than this (generated or minified code) is not digested: the deep
#: analysis, bounded per file by its worker's time limit, decides about it, and the modules that
#: may call into it are analysed too.
BULKY_CHARS = 1 << 20


@dataclass(frozen=True)
class Unit:
    """A function or method (nested definitions belong to the outermost one) or the module's
    own code (``name`` empty): what the linker instantiates one at a time; or a module global
    (the assignment of ``name`` at module level), whose value the functions that read it carry."""

    name: str
    words: FrozenSet[str]  # its identifiers: the names of what it may call or read
    twice: FrozenSet[str]  # the identifiers it spells more than once
    secrets: bool  # may read a secret (see _secret_lines)
    logs: bool  # may call a log sink
    headers: bool  # may log a mapping that is reported whenever it is logged (request headers)
    returns: bool  # has a return or a yield
    value: bool = False  # a module global: reading it runs nothing
    aliases: Tuple[str, ...] = ()  # more names of statements on the same lines (see digest)


@dataclass
class Digest:
    """What the first pass keeps of one Python file (plain data: cached per file content)."""

    path: str
    lines: int = 0
    #: The cst engine would try to summarise it: readable, decodable, through its pre-filter.
    candidate: bool = False
    #: ``ast.parse`` accepted it (otherwise a candidate is always analysed: libcst decides).
    parsed: bool = False
    #: Import bindings: local name -> dotted target as the linker sees it (relative ones with
    #: their leading dots), every import statement of the file at any depth.
    imports: Tuple[Tuple[str, str], ...] = ()
    #: Every dotted chain of identifiers in the text (first component as written).
    chains: FrozenSet[str] = frozenset()
    #: Too big to digest (over :data:`BULKY_CHARS`): analysed, with every module that may call
    #: into it (its units are not known).
    bulky: bool = False
    surface: bool = False  # handlers, registrations, HTTP serving, authentication evidence
    bases: FrozenSet[str] = frozenset()  # its classes' bases as written (a subclass goes with its base)
    sinks: bool = False  # may call any sink (the audit view)
    #: may call a sink and holds SQL text: a pattern rule's SQL hit there is checked against the
    #: taint analysis (engine agreement, :mod:`mcpaudit.analysis.unknownfill`)
    sql_text: bool = False
    role: bool = False  # may define a read-only role by the SQL verbs it allows (rolemode.py)
    units: Tuple[Unit, ...] = ()
    #: Command names it may dispatch on (``"name": self.handler,`` entries, ``== "name"``) and
    #: string literals it gives a call first (``send_command("name", ...)``): a module that
    #: sends a name goes with the modules that may dispatch it (analysis/bridges.py).
    commands: FrozenSet[str] = frozenset()
    sent: FrozenSet[str] = frozenset()
    #: Star imports (targets as written), names bound at the top level, a literal ``__all__``
    #: and whether ``__all__`` is computed (:mod:`mcpaudit.starnames`).
    star: Tuple[str, ...] = ()
    top: Tuple[str, ...] = ()
    all_names: Optional[Tuple[str, ...]] = None
    all_computed: bool = False
    #: Name prefixes a registration loop over a collection of functions tests (``if
    #: name.startswith("handle_")``): every module whose top level defines such a function goes
    #: with it (analysis/prefixtools.py; a loader imports those modules by a computed name).
    prefix_picks: FrozenSet[str] = frozenset()


def digest(path: str, text: str, data: Optional[bytes] = None, tree: Optional[ast.AST] = None,
           parse: bool = True) -> Tuple[Digest, Optional[ast.AST]]:
    """The digest of the Python file at root-relative ``path`` with decoded ``text`` (``data``:
    its bytes, for the engine's pre-filter), and its ``ast`` tree (None when it does not parse).
    ``tree`` reuses a parse already made; ``parse=False`` does not parse (no units then)."""
    V = vocabulary()
    raw = data if data is not None else text.encode("utf-8", "surrogatepass")
    d = Digest(path=path, lines=text.count("\n") + (1 if text and not text.endswith("\n") else 0))
    test = is_test_path(path)
    d.candidate = not test and bool(V.prefilter.search(raw))  # test code: never analysed
    d.bulky = len(text) > BULKY_CHARS
    if tree is None and parse and not d.bulky and not test:  # (nor read by the posture facts)
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            tree = None
    d.parsed = tree is not None
    if not d.candidate:
        return d, tree
    imports: List[Tuple[str, str]] = []
    # units: [name, first line, last line, has a credential parameter, is a module global]
    spans: List[List] = []
    module_lines: List[Tuple[int, int]] = []  # the module's own statements (imports left out)
    decorated, bases = False, set()  # type: ignore[var-annotated]
    if tree is not None:
        decorated = _statements(tree, imports, spans, module_lines, V, bases)
        d.star, d.top, d.all_names, d.all_computed = module_facts(tree)
    else:
        imports = _imports_of_text(text)
    d.imports, d.bases = tuple(imports), frozenset(bases)
    found = _chains(text)
    chains = {c for c, _ in found}
    d.chains = frozenset(c for c in chains if not c.startswith(_EXPR))
    called = {c for c, after in found if after == "("}
    idents = {w for c in chains for w in c.split(".")}
    alias_targets = [t for _, t in imports]
    d.surface = decorated or _surface(text, chains, called, idents, alias_targets, V)
    d.sinks = _may_sink(called, alias_targets, V) or (V.every_call_may_sink and bool(called))
    d.sql_text = d.sinks and bool(_SQL_TEXT.search(text))
    defined = {m.group(1) for m in _DEF_NAME.finditer(text)}  # an entry names a method or a function of it
    d.commands = frozenset([m.group(1) for m in _TABLE_ENTRY.finditer(text) if m.group(2) or m.group(3) in defined] +
                           [m.group(1) for m in _EQUALS_NAME.finditer(text)])
    d.sent = frozenset(m.group(1) for m in _FIRST_LITERAL.finditer(text))
    if d.surface and _MEMBER_LIST.search(text):
        d.prefix_picks = frozenset(m.group(1) for m in _PREFIX_TEST.finditer(text))
    d.role = any(m.group(1).lower().replace("-", "").replace("_", "") in V.read_only_roles
                 for m in _ROLE_ENTRY.finditer(text))
    if tree is None or d.bulky:
        return d, tree  # no units: a candidate ast cannot parse is always analysed
    lines = split_lines(text)
    if "\r" in text:
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    else:
        starts = [0, *accumulate(len(ln) + 1 for ln in lines)]
    secret_lines = _secret_lines(text, idents, starts, V)
    escapes = _WORD_ESCAPE.search(text) is not None and _constants_secret(tree, V)
    log_alias = any(t in V.log_fqs for t in alias_targets)
    # Units whose statements share their lines (``a = 1; b = 2``, ``x = y = f()``) have the
    # same text, and one unit stands for all of them (``aliases``): it spells what each spells
    # and holds a secret when one does, more than each of them, never less. Likewise the module's
    # own statements are read once per line. So a file of many statements on one long line (a
    # minified module) costs a few scans of its text, not one per statement.
    groups: Dict[Tuple[int, int, bool], List] = {}
    for name, first, last, credential, value in spans:
        g = groups.get((first, last, value))
        if g is None:
            groups[(first, last, value)] = [name, [], credential]
        else:
            g[1].append(name)
            g[2] = g[2] or credential
    units: List[Unit] = []
    for (first, last, value), (name, aliases, credential) in groups.items():
        units.append(_unit(name, "\n".join(lines[first - 1:last]), ((first, last),), secret_lines, V,
                           log_alias, escapes or credential, value, tuple(aliases)))
    module_spans = _merged(module_lines)
    units.append(_unit("", "\n".join("\n".join(lines[a - 1:b]) for a, b in module_spans), module_spans,
                       secret_lines, V, log_alias, escapes))
    d.units = tuple(units)
    return d, tree


_MEMBER_LIST = re.compile(r"\b(?:getmembers|dir|vars|globals)\s*\(|\.items\s*\(")
_PREFIX_TEST = re.compile(r"\.startswith\(\s*[rbu]?[\"'](\w{3,})[\"']")
_FROM_IMPORT = re.compile(r"\bfrom" + _WS + r"(\.*" + _WS + r"(?:" + _ID + r"(?:" + _WS + r"\." + _WS + _ID + r")*)?)" +
                          _WS + r"import" + _WS + r"(\([^)]*\)|[^\n;]*)")
_IMPORT = re.compile(r"(?<![\w.])import" + _WS + r"(" + _ID + r"(?:[ \t\f]*[.,][ \t\f]*" + _ID + r"|[ \t\f]+as[ \t\f]+" +
                     _ID + r")*)")


def _merged(spans: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Line spans (first, last) with the overlapping ones merged, in line order."""
    out: List[Tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _imports_of_text(text: str) -> List[Tuple[str, str]]:
    """Import bindings read from the text of a file ``ast`` cannot parse: every name after
    ``from X import`` bound, under itself and under any alias, to ``X.name``; every module of
    ``import a.b as c`` to itself. More than the file may bind, never less."""
    out: List[Tuple[str, str]] = []
    for base, names in _FROM_IMPORT.findall(text):
        base = _SPACE.sub("", base)
        for name in re.findall(_ID, names):
            if name == "as":
                continue
            out.append((name, f"{base}.{name}" if base and not base.endswith(".") else f"{base}{name}"))
        if base.strip("."):
            out.append((base.strip(".").split(".")[0], base))
    for group in _IMPORT.findall(text):
        for part in re.split(r"[ \t\f]*,[ \t\f]*", group):
            words = part.split()
            if not words:
                continue
            module = words[0]
            out.append((module.split(".")[0], module.split(".")[0]))
            out.append((words[-1], module))
    return out


def _chains(text: str) -> Set[Tuple[str, str]]:
    """The dotted chains of ``text`` (whitespace and comments between their parts removed; a
    chain whose base is another expression starts with ``?.``), each with ``(`` when it may be
    called, else ``""``."""
    out: Set[Tuple[str, str]] = set()
    for dot, chain, after in set(_CHAIN.findall(text)):
        if not chain.replace(".", "").isidentifier():
            chain = _SPACE.sub("", chain)
        out.add((_EXPR + "." + chain if dot else chain, after))
    return out


def _surface(text: str, chains: Set[str], called: Set[str], idents: Set[str], alias_targets: List[str],
             V: Vocabulary) -> bool:
    """Whether the file may register an MCP handler, serve HTTP or configure authentication
    (decorators are checked on the tree)."""
    if any("." in c and c.rsplit(".", 1)[1] in V.surface_methods for c in called):
        return True
    if any(c.rsplit(".", 1)[-1] in V.declaration_classes for c in called) or (
            any(c.rsplit(".", 1)[-1] in V.server_class_words for c in called) and V.mcp_roots & {t.split(".")[0] for t in alias_targets}):
        return True
    if any("." in c and c.rsplit(".", 1)[1] in V.run_methods for c in called) and V.run_with_transport.search(text):
        return True
    heads = {c.split(".", 1)[0] for c in chains}
    if not V.http_server_roots.isdisjoint(heads) or any(
            t in V.http_server_fqs or t.split(".")[0] in V.http_server_roots for t in alias_targets):
        return True
    if V.has_auth_name(text):
        return True
    return not V.server_class_words.isdisjoint(idents) and (not V.constructor_keywords.isdisjoint(idents) or (
        not V.auth_keywords.isdisjoint(idents) and V.auth_keyword.search(text) is not None))


def _may_sink(called: Iterable[str], alias_targets: List[str], V: Vocabulary) -> bool:
    for c in called:
        head, _, tail = c.rpartition(".")
        if head:
            if tail in V.method_sinks or head.rsplit(".", 1)[-1] in V.star_receivers:
                return True
        elif c in V.plain_sinks:
            return True
    return any(t in V.sink_fqs for t in alias_targets)


def _may_log(found: Iterable[Tuple[str, str]], V: Vocabulary) -> bool:
    for c, after in found:
        if after != "(":
            continue
        head, _, tail = c.rpartition(".")
        if (tail in V.method_logs) if head else (c in V.plain_logs):
            return True
    return False


def _within(lines: List[int], spans: Sequence[Tuple[int, int]]) -> bool:
    """Whether one of the sorted line numbers ``lines`` falls in one of ``spans``."""
    for first, last in spans:
        i = bisect_left(lines, first)
        if i < len(lines) and lines[i] <= last:
            return True
    return False


def _unit(name: str, segment: str, spans: Sequence[Tuple[int, int]], secret_lines: List[int], V: Vocabulary,
          log_alias: bool, secret: bool, value: bool = False, aliases: Tuple[str, ...] = ()) -> Unit:
    found: List[Tuple[str, str]] = []
    seen: Set[str] = set()
    twice: Set[str] = set()
    for dot, chain, after in _CHAIN.findall(segment):
        if not chain.replace(".", "").isidentifier():
            chain = _SPACE.sub("", chain)
        for w in chain.split(".") if "." in chain else (chain,):
            if w in seen:
                twice.add(w)
            else:
                seen.add(w)
        if after == "(":
            found.append((_EXPR + "." + chain if dot else chain, after))
    if aliases:
        pass  # several statements: what one spells may be the other's call (x = f; y = x())
    elif name and name not in twice:
        # only its own def (or assignment) spells it: it does not call itself or a namesake
        seen.discard(name)
    else:
        twice.discard(name)
    logs = log_alias or _may_log(found, V)
    return Unit(name=name, words=frozenset(seen), twice=frozenset(twice),
                secrets=secret or _within(secret_lines, spans), logs=logs,
                headers=logs and not V.whole_words.isdisjoint(seen),
                returns=value or "return" in seen or "yield" in seen, value=value, aliases=aliases)


#: The statement lists inside each kind of compound statement.
_BLOCKS = {
    ast.FunctionDef: ("body",), ast.AsyncFunctionDef: ("body",), ast.ClassDef: ("body",),
    ast.If: ("body", "orelse"), ast.For: ("body", "orelse"), ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"), ast.With: ("body",), ast.AsyncWith: ("body",),
    ast.Try: ("body", "handlers", "orelse", "finalbody"), ast.ExceptHandler: ("body",),
    ast.Match: ("cases",), ast.match_case: ("body",),
}
if hasattr(ast, "TryStar"):
    _BLOCKS[ast.TryStar] = ("body", "handlers", "orelse", "finalbody")


def _statements(tree: ast.AST, imports: List[Tuple[str, str]], spans: List[List],
                module_lines: List[Tuple[int, int]], V: Vocabulary, bases: Set[str]) -> bool:
    """Every import binding of the module (at any depth) into ``imports``; the units into
    ``spans``: functions and methods with their line spans and whether one of their definitions
    has a parameter named for a credential, and module globals; the lines of the module's other
    statements into ``module_lines``; dotted class bases into ``bases``; whether a function or
    class carries a handler decorator of the vocabulary. Only statements are visited."""
    decorated = False
    # (node, depth, unit): depth 0 = module level, 1 = the body of a class at module level,
    # 2 = inside the unit spans[unit]
    stack: List[Tuple[ast.AST, int, int]] = [(n, 0, -1) for n in reversed(getattr(tree, "body", ()))]
    while stack:
        node, depth, unit = stack.pop()
        t = type(node)
        if t is ast.Import:
            for a in node.names:  # type: ignore[attr-defined]
                if a.asname:
                    imports.append((a.asname, a.name))
                else:
                    top = a.name.split(".")[0]
                    imports.append((top, top))
            continue
        if t is ast.ImportFrom:
            base = "." * (node.level or 0) + (node.module or "")  # type: ignore[attr-defined]
            for a in node.names:  # type: ignore[attr-defined]
                if a.name == "*":
                    continue
                full = f"{base}.{a.name}" if base and not base.endswith(".") else f"{base}{a.name}"
                imports.append((a.asname or a.name, full))
            continue
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", None) or first
        if t in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            for deco in node.decorator_list:  # type: ignore[attr-defined]
                first = min(first, deco.lineno)
                func = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(func, ast.Attribute) and func.attr in V.decorators:
                    decorated = True
                elif isinstance(func, ast.Name) and (func.id in V.mixin_decorators or func.id in V.decorators):
                    decorated = True  # @mcp_tool; a bare @tool may wrap a server's (decowrappers.py)
            if t is ast.ClassDef:
                bases.update(b for b in map(ast.unparse, node.bases) if _DOTTED.fullmatch(b))  # type: ignore[attr-defined]
                if depth == 0:
                    # the class statement's own lines (decorators, bases) are module code; in
                    # its body, methods are units and the other statements module code
                    body = node.body  # type: ignore[attr-defined]
                    head_end = body[0].lineno - 1 if body else last
                    module_lines.append((first, max(first, head_end)))
                    stack.extend((n, 1, -1) for n in reversed(body))
                    continue
            else:
                if depth < 2:
                    spans.append([node.name, first, last, False, False])  # type: ignore[attr-defined]
                    depth, unit = 2, len(spans) - 1
                if not spans[unit][3]:
                    a = node.args  # type: ignore[attr-defined]
                    params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x)]
                    # a parameter named for a credential is a secret wherever its value comes from
                    spans[unit][3] = any(V.is_secret_name(x.arg) for x in params)
        elif depth < 2:
            module_lines.append((first, last))
            if depth == 0 and t in (ast.Assign, ast.AnnAssign, ast.AugAssign):
                # a module global: a unit of its own, read by the functions that spell its name
                targets = node.targets if t is ast.Assign else [node.target]  # type: ignore[attr-defined]
                for name in sorted({n.id for tg in targets for n in ast.walk(tg) if isinstance(n, ast.Name)}):
                    spans.append([name, first, last, False, True])
        for name in _BLOCKS.get(t, ()):
            block = getattr(node, name, None)
            if block:
                stack.extend((n, depth, unit) for n in reversed(block))
    return decorated


# ------------------------------------------------------------------------------------------
# secrets

_SECRET_MEMO: Dict[str, bool] = {}


def _secret_word(word: str, V: Vocabulary) -> bool:
    hit = _SECRET_MEMO.get(word)
    if hit is None:
        hit = V.is_secret_name(word)
        if len(_SECRET_MEMO) < 200_000:
            _SECRET_MEMO[word] = hit
    return hit


def _secret_lines(text: str, idents: Set[str], starts: List[int], V: Vocabulary) -> List[int]:
    """The lines (sorted) where code may read a secret the way the analysis recognises one --
    the ways are syntactic, each tested with the models' own secret-name test:

    * an attribute named for a credential, read as a value (``config.api_key``,
      ``token.strip()``): not the method of a call (``x.api_key(...)``: only ``x`` is read), not
      read only for an attribute of its own (``token.client_id`` is not the token), not
      assigned to; a call of a secret method (``key.get_secret_value()``);
    * an item named for one: a string key of a subscript (``os.environ["API_TOKEN"]``,
      ``headers["Authorization"]``) or the first argument of ``.get(...)`` or of an environment
      read of the models (``os.getenv("API_TOKEN")``); for an environment read whose key is
      another argument, any string.

    A name alone never makes a secret. Parameters named for a credential are found on the tree,
    and so are string keys spelt with escapes (:func:`_constants_secret`). A line is that of
    the attribute's name, or of the start of the subscript or the call."""
    out: Set[int] = set()
    if any(_secret_word(w, V) for w in idents):
        for m in _ATTR.finditer(text):
            if _secret_word(m.group(1), V):
                out.add(bisect_right(starts, m.start(1)))
        if V.secret_method_call is not None:
            for m in V.secret_method_call.finditer(text):
                out.add(bisect_right(starts, m.start()))
    for pattern in (_SUBSCRIPT_KEY, V.first_arg_key):
        for m in pattern.finditer(text):
            if V.is_secret_name(_joined(m.group("s"))):
                out.add(bisect_right(starts, m.start()))
    if V.keyed_calls and not V.keyed_calls.isdisjoint(idents):
        for m in _STRS_RE.finditer(text):
            if V.is_secret_name(_joined(m.group(0))):
                return list(range(1, len(starts) + 1))
    return sorted(out)


def _joined(literals: str) -> str:
    """The value of adjacent string literals (``"api" "_key"`` is ``api_key``), escapes left as
    written (a file with escapes that spell identifier characters is checked on its tree)."""
    return "".join(next((g for g in m.groups() if g), "") for m in _STR_RE.finditer(literals))


def _constants_secret(tree: ast.AST, V: Vocabulary) -> bool:
    """The secret-name test on every string constant of the tree (escapes interpreted)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
            if V.is_secret_name(value):
                return True
    return False


__all__ = ["Digest", "Selection", "Unit", "Vocabulary", "digest", "select", "vocabulary", "is_test_path"]
