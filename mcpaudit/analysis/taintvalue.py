"""Taint values: which origins a value may come from, how, and what checked it on the way.

A value's taint is a mapping ``label -> Info``. Labels:

* ``("p", name)``: the enclosing function's parameter ``name`` (resolved per call site);
* ``("c", index)``: the return value of the function's ``index``-th recorded call;
* ``("s", what)``: a secret (credential-named variable, ``os.environ`` secret, headers);
* ``("src", tool, param)``: caller-controlled input of an MCP handler (after resolution).

Taint values are never mutated in place; every operation returns a new mapping.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Hashable, Optional, Tuple

Label = Tuple[Hashable, ...]
ALL = "*"
#: In a narrowing's or a helper verdict's families: what it proves is a mark only (an exists test,
#: a part refusal), so a value passing it is not "checked" (narrowing._apply, pathtests.py).
UNCHECKED = "~unchecked"
#: a family a value is clean for when it is clean for another: a file path confined to a root the
#: server chose names a file the server put there, so a loader that unpickles the file it names
#: (torch.load, a model constructor) loads the server's own file
CLEAN_WITH = {"deserialization": "path"}
#: a file name made of a separator-free value and fixed text (ts/onename.py; NO_SEP, NO_SLASH and
#: NO_BACKSLASH are ts/pathshape.py's marks): one entry of its folder, unless joined again with a
#: separator (REJOINED) or cut after it was named (CUT)
IN_NAME, REJOINED, CUT = "~in-name", "~rejoined", "~cut"
_NO_SEP, _NO_SLASH, _NO_BACKSLASH = "~no-separator", "~no-slash", "~no-backslash"


def one_name(clean) -> bool:
    """The marks of a value that is one entry of the folder it is joined to (ts/onename.py)."""
    return IN_NAME in clean and (_NO_SEP in clean or (_NO_SLASH in clean and _NO_BACKSLASH in clean)) \
        and REJOINED not in clean and CUT not in clean
# argument vectors: a sink given an argv built in another function cannot tell which element a
# value is in (ARGV_UNKNOWN, a weak mark); the function that built it marks each value it placed
# in a known element with ARGV_PLACED in ``clean`` (and "argument" where no option can start),
# an intersection over paths like any other cleanliness
ARGV_PLACED = "argv-placed"
ARGV_UNKNOWN = "argv built elsewhere; which element the value lands in is unknown"
ARGV_OPTION = "a value starting with '-' is read as an option (no '--' before it)"
# the note of the step where a value was added to an argument list after its program, with no
# "--" before it (the linker reports an argv wrapper's flow there)
ARGV_ADDED = "added to the argument list after"
# in ``clean``: the value was placed right after a constant option, in a list that does not name
# its program: ARGV_OPERAND + "<first word before it>\x1f<option>"; the sink that knows the
# program decides whether that option takes the value (SinkRec.operands)
ARGV_OPERAND = "argv-operand\x1f"


# long options that are switches in most programs (they take no value): a value placed after one
# is a positional that can start with '-'
_LONG_SWITCHES = frozenset({
    "--all", "--force", "--verbose", "--quiet", "--silent", "--recursive", "--json", "--watch",
    "--dry-run", "--yes", "--help", "--version", "--debug", "--follow", "--interactive", "--tty",
    "--rm", "--detach", "--insecure", "--raw", "--pretty", "--wait", "--no-wait", "--offline",
})


#: switches that make a program print and exit (argparse's version action, commander, getopt
#: loops): an element after one is either that option's value (``remote allocate --version
#: <v>``) or never acted on, so it cannot be read as an option that changes what runs
_EXITING_SWITCHES = frozenset({"--help", "--version"})


def long_value_option(opt: str) -> bool:
    """Whether a long option read on its own (``--device``; not ``--opt=v``, ``--no-x`` or a
    usual switch) takes the next element as its value: the usual parsers (getopt_long with a
    required argument, cobra/pflag, clap, argparse, commander) read it whole, '-' or not. After
    ``--version`` or ``--help`` the element is no option either way (_EXITING_SWITCHES)."""
    if opt in _EXITING_SWITCHES:
        return True
    return (opt.startswith("--") and len(opt) > 3 and "=" not in opt and not opt.startswith("--no-")
            and opt not in _LONG_SWITCHES)


#: in a sink's ``operands``: the program it runs is not known (a path from settings), so the
#: options that take a value are the long ones that are no usual switch (long_value_option)
UNKNOWN_PROGRAM = "\x1fany long option"


def operand_of(info: "Info", operands) -> bool:
    """Whether ``info`` was placed only as the value of options that, in the program a sink runs,
    take the next element whatever it starts with (``operands``: "opt" or "subcommand opt", or
    UNKNOWN_PROGRAM)."""
    seen = False
    for c in info.clean:
        if c.startswith(ARGV_OPERAND):
            first, _, opt = c[len(ARGV_OPERAND):].partition("\x1f")
            takes = long_value_option(opt) if UNKNOWN_PROGRAM in operands else (
                opt in operands or f"{first} {opt}" in operands)
            if not takes:
                return False
            seen = True
    return seen


# the note of the step where a value became an operand of a program that changes the file it
# names (chmod, rm, cp, ...; ``argv: file-programs`` in the models): a file path in that argv
ARGV_FILE = "an operand of"
# the note of the step where a value became the URL operand of a program that requests it
# (curl, yt-dlp; ``argv: url-programs``), in a list handed to the project's runner
ARGV_URL = "a URL operand of"
#: in ``clean`` (no family): the value was added to a list after its first element (the program,
#: known or not), so it is never the program the list runs (capabilities.behind_check)
ARGV_ELEMENT = frozenset({"~argv-element"})
# in ``clean``: a field read from a value a schema of another module parsed, SCHEMA_REF +
# "<module>\x1f<schema reference>\x1f<field>"; the linker replaces it with the families that
# schema proves the field clean for (ts/schemarefs.py)
SCHEMA_REF = "schema-ref\x1f"
# in ``clean``: a URL that starts with a name imported from another module, HOST_REF +
# "<module>\x1f<reference>\x1f<constant text after it>"; the linker replaces it with "ssrf" when
# that name is a constant that, with the text after it, fixes scheme and host (ts/hostconsts.py)
HOST_REF = "host-ref\x1f"
#: in ``clean``: the value was added to an argument list by ``argv.extend(param)``, a parameter
#: of the function that built the list (EXTENDED); the value a call binds to a parameter is a
#: ``str`` parameter of the caller passed as is (TEXT_ARG). With both, ``extend`` added the text
#: one character per element: no element can be an option (the linker drops the argument flow)
EXTENDED = "~extended"
TEXT_ARG = "~text"
MAX_STEPS = 14
#: a flow the linker composes across calls keeps at most FLOW_STEPS steps: its first FLOW_HEAD
#: (the tool's parameter and the handler's own steps, up to the call that takes the value on,
#: where a reader looks first) and the last ones (the way into the sink)
FLOW_STEPS, FLOW_HEAD = 24, 8


def trimmed(steps: tuple) -> tuple:
    """``steps`` cut to FLOW_STEPS, its middle dropped (the head and the way into the sink stay)."""
    if len(steps) <= FLOW_STEPS:
        return steps
    return steps[:FLOW_HEAD] + steps[-(FLOW_STEPS - FLOW_HEAD):]
#: in ``clean`` (not a family), and kept when flows merge (a fact about any of them, unlike the
#: rest of ``clean``): the value was percent-decoded on the way, so what a source promised about
#: its characters (placement.TEMPLATE_SEGMENT: no '/') no longer holds
DECODED = "decoded"
#: in ``clean``, kept when flows merge like DECODED: on one of them the path was contained where it
#: exists, and where it does not (ENOENT) only by its parent folder's realpath, if at all - a
#: write that creates it follows a dangling symlink there (see dangling.py)
DANGLING = "~dangling"
#: in ``clean``, kept when flows merge like DECODED: the value was split into words on the way
#: (``cmd.split()``, ``shlex.split(cmd)``), so what the caller's text began with no longer keeps
#: an option out: each word can start with '-' (the linker drops a caller's "argument" mark)
SPLIT = "~split"
#: in ``clean``, kept when flows merge like DECODED: on one of the merged ways the value came as is
#: (neither spliced into a larger string nor placed after fixed text), on another built into one
#: (``if persist: sql = f"CREATE TABLE t AS ({sql})"``): a query sink given it still runs the
#: caller's whole query on that way (capabilities.as_is); building the value again drops it
AS_IS_WAY = "~as-is-way"
#: in ``clean``, kept when flows merge like DECODED: on one of the ways the value was placed in the
#: words of a command line the shell still reads (`cat ${path}`), so single-quoting it again later
#: hands that command line whole to a shell (an ssh or ``sh -c`` layer): no sanitiser there
#: (ts/shellwords.py)
COMMAND_TEXT = "~sh-command-text"
#: in ``clean``: escaped for and placed inside a single-quoted shell word; clean for the shell
#: family unless the value was also COMMAND_TEXT (the quoted word is then a command line a shell
#: layer further runs), which a caller's value may bring when linked (ts/shellwords.py)
SH_QUOTED = "~sh-quoted"
#: in ``clean``, kept when flows merge like COMMAND_TEXT: on one of the ways the value was made
#: clean for the shell by the POSIX escape of a single-quoted word (``'`` -> ``'\''``), which holds
#: for sh/bash/zsh; BACKSLASH_QUOTES (given at the sink): the line is run by a shell whose single
#: quotes take backslash escapes (fish: ``\'`` and ``\\``), where a backslash before the escape's
#: closing quote ends the word elsewhere, so the value is not clean for the shell there
#: (``backslash-quote-shells`` of the process models; ts/argvsinks.py)
POSIX_QUOTED = "~posix-quoted"
BACKSLASH_QUOTES = "~backslash-quote-shell"
#: in ``clean`` (no family's name): placed after a blank that follows something in a line, so
#: never in the first word of the line split on blanks (ts/shellwords.py)
AFTER_BLANK = "~after-blank"
#: in ``clean``: the first word of a line split on blanks; a caller's value that was AFTER_BLANK
#: there (linked later) is not in it (records.joined_clean)
FIRST_WORD = "~first-word"
#: in ``clean``: the text starts with one '/' (ts/slashpaths.py): placed right after a URL's base
#: it is the path; AFTER_BASE: placed there before its text was known (records.joined_clean)
SLASH_LED = "~slash-led"
AFTER_BASE = "~after-base"
#: in ``clean`` with "path": the value is the first part of a join whose other parts the code
#: placed under it - a caller's folder as the tool's workspace (ts/workspace.py); a value bound
#: there later that is a later part of a join on every way it came (JOIN_PART: a name placed
#: under another folder) is not such a folder
WORKSPACE = "~workspace"
JOIN_PART = "~join-part"


@lru_cache(maxsize=1)
def all_families() -> FrozenSet[str]:
    """Every taint family (``rules/families.yaml``, through the catalog)."""
    from ..catalog import catalog

    return catalog().family_ids


class Info:
    __slots__ = ("steps", "weak", "clean", "resolved", "key", "built", "checked", "rooted")

    def __init__(self, steps: tuple = (), weak: Optional[str] = None,
                 clean: FrozenSet[str] = frozenset(), resolved: bool = False,
                 key: Optional[str] = None, built: bool = False, checked: bool = False,
                 rooted: bool = False):
        self.steps = steps  # tuple of steps (raw or resolved, see intra/inter)
        self.weak = weak  # why a check on the way only weakly restricts the value
        self.clean = clean  # sink families this flow has been sanitised for ("*" = all)
        self.resolved = resolved  # passed through resolve()/realpath()
        self.key = key  # first constant item/attribute taken from the origin ("command")
        self.built = built  # spliced into a larger string on the way (f-string, +, %, format, join)
        self.checked = checked  # the code checked or restricted it on the way (even if that failed)
        self.rooted = rooted  # placed after a component the code chose (a root, a program, a host)

    def is_clean(self, family: str) -> bool:
        if family == "shell" and POSIX_QUOTED in self.clean and BACKSLASH_QUOTES in self.clean and \
                ALL not in self.clean:
            return False  # '\'' quoting under fish
        return ALL in self.clean or family in self.clean or CLEAN_WITH.get(family, ALL) in self.clean or \
            (SH_QUOTED in self.clean and family == "shell" and COMMAND_TEXT not in self.clean) or \
            (family == "path" and one_name(self.clean))

    def with_step(self, step) -> "Info":
        steps = self.steps + (step,)
        if len(steps) > MAX_STEPS:
            steps = steps[:4] + steps[-(MAX_STEPS - 4):]
        return Info(steps, self.weak, self.clean, self.resolved, self.key, self.built, self.checked, self.rooted)

    def replace(self, **kw) -> "Info":
        new = Info(self.steps, self.weak, self.clean, self.resolved, self.key, self.built, self.checked, self.rooted)
        for k, v in kw.items():
            setattr(new, k, v)
        return new

    def __getstate__(self):
        return (self.steps, self.weak, self.clean, self.resolved, self.key, self.built, self.checked, self.rooted)

    def __setstate__(self, st):
        self.steps, self.weak, self.clean, self.resolved, self.key, self.built, self.checked, self.rooted = st

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Info(steps={len(self.steps)}, weak={self.weak!r}, clean={set(self.clean)}, resolved={self.resolved}, key={self.key!r}, built={self.built})"


Taint = Dict[Label, Info]
EMPTY: Taint = {}

#: the start of a soft reference to a validator that may hold a bypassable command guard
#: (narrowing.CHECK_REF + mode "guard", see guardref.py): no check unless the linker finds one
GUARD_REF = "\x1fguard|"
#: a soft reference to a function a value was passed to that may be a resolve-then-refuse egress
#: guard (egressguard.py): like a guard reference, it proves nothing until linked
EGRESS_REF = "\x1fegress|"


def guard_ref(weak: Optional[str]) -> bool:
    return bool(weak) and (GUARD_REF in weak or EGRESS_REF in weak)


def either_weak(a: Optional[str], b: Optional[str]) -> Optional[str]:
    """The weak reason of two flows (or marks) of a value: the first, but a check read in place
    before a reference to a command guard that may be none (guard_ref)."""
    return b if guard_ref(a) and b else a or b


def meet(a: FrozenSet[str], b: FrozenSet[str]) -> FrozenSet[str]:
    """What two paths are both clean for: "*" (clean for every family) meets the other side."""
    return b if ALL in a else a if ALL in b else a & b


#: the note of a flow step that a merge of two flows keeps (the shorter flow is kept otherwise):
#: a caller's text spliced raw into an AppleScript literal, where its code finding is reported
KEPT_STEP = "spliced raw into an AppleScript string literal"


def merge_info(a: Info, b: Info) -> Info:
    if a is b:
        return a
    steps = a.steps if len(a.steps) <= len(b.steps) else b.steps
    if bool(a.weak) != bool(b.weak):
        steps = a.steps if a.weak else b.steps  # the flow the report's "only a weak check" is about
    if len(a.steps) != len(b.steps):
        other = b.steps if steps is a.steps else a.steps
        if any((getattr(st, "note", None) or "").startswith(KEPT_STEP) for st in other) and not any(
                (getattr(st, "note", None) or "").startswith(KEPT_STEP) for st in steps):
            steps = other  # the flow the finding is reported at (ts/applescript.py)
    if ("argument" in a.clean) != ("argument" in b.clean):
        placed = b if "argument" in a.clean else a
        if any((getattr(st, "note", None) or "").startswith(ARGV_ADDED) for st in placed.steps):
            steps = placed.steps  # the flow an argument-injection finding is reported at, not "-n <ns>"'s
    bare = _less_clean(a, b)
    if bare is not None:
        steps = bare.steps  # the flow no check cleaned (params.pattern joined after the checked params.base)
    argv_side = _argv_open(a, b)
    if argv_side is not None:
        steps = argv_side.steps  # the field pushed where it can be read as an option, not the paths after '--'
    path_side = _url_path_side(a, b)
    if path_side is not None:
        steps = path_side.steps  # the flow that fills the path, not the one in the query
    clean = meet(a.clean, b.clean)
    if argv_side is not None:
        # that element is known (and the options it follows: the sink's program decides if one takes it)
        clean = clean | {ARGV_PLACED} | frozenset(c for c in argv_side.clean if c.startswith(ARGV_OPERAND))
    if a.clean != b.clean:
        clean = _keep_operands(a.clean, b.clean, clean)
        clean = _keep_dict_keys(a.clean, b.clean, clean)
        clean = _keep_url_path(a.clean, b.clean, clean)
        clean = _keep_sql_escape(a.clean, b.clean, clean)
        clean = clean | ((a.clean | b.clean) & {DECODED, DANGLING, SPLIT, AS_IS_WAY, COMMAND_TEXT, POSIX_QUOTED,
                                                 BACKSLASH_QUOTES})
        # `ffmpeg -i "${p}" ... "${f(p)}"`: placed as an option's value on one way (cmdline.py)
        clean = clean | frozenset(c for c in a.clean ^ b.clean if c.startswith(CMDLINE_OPTION))
    if (a.built or a.rooted) != (b.built or b.rooted):
        clean = clean | {AS_IS_WAY}
    return Info(
        steps,
        either_weak(a.weak, b.weak),
        clean,
        a.resolved and b.resolved,
        (path_side.key or a.key or b.key) if path_side is not None else (argv_side.key or a.key or b.key)
        if argv_side is not None else (bare.key or a.key or b.key) if bare is not None else a.key or b.key,
        a.built or b.built,
        a.checked or b.checked,
        a.rooted or b.rooted,
    )


def _argv_open(a: Info, b: Info) -> Optional[Info]:
    """Of two flows of one origin into an argument list another function runs (two fields of one
    arguments object: a revision pushed bare, paths spread after '--', a count after '-n'), the
    one placed in a known element that can be read as an option (ARGV_PLACED, not clean for
    "argument"; one right after no constant option before one that may take it as its value)
    when the other is less so: the merged value is there, so its flow and field are what an
    argument-injection report names, and the sink need not guess where it lands."""
    oa, ob = _open_rank(a), _open_rank(b)
    return None if oa == ob else a if oa > ob else b


def _open_rank(info: Info) -> int:
    """2: an element that can be an option; 1: one right after a constant option; 0: neither,
    or no element any more (joined into a string, or split into words, on the way)."""
    clean = info.clean
    if ARGV_PLACED not in clean or ALL in clean or "argument" in clean or SPLIT in clean or info.built:
        return 0
    return 1 if any(c.startswith(ARGV_OPERAND) for c in clean) else 2


def _less_clean(a: Info, b: Info) -> Optional[Info]:
    """Of two flows of one origin (two fields of one model parameter), the one cleaned for fewer
    families when the other is cleaned for strictly more and neither only weakly checked: the
    merged value is as clean as that one (``meet``), so its steps and key are what a report on it
    names (``glob(str(checked_base / params.pattern))``: the pattern, not the checked base)."""
    if a.weak or b.weak or a.clean == b.clean:
        return None
    ca, cb = _cleaning(a.clean), _cleaning(b.clean)
    if ca == cb:  # only where one way placed the value differs: the placed way is the one to name
        return b if _cleaning(b.clean, marks=True) else a if _cleaning(a.clean, marks=True) else None
    return b if cb < ca else a if ca < cb else None


def _cleaning(clean: FrozenSet[str], marks: bool = False) -> FrozenSet[str]:
    """The entries of ``clean`` that clean (``marks``: only the command-line option marks, which
    say where a value was placed and clean nothing)."""
    return frozenset(c for c in clean if c.startswith(CMDLINE_OPTION) == marks)


#: the marks of a value in a URL's path, of one encoded path segment and of the literal host
#: before it (urlpath.URL_PATH, urlpath.URL_SEGMENT, reqcreds.HOST_MARK)
_URL_PATH, _URL_SEGMENT, _URL_HOST = "url-path", "url-segment", "url-host="


def _keep_url_path(a: FrozenSet[str], b: FrozenSet[str], both: FrozenSet[str]) -> FrozenSet[str]:
    """Two flows of one value into a URL, merged: placed in its query (clean for ssrf) on one
    and in its path on the other, the value fills the path, the weaker of the two (`` `/api/
    storage/${args.path}?props=${args.props}` ``, both fields of one caller object). Clean for
    ssrf on one (a number: ``if isinstance(v, int): return str(v)``) and one encoded segment on
    the other (``return quote(v, safe="")``), the value is still one segment."""
    for x, y in ((a, b), (b, a)):
        if ("ssrf" in x or ALL in x) and (_URL_PATH in y or _URL_SEGMENT in y):
            return both | frozenset(c for c in y if c in (_URL_PATH, _URL_SEGMENT) or c.startswith(_URL_HOST))
    return both


#: the starts of the marks of a value escaped for an SQL literal (sqlquote.DOUBLED, QUOTED,
#: sqlescape.BS_FIRST, BS_QUOTE); not sqlquote.STATEMENT ("sql-statement="), a placement mark
_SQL_ESCAPE = ("sql-doubled\x1f", "sql-quoted\x1f", "sql-backslash-")


def _keep_sql_escape(a: FrozenSet[str], b: FrozenSet[str], both: FrozenSet[str]) -> FrozenSet[str]:
    """Two flows of one value into a query, merged: clean for sql on one (a field checked
    against an identifier pattern) and escaped for a literal on the other (another field of the
    same caller object, its quotes escaped and placed inside quotes): the query is as safe as
    the escape, whose marks survive for the sink to judge in its dialect (sqlquote.py)."""
    for x, y in ((a, b), (b, a)):
        if "sql" in x and "sql" not in y and any(c.startswith(_SQL_ESCAPE) for c in y):
            return both | frozenset(c for c in y if c.startswith(_SQL_ESCAPE))
    return both


def _url_path_side(a: "Info", b: "Info") -> Optional["Info"]:
    """Of two flows of one value into a URL, the one placed in its path when the other is in its
    query (clean for ssrf): the flow a path-fill finding is about (`` `/zones/${args.id}/records
    ?cursor=${args.cursor}` ``, two fields of one caller object)."""
    for x, y in ((a, b), (b, a)):
        if ("ssrf" in x.clean or ALL in x.clean) and _URL_PATH in y.clean and "ssrf" not in y.clean:
            return y
    return None


#: the mark of a value placed as an option's value in a command line (cmdline.CMDLINE_OPTION):
#: it cleans nothing and says where one way placed the value, so a merge keeps either side's
CMDLINE_OPTION = "cmdline-option\x1f"


def _keep_operands(a: FrozenSet[str], b: FrozenSet[str], both: FrozenSet[str]) -> FrozenSet[str]:
    """Two flows of one value into an argv, merged: the option-value marks (ARGV_OPERAND) of one
    survive when the other cannot be read as an option at all, and both sides' marks survive
    when both have them (each must then be an option that takes a value)."""
    diff = a ^ b
    if not any(c.startswith(ARGV_OPERAND) for c in diff):
        return both
    ma = frozenset(c for c in a if c.startswith(ARGV_OPERAND))
    mb = frozenset(c for c in b if c.startswith(ARGV_OPERAND))
    a_safe = ALL in a or "argument" in a
    b_safe = ALL in b or "argument" in b
    if (ma or a_safe) and (mb or b_safe):
        return both | ma | mb
    return both


# a value placed in a dict display under a constant key carries DICT_KEY and that key in
# ``clean``, a mark that cleans nothing: an item taken by another constant key is not this value
# (item_of). Two flows of a value merged keep the keys of both when both placed it under
# constant keys (_keep_dict_keys), and none when one did not: a value that may also have come
# another way is never dropped.
DICT_KEY = "dict-key\x1f"


# in ``clean`` (cleans nothing): the value sits in attribute FIELD + name of an object, and
# FIELD_OF + "<module path>\x1f<class>" names the project class the analysis built it as (none
# for a value stored with ``obj.name = value``); reading another attribute that is a plain field
# of that class does not give the value (records.py). Kept on merge like DICT_KEY.
FIELD = "field\x1f"
FIELD_OF = "field-of\x1f"
# the same two marks one object deeper (records.in_field): NESTED + FIELD + name is the field of
# the object that sits in the outer field; reading the outer field makes them the value's own
NESTED = "nested\x1f"


# in ``clean`` (cleans nothing): the value is a list of [key, value] pairs of a mapping
# (Object.entries(m)); a pattern ``[k, v]`` destructuring one takes no secret into ``k``
# (keys of a mapping are never secret), and everything into ``v``
ENTRY_PAIRS = "entry-pairs"


# in ``clean`` (cleans nothing), beside DICT_KEY + key: ITEM_KEY + "<key>\x1f<item>" says the value
# placed under ``key`` was item ``<item>`` of its origin (``f(url=arguments["url"], n=arguments["n"])``
# gives ``**kwargs`` both items of one caller mapping), so that ``kwargs["url"]`` names
# ``arguments['url']`` and not the first item a merge of the two kept (Info.key)
ITEM_KEY = "dict-item-key\x1f"


def _keep_dict_keys(a: FrozenSet[str], b: FrozenSet[str], both: FrozenSet[str]) -> FrozenSet[str]:
    for marks in ((DICT_KEY, ITEM_KEY), (FIELD, FIELD_OF), (NESTED + FIELD, NESTED + FIELD_OF)):
        ka = frozenset(c for c in a if c.startswith(marks))
        kb = frozenset(c for c in b if c.startswith(marks))
        if ka and kb and any(c.startswith(marks[0]) for c in ka) and any(c.startswith(marks[0]) for c in kb):
            both = both | ka | kb
    return both


def in_dict(t: Taint, key: str) -> Taint:
    """``t`` placed under the constant ``key`` of a dict display (an item of its origin: ITEM_KEY)."""
    return {label: info.replace(clean=info.clean | {DICT_KEY + key} | (
        {f"{ITEM_KEY}{key}\x1f{info.key}"} if info.key else set())) for label, info in t.items()} if t else t


#: in ``clean`` (no family): a field of a model the framework validated before the handler ran
#: proves families: MODEL_FIELD + "<field>[.<nested field>...]" + "\x1f" + "<family>,<family>";
#: reading that field (item_of) gives the value those families (declared.py)
MODEL_FIELD = "model-field\x1f"


def model_field(info: Info, key: Optional[str]) -> Info:
    """Item ``key`` (``.attr`` or a dict key of a model's dump) of a validated model value: clean
    for what the field's declared constraint proves; a nested model's marks move up a level;
    every other field's marks go (the item is not the model)."""
    attr = key[1:] if key and key.startswith(".") else key
    keep, fams = set(), set()
    for c in info.clean:
        if not c.startswith(MODEL_FIELD):
            continue
        field_path, _, proven = c[len(MODEL_FIELD):].partition("\x1f")
        if attr is not None and field_path == attr:
            fams.update(f for f in proven.split(",") if f)
        elif attr is not None and field_path.startswith(attr + "."):
            keep.add(MODEL_FIELD + field_path[len(attr) + 1:] + "\x1f" + proven)
    rest = frozenset(c for c in info.clean if not c.startswith(MODEL_FIELD))
    return info.replace(clean=rest | keep | fams)


def item_of(t: Taint, key: Optional[str]) -> Taint:
    """What item ``key`` of a value tainted ``t`` may hold: not a value the code placed under
    another constant key of a dict only (``{"Name": name}.get("RegionId")`` does not return
    ``name``), and without the dict marks (the item is not the dict). ``key`` None (not a
    constant) or an attribute (``.name``) drops nothing. A validated model's field is clean for
    what its declared constraint proves (MODEL_FIELD)."""
    if not t:
        return t
    out: Taint = {}
    for label, info in t.items():
        if any(c.startswith(MODEL_FIELD) for c in info.clean):
            info = model_field(info, key)
        marks = [c for c in info.clean if c.startswith((DICT_KEY, ITEM_KEY))]
        if not marks:
            out[label] = info
        elif key is None or key.startswith(".") or DICT_KEY + key in marks:
            item = next((c.split("\x1f")[2] for c in marks if key and c.startswith(f"{ITEM_KEY}{key}\x1f")), None)
            out[label] = info.replace(clean=info.clean.difference(marks), **({"key": item} if item else {}))
    return out


def union(*values: Taint) -> Taint:
    out: Taint = {}
    for v in values:
        if not v:
            continue
        if not out:
            out = dict(v)
            continue
        for label, info in v.items():
            prev = out.get(label)
            out[label] = info if prev is None else merge_info(prev, info)
    return out


def add_step(t: Taint, step) -> Taint:
    if not t:
        return t
    return {label: info.with_step(step) for label, info in t.items()}


def mark(t: Taint, *, clean: FrozenSet[str] = frozenset(), weak: Optional[str] = None,
         resolved: Optional[bool] = None, built: bool = False, checked: bool = False,
         rooted: bool = False) -> Taint:
    if not t:
        return t
    out: Taint = {}
    for label, info in t.items():
        out[label] = Info(
            info.steps,
            info.weak if weak is None else either_weak(info.weak, weak),
            (info.clean - {AS_IS_WAY} if built or rooted else info.clean) | clean,
            info.resolved if resolved is None else resolved,
            info.key,
            info.built or built,
            info.checked or checked,
            info.rooted or rooted,
        )
    return out


def unclean(t: Taint, families: FrozenSet[str]) -> Taint:
    """Drop earlier sanitisation for ``families`` (the value was changed after the check)."""
    if not t:
        return t
    out: Taint = {}
    for label, info in t.items():
        # a schema's proof that is not read yet (SCHEMA_REF) may be for any of the families
        refs = frozenset(c for c in info.clean if c.startswith((SCHEMA_REF, HOST_REF))) if info.clean else frozenset()
        if info.clean and (ALL in info.clean or info.clean & families or refs):
            clean = info.clean - families - refs
            if ALL in clean:
                clean = frozenset(f for f in all_families() if f not in families)
            out[label] = Info(info.steps, info.weak, clean, False, info.key, info.built, info.checked,
                              info.rooted)
        else:
            out[label] = info if not info.resolved else Info(info.steps, info.weak, info.clean, False, info.key,
                                                             info.built, info.checked, info.rooted)
    return out


_NOT_SECRET = frozenset({"log", "return"})
#: in ``clean`` (cleans nothing until linked): a property of a parameter read by a name that is no
#: secret's (``args.headers``); when linked it is the caller's value of that property, secrets
#: included, if the caller set the property itself (``f({ headers })``), and no secret otherwise
#: (``config.url`` of a whole config holding a token): see field_secrets
FIELD_NOT_SECRET = "~field-not-secret"


def field_secrets(info: "Info", bound: bool) -> "Info":
    """A parameter property's flow when linked (FIELD_NOT_SECRET): the caller's own value of the
    property keeps its secrets (``bound``), a property of a whole object passed on does not."""
    if FIELD_NOT_SECRET not in info.clean:
        return info
    return info.replace(clean=(info.clean - {FIELD_NOT_SECRET}) | (frozenset() if bound else _NOT_SECRET))


def desecret(t: Taint) -> Taint:
    """The value with no secret in it: secret labels go, and every other label is marked so that
    a secret bound to it later (a parameter's argument, a call's result, when modules are
    linked) does not count either. ``config.url`` of a config holding a token is not the token."""
    if not t:
        return t
    return {label: (info if _NOT_SECRET <= info.clean else info.replace(clean=info.clean | _NOT_SECRET))
            for label, info in t.items() if label[0] != "s"}


def validated_params(params, env: Optional[Dict[str, Taint]]) -> Dict[str, FrozenSet[str]]:
    """Parameter name -> the families every value it still holds at the end of the function is
    clean for (a validator's summary), for the ``params`` whose final value ``env`` knows; a
    parameter with a weak (uncertain) value validates nothing."""
    out: Dict[str, FrozenSet[str]] = {}
    for p in params:
        t = env.get(p.name) if env is not None else None
        if not t:
            continue
        fams = None
        for info in t.values():
            fams = info.clean if fams is None else meet(fams, info.clean)
        if fams and not any(i.weak and not guard_ref(i.weak) for i in t.values()):
            out[p.name] = frozenset(fams)
    return out


# in ``clean`` (cleans nothing alone): DECLARED_KEYS on a value a zod object schema validated in
# its default mode (unknown keys stripped), deeply (every nested value is a primitive, a list of
# such, or such an object): each key in it is a name the schema declares (ts/zodkeys.py);
# KEY_NAME on a key read from a value (``Object.keys(v)``, ``[k, x]`` of ``Object.entries(v)``).
# Both on one path: the key is one of the schema's names, clean for every family (records.py).
DECLARED_KEYS = "declared-keys"
KEY_NAME = "key-name"
# NEW_KEYS on an object a call made anew from text or pairs (``JSON.parse(update.meta)``): its keys
# are not the schema's, whatever the value it came from declared (ts/zodkeys.py ``new_keys``, rev52t)
NEW_KEYS = "new-keys"
