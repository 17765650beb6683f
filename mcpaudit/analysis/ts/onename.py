"""A file name made from a caller's value with every path separator removed, and fixed text
around it (ts30a).

``const slug = email.replace(/[/\\\\]/g, "")`` removes both separators, so the result is at most
one path segment (NO_SEP, :mod:`.pathshape`); ``path.join(dir, `${slug}.json`)`` then puts it in a
name whose fixed text has no separator and holds a character other than ``.``, so the name is
never ``.`` or ``..``: an entry of ``dir`` whatever the caller wrote. The template gives its
values IN_NAME; a value both without separators and IN_NAME is clean for ``path``
(:func:`name_confined`). The two halves are often in different functions (a ``slugify`` helper,
a ``credentialPath`` builder), so the linker joins them too (:func:`records.joined_clean`).

A replacement that itself holds a separator (``.replace(/[/\\\\]/g, "/")``) or a class that misses
one of them is no removal; fixed text made of dots alone (`` `${x}..` ``) may still spell ``..``;
separator-free names joined with a separator (``segs.map(clean).join(path.sep)``) are a path
again (REJOINED, :func:`segments_joined`).
"""

from __future__ import annotations

from typing import FrozenSet, Optional

from ..taintvalue import CUT, IN_NAME, REJOINED, Taint, one_name, union
from . import nodes as N
from .pathshape import NO_BACKSLASH, NO_SEP, NO_SLASH

#: IN_NAME: a value placed in a template whose fixed text has no separator and a character other
#: than '.'; REJOINED: parts joined with a separator (no mark of a part's says the whole has none);
#: CUT: cut or split after it was placed in a name (a part of the name may be '..')
_SEPLESS = frozenset({NO_SEP, NO_SLASH, NO_BACKSLASH})


def _class_chars(pattern: str) -> Optional[set]:
    """The characters of a one-class pattern (``[/\\\\]``, ``[\\\\/:*?]+``); None for another."""
    body = pattern[:-1] if pattern.endswith(("+", "*")) else pattern
    if not (body.startswith("[") and body.endswith("]")) or body[1:2] == "^" or len(body) < 3:
        return None
    chars, inner, i = set(), body[1:-1], 0
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner):
            chars.add(inner[i + 1])
            i += 2
        elif i + 2 < len(inner) and inner[i + 1] == "-":
            return None  # a range: read it as no removal of separators (rare in file-name code)
        else:
            chars.add(inner[i])
            i += 1
    return chars


def separators_removed(data: bytes, args, method: str) -> FrozenSet[str]:
    """``x.replace(/[/\\\\]/g, "")`` (or ``"_"``): every '/' and '\\\\' replaced by text without
    either: the result holds no separator (NO_SEP)."""
    if method not in ("replace", "replaceAll") or len(args) != 2:
        return frozenset()
    pat = N.unwrap(args[0])
    if pat is None or pat.type != "regex":
        return frozenset()
    p, f = pat.child_by_field_name("pattern"), pat.child_by_field_name("flags")
    by = N.string_value(data, args[1])
    if p is None or f is None or "g" not in N.text(data, f) or by is None or "/" in by or "\\" in by:
        return frozenset()
    chars = _class_chars(N.text(data, p))
    return frozenset({NO_SEP}) if chars is not None and {"/", "\\"} <= chars else frozenset()


def segments_joined(data: bytes, args, recv: Taint, all_args: Taint) -> Optional[Taint]:
    """``parts.join(sep)`` with a separator (or a value) between the parts: a path again, even
    of separator-free names, now or once the linker fills in a helper's marks (REJOINED keeps
    them from counting); None for fixed text without a separator (``parts.join("-")``): the
    call is read as any other."""
    sep = N.string_value(data, args[0]) if len(args) == 1 else ("," if not args else None)
    if sep is not None and "/" not in sep and "\\" not in sep:
        return None
    return union({k: i.replace(clean=(i.clean - _SEPLESS) | {REJOINED}) for k, i in recv.items()}, all_args)


def name_text(text: str) -> bool:
    """Fixed text of a template that makes it one name: no separator, not dots alone."""
    return bool(text) and "/" not in text and "\\" not in text and bool(text.strip("."))


def in_name(v: Taint, fixed: str) -> Taint:
    """The values of a template whose fixed text is ``fixed``: IN_NAME when it makes one name
    (clean for ``path`` where they hold no separator: taintvalue.one_name)."""
    if not v or not name_text(fixed):
        return v
    return {k: i.replace(clean=(i.clean - {CUT}) | {IN_NAME}) for k, i in v.items()}


def name_confined(clean: FrozenSet[str]) -> bool:
    """Marks that make a value one entry of the folder it is joined to: clean for ``path``
    (``Info.is_clean``, taintvalue.one_name)."""
    return one_name(clean)


def joined(earlier: FrozenSet[str], later: FrozenSet[str], clean: FrozenSet[str]) -> FrozenSet[str]:
    """``clean``, the union of a label's marks from what it stood for (``earlier``: the caller's
    argument, or a callee's returned value) and from what was done to it next (``later``), with
    the order kept: a value cut later (CUT) is no longer the name it was placed in; one placed in
    a name later no longer carries an earlier cut; a join with a separator later (REJOINED) undoes
    an earlier removal of separators (the value is then clean for ``path``, taintvalue.one_name,
    when the two halves meet)."""
    if CUT in later and IN_NAME not in later:
        clean = clean - {IN_NAME}
    elif IN_NAME in later:
        clean = clean - {CUT}
    if REJOINED in later and not later & _SEPLESS:
        clean = clean - _SEPLESS
    elif later & _SEPLESS and REJOINED not in later:
        clean = clean - {REJOINED}
    return clean


def cut(v: Taint) -> Taint:
    """The result of a method that cuts or splits text (``cutmarks``): no longer the one name it
    was placed in (CUT)."""
    return {k: i.replace(clean=(i.clean - {IN_NAME}) | {CUT}) for k, i in v.items()} if v else v


def _cut_at_sep(text: str, left: bool):
    """The part of ``text`` next to a value up to the nearest separator (``left``: the part after
    the last separator), and whether a separator ended it."""
    pos = max(text.rfind("/"), text.rfind("\\")) if left else min(
        (i for i in (text.find("/"), text.find("\\")) if i >= 0), default=-1)
    if pos < 0:
        return text, False
    return (text[pos + 1:], True) if left else (text[:pos], True)


def component_names(data: bytes, node, vals: list) -> list:
    """Each value of the template ``node`` (``vals``: the taints of its substitutions with an
    expression, in order) marked IN_NAME when the fixed text of the path component it sits in,
    up to the separators around it in the template's text (other values read as empty), makes
    one name (:func:`name_text`): in `` `${dir}/${stem}-${n}.png` `` ``stem`` is one entry of
    ``dir`` as in `` `${stem}-${n}.png` `` alone. A template whose whole fixed text has no
    separator gives every value the whole text, as :func:`in_name` does."""
    subs = [c for c in node.named_children if c.type == "template_substitution"]
    live = [i for i, c in enumerate(subs) if any(x.type != "comment" for x in c.named_children)]
    if len(live) != len(vals) or not any(vals):
        return vals
    texts, prev = [], node.start_byte + 1
    for c in subs:
        texts.append(data[prev:c.start_byte].decode("utf-8", "replace"))
        prev = c.end_byte
    texts.append(data[prev:node.end_byte - 1].decode("utf-8", "replace"))
    out = []
    for j, v in zip(live, vals):
        comp = ""
        for k in range(j, -1, -1):  # leftwards: texts[j] is right before the value
            piece, stop = _cut_at_sep(texts[k], True)
            comp = piece + comp
            if stop:
                break
        for k in range(j + 1, len(texts)):
            piece, stop = _cut_at_sep(texts[k], False)
            comp += piece
            if stop:
                break
        out.append(in_name(v, comp) if v else v)
    return out
