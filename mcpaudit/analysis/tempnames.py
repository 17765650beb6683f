"""Variables that only ever hold the path of a temporary file or folder the function made
itself (``fd, path = tempfile.mkstemp()``, ``path = tmp.name`` of ``with
tempfile.NamedTemporaryFile(delete=False) as tmp``, ``tempfile.mkdtemp()``, and ``Path(path)`` of
one), or a name the server makes inside such a folder (``Path(tempfile.mkdtemp()) /
f"audio_{uuid.uuid4().hex}.opus"``, ``os.path.join(tmp, "out.json")``: a constant, or an f-string
of constants and names bound only to ``uuid``/``secrets`` values): removing such a path cleans up
after the tool and destroys none of its data (claims.py: not a delete; py51c)."""

from __future__ import annotations

from typing import Callable, Dict, Optional, Set

from ..lazycst import Visitor, cst

from .visitorder import visit

# calls whose result is a new temporary path, and those whose result's .name is one
_PATHS = {"tempfile.mkdtemp", "tempfile.mktemp"}
_PAIRS = {"tempfile.mkstemp"}  # (fd, path)
_HOLDERS = {"tempfile.NamedTemporaryFile", "tempfile.TemporaryDirectory", "tempfile.SpooledTemporaryFile"}
# calls that give the same path as another object (a temporary path stays one)
_WRAPS = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "os.fspath", "str"}
# calls whose result is a name the server makes (no caller's word in it)
_MADE = {"uuid.uuid4", "uuid.uuid1", "secrets.token_hex", "secrets.token_urlsafe", "os.getpid", "time.time", "time.time_ns"}
_JOINS = {"os.path.join", "posixpath.join"}


class _Binds(Visitor):
    """Every binding of a name in the function: whether each is a temporary path."""

    def __init__(self, dotted: Callable[[cst.CSTNode], Optional[str]]):
        self.dotted = dotted
        self.holders: Set[str] = set()
        self.temp: Dict[str, bool] = {}
        self.made: Dict[str, bool] = {}  # names bound only to server-made values (uuid4().hex)

    def _fq(self, node) -> str:
        return (self.dotted(node.func) or "") if isinstance(node, cst.Call) else ""

    def _bind(self, name: str, ok: bool) -> None:
        self.temp[name] = self.temp.get(name, True) and ok

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            fq = self._fq(node.item)
            if fq == "tempfile.TemporaryDirectory":
                self._bind(node.asname.name.value, True)  # with TemporaryDirectory() as d: d is the path
            elif fq in _HOLDERS:
                self.holders.add(node.asname.name.value)
            else:
                self._bind(node.asname.name.value, fq in _PATHS)

    def visit_Assign(self, node: cst.Assign) -> None:
        v = node.value
        for t in node.targets:
            tgt = t.target
            if isinstance(tgt, cst.Name):
                if self._fq(v) in _HOLDERS:
                    self.holders.add(tgt.value)
                self._bind(tgt.value, self._is_path(v))
                self.made[tgt.value] = self.made.get(tgt.value, True) and self._made(v)
            elif isinstance(tgt, (cst.Tuple, cst.List)):
                pair = self._fq(v) in _PAIRS and len(tgt.elements) == 2
                for i, e in enumerate(tgt.elements):
                    if isinstance(e.value, cst.Name):
                        self._bind(e.value.value, pair and i == 1)

    def _made(self, v) -> bool:
        """A value the server makes: a constant, a uuid/secrets value (``.hex``, ``str()`` of one),
        a name bound only to such, or an f-string of those."""
        if isinstance(v, (cst.SimpleString, cst.Integer)):
            return True
        if isinstance(v, cst.Name):
            return self.made.get(v.value, False)
        if isinstance(v, cst.Attribute) and v.attr.value in ("hex", "int"):
            return self._made(v.value)
        if isinstance(v, cst.Call):
            fq = self._fq(v)
            return fq in _MADE or (fq == "str" and len(v.args) == 1 and self._made(v.args[0].value))
        if isinstance(v, cst.FormattedString):
            return all(isinstance(p, cst.FormattedStringText) or self._made(p.expression) for p in v.parts)
        return False

    def _in_temp(self, v) -> bool:
        """A temporary path, or a server-made name joined to one (``tmp / f"a_{uid}.opus"``)."""
        if isinstance(v, cst.Name):
            return self.temp.get(v.value, False)
        if isinstance(v, cst.BinaryOperation) and isinstance(v.operator, cst.Divide):
            return self._temp_base(v.left) and self._made(v.right)
        if self._fq(v) in _JOINS and len(v.args) > 1 and all(a.star == "" for a in v.args):
            return self._temp_base(v.args[0].value) and all(self._made(a.value) for a in v.args[1:])
        return self._fq(v) in _PATHS or (self._fq(v) in _WRAPS and len(v.args) == 1 and self._in_temp(v.args[0].value))

    def _temp_base(self, v) -> bool:
        """A folder a server-made name is joined to: a temporary one, or the system's
        (``tempfile.gettempdir()``, ``Path`` of it)."""
        if self._fq(v) in _WRAPS and len(v.args) == 1:
            v = v.args[0].value
        return self._fq(v) == "tempfile.gettempdir" or self._in_temp(v)

    def _is_path(self, v) -> bool:
        if self._fq(v) in _PATHS:
            return True
        if not isinstance(v, cst.Name) and self._in_temp(v):
            return True  # Path(tempfile.mkdtemp()) / f"audio_{uuid4().hex}.opus"
        if self._fq(v) in _WRAPS and len(v.args) == 1 and isinstance(v.args[0].value, cst.Name) \
                and self.temp.get(v.args[0].value.value):
            return True  # target = Path(name) of a name bound to a temporary path above
        if isinstance(v, cst.Subscript) and self._fq(v.value) in _PAIRS:
            return True  # tempfile.mkstemp()[1]
        if isinstance(v, cst.Name) and v.value == "None":
            return True  # values_file = None before the file is made
        return isinstance(v, cst.Attribute) and v.attr.value == "name" and isinstance(v.value, cst.Name) \
            and v.value.value in self.holders

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, False)

    # every other way a name is bound: a loop's or an annotated assignment's value is the
    # caller's as likely as not (``target = None`` then ``for target in paths``: rev52p)
    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._bind(node.target.value, self._is_path(node.value))
            self.made[node.target.value] = self.made.get(node.target.value, True) and self._made(node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, self._is_path(node.value))
            self.made[node.target.value] = self.made.get(node.target.value, True) and self._made(node.value)

    def visit_For(self, node: cst.For) -> None:
        self._unbind(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._unbind(node.target)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._unbind(node.name.name)

    def _unbind(self, target) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, False)
            self.made[target.value] = False
        elif isinstance(target, (cst.Tuple, cst.List)):
            for e in target.elements:
                self._unbind(e.value)
        elif isinstance(target, cst.StarredElement):
            self._unbind(target.value)


def temp_paths(fn: cst.CSTNode, dotted: Callable[[cst.CSTNode], Optional[str]]) -> Set[str]:
    """The names in ``fn`` bound only to temporary paths the function made."""
    v = _Binds(dotted)
    visit(fn, v)
    return {n for n, ok in v.temp.items() if ok}


def unwrapped_temp(fa, node):
    """``tmp_path`` of ``Path(tmp_path)`` / ``str(tmp_path)`` / ``os.fspath(tmp_path)`` (one bare
    name, nothing else): the same path, so a deletion of ``Path(tmp_path)`` removes the temporary
    file ``tmp_path`` holds (``Path(tmp.name).unlink(missing_ok=True)`` in a ``finally``); any
    other node as is."""
    if isinstance(node, cst.Call) and len(node.args) == 1 and not node.args[0].keyword and not node.args[0].star \
            and isinstance(node.args[0].value, cst.Name) and (fa.mod.dotted(node.func, fa.types) or "") in _WRAPS:
        return node.args[0].value
    return node
