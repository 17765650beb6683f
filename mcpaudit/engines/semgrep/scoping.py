r"""Semgrep rule scoping: which rules may match which targets, and the rule pack for each run.

A rule may say in its metadata which text a file must contain for the rule to have any chance
of matching it::

    metadata:
      mcpaudit-requires:          # one Python regular expression, or a list of them (any one)
        - '(?i)passw'             # "(?i)" + plain text: a case-insensitive substring test
        - 'AKIA'                  # plain text: a substring test
        - '\.\s*tool(?!\w)'       # anything else: re.search()

The expressions are searched in the file's text (UTF-8, undecodable bytes replaced). Each must be
a superset of what the rule can match, including what semgrep matches through import aliases
(``from sqlalchemy import text as t``: the attribute name appears in the import, not at the call)
and constant propagation (``T = "sse"; app.run(T)``): write the names of the called functions,
methods, decorators and keywords, which the code must spell out, rather than the values of string
constants, which semgrep also folds from pieces (``"s" + "se"``). ``tests/test_semgrep_rules.py``
checks every rule's annotated test file against them.

Two more keys narrow a gate where the plain one lets too many files through::

    metadata:
      mcpaudit-requires-in-code: ['system', 'popen']   # searched in a Python file's text
                                                        # with its comments removed
      mcpaudit-requires-also: ['(?i)["'`]select']       # each of these must be found too

A file may match when one entry of ``mcpaudit-requires`` is found in its text, or one entry of
``mcpaudit-requires-in-code`` in its text without comments (a rule with neither key may match
every file), and every entry of ``mcpaudit-requires-also`` is found in its text.
``-in-code`` suits a rule whose names must be written in code: semgrep's code patterns never
match inside a comment ("filesystem" in a comment is no call of ``os.system``), but a
``pattern-regex`` and a metavariable bound to a multi-line expression can see one, so such a
rule lists those texts under ``mcpaudit-requires`` (they are searched in the whole text). Only
Python files are stripped (by :mod:`tokenize`; a file it cannot read is searched whole, as
every file of another language is). ``-also`` suits a rule that needs two things at once
(``startsWith`` and a literal that starts with ``select``). ``mcpaudit-requires-python`` narrows
``-in-code`` further in a Python file that :mod:`ast` reads: the file must also hold one of the
shapes of code it names (:mod:`.shapes`), for rules whose code patterns carry no fixed name.

The engine reads every target once and works out which rules may match it (those texts, and the
rule's languages: a ``.py`` file never gets a TypeScript rule): :meth:`Scoping.select`. It passes
semgrep only the files that at least one rule may match, leaves out of each run the rules that no
file of that run may match, and gives the expensive rules a ``paths: include:`` list of the files
they may match when that is cheaper than running them everywhere (see ``_PATH_SCOPE_COST``):
:meth:`Scoping.rules_for`. A rule without the metadata may match every file; a file that cannot
be read, or is a symlink, may match every rule. ``semgrep.run(..., scope=False)`` turns all of
this off; the findings are the same either way.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from .shapes import SHAPES_KEY, Facts, Shapes

#: Rule metadata key: the texts a file must contain for the rule to be able to match it.
REQUIRES_KEY = "mcpaudit-requires"
#: ... or contain outside its comments (Python), and every one of which it must contain as well.
REQUIRES_CODE_KEY = "mcpaudit-requires-in-code"
REQUIRES_ALSO_KEY = "mcpaudit-requires-also"

#: Path lists. Semgrep's Python front-end tests every target of a rule's language against every
#: ``paths: include:`` pattern (about 19 us per pattern and target; a pattern several rules share
#: is tested once), so a list costs time quadratic in the number of files. A rule gets one only
#: when that is less than what running it costs on the files it cannot match, estimated from
#: these costs per byte of such a file (seconds; ``semgrep --time`` with semgrep 1.182 at -j1 on a
#: generated corpus and on awslabs/mcp, rounded up a little, as the taint time is not in them).
#: The others run on every file passed to semgrep.
_PATH_SCOPE_COST = {
    "tool-param-path-traversal": 1.0e-6,
    "sql-string-built": 0.6e-6,
    "hardcoded-credential": 0.2e-6,
    "credential-logged": 0.15e-6,
    "tool-param-ssrf": 0.15e-6,
    "http-transport-without-auth": 0.1e-6,
    "shell-c-argv": 0.06e-6,
    # TypeScript taint rules (osemgrep at -j1 on modelcontextprotocol/servers src/, 65 files,
    # 438 kB: each rule alone, less a run of no rule)
    "ts-param-reaches-fs": 4e-6,
    "ts-sql-readonly-prefix-check": 2e-6,
    "ts-param-reaches-fetch": 1.5e-6,
    "ts-exec-template-string": 0.2e-6,
}
_GLOB_COST = 19e-6

#: Language families by file suffix, and of the language names rules use. A file whose suffix
#: is not listed may be in any language (semgrep also reads shebangs).
_PY, _JS = "python", "javascript"
_FAMILY_OF_SUFFIX = {
    ".py": _PY, ".pyi": _PY,
    ".js": _JS, ".jsx": _JS, ".mjs": _JS, ".cjs": _JS,
    ".ts": _JS, ".tsx": _JS, ".mts": _JS, ".cts": _JS,
}
_FAMILY_OF_LANGUAGE = {
    "python": _PY, "python2": _PY, "python3": _PY, "py": _PY,
    "javascript": _JS, "js": _JS, "typescript": _JS, "ts": _JS,
}

#: Characters with a meaning in semgrep's path globs (its own and the wcmatch ones of pysemgrep).
_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")


#: Characters that make an entry of ``mcpaudit-requires`` a regular expression rather than text.
_REGEX_META = frozenset(".^$*+?{}[]\\|()")


class _Gate:
    """A rule's compiled ``mcpaudit-requires``: does a file's text contain one of them?

    Plain text and ``(?i)`` + plain text are substring tests (on the text, and on its
    ``casefold()``, which maps more characters together than semgrep's caseless regexes do, the
    Kelvin sign and long s included, so it is never narrower); anything else is ``re.search``."""

    __slots__ = ("tests",)

    def __init__(self, rule_id: str, entries: Any):
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"rule {rule_id}: {REQUIRES_KEY} must be a regex or a non-empty list of them")
        # In the order written: put the entries most files that match contain first.
        self.tests: List[Tuple[str, Any]] = []
        for entry in entries:
            if not isinstance(entry, str) or not entry:
                raise ValueError(f"rule {rule_id}: {REQUIRES_KEY} entries must be non-empty strings")
            if not _REGEX_META.intersection(entry):
                self.tests.append(("has", entry))
            elif entry.startswith("(?i)") and entry[4:] and not _REGEX_META.intersection(entry[4:]):
                self.tests.append(("has_folded", entry[4:].casefold()))
            else:
                try:
                    self.tests.append(("search", re.compile(entry)))
                except re.error as exc:
                    raise ValueError(f"rule {rule_id}: bad {REQUIRES_KEY} regex {entry!r}: {exc}") from None

    def test(self, text: "_Text") -> bool:
        return any(getattr(text, kind)(what) for kind, what in self.tests)


class _Text:
    """A file's text, with the answers already given (rules share entries). ``python``: the
    text is Python source, whose comments :meth:`code` can remove."""

    __slots__ = ("text", "python", "_folded", "_seen", "_code", "_facts", "_tree")

    def __init__(self, text: str, python: bool = False,
                 tree: Optional[Callable[[], Optional[Any]]] = None):
        self.text = text
        self.python = python
        self._folded: Optional[str] = None
        self._seen: Dict[Any, bool] = {}
        self._code: Optional["_Text"] = None
        self._facts: Any = self  # not read yet
        self._tree = tree

    def facts(self) -> Optional[Facts]:
        """What :mod:`.shapes` looks at in this Python text (None: :mod:`ast` cannot read it),
        from the tree ``tree()`` gives (an ``ast`` tree of this very text), else parsed here."""
        if self._facts is self:
            tree = self._tree() if self._tree is not None else None
            self._facts = Facts(tree) if tree is not None else Facts.of(self.text)
        return self._facts

    def code(self) -> "_Text":
        """The text without its comments (Python; any other text is returned as it is)."""
        if self._code is None:
            self._code = _Text(_without_comments(self.text)) if self.python else self
        return self._code

    def before_hash(self, kind: str, what: Any) -> bool:
        """Is a hit of ``what`` (a test of :class:`_Gate`) on a line with no ``#`` before it?
        Such a hit is no comment, and is found without :mod:`tokenize` (a ``#`` inside a
        string also stops this search, so a miss here is looked up in :meth:`code`). Each line
        is looked at once: linear in the text."""
        if kind == "search":
            text = self.text

            def find(start: int) -> int:
                m = what.search(text, start)
                return m.start() if m else -1
        else:
            text = self.text if kind == "has" else self.folded()

            def find(start: int) -> int:
                return text.find(what, start)
        at = find(0)
        while at >= 0:
            if text.find("#", text.rfind("\n", 0, at) + 1, at) < 0:
                return True
            end = text.find("\n", at)  # later hits on this line follow the same '#'
            if end < 0:
                return False
            at = find(end + 1)
        return False

    def folded(self) -> str:
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded

    def has(self, needle: str) -> bool:
        hit = self._seen.get(needle)
        if hit is None:
            hit = self._seen[needle] = needle in self.text
        return hit

    def has_folded(self, needle: str) -> bool:
        key = ("i", needle)
        hit = self._seen.get(key)
        if hit is None:
            hit = self._seen[key] = needle in self.folded()
        return hit

    def search(self, pattern: "re.Pattern[str]") -> bool:
        hit = self._seen.get(pattern)
        if hit is None:
            hit = self._seen[pattern] = pattern.search(self.text) is not None
        return hit


class _RuleGate:
    """A rule's gates (see the module docstring): ``any`` on the text or ``in_code`` on its code
    (and in a Python file one of its ``shapes``), and every one of ``also``."""

    __slots__ = ("any", "in_code", "also", "shapes")

    def __init__(self, rule_id: str, md: Dict[str, Any]):
        self.any = _Gate(rule_id, md[REQUIRES_KEY]) if md.get(REQUIRES_KEY) is not None else None
        self.in_code = _Gate(rule_id, md[REQUIRES_CODE_KEY]) if md.get(REQUIRES_CODE_KEY) is not None else None
        self.shapes = Shapes(rule_id, md[SHAPES_KEY]) if md.get(SHAPES_KEY) is not None else None
        if self.shapes is not None and self.in_code is None:
            raise ValueError(f"rule {rule_id}: {SHAPES_KEY} narrows {REQUIRES_CODE_KEY}, which it lacks")
        also = md.get(REQUIRES_ALSO_KEY)
        self.also = [_Gate(rule_id, entry) for entry in (_entries(rule_id, also) if also is not None else [])]

    @staticmethod
    def of(rule_id: str, md: Any) -> Optional["_RuleGate"]:
        """The gates of a rule's metadata ``md``, or None when it has none."""
        if not isinstance(md, dict) or not any(
                md.get(k) is not None for k in (REQUIRES_KEY, REQUIRES_CODE_KEY, REQUIRES_ALSO_KEY, SHAPES_KEY)):
            return None
        return _RuleGate(rule_id, md)

    def test(self, text: _Text) -> bool:
        if (self.any is not None or self.in_code is not None) and \
                not (self._in_code(text) or (self.any is not None and self.any.test(text))):
            return False
        return all(gate.test(text) for gate in self.also)

    def _in_code(self, text: _Text) -> bool:
        # (first: the names are what most files that pass have; an entry not found in the whole
        # text is not found in its code either)
        if self.in_code is None or not self.in_code.test(text):
            return False
        if not text.python:
            return True
        if not (any(text.before_hash(kind, what) for kind, what in self.in_code.tests) or
                self.in_code.test(text.code())):
            return False
        return self.shapes is None or self.shapes.test(text.facts())


def _entries(rule_id: str, entries: Any) -> List[str]:
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"rule {rule_id}: {REQUIRES_ALSO_KEY} must be a regex or a non-empty list of them")
    return entries


def _without_comments(text: str) -> str:
    """Python source with every comment replaced by spaces (positions kept); the text as it is
    when :mod:`tokenize` cannot read it to the end, or reads an f-string whose braces do not
    pair up (a Python 3.12 f-string, ``f"{d["#"]}"``, read by an older tokenize: what follows
    the cut could be taken for a comment)."""
    import io
    import tokenize

    lines = io.StringIO(text).readlines()  # the lines tokenize reads, split where it splits
    comments = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                comments.append((tok.start, tok.end))
            elif tok.type == tokenize.STRING and _broken_fstring(tok.string):
                return text
    except (tokenize.TokenError, SyntaxError, ValueError):
        return text
    for (row, start), (_, end) in comments:
        line = lines[row - 1]
        lines[row - 1] = line[:start] + " " * (end - start) + line[end:]
    return "".join(lines)


def _broken_fstring(literal: str) -> bool:
    prefix = literal[:min((literal.find(q) for q in "'\"" if q in literal), default=0)]
    if "f" not in prefix.lower():
        return False
    body = literal.replace("{{", "").replace("}}", "")
    return body.count("{") != body.count("}")


def _families(rule: Dict[str, Any]) -> Optional[FrozenSet[str]]:
    """The language families a rule runs on, or None when it may run on any file."""
    langs = rule.get("languages")
    if not isinstance(langs, list) or not langs:
        return None
    out = set()
    for lang in langs:
        family = _FAMILY_OF_LANGUAGE.get(str(lang).lower())
        if family is None:
            return None
        out.add(family)
    return frozenset(out)


def path_glob(rel: str) -> str:
    """A semgrep ``paths:`` pattern for the file at ``rel`` (POSIX, relative to the scan root):
    ``**/rel`` with glob syntax escaped. It matches whatever prefix semgrep puts before ``rel``
    (semgrep 1.182 names a target ``/rel``, relative to its working directory; other versions
    have used the path as given or relative to the git project), and beyond that only files
    whose path ends in ``/rel``, which merely run the rule where it was not needed."""
    return "**/" + _GLOB_SPECIAL.sub(r"\\\1", rel)


class Scoping:
    """Which rules may match which targets, and the rule pack for each run."""

    def __init__(self, rules: Sequence[Dict[str, Any]]):
        self.rules = list(rules)
        self.gates: List[Optional[_RuleGate]] = []
        self.families: List[Optional[FrozenSet[str]]] = []
        self.byte_cost: List[float] = []
        for rule in self.rules:
            self.gates.append(_RuleGate.of(str(rule["id"]), rule.get("metadata")))
            self.families.append(_families(rule))
            # A rule with its own `paths` keeps them: ours could only be added, not intersected.
            self.byte_cost.append(0.0 if "paths" in rule else _PATH_SCOPE_COST.get(str(rule["id"]), 0.0))
        self.may_match: Dict[str, FrozenSet[int]] = {}  # target -> rules that may match it
        self.in_language: Dict[str, FrozenSet[int]] = {}  # target -> rules of its language
        self.globs: Dict[str, Optional[List[str]]] = {}  # target -> its `paths` patterns, if any
        self.sizes: Dict[str, int] = {}

    def select(self, targets: Sequence[str], workdir: Optional[str],
               first_pass_tree: Optional[Callable[[str, str], Optional[Any]]] = None) -> List[str]:
        """The targets at least one rule may match (the others cannot produce findings).
        ``first_pass_tree(path, text)``: another engine's ``ast`` tree of a target's text (path
        relative to ``workdir``), for the shapes (see ``EngineContext.first_pass_tree``)."""
        real_workdir = os.path.realpath(workdir) if workdir else None
        abs_workdir = os.path.abspath(workdir) if workdir else None
        every = range(len(self.rules))
        kept: List[str] = []
        for target in targets:
            family = _FAMILY_OF_SUFFIX.get(os.path.splitext(target)[1])
            langs = frozenset(
                i for i in every if family is None or self.families[i] is None or family in self.families[i]
            )
            may = langs
            if any(self.gates[i] is not None for i in langs) and not os.path.islink(target):
                # (A symlink goes to semgrep as it is today; semgrep refuses it.)
                text = _read_text(target)
                if text is not None:
                    tree = _tree_of(first_pass_tree, target, workdir, text) if family == _PY else None
                    may = _gated(_Text(text, family == _PY, tree), langs, self.gates)
                    self.sizes[target] = len(text)
            self.in_language[target] = langs
            self.may_match[target] = may
            self.globs[target] = (
                _glob_for(target, abs_workdir, real_workdir) if abs_workdir and real_workdir else None
            )
            if may:
                kept.append(target)
        return kept

    def rules_for(self, chunk: Sequence[str]) -> List[Dict[str, Any]]:
        """The rule pack for one run over ``chunk``: rules no file of it may match are left out,
        and rules worth it get the list of the files they may match."""
        out: Dict[int, Dict[str, Any]] = {}
        lists: List[Tuple[float, int, List[str], List[str]]] = []
        for i, rule in enumerate(self.rules):
            candidates = [t for t in chunk if i in self.in_language[t]]
            matchable = [t for t in candidates if i in self.may_match[t]]
            if not matchable:
                continue
            out[i] = rule
            if self.byte_cost[i] and len(matchable) < len(candidates):
                lists.append((self.byte_cost[i], i, candidates, matchable))
        paid: set = set()  # patterns semgrep tests anyway, for a rule already given them
        for byte_cost, i, candidates, matchable in sorted(lists, key=lambda x: -x[0]):
            globs: set = set()
            for t in matchable:
                mine = self.globs[t]
                if mine is None:
                    break
                globs.update(mine)
            else:
                may = set(matchable)
                saved = byte_cost * sum(self.sizes.get(t, 0) for t in candidates if t not in may)
                new = globs - paid
                if saved <= _GLOB_COST * len(new) * len(candidates):
                    continue
                paid |= new
                rule = dict(self.rules[i])
                rule["paths"] = {"include": sorted(globs)}
                out[i] = rule
        return [out[i] for i in sorted(out)]


def _read_text(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


def _gated(t: _Text, rules: FrozenSet[int], gates: Sequence[Optional[_RuleGate]]) -> FrozenSet[int]:
    return frozenset(i for i in rules if gates[i] is None or gates[i].test(t))  # type: ignore[union-attr]


def _tree_of(first_pass_tree: Optional[Callable[[str, str], Optional[Any]]], target: str,
             workdir: Optional[str], text: str) -> Optional[Callable[[], Optional[Any]]]:
    """How a target's :class:`_Text` asks for the first pass's tree of its text (when it needs
    one), or None."""
    if first_pass_tree is None or not workdir:
        return None
    rel = os.path.relpath(target, workdir).replace(os.sep, "/")
    return lambda: first_pass_tree(rel, text)


def _glob_for(target: str, workdir: str, real_workdir: str) -> Optional[List[str]]:
    """The ``paths`` patterns for ``target``: for its physical path relative to the physical
    working directory (how semgrep 1.182 names it), and for the path as given when that differs.
    None when the file resolves outside the working directory (semgrep then names it after its
    own project-root search) or its name is not UTF-8: such a file is never left out of a rule."""

    def below(rel: str) -> bool:
        return not (os.path.isabs(rel) or rel in (os.curdir, os.pardir) or rel.startswith(os.pardir + os.sep))

    real = os.path.relpath(os.path.realpath(target), real_workdir)
    if not below(real):
        return None
    names = {real}
    given = os.path.relpath(target, workdir)
    if below(given):
        names.add(given)
    try:
        for name in names:
            name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return sorted(path_glob(name.replace(os.sep, "/")) for name in names)

