"""Path separators a substitution takes out of a value: the "safe file name" idiom spelt as a
replacement rather than an allow-list::

    safe_id = paper_id.replace("/", "_")                  # "../../etc/x" -> ".._.._etc_x"
    path = os.path.join(save_path, f"paper_{safe_id}.pdf")

A ``str.replace(old, new)`` whose ``old`` is one separator character and whose ``new`` holds
none, a chain of them (``.replace("/", "_").replace("\\\\", "_")``, over several statements too),
or a substitution of a character class or a literal character (``re.sub(r'[<>:"/\\\\|?*]', "_",
name)``, or a compiled pattern's ``.sub(repl, name)``) leaves the value with no separator of
those it replaced, and so does a join over its characters that replaces or drops each
character of a constant set (``"".join("_" if c in '<>:"/\\\\|?*' else c for c in name)``,
``"".join(c for c in name if c not in "/\\\\")``: py53a). Each removed separator is a mark of
the value (:data:`GONE`); a later
replacement that puts a separator back (``.replace("_", "/")``), or one whose texts are not
constants, takes the marks away.

The value holds no separator (:data:`~.charfilter.NO_SEPARATOR`, and :data:`REPLACED` for the
message) when ``/`` is gone and either ``\\`` is gone too or the module shows no sign of running
on Windows (the catalog's ``windows-tests``: ``sys.platform``, ``os.name``, ``platform.system``,
``ntpath``, ``PureWindowsPath``...), where ``\\`` is a separator as well: a module that branches
on Windows must replace both. What such a value then is, placement.py says: glued to the code's
text in one path component (``f"paper_{safe_id}.pdf"``) it names an entry of the folder it is
joined to, never ``..``; a whole component can still be ``..`` alone (a weak flow, the
allow-list's rule). A drive (``C:``) matters on Windows only for a whole component, which stays
weak anyway. Percent-decoding afterwards undoes it (DECODED).
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from ..lazycst import cst

from . import cstnodes as N
from .charfilter import NO_SEPARATOR, _text
from .partfilter import NO_CLIMB
from .regexshape import replaced_chars
from .taintvalue import Taint

#: in ``Info.clean``: the separator character a replacement took out of the value
GONE = {"/": "sep-gone-slash", "\\": "sep-gone-backslash"}
#: in ``Info.clean`` beside NO_SEPARATOR: the separators were replaced (the weak message says so)
REPLACED = "separators-replaced"
#: the weak message's subject for such a value (placement.py)
REPLACED_SEPARATORS = "a value whose path separators were replaced"
_MARKS = frozenset(GONE.values()) | {NO_SEPARATOR, REPLACED}


def windows_aware(fa) -> bool:
    """Whether the module ``fa`` reads shows it runs on Windows: it names one of the catalog's
    ``windows-tests`` (a platform test, a Windows path module)."""
    mod = fa.mod
    got = mod.__dict__.get("_windows_aware")
    if got is None:
        names = fa.M.windows_tests
        said = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None
        got = mod._windows_aware = bool(said and said.search(mod.text)) or any(
            v == n or v.startswith(n + ".") for v in mod.imports.values() for n in names)
    return got


def _substitution(fa, call: cst.Call, fq: str, method: Optional[str]):
    """(characters replaced, replacement text) of ``call``; None when it is no substitution of
    constant texts: ``v.replace(old, new)``, ``re.sub(pattern, repl, v)``, ``PATTERN.sub(repl, v)``."""
    args = list(call.args)
    if any(a.star or a.keyword is not None for a in args):
        return None
    values = [a.value for a in args]
    if method == "join":
        return _join_substitution(fa, call)
    if method == "replace" and len(values) == 2:
        old, new = _text(fa, values[0]), _text(fa, values[1])
        return None if old is None or new is None else (frozenset(old) if len(old) == 1 else frozenset(), new)
    if method != "sub":
        return None
    base = call.func.value if isinstance(call.func, cst.Attribute) else None
    if isinstance(base, cst.Name) and base.value in fa.mod.regexes and len(values) == 2:
        pattern, repl = fa.mod.regexes[base.value], values[0]
    elif fq.rsplit(".", 1)[0] in fa.M.regex_modules and len(values) == 3:
        pattern, repl = _text(fa, values[0]), values[1]
    else:
        return None
    chars = replaced_chars(pattern) if pattern is not None else None
    new = _text(fa, repl)
    if chars is None or new is None or "\\" in new:
        return None  # a back-reference puts matched text back
    return frozenset(chars), new


def _deny_chars(fa, cond, var: str, negated: bool) -> Optional[FrozenSet[str]]:
    """The characters ``cond`` tests ``var`` against: ``c in DENY`` (``not in`` when ``negated``),
    DENY a constant string or a literal collection of constant strings."""
    if not (isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 and isinstance(cond.left, cst.Name)
            and cond.left.value == var):
        return None
    c = cond.comparisons[0]
    if not isinstance(c.operator, cst.NotIn if negated else cst.In):
        return None
    right = c.comparator
    if isinstance(right, (cst.Tuple, cst.List, cst.Set)):
        items = [_text(fa, e.value) for e in right.elements]
        return None if any(i is None for i in items) else frozenset("".join(items))
    text = _text(fa, right)
    return frozenset(text) if text is not None else None


#: calls whose result is a collection of strings, not one string (its elements may hold separators)
_COLLECTIONS = frozenset({"split", "rsplit", "splitlines", "list", "tuple", "sorted", "set", "frozenset", "keys",
                          "values", "items", "glob", "rglob", "iterdir", "listdir", "findall", "readlines"})


def _many_texts(fa, it, depth: int = 0) -> bool:
    """Whether ``it`` (what a join's generator iterates) is known to be a collection rather than
    one string: a literal collection or comprehension, a call that makes one (``parts.split("/")``,
    ``sorted(names)``), a parameter annotated with another type than ``str`` (``List[str]``), or
    a local every binding of which is one. A test ``c in "/\\"`` on an element of a collection is
    a substring or equality test of the whole element, which keeps "../x" (rev54)."""
    if isinstance(it, (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp,
                       cst.GeneratorExp)):
        return True
    if isinstance(it, cst.Call):
        f = it.func
        name = f.attr.value if isinstance(f, cst.Attribute) else f.value if isinstance(f, cst.Name) else None
        return name in _COLLECTIONS
    fn = getattr(fa, "fn", None)
    if not isinstance(it, cst.Name) or fn is None or depth > 2:
        return False
    for p in (*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params):
        if p.name.value == it.value:
            ann = p.annotation.annotation if p.annotation is not None else None
            return ann is not None and not _text_annotation(ann)
    values = [a.value for a in N.nodes_of(fn.body, cst.Assign)
              if any(isinstance(t.target, cst.Name) and t.target.value == it.value for t in a.targets)]
    return bool(values) and all(_many_texts(fa, v, depth + 1) for v in values)


def _text_annotation(ann) -> bool:
    """``str``, ``Optional[str]``, ``str | None``."""
    if isinstance(ann, cst.Name):
        return ann.value in ("str", "None")
    if isinstance(ann, cst.BinaryOperation) and isinstance(ann.operator, cst.BitOr):
        return _text_annotation(ann.left) and _text_annotation(ann.right)
    if isinstance(ann, cst.Subscript) and isinstance(ann.value, (cst.Name, cst.Attribute)) and \
            (ann.value.attr.value if isinstance(ann.value, cst.Attribute) else ann.value.value) == "Optional":
        return all(isinstance(e.slice, cst.Index) and _text_annotation(e.slice.value) for e in ann.slice)
    return isinstance(ann, (cst.SimpleString, cst.ConcatenatedString))  # a forward reference: not judged


def _join_substitution(fa, call: cst.Call):
    """``SEP.join(REPL if c in DENY else c for c in v)`` (or ``c if c not in DENY else REPL``, or
    ``c for c in v if c not in DENY``): every character of DENY replaced by REPL (or dropped),
    the others kept, with SEP between them (py53a): (characters replaced, text added)."""
    sep = _text(fa, call.func.value) if isinstance(call.func, cst.Attribute) else None
    if sep is None or len(call.args) != 1:
        return None
    gen = call.args[0].value
    if not isinstance(gen, (cst.GeneratorExp, cst.ListComp)) or gen.for_in.inner_for_in is not None or \
            not isinstance(gen.for_in.target, cst.Name):
        return None
    if _many_texts(fa, gen.for_in.iter):
        return None  # "".join(p for p in parts if p not in "/"): whole elements, not characters (rev54)
    var, elt, ifs = gen.for_in.target.value, gen.elt, gen.for_in.ifs
    if isinstance(elt, cst.IfExp) and not ifs:
        if isinstance(elt.orelse, cst.Name) and elt.orelse.value == var:
            chars, repl = _deny_chars(fa, elt.test, var, False), _text(fa, elt.body)
        elif isinstance(elt.body, cst.Name) and elt.body.value == var:
            chars, repl = _deny_chars(fa, elt.test, var, True), _text(fa, elt.orelse)
        else:
            return None
        return None if chars is None or repl is None else (chars, repl + sep)
    if isinstance(elt, cst.Name) and elt.value == var and len(ifs) == 1:
        chars = _deny_chars(fa, ifs[0].test, var, True)
        return None if chars is None else (chars, sep)
    return None


def _clean(fa, clean: FrozenSet[str], replaced: FrozenSet[str], new: str) -> FrozenSet[str]:
    gone = {s for s, m in GONE.items() if m in clean or s in replaced} - set(new)
    out = (clean - frozenset(GONE.values())) | {GONE[s] for s in gone}
    if set(new) & {"/", "\\", "\0"}:
        out -= {NO_SEPARATOR, REPLACED}  # a separator put back (an allow-list's mark too)
    if "/" in gone and ("\\" in gone or not windows_aware(fa)):
        out |= {NO_SEPARATOR, REPLACED}
    return out


def separator_swap(fa, call: cst.Call, fq: str, method: Optional[str], result: Taint) -> Optional[Taint]:
    """``result`` (what the call returns by the other models) with each flow marked with the
    separators ``call`` takes out, when it is a substitution; None when nothing changes."""
    if method not in ("replace", "sub", "join") or not result:
        return None
    got = _substitution(fa, call, fq, method)
    if got is None and method != "replace":
        return None
    out: Taint = {}
    for k, i in result.items():
        # v.replace(a, b) with texts that are not constants: b may put a separator back
        clean = i.clean - _MARKS if got is None else _clean(fa, i.clean, *got)
        if method != "join":
            clean = clean - {NO_CLIMB}  # ".x.".replace("x", "") is ".." again (partfilter.py)
        out[k] = i if clean == i.clean else i.replace(clean=clean)
    return None if all(out[k] is i for k, i in result.items()) else out
