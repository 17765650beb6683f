"""A path rebuilt from its parts less ``..`` and the anchor: a lexical path sanitizer (issue 12).

    def safe_relative(path: str) -> str:
        parts = [p for p in path.replace("\\\\", "/").split("/") if p and p != ".."]
        return "/".join(parts)

    open(ROOT / safe_relative(name))

A join with ``/`` (or ``os.sep``) of the parts of a value, keeping a part only when it is not
``..`` and not empty (``v.split("/")``: the empty first part of ``/etc`` is the absolute anchor)
or not the anchor (``Path(v).parts``: ``"/"`` is its first part, ``"//"`` that of ``//etc``: both must
be dropped, or every part with a ``/``), is a relative path none of whose
parts climbs. Joined under a folder the code chose, it names an entry below that folder, however
deep (symlinks aside, as for ``os.path.normpath`` and the other lexical checks): the flow is marked
:data:`NO_CLIMB` and placement.py clears it at a path sink only when it is ``rooted``. Used on its
own it is a path under the working directory, which the code did not choose: still reported.

Not a sanitizer: a filter that keeps the empty part or the anchor (``"/".join(p for p in
v.split("/") if p != "..")`` keeps ``/etc/passwd``), one that does not drop ``..``, a split on
``/`` alone in a module that shows it runs on Windows (``..\\\\x`` is one part there) unless ``\\\\``
was replaced first, ``.parts`` there (its anchor may be a drive), ``.parts`` less ``"/"`` only (``//etc/passwd`` keeps
its ``"//"`` part and rebuilds as ``///etc/passwd``), and any element other than the
part itself. Percent-decoding afterwards (``unquote``) and a later substitution (``replace``,
``sub``) can make a ``..`` again and take the mark away. The filter is read inline, over a local
bound once (``parts = ...; return "/".join(parts)``) and, through the returned value's marks, in
a helper of the module or of another one.
"""

from __future__ import annotations

from typing import FrozenSet, Optional

from ..lazycst import cst

from . import cstnodes as N
from .charfilter import _text
from .taintvalue import Taint

#: in ``Info.clean``: a relative path with no ``..`` part (clean for ``path`` once joined under a root)
NO_CLIMB = "~no-climb-parts"
#: the message words of such a value (tests, docs)
NO_CLIMB_SUBJECT = "a path rebuilt from its parts without '..' and the anchor"
_SEPS = ("os.sep", "os.path.sep")
_GONE_BACKSLASH = "sep-gone-backslash"  # sepreplace.GONE["\\"] (imported lazily: no cycle)


def _bound(fa, node, depth: int = 0):
    """``node``, or the one value a local name of the function is bound to."""
    fn = getattr(fa, "fn", None)
    if not isinstance(node, cst.Name) or fn is None or depth > 3:
        return node
    values = [a.value for a in N.nodes_of(fn.body, cst.Assign)
              if any(isinstance(t.target, cst.Name) and t.target.value == node.value for t in a.targets)]
    if len(values) != 1 or any(isinstance(a.target, cst.Name) and a.target.value == node.value
                               for a in N.nodes_of(fn.body, (cst.AugAssign, cst.AnnAssign))):
        return node
    return _bound(fa, values[0], depth + 1)


def _separator(fa, node) -> bool:
    return _text(fa, node) == "/" or (fa.mod.dotted(node) or "") in _SEPS


def _iter_kind(fa, it) -> Optional[str]:
    """"split" for ``v.split("/")``, "parts" for ``Path(v).parts``; None for anything else."""
    if isinstance(it, cst.Attribute) and it.attr.value == "parts":
        return "parts"
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "split" and \
            len(it.args) == 1 and it.args[0].keyword is None and _separator(fa, it.args[0].value):
        return "split"
    return None


def _texts(fa, node) -> Optional[FrozenSet[str]]:
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = [_text(fa, e.value) for e in node.elements]
        return None if any(i is None for i in items) else frozenset(items)
    return None


#: the anchors of a POSIX ``.parts``: "/" and, for a path that starts with exactly two, "//"
_ANCHORS = frozenset({"/", "//"})


def _no_slash(test, var: str) -> bool:
    """``"/" not in p`` or ``not p.startswith("/")``."""
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.NotIn) \
            and N.string_value(test.left) == "/" and _is_part(test.comparisons[0].comparator, var):
        return True
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and isinstance(test.expression, cst.Call):
        call = test.expression
        return isinstance(call.func, cst.Attribute) and call.func.attr.value == "startswith" and \
            _is_part(call.func.value, var) and len(call.args) == 1 and N.string_value(call.args[0].value) == "/"
    return False


def _is_part(node, var: str) -> bool:
    """``p`` or ``p.strip()``: a test that ``p.strip()`` is not ``..``, ``/`` or empty says the
    same of ``p`` (each of those is its own strip)."""
    if isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "strip":
        node = node.func.value
    return isinstance(node, cst.Name) and node.value == var


def _dropped(fa, test, var: str) -> FrozenSet[str]:
    """The parts a comprehension's condition ``test`` on ``var`` surely drops ("" for empty)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _dropped(fa, test.left, var) | _dropped(fa, test.right, var)  # a conjunction drops what either does
    if _is_part(test, var):
        return frozenset({""})
    if _no_slash(test, var):
        return _ANCHORS  # "/" not in p, not p.startswith("/"): no anchor, "/" or "//", is kept
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and _is_part(test.left, var)):
        return frozenset()
    c = test.comparisons[0]
    if isinstance(c.operator, cst.NotEqual):
        t = _text(fa, c.comparator)
        return frozenset({t}) if t is not None else frozenset()
    if isinstance(c.operator, cst.NotIn):
        return _texts(fa, c.comparator) or frozenset()
    return frozenset()


def _guards(block, call) -> Optional[list]:
    """The ``if`` tests on the way from the statements ``block`` to ``call`` (None: it sits in an
    ``else``, a loop or another compound statement, or is not there)."""
    for stmt in block:
        if not any(n is call for n in N.nodes_of(stmt, cst.Call)):
            continue
        if isinstance(stmt, cst.SimpleStatementLine):
            return []
        if isinstance(stmt, cst.If) and any(n is call for n in N.nodes_of(stmt.body, cst.Call)):
            inner = _guards(stmt.body.body, call)
            return None if inner is None else [stmt.test, *inner]
        return None
    return None


def _loop_kind(fa, name: str) -> Optional[str]:
    """``L = []; for p in PARTS: [p = p.strip()] if TESTS: L.append(p)``: the iterable's kind when
    the tests drop ``..`` and the anchor, ``L`` changes nowhere else and ``p`` is appended as tested
    (a part changed after its test, ``p = "".join(c for c in p if c.isprintable())``, can be ``..``)."""
    fn = getattr(fa, "fn", None)
    uses = [c for c in N.nodes_of(fn.body, cst.Call) if isinstance(c.func, cst.Attribute)
            and isinstance(c.func.value, cst.Name) and c.func.value.value == name] if fn is not None else []
    if len(uses) != 1 or uses[0].func.attr.value != "append" or len(uses[0].args) != 1 or \
            any(isinstance(a.target, cst.Name) and a.target.value == name for a in N.nodes_of(fn.body, cst.AugAssign)):
        return None
    call = uses[0]
    loops = [f for f in N.nodes_of(fn.body, cst.For) if any(n is call for n in N.nodes_of(f.body, cst.Call))]
    if len(loops) != 1 or not isinstance(loops[0].target, cst.Name) or loops[0].orelse is not None:
        return None
    loop, var = loops[0], loops[0].target.value
    if not (isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == var):
        return None
    body = list(loop.body.body)
    if body and _strip_of(body[0], var):
        body = body[1:]  # p = p.strip(): what is tested is what is appended
    if any(isinstance(t.target, cst.Name) and t.target.value == var for st in body for a in N.nodes_of(st, cst.Assign)
           for t in a.targets) or any(isinstance(a.target, cst.Name) and a.target.value == var
                                      for st in body for a in N.nodes_of(st, (cst.AugAssign, cst.AnnAssign))):
        return None
    tests = _guards(body, call)
    if tests is None:
        return None
    return _kind_of(fa, loop.iter, frozenset().union(*(_dropped(fa, t, var) for t in tests)))


def _changed(fa, name: str) -> bool:
    """A method of the local list ``name`` is called, or it is added to, or an item of it is set."""
    fn = getattr(fa, "fn", None)
    if fn is None:
        return False
    return any(isinstance(c.func, cst.Attribute) and isinstance(c.func.value, cst.Name) and c.func.value.value == name
               for c in N.nodes_of(fn.body, cst.Call)) or \
        any(isinstance(a.target, cst.Name) and a.target.value == name for a in N.nodes_of(fn.body, cst.AugAssign)) or \
        any(isinstance(t.target, cst.Subscript) and isinstance(t.target.value, cst.Name) and t.target.value.value == name
            for a in N.nodes_of(fn.body, cst.Assign) for t in a.targets)


def _strip_of(stmt, var: str) -> bool:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return False
    a = stmt.body[0]
    return len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name) and a.targets[0].target.value == var \
        and _is_part(a.value, var) and isinstance(a.value, cst.Call)


def _kind_of(fa, it, dropped: FrozenSet[str]) -> Optional[str]:
    kind = _iter_kind(fa, _bound(fa, it))
    if kind is None or ".." not in dropped or not (dropped >= ({""} if kind == "split" else _ANCHORS)):
        return None
    return kind


def _filter_kind(fa, arg) -> Optional[str]:
    """The iterable's kind when ``arg`` is ``p for p in PARTS if ...`` dropping ``..`` and the anchor."""
    gen = _bound(fa, arg)
    if isinstance(gen, cst.List) and not gen.elements and isinstance(arg, cst.Name):
        return _loop_kind(fa, arg.value)
    if isinstance(arg, cst.Name) and _changed(fa, arg.value):
        return None  # parts.insert(0, ""), parts += [...]: the list is not the filter's any more
    if not isinstance(gen, (cst.GeneratorExp, cst.ListComp)) or gen.for_in.inner_for_in is not None or \
            not isinstance(gen.for_in.target, cst.Name) or not isinstance(gen.elt, cst.Name) or \
            gen.elt.value != gen.for_in.target.value or not gen.for_in.ifs:
        return None
    var = gen.for_in.target.value
    return _kind_of(fa, gen.for_in.iter, frozenset().union(*(_dropped(fa, i.test, var) for i in gen.for_in.ifs)))


def part_filter(fa, call: cst.Call, method: Optional[str], result: Taint) -> Optional[Taint]:
    """``result`` (what ``SEP.join(...)`` returns) marked NO_CLIMB when the join rebuilds a path
    from its parts less ``..`` and the anchor; None when it is no such join."""
    if method != "join" or not result or not isinstance(call.func, cst.Attribute) or len(call.args) != 1 or \
            call.args[0].star or call.args[0].keyword is not None or not _separator(fa, call.func.value):
        return None
    kind = _filter_kind(fa, call.args[0].value)
    if kind is None:
        return None
    from .sepreplace import windows_aware

    windows = windows_aware(fa)
    if windows and kind == "parts":
        return None  # the anchor may be a drive ("C:\\"), a part "/" is not all it can be
    out: Taint = {}
    for k, i in result.items():
        if windows and _GONE_BACKSLASH not in i.clean:
            return None  # "..\\x" is one part of a split on "/", and climbs on Windows
        out[k] = i.replace(clean=i.clean | {NO_CLIMB}, rooted=False)  # the root it had, if any, is gone
    return out


def placed_under_root(sink, info) -> bool:
    """A path sink given a NO_CLIMB value the code joined under a folder of its choosing."""
    return sink.family == "path" and NO_CLIMB in info.clean and info.rooted


__all__ = ["NO_CLIMB", "NO_CLIMB_SUBJECT", "part_filter", "placed_under_root"]
