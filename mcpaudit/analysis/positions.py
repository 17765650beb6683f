"""Line and column numbers for the few libcst nodes we report, without PositionProvider.

libcst's PositionProvider costs about three times the parse itself, for every node of the file.
We only need positions for reported nodes (sinks, flow steps, handlers), so we align libcst
statements with the statements of an ``ast`` parse of the same text (the C parser is ~7x faster
than libcst's) and, inside one statement, match the k-th node of a type in pre-order with the
k-th ast node of the matching type in source order. The ast parse happens lazily, once per file,
and only for files that report something. A statement the ast parse cannot place (the file uses
syntax newer than the running Python's ``ast``, such as a backslash inside an f-string expression
before 3.12) takes its position from libcst's PositionProvider, computed once for that module:
searching the text for the node's first line would put every repeated call (the same
``process = await create_subprocess_shell(`` in five methods) on its first occurrence.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from ..lazycst import cst, later  # (libcst's isinstance in C: analysis/fastchecks.py, installed when libcst is first used)

Pos = Tuple[int, int, int, int]  # line, column (1-based), end_line, end_column (1-based, exclusive)

_AST_TYPE = later(lambda: {
    cst.Call: ast.Call,
    cst.Attribute: ast.Attribute,
    cst.Subscript: ast.Subscript,
    cst.BinaryOperation: ast.BinOp,
    cst.Param: ast.arg,
    cst.Await: ast.Await,
    cst.Dict: ast.Dict,
    cst.List: ast.List,
    cst.Lambda: ast.Lambda,
})
_CST_COMPOUND_SET = later(lambda: frozenset((cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With, cst.Try,
                                             cst.Match) + ((cst.TryStar,) if hasattr(cst, "TryStar") else ())))

_KIND = {
    "FunctionDef": ("FunctionDef", "AsyncFunctionDef"),
    "ClassDef": ("ClassDef",),
    "If": ("If",),
    "For": ("For", "AsyncFor"),
    "While": ("While",),
    "With": ("With", "AsyncWith"),
    "Try": ("Try",),
    "TryStar": ("TryStar",),
    "Match": ("Match",),
    "Expr": ("Expr",),
    "Assign": ("Assign",),
    "AnnAssign": ("AnnAssign",),
    "AugAssign": ("AugAssign",),
    "Return": ("Return",),
    "Raise": ("Raise",),
    "Assert": ("Assert",),
    "Del": ("Delete",),
    "Pass": ("Pass",),
    "Break": ("Break",),
    "Continue": ("Continue",),
    "Global": ("Global",),
    "Nonlocal": ("Nonlocal",),
    "Import": ("Import",),
    "ImportFrom": ("ImportFrom",),
}


#: libcst's concrete node classes are final (tests/test_positions.py checks it): ``type(n) is C``
#: and ``type(n) in {C, D}`` are ``isinstance`` without ABCMeta's Python-level check, which runs
#: whenever an ``isinstance`` against a libcst class fails
_SUITES = later(lambda: frozenset((cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module)))


def flat_body(body) -> List[cst.CSTNode]:
    """The statements of a block, with ``a; b`` lines split into small statements."""
    out: List[cst.CSTNode] = []
    stmts = body.body if type(body) in _SUITES else body
    line = cst.SimpleStatementLine
    for s in stmts:
        if type(s) is line:
            out.extend(s.body)
        else:
            out.append(s)
    return out


def _ast_pos(n) -> Pos:
    end_line = getattr(n, "end_lineno", None) or n.lineno
    end_col = getattr(n, "end_col_offset", None)
    return (n.lineno, n.col_offset + 1, end_line, (end_col if end_col is not None else n.col_offset) + 1)


class PositionIndex:
    """Positions of libcst nodes of one module, computed on demand."""

    def __init__(self, text: str, module: cst.Module):
        self._text = text
        self._module = module
        self._stmt: Optional[Dict[int, ast.AST]] = None
        self._ok = True
        self._cache: Dict[Tuple[int, int], Pos] = {}
        self._nodes: Dict[int, Dict[int, ast.AST]] = {}  # id(stmt) -> {id(cst node): ast node}
        self._cst_ranges: Optional[Dict[int, Pos]] = None  # id(cst node) -> position (the fallback)
        self._lines: Optional[List[str]] = None  # the text's lines, for argument_line

    # -- statement alignment -------------------------------------------------------------
    def _build(self) -> None:
        self._stmt = {}
        try:
            tree = ast.parse(self._text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            self._ok = False
            return
        try:
            self._align(flat_body(self._module), tree.body)
        except RecursionError:
            pass

    def _align(self, cbody: List[cst.CSTNode], abody: List[ast.stmt]) -> None:
        if len(cbody) != len(abody):
            return
        for c, a in zip(cbody, abody):
            name = type(c).__name__
            if type(a).__name__ not in _KIND.get(name, (name,)):
                return
            self._stmt[id(c)] = a  # type: ignore[index]
            self._align_children(c, a)

    def _align_children(self, c, a) -> None:
        t = type(c)
        if t not in _CST_COMPOUND_SET:
            return
        if t is cst.FunctionDef or t is cst.ClassDef or t is cst.With:
            self._align(flat_body(c.body), a.body)
        elif t is cst.If:
            self._align(flat_body(c.body), a.body)
            if type(c.orelse) is cst.If and len(a.orelse) == 1:
                self._align([c.orelse], a.orelse)
            elif type(c.orelse) is cst.Else:
                self._align(flat_body(c.orelse.body), a.orelse)
        elif t is cst.For or t is cst.While:
            self._align(flat_body(c.body), a.body)
            if c.orelse is not None:
                self._align(flat_body(c.orelse.body), a.orelse)
        elif t is cst.Try or t is getattr(cst, "TryStar", None):
            self._align(flat_body(c.body), a.body)
            for ch, ah in zip(c.handlers, a.handlers):
                self._align(flat_body(ch.body), ah.body)
            if c.orelse is not None:
                self._align(flat_body(c.orelse.body), a.orelse)
            if c.finalbody is not None:
                self._align(flat_body(c.finalbody.body), a.finalbody)
        elif t is cst.Match:
            for cc, ac in zip(c.cases, a.cases):
                self._align(flat_body(cc.body), ac.body)

    # -- lookups -------------------------------------------------------------------------
    def stmt_pos(self, stmt: cst.CSTNode) -> Optional[Pos]:
        if self._stmt is None:
            self._build()
        a = self._stmt.get(id(stmt)) if self._stmt else None
        return _ast_pos(a) if a is not None else None

    def pos(self, stmt: cst.CSTNode, node: Optional[cst.CSTNode] = None) -> Pos:
        """Position of ``node`` (or the statement itself) inside statement ``stmt``."""
        key = (id(stmt), id(node) if node is not None else 0)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result = self._lookup(stmt, node)
        self._cache[key] = result
        return result

    def argument_line(self, stmt: cst.CSTNode, call: cst.CSTNode, value: cst.CSTNode) -> Optional[Tuple[int, int]]:
        """(line, column) where the argument whose value is ``value`` starts in ``call`` (a call
        written over several lines), or None when it is not one of the call's arguments. The
        call's text is read argument by argument from the call's own position."""
        if not isinstance(call, cst.Call) or not any(a.value is value for a in call.args):
            return None
        line, col = self.pos(stmt, call)[:2]
        try:
            text = self._module.code_for_node(call)
            at = len(self._module.code_for_node(call.func))
            for a in call.args:
                piece = self._module.code_for_node(a).strip()
                found = text.find(piece, at) if piece else -1
                if found < 0:
                    return None
                if a.value is value:
                    nl = text.count("\n", 0, found)
                    if not nl:
                        return (line, col + found)
                    # a continuation line's indentation comes from the blocks around the call
                    if self._lines is None:
                        self._lines = self._text.splitlines()
                    src = self._lines[line + nl - 1] if line + nl <= len(self._lines) else ""
                    return (line + nl, src.find(piece.splitlines()[0]) + 1 or 1)
                at = found + len(piece)
        except Exception:  # pragma: no cover - codegen of a detached node
            return None
        return None

    def alias(self, stmt: cst.CSTNode, made: cst.CSTNode, original: cst.CSTNode) -> None:
        """Give ``made`` (a node the analysis built, kept alive by its caller) the position of
        ``original`` in ``stmt``."""
        self._cache[(id(stmt), id(made))] = self.pos(stmt, original)

    def _lookup(self, stmt, node) -> Pos:
        spos = self.stmt_pos(stmt)
        if spos is None:
            target = node if node is not None else stmt
            hit = self._cst_pos(target)
            return hit if hit is not None else self._text_search(target)
        if node is None or node is stmt:
            return spos
        a_type = _AST_TYPE.get(type(node))
        if a_type is None:
            return spos
        hit = self._nodes.get(id(stmt))
        if hit is None:
            # one walk of each tree per statement, for every node type at once
            a_stmt = self._stmt[id(stmt)]  # type: ignore[index]
            cnodes = _cst_nodes_of(stmt, tuple(_AST_TYPE))
            anodes = _ast_nodes_of(a_stmt, tuple(set(_AST_TYPE.values())))
            by_a: Dict[type, List[ast.AST]] = {}
            for n in anodes:
                by_a.setdefault(type(n), []).append(n)
            by_c: Dict[type, List[cst.CSTNode]] = {}
            for n in cnodes:
                by_c.setdefault(type(n), []).append(n)
            index: Dict[int, ast.AST] = {}
            for ctype, cs in by_c.items():
                asts = by_a.get(_AST_TYPE.get(ctype), [])  # type: ignore[arg-type]
                if len(asts) == len(cs):  # types whose counts differ stay at statement level
                    for c, a in zip(cs, asts):
                        index[id(c)] = a
            hit = self._nodes[id(stmt)] = index
        a = hit.get(id(node))
        if a is None:
            return spos
        return _ast_pos(a)

    def _cst_pos(self, node) -> Optional[Pos]:
        """``node``'s position from libcst's PositionProvider (every node of the module, once)."""
        if self._cst_ranges is None:
            self._cst_ranges = {}
            try:
                from libcst.metadata import MetadataWrapper, PositionProvider

                ranges = MetadataWrapper(self._module, unsafe_skip_copy=True).resolve(PositionProvider)
            except Exception:  # pragma: no cover - a module libcst cannot re-walk
                return None
            for n, r in ranges.items():
                self._cst_ranges[id(n)] = (r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)
        return self._cst_ranges.get(id(node))

    def _text_search(self, node) -> Pos:
        try:
            code = self._module.code_for_node(node).strip()
        except Exception:  # pragma: no cover - codegen of a detached node
            code = ""
        first = code.splitlines()[0] if code else ""
        idx = self._text.find(first) if first else -1
        if idx < 0:
            return (1, 1, 1, 1)
        line = self._text.count("\n", 0, idx) + 1
        col = idx - (self._text.rfind("\n", 0, idx) + 1) + 1
        return (line, col, line, col + len(first))


_BODY_FIELDS = {"body", "orelse", "finalbody", "handlers", "cases"}


_NODE_TYPES: Dict[type, bool] = {}
_BLOCKS = later(lambda: frozenset((cst.IndentedBlock, cst.SimpleStatementSuite)))


def is_node(t: type) -> bool:
    """``issubclass(t, cst.CSTNode)``, memoised: CSTNode is an ABC, and an isinstance check
    against an ABC runs Python code every time."""
    hit = _NODE_TYPES.get(t)
    if hit is None:
        hit = _NODE_TYPES[t] = issubclass(t, cst.CSTNode)
    return hit


#: libcst's whitespace, comment, operator and bracket nodes (``libcst._nodes.whitespace`` and
#: ``.op``, the parentheses and brackets): they hold nothing but other such nodes, never a name
#: or an expression. Six nodes in ten.
TOKEN_TYPES = later(lambda: frozenset(
    t for name, t in vars(cst).items()
    if isinstance(t, type) and issubclass(t, cst.CSTNode) and (
        t.__module__ in ("libcst._nodes.whitespace", "libcst._nodes.op")
        or name in ("LeftParen", "RightParen", "LeftSquareBracket", "RightSquareBracket", "LeftCurlyBrace",
                    "RightCurlyBrace"))))


def walk(root: cst.CSTNode, tokens: bool = True) -> Iterator[cst.CSTNode]:
    """``root`` and every node below it, parents before children (not in source order);
    without ``tokens``, not the :data:`TOKEN_TYPES` nodes (nor what is inside them).

    What ``libcst.matchers.findall`` and a ``CSTVisitor`` reach, read straight from the nodes'
    fields: both of those rebuild every node they pass (``_visit_and_replace_children``), which
    cost a fifth of the analysis of a dense module when a function's assigned names were
    collected that way."""
    return iter(collect(root, None, tokens))


def collect(root: cst.CSTNode, types, tokens: bool = False) -> List[cst.CSTNode]:
    """The nodes :func:`walk` yields, in its order, that are instances of ``types`` (a class or a
    tuple of classes; None: every node). One loop with no generator, and the type test memoised
    per node type: ``isinstance`` against libcst's ABC node classes runs Python code whenever it
    fails, which is for nearly every node of a walk."""
    skip = _NO_SKIP if tokens else TOKEN_TYPES
    if types is None:
        wanted = None
    else:
        wanted = _WANTED.get(types)
        if wanted is None:
            wanted = _WANTED[types] = {}
    out: List[cst.CSTNode] = []
    stack = [root]
    pop, extend = stack.pop, stack.extend
    # a node's children without tokens, remembered for the module's next walks (FIELD_KIDS)
    kept = FIELD_KIDS if skip is TOKEN_TYPES else None
    while stack:
        n = pop()
        if wanted is None:
            out.append(n)
        else:
            tn = type(n)
            hit = wanted.get(tn)
            if hit is None:
                hit = wanted[tn] = issubclass(tn, types)
            if hit:
                out.append(n)
        if kept is None:
            node_fields(n, n.__dataclass_fields__, skip, stack)
            continue
        entry = kept.get(id(n))
        if entry is None or entry[0] is not n:
            kids: List[cst.CSTNode] = []
            node_fields(n, n.__dataclass_fields__, skip, kids)
            entry = kept[id(n)] = (n, kids)
        extend(entry[1])
    return out


#: Each node's children as :func:`collect` walks them without tokens (by ``id``, with the node:
#: an entry holds its node, so no other object takes its ``id`` while the entry lives), and
#: (:mod:`.visitorder`) in libcst's visiting order. A module's analysis walks the same
#: statements again and again (each function, then each call site's context: 40k field reads
#: for 11k nodes on modelcontextprotocol/servers ``src/``'s three analysed modules); libcst's
#: nodes are immutable, so the children read once are the children. Emptied by
#: :func:`forget_kids` when an analysis of a module begins and ends.
FIELD_KIDS: Dict[int, Tuple[cst.CSTNode, List[cst.CSTNode]]] = {}
VISIT_KIDS: Dict[int, Tuple[cst.CSTNode, List[cst.CSTNode]]] = {}


def field_kids(n: cst.CSTNode) -> List[cst.CSTNode]:
    """The nodes in ``n``'s fields, in field order, tokens left out (:data:`FIELD_KIDS`); not
    to be changed by the caller."""
    entry = FIELD_KIDS.get(id(n))
    if entry is None or entry[0] is not n:
        kids: List[cst.CSTNode] = []
        node_fields(n, n.__dataclass_fields__, TOKEN_TYPES, kids)
        entry = FIELD_KIDS[id(n)] = (n, kids)
    return entry[1]


def forget_kids() -> None:
    """Empty the children tables (and let the trees they hold go)."""
    FIELD_KIDS.clear()
    VISIT_KIDS.clear()


def node_fields(n: cst.CSTNode, fields, skip, out: List[cst.CSTNode]) -> None:
    """Append to ``out`` the nodes held in ``fields`` of ``n`` (a node, or each node of a tuple or
    list), in field order, but not those of a type in ``skip``."""
    known = _NODE_TYPES
    for fname in fields:
        v = getattr(n, fname)
        tv = type(v)
        if tv is tuple or tv is list:
            for x in v:
                tx = type(x)
                if tx not in skip:
                    node = known.get(tx)
                    if node is None:
                        node = is_node(tx)
                    if node:
                        out.append(x)
        elif tv not in skip:
            node = known.get(tv)
            if node is None:
                node = is_node(tv)
            if node:
                out.append(v)


_NO_SKIP: FrozenSet[type] = frozenset()
#: per ``types`` argument of :func:`collect`: node type -> whether it is one of them
_WANTED: Dict[object, Dict[type, bool]] = {}


def _cst_nodes_of(stmt: cst.CSTNode, typ) -> List[cst.CSTNode]:
    """Pre-order nodes of ``typ`` in ``stmt``'s own header (nested blocks excluded)."""
    out: List[cst.CSTNode] = []
    compound = type(stmt) in _CST_COMPOUND_SET
    # libcst's node classes are ABCs (an isinstance check runs Python code) and the concrete
    # ones are final: the exact type is tested
    wanted = frozenset(typ) if isinstance(typ, tuple) else frozenset((typ,))
    stack = [stmt]
    while stack:
        n = stack.pop()
        if type(n) in wanted:
            out.append(n)
        kids: List[cst.CSTNode] = []
        fields = n.__dataclass_fields__
        if n is stmt and compound:
            fields = [f for f in fields if f not in _BODY_FIELDS]
        # a block is a compound statement's body (never an element of a list or tuple)
        node_fields(n, fields, _BLOCKS, kids)
        stack.extend(reversed(kids))
    return out


def _ast_nodes_of(stmt: ast.AST, typ) -> List[ast.AST]:
    out: List[ast.AST] = []
    stack = [stmt]
    while stack:
        n = stack.pop()
        if isinstance(n, typ) and hasattr(n, "lineno"):
            out.append(n)
        for fname, v in ast.iter_fields(n):
            if n is stmt and fname in _BODY_FIELDS and isinstance(v, list) and v and isinstance(v[0], (ast.stmt, ast.excepthandler, ast.match_case)):
                continue
            if isinstance(v, ast.AST):
                stack.append(v)
            elif isinstance(v, list):
                stack.extend(x for x in v if isinstance(x, ast.AST))
    out.sort(key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)))
    return out
