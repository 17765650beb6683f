"""Which files could a bandit test fire on at all? Those are the only ones bandit is given.

Bandit costs about 13 ms of CPU per file of ordinary code, most of it spent building its context
for every AST node; in a typical MCP project most files call nothing any enabled bandit test
looks for. This module decides, from a file's text (and, when that is not enough, from its AST),
that **no** enabled test can report anything in it. Such a file is not given to bandit, which
therefore reports exactly the same findings as before, only cheaper.

How a test can be ruled out
---------------------------
Bandit's call tests compare the qualified name of the called function (``subprocess.Popen``,
``pickle.loads``) with a list. That name is built only from identifiers of the file: the call's
own ``Name``/``Attribute`` chain, or, through an alias, the dotted module path and name of an
``import``/``from ... import ... as ...`` statement in the same file. So every component of it
occurs in the file's text as an identifier (after NFKC normalisation, as Python reads
identifiers); ``from os import *`` does not make ``system`` resolve to ``os.system`` in bandit.
Keyword arguments are identifiers followed by ``=``. Hence the table below: for every bandit test
id, one or more alternatives, each a list of token groups that must all occur in the text:

``word``   an identifier equal to one of the names (not part of a longer identifier);
``qual``   such an identifier followed (after any ``)``) by ``(``, ``.``, ``as`` or ``import``:
           every component of a called qualified name is, at the call (``os.system(``,
           ``(os.system)(``) or in the import its alias comes from (``from os import system as
           run``), so prose and ``extra="forbid"`` do not count;
``kwarg``  such an identifier followed by ``=`` (a keyword argument, possibly split over lines);
``sub``    one of the names anywhere (bandit tests a substring or a prefix: ``'chmod' in name``,
           ``is_module_imported_like``, import blacklists' ``startswith``);
``isub``   ``sub``, ignoring case.

A few tests look at string values instead (``B104`` ``"0.0.0.0"``, ``B108`` ``/tmp``, ``B608``
SQL text, ``B105`` password-like keys). A value can be spelt in ways its text does not show
(escapes, implicit concatenation ``"sel" "ect"``, f-string pieces), so a file that is not kept
for a name is parsed with :func:`ast.parse` and the values are checked on the tree: every string
constant, every f-string's joined constant parts, every ``+``/``%`` chain (B608 joins them) and
every ``"...".format``/``.replace`` receiver. A file that does not parse is kept (bandit reports
the syntax error as before), and so is a very deeply nested one (bandit's recursive visitor may
fail on it and report that).

A few tests whose tokens are common in ordinary code (``requests.get`` for B113, which reports
only a call without a usable ``timeout=``) are confirmed on the tree too (:data:`TREE_CONFIRMED`):
the file is parsed and kept only if it holds a node the test could report, read the way the
test's code reads it, and only while the installed plugin's source is the one that reading was
checked against (otherwise their tokens alone keep the file).

Blacklisted names can also arrive as the argument of ``__import__("x")`` or
``importlib.import_module(...)`` (however aliased): in a file that mentions either, the first
argument of every call is compared with the blacklisted names on the tree.

Soundness guard
---------------
The table is only valid for the bandit it was written against. :func:`build` (run inside the
bandit subprocess, so it inspects the bandit that actually scans) uses the filter only when

* bandit is at least the release the table was read from (1.9.4);
* the profile has nothing but ``tests``/``skips`` (plugin options could widen what fires);
* every test the profile leaves enabled in the installed bandit is in the table;
* every qualified name of every enabled blacklist entry is covered by that entry's tokens;
* the default configuration of the configurable tests the table depends on (the shell-injection
  function lists, bad SSL versions, temp directories, extra Markup names) is the one the table
  was written for.

Otherwise every file is passed, as before. Run as a script (``runpy``) this module is the bandit
launcher: ``<python> -c <runner> bandit_prefilter.py <bandit options> -- <files>``; it filters the
files, prints one ``mcpaudit-bandit-prefilter:`` JSON line on stderr (files, files passed, why
it did not filter, and the table it filtered with: :func:`table_of`), and runs bandit's own
``main()`` on the rest. The scanning process keeps that table (:mod:`.bandit_table`) and filters
the next scan's files itself, starting no bandit process when none passes. It imports only the standard library, PyYAML and bandit.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
import unicodedata
import warnings
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

STATS_PREFIX = "mcpaudit-bandit-prefilter: "

#: A token group: (kind, names). Kinds: "word", "qual", "kwarg", "sub", "isub" (module docstring).
Tok = Tuple[str, Tuple[str, ...]]
#: Alternatives; each is a tuple of token groups that must all be present.
Need = Tuple[Tuple[Tok, ...], ...]
#: What a :class:`Prefilter` is built from (:func:`table_of`): "enabled", "blacklist", "confirm".
Table = Dict[str, List[str]]


def word(*names: str) -> Tok:
    return ("word", names)


def qual(*names: str) -> Tok:
    return ("qual", names)


def sub(*names: str) -> Tok:
    return ("sub", names)


def isub(*names: str) -> Tok:
    return ("isub", tuple(n.lower() for n in names))


def kwarg(*names: str) -> Tok:
    return ("kwarg", names)


def need(*toks: Tok) -> Need:
    return (tuple(toks),)


# bandit.plugins.injection_shell.gen_config("shell_injection"): the last component of each name.
SUBPROCESS = ("Popen", "call", "check_call", "check_output", "run")
SHELL = ("system", "popen", "popen2", "popen3", "popen4", "Popen3", "Popen4", "getoutput",
         "getstatusoutput")
NO_SHELL = ("execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe", "spawnl",
            "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "startfile")
BAD_SSL = ("PROTOCOL_SSLv2", "SSLv2_METHOD", "SSLv23_METHOD", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1",
           "SSLv3_METHOD", "TLSv1_METHOD", "PROTOCOL_TLSv1_1", "TLSv1_1_METHOD")
PASSWORD_WORDS = ("pas", "pwd", "token", "secret")  # RE_WORDS of general_hardcoded_password

HTTP_CALLS = ("get", "options", "head", "post", "put", "patch", "delete", "request", "stream", "Client",
              "AsyncClient")  # HTTP_VERBS | HTTPX_ATTRS of request_without_timeout / no_cert_validation

#: Written against bandit 1.9.4 (plugins/*.py, blacklists/calls.py and imports.py). For each test,
#: the condition in bandit's code the tokens come from. ``qual`` is used for every component of a
#: called qualified name (bandit's ``call_function_name_qual`` and its last part, the call name).
NEEDS: Dict[str, Need] = {
    "B101": need(word("assert")),  # checks Assert nodes
    "B102": need(qual("exec")),  # qualname == "exec"
    "B103": need(sub("chmod")),  # "chmod" in call name
    "B106": need(isub(*PASSWORD_WORDS)),  # RE_CANDIDATES on a keyword argument's name
    "B107": need(isub(*PASSWORD_WORDS)),  # RE_CANDIDATES on a parameter name
    "B110": need(word("pass"), word("except")),  # except handler whose body is `pass`
    "B112": need(word("continue"), word("except")),  # ... `continue`
    # qualname.split(".")[0] == requests (or httpx) and the call name an HTTP verb / httpx attribute
    "B113": need(qual("requests", "httpx"), qual(*HTTP_CALLS)),
    "B201": need(sub("flask"), kwarg("debug"), qual("run")),  # flask imported, *.run(debug=True)
    "B202": need(word("tarfile"), sub("extractall")),  # `import tarfile`, "extractall" in call name
    # "hashlib" among the qualname's components (not the last), or "crypt" with crypt/mksalt
    "B324": need(qual("hashlib", "crypt")),
    "B501": need(qual("requests", "httpx"), kwarg("verify"), qual(*HTTP_CALLS)),
    # every branch needs ssl_version= or method= with a bad version: an attribute or name (here),
    # or a string constant (VALUE_NEEDS)
    "B502": need(kwarg("ssl_version", "method"), word(*BAD_SSL)),
    "B503": need(word(*BAD_SSL)),  # a parameter default's attribute name in bad_protocol_versions
    "B504": need(qual("wrap_socket")),  # qualname == ssl.wrap_socket
    # cryptography...asymmetric.{dsa,rsa,ec}.generate_private_key, Crypto(dome).PublicKey.*.generate
    "B505": need(qual("generate_private_key", "generate"), qual("asymmetric", "PublicKey")),
    "B506": need(qual("yaml"), qual("load")),  # "yaml" among the components, call name "load"
    "B507": need(qual("set_missing_host_key_policy"), word("AutoAddPolicy", "WarningPolicy"), sub("paramiko")),
    "B508": need(qual("CommunityData"), kwarg("mpModel")),  # pysnmp.hlapi.CommunityData(mpModel=)
    "B509": need(qual("UsmUserData")),  # qualname == pysnmp.hlapi.UsmUserData
    "B601": need(qual("exec_command"), sub("paramiko")),
    "B602": need(kwarg("shell"), qual(*SUBPROCESS)),  # a "subprocess" function with shell=
    "B603": need(qual(*SUBPROCESS)),
    "B604": need(kwarg("shell")),  # any other function with shell=
    "B605": need(qual(*SHELL)),  # qualname in the "shell" list
    "B606": need(qual(*NO_SHELL)),  # qualname in the "no_shell" list
    "B607": need(qual(*SUBPROCESS, *SHELL, *NO_SHELL)),
    # qualname in "shell", or in "subprocess" with shell=True
    "B609": need(qual(*SHELL)) + need(kwarg("shell"), qual(*SUBPROCESS)),
    "B610": need(qual("extra")),  # call name == "extra"
    "B611": need(qual("RawSQL")),
    "B612": need(qual("listen"), qual("logging")),  # qualname == logging.config.listen
    # bidirectional control characters anywhere in the decoded source
    "B613": need(sub("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                     "\u2069", "\u200f")),
    "B614": need(qual("torch"), qual("load")),  # torch.load / torch.serialization.load
    "B615": need(qual("from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download",
                      "repository_id"),
                 qual("transformers", "datasets", "huggingface_hub")),
    "B701": need(qual("jinja2"), qual("Environment")),
    "B702": need(qual("mako"), qual("Template")),
    "B703": need(qual("mark_safe", "SafeText", "SafeUnicode", "SafeString", "SafeBytes"), sub("safestring")),
    "B704": need(qual("Markup")),  # markupsafe.Markup / flask.Markup
    # blacklisted calls (exact qualnames): one component of every listed name
    "B301": need(qual("pickle", "dill", "shelve", "jsonpickle", "read_pickle")),
    "B302": need(qual("marshal")),
    "B303": need(qual("MD2", "MD4", "MD5", "SHA", "SHA1")),
    "B304": need(qual("ARC2", "ARC4", "Blowfish", "DES", "XOR", "CAST5", "IDEA", "SEED", "TripleDES")),
    "B305": need(qual("ECB")),
    "B306": need(qual("mktemp")),
    "B307": need(qual("eval")),
    "B308": need(qual("mark_safe")),
    "B310": need(qual("urlopen", "urlretrieve", "URLopener", "FancyURLopener")),
    "B311": need(qual("random")),
    "B312": need(qual("telnetlib")),
    "B313": need(qual("cElementTree")),
    "B314": need(qual("ElementTree")),
    "B315": need(qual("expatreader")),
    "B316": need(qual("expatbuilder")),
    "B317": need(qual("sax")),
    "B318": need(qual("minidom")),
    "B319": need(qual("pulldom")),
    "B321": need(qual("ftplib")),
    "B323": need(qual("_create_unverified_context")),
    # blacklisted imports (the imported dotted name starts with a listed one)
    "B401": need(sub("telnetlib")),
    "B402": need(sub("ftplib")),
    "B403": need(sub("pickle", "cPickle", "dill", "shelve")),
    "B404": need(sub("subprocess")),
    "B405": need(sub("ElementTree")),
    "B406": need(sub("sax")),
    "B407": need(sub("expatbuilder")),
    "B408": need(sub("minidom")),
    "B409": need(sub("pulldom")),
    "B411": need(sub("xmlrpc")),
    "B412": need(sub("CGIHandler", "CGIScript", "CGIDirectory")),
    "B413": need(sub("Crypto")),
    "B415": need(sub("pyghmi")),
}

#: Tests that look at string values: a regex one string constant's value must match (B105 also
#: looks at identifiers: its NEEDS-like text check is the same regex on the text).
VALUE_NEEDS: Dict[str, str] = {
    "B104": r"0\.0\.0\.0",  # string_val == "0.0.0.0"
    "B502": "|".join(map(re.escape, BAD_SSL)),  # ssl_version="PROTOCOL_SSLv2" (bandit compares keyword constants too)
    "B105": "(?i:" + "|".join(PASSWORD_WORDS) + ")",  # RE_CANDIDATES on names or dict/subscript keys
    "B108": r"/tmp|/dev/shm",  # string_val.startswith(/tmp, /var/tmp, /dev/shm)
}

#: B608 (hardcoded_sql_expressions), checked on the tree with bandit's own expression.
SQL_TESTS = frozenset({"B608"})
SIMPLE_SQL_RE = re.compile(
    r"(select\s.*from\s|delete\s+from\s|insert\s+into\s.*values[\s(]|update\s.*set\s)",
    re.IGNORECASE | re.DOTALL,
)
#: What one of SIMPLE_SQL_RE's alternatives needs among the pieces of a `+`/`%` chain (bandit
#: joins the chain's string constants with spaces, in an order we do not reproduce).
_SQL_PIECES = (("select", "from"), ("delete", "from"), ("insert", "into", "values"), ("update", "set"))

#: Bandit checks the first argument (or ``name=``) of ``__import__(...)`` and
#: ``importlib.import_module(...)`` against every blacklisted call name. A file mentioning either
#: is examined on its tree (or, without the list of names, simply kept).
DYNAMIC_IMPORT: Tok = sub("__import__", "import_module")

#: Bandit's node visitor recurses once per AST level and fails ("exception while scanning file")
#: around 950 levels; files nested deeper than this are left to bandit so that it still says so.
MAX_DEPTH = 300

#: The default plugin configuration the table above was written for.
PINNED_CONFIGS: Dict[str, Any] = {
    "shell_injection": {
        "subprocess": ["subprocess.Popen", "subprocess.call", "subprocess.check_call",
                       "subprocess.check_output", "subprocess.run"],
        "shell": ["os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "popen2.popen2",
                  "popen2.popen3", "popen2.popen4", "popen2.Popen3", "popen2.Popen4", "commands.getoutput",
                  "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput"],
        "no_shell": ["os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execv", "os.execve",
                     "os.execvp", "os.execvpe", "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe",
                     "os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.startfile"],
    },
    "ssl_with_bad_version": {"bad_protocol_versions": list(BAD_SSL)},
    "hardcoded_tmp_directory": {"tmp_dirs": ["/tmp", "/var/tmp", "/dev/shm"]},
    "markupsafe_xss": {"extend_markup_names": [], "allowed_calls": []},
}

_PROFILE_KEYS = frozenset({"tests", "skips"})

#: The bandit release the table was read from. Older releases (whose plugins differ in details)
#: were not checked against it and get every file; newer ones are trusted as far as the checks in
#: :func:`coverage_problem` go.
TABLE_VERSION = (1, 9, 4)

#: Tests whose text condition (in NEEDS) is confirmed on the tree: a file that holds their
#: tokens but no node they could report on is dropped. Only while the installed plugin's source
#: is the one the check was read from (its SHA-256, ``inspect.getsource``); otherwise the text
#: condition decides alone, as for every other test.
#:
#: B113 (request_without_timeout): reports a call whose qualified name (bandit's
#: ``get_call_name``: import aliases expanded) starts with ``requests`` and ends in an HTTP verb
#: when ``timeout=`` is missing or is not a value ``Context._get_literal_value`` reads (a
#: call, a subscript ...), and such a call or an ``httpx`` one when ``timeout=None``.
#: :func:`_b113_may_fire` (the verbs of both modules taken together).
TREE_CONFIRMED: Dict[str, str] = {
    "B113": "cbc3a6e810672058",
}


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _skip_blank(text: str, k: int) -> int:
    """The index of the next significant character: spaces, line breaks, backslash continuations
    and comments may stand between two tokens inside brackets."""
    size = len(text)
    while k < size:
        ch = text[k]
        if ch in " \t\f\r\n\\":
            k += 1
        elif ch == "#":
            nl = text.find("\n", k)
            k = size if nl < 0 else nl
        else:
            break
    return k


def _word_at(text: str, k: int, word: str) -> bool:
    j = k + len(word)
    return text.startswith(word, k) and (j >= len(text) or not _is_word_char(text[j]))


def _has_name(text: str, name: str, follow: str = "") -> bool:
    """``name`` occurs as a whole identifier (no identifier character on either side: in valid
    code only ASCII operators, delimiters and whitespace stand next to an identifier), followed
    by ``=`` but not ``==`` (``follow="kwarg"``), or, after any closing brackets, by ``(``,
    ``.``, ``as`` or ``import`` (``follow="qual"``: how every component of a called qualified
    name or of the import it comes from is followed somewhere in the file)."""
    n = len(name)
    size = len(text)
    i = text.find(name)
    while i >= 0:
        j = i + n
        if (i == 0 or not _is_word_char(text[i - 1])) and (j >= size or not _is_word_char(text[j])):
            if not follow:
                return True
            k = _skip_blank(text, j)
            if follow == "kwarg":
                if text[k: k + 1] == "=" and text[k + 1: k + 2] != "=":
                    return True
            else:
                while text[k: k + 1] == ")":  # grouping: `(os.system)(cmd)`, `(requests).get(url)`
                    k = _skip_blank(text, k + 1)
                if text[k: k + 1] in ("(", ".") or _word_at(text, k, "as") or _word_at(text, k, "import"):
                    return True
        i = text.find(name, i + 1)
    return False


class Prefilter:
    """Decides, for the enabled test ids it was built for, whether a file must go to bandit."""

    def __init__(self, enabled: Iterable[str], call_blacklist: Optional[Iterable[str]] = None,
                 confirm: Optional[Iterable[str]] = None):
        """``call_blacklist``: the qualified names bandit's enabled blacklist tests compare a call
        (and a dynamic import's argument) with; without it a dynamic import keeps the file.
        ``confirm``: the enabled tests of :data:`TREE_CONFIRMED` whose text condition is
        confirmed on the tree (default: all of them)."""
        enabled = set(enabled)
        self.enabled: FrozenSet[str] = frozenset(enabled)
        self.confirmed: FrozenSet[str] = frozenset(enabled & set(TREE_CONFIRMED) if confirm is None else confirm)
        alts: List[Tuple[Tok, ...]] = []
        for tid in sorted(enabled - self.confirmed):
            for alt in NEEDS.get(tid, ()):
                if alt not in alts:
                    alts.append(alt)
        self._confirm_alts = [alt for tid in sorted(self.confirmed) for alt in NEEDS.get(tid, ())]
        self._dynamic: Optional[FrozenSet[str]] = None
        self._dynamic_check = False
        if any(tid in enabled for tid in _BLACKLIST_IDS):
            if call_blacklist is None:
                alts.insert(0, (DYNAMIC_IMPORT,))
            else:
                self._dynamic = frozenset(call_blacklist)
                self._dynamic_check = True
        self._alts = alts
        values = [VALUE_NEEDS[t] for t in sorted(enabled) if t in VALUE_NEEDS]
        self._value_re = re.compile("|".join(values)) if values else None
        self._sql = bool(enabled & SQL_TESTS)
        self._ast_needed = bool(values) or self._sql

    # -- entry points --------------------------------------------------------------------------

    def may_fire_path(self, path: str) -> bool:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return True  # bandit reports the read error itself
        try:
            return self.may_fire(data)
        except Exception:  # never lose a file to a fault of ours
            return True

    def may_fire(self, data: bytes) -> bool:
        """False only when no enabled test can report anything in a file with these bytes."""
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            text = data.decode(encoding)
        except Exception:  # unknown or lying encoding cookie, invalid bytes: bandit decides
            return True
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)  # as Python reads identifiers
        if self._names_match(text, self._alts):
            return True
        if self._value_re is not None and self._value_re.search(text):
            return True
        dynamic = self._dynamic_check and any(n in text for n in DYNAMIC_IMPORT[1])
        confirm = bool(self._confirm_alts) and self._names_match(text, self._confirm_alts)
        if not (self._ast_needed or dynamic or confirm):
            return False
        return self._tree_may_fire(data, dynamic, confirm)

    # -- text ----------------------------------------------------------------------------------

    def _names_match(self, text: str, alts: Sequence[Tuple[Tok, ...]]) -> bool:
        memo: Dict[Tok, bool] = {}
        lowered: List[str] = []

        def present(tok: Tok) -> bool:
            hit = memo.get(tok)
            if hit is None:
                kind, names = tok
                if kind in ("word", "qual", "kwarg"):
                    follow = "" if kind == "word" else kind
                    hit = any(_has_name(text, n, follow) for n in names)
                elif kind == "isub":
                    if not lowered:
                        lowered.append(text.lower())
                    hit = any(n in lowered[0] for n in names)
                else:
                    hit = any(n in text for n in names)
                memo[tok] = hit
            return hit

        return any(all(present(t) for t in alt) for alt in alts)

    # -- tree ----------------------------------------------------------------------------------

    def _tree_may_fire(self, data: bytes, dynamic: bool = False, confirm: bool = False) -> bool:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escape sequences and the like
                tree = ast.parse(data)
        except Exception:  # SyntaxError, ValueError (NUL bytes), RecursionError, MemoryError
            return True  # bandit reports why it could not parse the file
        value_re = self._value_re
        sql = self._sql
        blacklisted = self._dynamic or frozenset()
        chained: Set[int] = set()  # BinOps inside a chain already examined from its top
        calls: List[ast.Call] = []  # every call, when a B113 call is to be confirmed (below)
        imports: List[ast.AST] = []
        stack: List[Tuple[ast.AST, int]] = [(tree, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                return True
            if confirm:
                if isinstance(node, ast.Call):
                    calls.append(node)  # `rm(u)` after `from requests import delete as rm` too
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    imports.append(node)
            if isinstance(node, ast.Constant):
                if value_re is not None and isinstance(node.value, str) and value_re.search(node.value):
                    return True
                continue
            if dynamic and isinstance(node, ast.Call) and _dynamic_name(node) in blacklisted:
                return True  # any call, whatever it is called: import_module may be aliased
            if sql:
                if isinstance(node, ast.JoinedStr):
                    joined = "".join(v.value for v in node.values
                                     if isinstance(v, ast.Constant) and isinstance(v.value, str))
                    if SIMPLE_SQL_RE.search(joined):
                        return True
                elif isinstance(node, ast.Attribute):
                    if node.attr in ("format", "replace") and isinstance(node.value, ast.Constant) \
                            and isinstance(node.value.value, str) and SIMPLE_SQL_RE.search(node.value.value):
                        return True
                elif isinstance(node, ast.BinOp) and id(node) not in chained:
                    if _chain_may_be_sql(node, chained):
                        return True
            for child in ast.iter_child_nodes(node):
                stack.append((child, depth + 1))
        if calls:
            aliases = _import_aliases(imports)
            return any(_b113_may_fire(call, aliases) for call in calls)
        return False


# --------------------------------------------------------------------------------------------
# Tree confirmation (TREE_CONFIRMED)
# --------------------------------------------------------------------------------------------


def _import_aliases(imports: Sequence[ast.AST]) -> Dict[str, Set[str]]:
    """Every value bandit's ``import_aliases`` may give each name at some point of the file
    (``BanditNodeVisitor.visit_Import``/``visit_ImportFrom``; it overwrites an entry when a
    later import binds the name again, so a name may stand for several)."""
    out: Dict[str, Set[str]] = {}
    for node in imports:
        module = getattr(node, "module", None) if isinstance(node, ast.ImportFrom) else None
        for alias in node.names:  # type: ignore[attr-defined]
            if module is None:  # `import a.b as c`, `from . import x as y`
                if alias.asname:
                    out.setdefault(alias.asname, set()).add(alias.name)
            else:
                out.setdefault(alias.asname or alias.name, set()).add(module + "." + alias.name)
    return out


def _qualnames(node: ast.AST, aliases: Dict[str, Set[str]], depth: int = 0) -> Set[str]:
    """Every name bandit's ``_get_attr_qual_name`` may give ``node`` (each alias, or none yet)."""
    if isinstance(node, ast.Name):
        return {node.id} | aliases.get(node.id, set())
    if isinstance(node, ast.Attribute) and depth < MAX_DEPTH:
        out: Set[str] = set()
        for base in _qualnames(node.value, aliases, depth + 1):
            name = f"{base}.{node.attr}"
            out.add(name)
            out |= aliases.get(name, set())
        return out
    return {""}


def _b113_may_fire(call: ast.Call, aliases: Dict[str, Set[str]]) -> bool:
    """Whether request_without_timeout (B113) may report ``call``."""
    roots = set()
    for qual in _qualnames(call.func, aliases):
        parts = qual.split(".")
        if parts[-1] in HTTP_CALLS:
            roots.add(parts[0])
    if not roots & {"requests", "httpx"}:
        return False
    timeout = next((k.value for k in call.keywords if k.arg == "timeout"), None)
    if isinstance(timeout, ast.Constant):
        return timeout.value is None or timeout.value == "None"  # read as "None"
    if isinstance(timeout, (ast.Name, ast.Attribute, ast.Tuple, ast.List, ast.Set, ast.Dict)):
        return False  # read as a name or a container, never None or "None"
    # missing, or a value bandit does not read (None): reported for requests
    return "requests" in roots


def _dynamic_name(call: ast.Call) -> Optional[str]:
    """The name bandit compares with the blacklists if this call is ``__import__`` or
    ``importlib.import_module``: its first argument, else its ``name=`` keyword, read as
    bandit's ``Context.call_args`` reads it (an attribute's name, a constant, a name)."""
    if call.args:
        arg: Optional[ast.AST] = call.args[0]
    else:
        arg = next((k.value for k in call.keywords if k.arg == "name"), None)
    if isinstance(arg, ast.Attribute):
        return arg.attr
    if isinstance(arg, ast.Constant):
        value = arg.value
        return str(value) if value is None or isinstance(value, (bool, str)) else None
    if isinstance(arg, ast.Name):
        return arg.id
    return None


def _chain_may_be_sql(top: ast.BinOp, chained: Set[int]) -> bool:
    """Whether a statement bandit builds from this BinOp chain (``utils.concat_string``: some of
    its string constants joined with spaces) could match SIMPLE_SQL_RE."""
    pieces: List[str] = []
    todo: List[ast.AST] = [top]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.BinOp):
            chained.add(id(n))
            todo.append(n.left)
            todo.append(n.right)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            pieces.append(n.value.lower())
    if not pieces:
        return False
    joined = " ".join(pieces)
    return any(all(w in joined for w in words) for words in _SQL_PIECES)


# --------------------------------------------------------------------------------------------
# The guard
# --------------------------------------------------------------------------------------------

_BLACKLIST_IDS = frozenset(t for t in NEEDS if t.startswith(("B3", "B4")))


def _tok_covers(tok: Tok, component: str, prefix_only: bool) -> bool:
    """Whether ``tok`` is certain to be in a file whose code spells ``component`` as an
    identifier (``prefix_only``: as the beginning of an identifier)."""
    kind, names = tok
    if kind in ("word", "qual"):
        return not prefix_only and component in names
    if kind == "sub":
        return any(n in component for n in names)
    if kind == "isub":
        return any(n in component.lower() for n in names)
    return False


def blacklist_uncovered(manager: Any, enabled: Set[str]) -> List[str]:
    """``id:qualname`` of every enabled blacklist entry whose name the table would miss."""
    missing = []
    for node_type, entries in (getattr(manager, "blacklist", None) or {}).items():
        prefix_only = node_type != "Call"  # Import/ImportFrom: startswith(qualname)
        for entry in entries:
            tid = entry.get("id")
            if tid not in enabled:
                continue
            for qn in entry.get("qualnames") or []:
                comps = str(qn).split(".")
                ok = any(
                    all(
                        any(_tok_covers(tok, c, prefix_only and i == len(comps) - 1) for i, c in enumerate(comps))
                        for tok in alt
                    )
                    for alt in NEEDS.get(tid, ())
                )
                if not ok:
                    missing.append(f"{tid}:{qn}")
    return missing


def enabled_tests(manager: Any, profile: Dict[str, Any]) -> Set[str]:
    """The test ids bandit runs with this profile (its ``BanditTestSet._get_filter`` rules:
    ``tests`` only these, minus ``skips``; ``B001`` stands for every blacklist test)."""
    blacklist_ids = set(getattr(manager, "blacklist_by_id", {}) or {})
    known = set(getattr(manager, "plugins_by_id", {}) or {}) | blacklist_ids
    inc = set(profile.get("tests") or [])
    exc = set(profile.get("skips") or [])
    for group in (inc, exc):
        if "B001" in group:
            if not group & blacklist_ids:
                group.update(blacklist_ids)
            group.discard("B001")
    chosen = inc if inc else set(known)
    return (chosen - exc) & known


def _version_tuple(version: str) -> Tuple[int, ...]:
    parts = []
    for piece in str(version).split(".")[:3]:
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def coverage_problem(manager: Any, profile: Dict[str, Any], version: str) -> Optional[str]:
    """Why the table cannot be trusted for this bandit (``version``) and profile, or None."""
    if _version_tuple(version) < TABLE_VERSION:
        return f"bandit {version} is older than the table ({'.'.join(map(str, TABLE_VERSION))})"
    extra = sorted(set(profile) - _PROFILE_KEYS)
    if extra:
        return "the bandit profile sets " + ", ".join(map(str, extra))
    enabled = enabled_tests(manager, profile)
    unknown = sorted(enabled - set(NEEDS) - set(VALUE_NEEDS) - SQL_TESTS)
    if unknown:
        return "enabled bandit tests not in the table: " + ", ".join(unknown)
    missing = blacklist_uncovered(manager, enabled)
    if missing:
        return "blacklisted names not covered: " + ", ".join(missing[:5])
    import importlib

    for tid in sorted(enabled):
        ext = (getattr(manager, "plugins_by_id", {}) or {}).get(tid)
        func = getattr(ext, "plugin", None)
        name = getattr(func, "_takes_config", None)
        if func is None or name not in PINNED_CONFIGS:
            continue
        config = importlib.import_module(func.__module__).gen_config(name)
        if config != PINNED_CONFIGS[name]:
            return f"the default configuration of {tid} ({name}) changed"
    return None


def build(profile_path: str) -> Tuple[Optional[Prefilter], Optional[str]]:
    """The filter for the installed bandit and this profile, or (None, why not)."""
    table, problem = build_table(profile_path)
    return (None if table is None else from_table(table)), problem


def build_table(profile_path: str) -> Tuple[Optional[Table], Optional[str]]:
    """What :class:`Prefilter` is made of for the installed bandit and this profile
    (:func:`table_of`), or (None, why it cannot be trusted)."""
    import yaml

    with open(profile_path, "r", encoding="utf-8") as fh:
        profile = yaml.safe_load(fh) or {}
    if not isinstance(profile, dict):
        return None, "the bandit profile is not a mapping"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import bandit
        from bandit.core import extension_loader
    manager = extension_loader.MANAGER
    problem = coverage_problem(manager, profile, getattr(bandit, "__version__", "0"))
    if problem:
        return None, problem
    return table_of(manager, enabled_tests(manager, profile)), None


def confirmable(manager: Any, enabled: Iterable[str]) -> Set[str]:
    """The enabled tests of :data:`TREE_CONFIRMED` whose installed plugin is the source the tree
    check was read from."""
    import hashlib
    import inspect

    out = set()
    for tid in set(enabled) & set(TREE_CONFIRMED):
        func = getattr((getattr(manager, "plugins_by_id", {}) or {}).get(tid), "plugin", None)
        try:
            digest = hashlib.sha256(inspect.getsource(func).encode("utf-8")).hexdigest()
        except (OSError, TypeError):
            continue
        if digest.startswith(TREE_CONFIRMED[tid]):
            out.add(tid)
    return out


def for_tests(manager: Any, enabled: Iterable[str]) -> Prefilter:
    """The filter for these enabled test ids of bandit's extension ``manager`` (unchecked: see
    :func:`coverage_problem`)."""
    return from_table(table_of(manager, enabled))


def table_of(manager: Any, enabled: Iterable[str]) -> Table:
    """The enabled test ids, the qualified names of the enabled call blacklist and the tests
    confirmed on the tree (:func:`confirmable`): all a :class:`Prefilter` is built from, as
    sorted lists (JSON and ``marshal`` keep them as they are: the launcher reports them, and
    :mod:`.bandit_table` keeps them so that the scanning process filters without bandit)."""
    enabled = set(enabled)
    call_blacklist = {
        str(qn)
        for entry in (getattr(manager, "blacklist", None) or {}).get("Call", [])
        if entry.get("id") in enabled
        for qn in entry.get("qualnames") or []
    }
    return {"enabled": sorted(enabled), "blacklist": sorted(call_blacklist),
            "confirm": sorted(confirmable(manager, enabled))}


def from_table(table: Table) -> Prefilter:
    """The :class:`Prefilter` of a :func:`table_of` table."""
    return Prefilter(table["enabled"], table["blacklist"], confirm=table["confirm"])


# --------------------------------------------------------------------------------------------
# The launcher
# --------------------------------------------------------------------------------------------


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``<bandit options> -- <files>``: run bandit's ``main()`` on the files that need it."""
    args = list(sys.argv[1:] if argv is None else argv)
    sep = args.index("--")
    options, files = args[:sep], args[sep + 1:]
    prefilter: Optional[Prefilter] = None
    table: Optional[Table] = None
    reason: Optional[str] = None
    try:
        profile = options[options.index("-c") + 1]
        table, reason = build_table(profile)
        prefilter = None if table is None else from_table(table)
    except Exception as exc:  # anything unexpected: no filtering, bandit decides everything
        prefilter, table, reason = None, None, f"{type(exc).__name__}: {exc}"
    kept = files if prefilter is None else [f for f in files if prefilter.may_fire_path(f)]
    stats = {"files": len(files), "passed": len(kept), "disabled": reason, "table": table}
    sys.stderr.write(STATS_PREFIX + json.dumps(stats) + "\n")
    sys.stderr.flush()
    if not kept:
        sys.stdout.write(json.dumps({"errors": [], "results": []}) + "\n")
        return 0
    sys.argv = ["bandit", *options, "--", *kept]
    from bandit.cli import main as bandit_main

    bandit_main.main()  # exits
    return 0


if __name__ == "__main__":
    sys.exit(main())
