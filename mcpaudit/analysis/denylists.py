"""Deny-lists and regular expressions as checks (mixed into Narrowing): a regex match or a list of patterns
that refuses a value, a keyword deny-list of a query (a read-only check, weak), and the families a
restricted regex keeps out (regex_families)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, FrozenSet, List, Optional
from ..lazycst import cst
from . import cstnodes as N
from .denyloops import copy_sources, pattern_text
from .regexshape import first_chars, shape_families
from .dotsegments import with_dot_segments

if TYPE_CHECKING:  # (annotations only: narrowing.py imports this module)
    from .narrowing import Narrowed


# a regex body made only of character classes, escapes for digits/word characters and literals
_RESTRICTED_RE = re.compile(r"^\^?(\[[^\]]*\][+*?]?(\{\d*,?\d*\})?|\\[dw][+*?]?(\{\d*,?\d*\})?|[A-Za-z0-9_]+)+\$?\\?Z?$")


#: The start of every weak reason that is a query read-only check (see tool-read-only-bypass).
READ_ONLY_CHECK = "a read-only check"


def regex_families(pattern: str, full: bool) -> FrozenSet[str]:
    """Families a successful (full)match of ``pattern`` rules out, if the pattern is restrictive."""
    p = pattern
    if not full and not (p.endswith("$") or p.endswith("\\Z")):
        return frozenset()
    body = p.lstrip("^").rstrip("$")
    if body.endswith("\\Z"):
        body = body[:-2]
    if not _RESTRICTED_RE.match(body) or "\\S" in body or ".*" in body or ".+" in body:
        return shape_families(pattern, full)
    classes = "".join(re.findall(r"\[([^\]]*)\]", body))
    fams = {"shell", "sql", "nosql", "code", "template", "deserialization", "ssrf"}
    first = first_chars(pattern)  # a dash allowed first may start an option ([\w-]+ allows '-rf')
    if first is not None and "-" not in first:
        fams.add("argument")
    if not ("." in classes and ("/" in classes or "\\\\" in classes)):
        fams.add("path")
    if not re.search(r"\^|\\[snrW]", classes):
        fams.add("config-line")  # one line: no newline in any class (configlines.py)
    return frozenset(fams)


class DenyLists:
    """Methods of Narrowing moved out of narrowing.py (mixed into Narrowing)."""

    def _regex_deny_list(self, cond: cst.Call) -> List[Narrowed]:
        """``if re.search(r"\\b(DROP|DELETE)\\b", q): refuse``: a keyword deny-list (weak);
        also ``any(re.search(p, q) for p in WRITE_PATTERNS)`` over a list of pattern strings."""
        func = cond.func
        if isinstance(func, cst.Name) and func.value == "any" and len(cond.args) == 1:
            return self._pattern_list_deny(cond.args[0].value)
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("search", "match", "findall")):
            return []
        pat, target = None, None
        if isinstance(func.value, cst.Name) and func.value.value in self.mod.regexes and cond.args:
            pat, target = self.mod.regexes[func.value.value], cond.args[0].value
        elif (self.mod.dotted(func.value) or "") in self.M.regex_modules and len(cond.args) >= 2:
            pat, target = N.string_value(cond.args[0].value), cond.args[1].value
            if pat is None:  # a constant, a loop's patterns, or r"\b" + kw + r"\b" (denyloops.py)
                pat = pattern_text(self, cond.args[0].value)
        return self._deny_pattern(pat, target)

    def _loop_patterns(self, name: str) -> Optional[str]:
        """``for p in PATTERNS`` / ``for p, why in RULES`` (a local or module list of strings, or
        of tuples whose column is a string): the patterns the loop variable takes, as one."""
        src, col = self.__dict__.get("loop_sources", {}).get(name), None
        if src is None:
            src, col = self.__dict__.get("loop_columns", {}).get(name, (None, None))
        values = (self.local_values.get(src.value) or self.mod.module_values.get(src.value)) if isinstance(src, cst.Name) else src
        elems = list(N.elements(values)) if values is not None else []
        if col is not None:
            elems = [e.elements[col].value if isinstance(e, (cst.Tuple, cst.List)) and len(e.elements) > col else None
                     for e in elems]
        texts = [N.string_value(e) if e is not None else None for e in elems]
        return "|".join(texts) if texts and None not in texts else None

    def _deny_pattern(self, pat: Optional[str], target) -> List[Narrowed]:
        """The query ``target`` is searched for ``pat``: a deny-list when the pattern names a write
        keyword. A copy of the query in one case (``upper = q.upper()``) stands for the query."""
        var = N.var_of(target) if target is not None else None
        if not pat or not var:
            return []
        # (an escape is no letter of a word: r"\bDROP\b" names DROP)
        words = {w.upper() for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\\[A-Za-z]", " ", pat))}
        hit = sorted(words & self.M.write_keywords)
        if not hit:
            return []
        # upper = q.upper(); stripped = re.sub(STRINGS, "", q): every copy along the chain
        return [n for v in (var, *copy_sources(self, var)) for n in self._deny_keyword(v, hit[0])]

    def _pattern_list_deny(self, gen) -> List[Narrowed]:
        """``any(re.search(p, q) for p in PATTERNS)``, PATTERNS a list of strings (local or module)."""
        if not (isinstance(gen, cst.GeneratorExp) and isinstance(gen.for_in.target, cst.Name)
                and gen.for_in.inner_for_in is None and isinstance(gen.elt, cst.Call)):
            return []
        call, loop = gen.elt, gen.for_in.target.value
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in ("search", "match", "findall")
                and (self.mod.dotted(call.func.value) or "") in self.M.regex_modules and len(call.args) >= 2
                and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == loop):
            return []
        it = gen.for_in.iter
        values = self.local_values.get(it.value) or self.mod.module_values.get(it.value) if isinstance(it, cst.Name) else it
        texts = [N.string_value(e) for e in N.elements(values)] if values is not None else []
        if not texts or any(t is None for t in texts):
            return []
        return self._deny_pattern("|".join(texts), call.args[1].value)

    def _constant_text(self, name: str) -> Optional[str]:
        """A local or module-level string constant (``pattern = r"..."``)."""
        return self.string_constants.get(name) or self.mod.string_constants.get(name)

    def _regex_narrowing(self, cond: cst.Call, meth: str) -> List[Narrowed]:
        """``PATTERN.fullmatch(v)`` / ``re.fullmatch(r"...", v)`` with a restrictive pattern."""
        func = cond.func
        pat = None
        target_node = cond.args[0].value if cond.args else None
        base = func.value
        if isinstance(base, cst.Name) and base.value in self.mod.regexes:
            pat = self.mod.regexes[base.value]
        elif (self.mod.dotted(base) or "") in self.M.regex_modules and len(cond.args) >= 2:
            pat = N.string_value(cond.args[0].value)
            target_node = cond.args[1].value
        if pat is not None and target_node is not None:
            tvar = N.var_of(target_node)
            fam = with_dot_segments(regex_families(pat, meth == "fullmatch"), pat)  # dotsegments.py
            if tvar and fam:
                return [(tvar, fam, None, "regex")]
        return []

    def _deny_keyword(self, var: str, keyword: str) -> List[Narrowed]:
        """``if "DROP" in q.upper(): refuse``: a keyword deny-list (weak)."""
        if keyword.strip().upper() not in self.M.write_keywords or not self.env.get(var):
            return []
        return [(var, frozenset(), f"{READ_ONLY_CHECK} by keyword deny-list ({keyword.strip().upper()!r}): comments "
                 "('DR/**/OP'), other statements (DETACH, ALTER ... DROP, COPY ... TO) and functions that write pass it",
                 "deny-keyword")]
