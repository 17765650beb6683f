"""A guessable word as an environment lookup's fallback, handed to a client as its login, is no
secret of the project.

``hardcoded-credential`` reports ``os.environ.get("X_PASSWORD", "<literal>")``: when the variable
is unset the program runs with a password anyone can read in the source. When the literal is a
placeholder word (``admin``, ``password``, ``root``, ``neo4j``: lower-case letters, a few digits)
and the value only goes to a call as a credential the program *presents* (a client constructor,
``connect(password=...)``, a driver's ``auth=``), it is a guess of the service's default login:
the operator's service decides whether it works, and knowing it grants nothing the service's own
default does not. Such hits move to the audit view with the reason (weak-default configuration).

The value is followed inside its file through ``args.x or os.environ.get(...)``, an assignment
to a local name (or a module-level name no other scanned file mentions), an ``argparse`` option
default (to ``args.<dest>``), a comparison with a constant (a check that refuses the
placeholder), a field of the class it is stored in (``self.password = password or
os.getenv(...)``: every ``self.password`` its methods read, when no other file reads that
attribute) and a tuple a method returns to its own class's calls (``_get_auth()`` returning
``(self.username, self.password)`` for ``requests.request(auth=...)``), a settings mapping
(``{"password": os.environ.get(...)}``, merged with ``cfg.update(...)`` into a local one, read
back with ``cfg.get``/``cfg["x"]``, returned by a module function to its calls in the file:
py33b) handed to a client's constructor; an f-string handed to a
log call or ``print`` shows it and accepts nothing (secret-in-log reports the log line), and a test
file that names a module-level constant (``@patch("server.PASSWORD", ...)``) imports nothing the
program runs. It stays reported when
the program *accepts* or *sets* it: compared with another
value (a login check), concatenated or hashed, returned elsewhere, stored on another object, used as a
parameter default, given to a call that creates or changes an account (``create_*``,
``add_*``, ``set_*``, ``update_*``, ``reset_*``, ``change_*``, ``register*``), or to one that checks
a login against it (``compare_digest``, ``verify_*``, ``check_*``).
"""

from __future__ import annotations

import ast
import os
import re
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ...models import Confidence, Finding
from ..bind_flow import every_end_harmless

RULE = "hardcoded-credential"
REASON = ("the fallback is a placeholder word handed to a client as its login: a guess of the service's "
          "default, no secret of the project (weak-default configuration, audit view)")

#: what a guessable placeholder looks like: one lower-case word, a few digits at most
PLACEHOLDER = re.compile(r"^(?:[a-z]{3,16}\d{0,4}|[a-z]{2,8}\d[a-z]{1,8})$")
#: lower-case words joined by ``-``/``_`` (``local-app-password``, ``your_token_here``): a placeholder
#: when one word is a marker of one (py56d); mixed case or long digit runs look like a real secret
_JOINED = re.compile(r"^[a-z]{1,16}\d{0,2}(?:[-_][a-z]{1,16}\d{0,2}){1,5}$")
_MARKERS = frozenset((
    "your", "my", "example", "sample", "dummy", "changeme", "placeholder", "local", "test", "testing", "fake",
    "demo", "mock", "default", "here", "replace", "redacted", "insert", "enter", "todo", "xxx", "xxxx"))


def is_placeholder(value: str) -> bool:
    """One lower-case word with a few digits (``admin``, ``neo4j``), or lower-case words joined by
    ``-``/``_`` of which one marks a placeholder (``local-app-password``, ``your-api-key-here``)."""
    if PLACEHOLDER.match(value):
        return True
    if len(value) > 48 or not _JOINED.match(value):
        return False
    return any(w.rstrip("0123456789") in _MARKERS for w in re.split(r"[-_]", value))


#: calls that make the value an account's password, or check a login against it
_SETS = re.compile(r"^_*(?:create|add|set|update|reset|change|register)|compare|verify|check|match", re.I)
_ENV_GETS = ("getenv", "get")
_LOGS = ("debug", "info", "warning", "warn", "error", "critical", "exception", "log", "print")
_MAX_STEPS = 80
#: a mapping's methods that read it (the result carries its entries) and that change it
_MAP_READS = ("get", "copy", "items", "values", "pop", "setdefault")
_MAP_CHANGES = ("update", "clear", "__setitem__")


def _merge_into(call: ast.Call) -> bool:
    """``name.update(<the value>)``: a local mapping takes the value's entries."""
    f = call.func
    return isinstance(f, ast.Attribute) and f.attr == "update" and isinstance(f.value, ast.Name) and len(call.args) == 1


def _callee(call: ast.Call) -> Optional[str]:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _env_fallback(node: ast.AST, parent: Optional[ast.AST]) -> bool:
    if not (isinstance(parent, ast.Call) and len(parent.args) == 2 and parent.args[1] is node):
        return False
    f = parent.func
    return isinstance(f, ast.Attribute) and f.attr in _ENV_GETS and (
        (f.attr == "getenv" and isinstance(f.value, ast.Name) and f.value.id == "os")
        or (f.attr == "get" and isinstance(f.value, ast.Attribute) and f.value.attr == "environ"))


def _self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


class _Flow:
    def __init__(self, tree: ast.AST, mentioned: Callable[..., bool],
                 others: Optional[Callable[[str], List[Tuple[str, ast.AST]]]] = None, here: str = ""):
        self.parents: Dict[int, ast.AST] = {}
        self._attach(tree, here)
        self.tree = tree
        self.mentioned = mentioned
        self.others = others or (lambda name: [])
        self.namespaces = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                           and _callee(n.value) in ("parse_args", "parse_known_args") for t in n.targets
                           if isinstance(t, ast.Name)}

    def _attach(self, tree: ast.AST, path: str) -> None:
        """Parents of ``tree``'s nodes (a file the value is read in), and the file it is."""
        self.paths = getattr(self, "paths", {})
        if id(tree) in self.paths:
            return
        self.paths[id(tree)] = path
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node

    def _root(self, node: ast.AST) -> ast.AST:
        while id(node) in self.parents:
            node = self.parents[id(node)]
        return node

    def _mentioned(self, at: ast.AST, *names: str) -> bool:
        """Another scanned file than the one ``at`` is in names every one of ``names``."""
        return self.mentioned(*names, exclude=self.paths.get(id(self._root(at)), ""))

    def scope(self, node: ast.AST) -> Optional[ast.AST]:
        p = self.parents.get(id(node))
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            p = self.parents.get(id(p))
        return p

    def uses(self, where: ast.AST, name: str) -> List[ast.AST]:
        return [n for n in ast.walk(where) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]

    def step(self, node: ast.AST) -> Optional[List[ast.AST]]:
        """Where the value goes next ([] for a harmless end), or None when it may be accepted or set."""
        parent = self.parents.get(id(node))
        if isinstance(parent, ast.BoolOp):
            return [parent]
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
            return []
        if isinstance(parent, (ast.If, ast.While)) and parent.test is node:
            return []
        if isinstance(parent, ast.Compare):
            others = [parent.left, *parent.comparators]
            return [] if all(o is node or isinstance(o, ast.Constant) for o in others) else None
        if isinstance(parent, ast.Call) and node in parent.args:
            if _env_fallback(node, parent):
                return [parent]
            return self._merged(parent) if _merge_into(parent) else self._handed(parent)
        if isinstance(parent, ast.Dict) and node in parent.values:
            return [parent]  # {"password": pw}: the settings go where the display goes
        if isinstance(parent, ast.Subscript) and parent.value is node:
            return [] if isinstance(parent.ctx, ast.Store) else [parent]  # cfg["x"] = ..., cfg["llm"]
        if isinstance(parent, ast.Attribute) and parent.value is node:
            return self._method(parent)
        if isinstance(parent, ast.keyword):
            call = self.parents.get(id(parent))
            if not isinstance(call, ast.Call):
                return None
            if parent.arg == "default" and _callee(call) == "add_argument":
                return self._option(call)
            return self._handed(call)
        if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1 and \
                isinstance(parent.targets[0], ast.Name):
            return self._name(parent, parent.targets[0].id)
        if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1 and \
                _self_attr(parent.targets[0]):
            return self._field(parent, parent.targets[0].attr)
        if isinstance(parent, (ast.Tuple, ast.List)):
            return [parent]  # (self.username, self.password): the pair goes where the display goes
        if isinstance(parent, ast.FormattedValue) and self._logged(self.parents.get(id(parent))):
            return []  # logger.debug(f"password: {pw}"): shown, not accepted (secret-in-log says the rest)
        if isinstance(parent, ast.Return):
            return self._returned(parent)
        return None

    def _logged(self, text: Optional[ast.AST]) -> bool:
        """An f-string handed as is to a log call or print."""
        call = self.parents.get(id(text)) if isinstance(text, ast.JoinedStr) else None
        return isinstance(call, ast.Call) and text in call.args and _callee(call) in _LOGS

    def _class(self, node: ast.AST) -> Optional[ast.ClassDef]:
        p = self.parents.get(id(node))
        while p is not None and not isinstance(p, ast.ClassDef):
            p = self.parents.get(id(p))
        return p

    def _field(self, stmt: ast.AST, attr: str) -> Optional[List[ast.AST]]:
        """``self.password = <value>`` in a class: every ``self.password`` its methods read, when no
        other scanned file that names the class reads that attribute of some object."""
        cls = self._class(stmt)
        if cls is None or self._mentioned(stmt, cls.name, "." + attr):
            return None
        reads = [n for n in ast.walk(cls) if _self_attr(n) and n.attr == attr and isinstance(n.ctx, ast.Load)]
        return reads or None

    def _returned(self, ret: ast.Return) -> Optional[List[ast.AST]]:
        """``return (self.username, self.password)`` in a method: the calls ``self.<method>()`` of
        its class; ``return {...}`` in a module function: its calls in this file (none, or
        another file naming the method or function: unknown)."""
        fn = self.scope(ret)
        if fn is not None and self.parents.get(id(fn)) is self._root(ret):
            if self._mentioned(ret, fn.name):
                return None
            calls = [n for n in ast.walk(self._root(ret)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                     and n.func.id == fn.name]
            return calls or None
        cls = self._class(ret) if fn is not None else None
        if cls is None or self.parents.get(id(fn)) is not cls or self._mentioned(ret, cls.name, fn.name):
            return None
        calls = [n for n in ast.walk(cls) if isinstance(n, ast.Call) and _self_attr(n.func) and n.func.attr == fn.name]
        return calls or None

    def _merged(self, call: ast.Call) -> Optional[List[ast.AST]]:
        """``settings.update({...})``: the entries join the local mapping ``settings``; its uses."""
        return self._name(call, call.func.value.id)  # type: ignore[attr-defined]

    def _method(self, attr: ast.Attribute) -> Optional[List[ast.AST]]:
        """A mapping's method: a read (``cfg.get("llm")``) goes where its result goes, a change
        of the mapping (``cfg.update(other)``) ends here (its other uses are followed)."""
        call = self.parents.get(id(attr))
        if not (isinstance(call, ast.Call) and call.func is attr):
            return None
        if attr.attr in _MAP_READS:
            return [call]
        return [] if attr.attr in _MAP_CHANGES else None

    def _handed(self, call: ast.Call) -> Optional[List[ast.AST]]:
        name = _callee(call)
        return None if name is None or _SETS.match(name) else []

    def _name(self, stmt: ast.AST, name: str) -> Optional[List[ast.AST]]:
        scope = self.scope(stmt)
        owner = self.parents.get(id(stmt))
        if scope is None and isinstance(owner, ast.ClassDef):
            return self._shared(stmt, owner, name)  # class Config: KEY = os.getenv(..., "dummy")
        if scope is None and self._mentioned(stmt, name):
            return self._shared(stmt, None, name)  # a module-level name another module imports
        return self.uses(scope or self._root(stmt), name) or None  # unused: what it is for is unknown

    def _shared(self, stmt: ast.AST, cls: Optional[ast.ClassDef], name: str) -> Optional[List[ast.AST]]:
        """A setting kept where every module reads it: an attribute of a module-level class
        (``Config.KEY``) or a module-level name (``settings.KEY``, ``from settings import KEY``):
        its reads in this file and in the other files that name it, when each of their
        mentions of it is such a read (none changes it, none reads it another way)."""
        root = self._root(stmt)
        if cls is not None and self.parents.get(id(cls)) is not root:
            return None
        if cls is None and self.parents.get(id(stmt)) is not root:
            return None
        reads: List[ast.AST] = []
        for tree in [root] + [t for _, t in self.others(name)]:
            got = _setting_reads(tree, cls.name if cls else None, name, stmt)
            if got is None:
                return None
            reads += got
        for path, tree in self.others(name):
            self._attach(tree, path)
        return reads or None

    def _option(self, call: ast.Call) -> Optional[List[ast.AST]]:
        flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        dest = next((k.value.value for k in call.keywords if k.arg == "dest" and isinstance(k.value, ast.Constant)),
                    None) or next((f.lstrip("-").replace("-", "_") for f in flags if f.startswith("--")), None)
        if not dest:
            return None
        reads = [n for n in ast.walk(self.tree) if isinstance(n, ast.Attribute) and n.attr == dest
                 and isinstance(n.ctx, ast.Load)]
        if not reads or not all(isinstance(r.value, ast.Name) and r.value.id in self.namespaces for r in reads):
            return None
        return reads

    def presented_only(self, literal: ast.AST) -> bool:
        return every_end_harmless(literal, self.step, _MAX_STEPS)


def _setting_reads(tree: ast.AST, owner: Optional[str], name: str, stmt: ast.AST) -> Optional[List[ast.AST]]:
    """The reads of setting ``name`` in ``tree`` (``owner.name`` of class ``owner``; of a
    module-level name: the name, ``<module>.name``, imported by name), or None when it is
    mentioned there another way (assigned, read off an instance, an argument of a call)."""
    reads: List[ast.AST] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Attribute) and n.attr == name:
            if not isinstance(n.ctx, ast.Load) or not isinstance(n.value, ast.Name) or n.value.id != (owner or n.value.id) \
                    or n.value.id in ("self", "cls"):
                return None
            reads.append(n)
        elif isinstance(n, ast.Name) and n.id == name:
            if owner is not None and not (isinstance(n.ctx, ast.Store) and _assigned_by(n, stmt)):
                return None  # a name of a class body other than its own assignment
            if owner is None and isinstance(n.ctx, ast.Load):
                reads.append(n)
            elif owner is None and not _assigned_by(n, stmt):
                return None
        elif isinstance(n, ast.alias) and (n.asname or n.name.rsplit(".", 1)[-1]) == name and n.asname not in (None, name):
            return None  # imported under another name
    return reads


def _assigned_by(target: ast.Name, stmt: ast.AST) -> bool:
    return isinstance(stmt, ast.Assign) and any(t is target for t in stmt.targets)


def placeholder_logins(text: str, hits: Sequence[int], mentioned: Callable[..., bool],
                       others: Optional[Callable[[str], List[Tuple[str, ast.AST]]]] = None, here: str = "") -> List[int]:
    """The lines among ``hits`` whose credential is a placeholder env fallback presented to a client."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    flow = _Flow(tree, mentioned, others, here)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno in hits and \
                is_placeholder(node.value) and _env_fallback(node, flow.parents.get(id(node))) and \
                flow.presented_only(node):
            out.append(node.lineno)
    return out


def demote_placeholders(findings: List[Finding], root, files: Iterable[str], py=None) -> None:
    """``hardcoded-credential`` hits on a placeholder env fallback that the program only presents
    as a client login: to the audit view with the reason (see the module). ``py``: the run's
    :class:`~.pyfiles.PyFiles` (made from ``files`` when not given), which reads each file once
    for every cross-file pass."""
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id == RULE and f.confidence > Confidence.LOW:
            by_file.setdefault(f.location.path, []).append(f)
    if not by_file:
        return
    if py is None:
        from .pyfiles import PyFiles

        py = PyFiles(root, files)
    trees: Dict[str, ast.AST] = {}

    def read(path: str) -> str:
        return py.text(path) or ""

    for rel, hits in by_file.items():
        here = os.path.abspath(os.path.join(str(root), rel))

        def mentioned(*names: str, exclude: str = here) -> bool:
            """Another scanned Python file than ``exclude``, not a test (``@patch("mod.PASSWORD",
            ...)`` changes nothing the program does), names every one of ``names``."""
            return bool(_naming(names, exclude))

        def _naming(names, exclude: str) -> List[str]:
            patterns = [re.compile(rf"\b{re.escape(name)}\b") for name in names]
            return [p for p in py.paths if p != os.path.abspath(exclude or here)
                    and not py.is_test(p) and all(pt.search(read(p)) for pt in patterns)]

        def others(name: str) -> List[Tuple[str, ast.AST]]:
            """The other program files that name ``name``, parsed (one that cannot be: unknown)."""
            out = []
            for p in _naming((name,), here):
                if p not in trees:
                    tree = py.tree(p)
                    trees[p] = tree if tree is not None else \
                        ast.Module(body=[ast.Expr(ast.Name(name, ast.Load()))], type_ignores=[])
                out.append((p, trees[p]))
            return out

        lines = placeholder_logins(read(here), [f.location.line for f in hits], mentioned, others, here)
        for f in hits:
            if f.location.line in lines:
                f.confidence = Confidence.LOW
                f.message += f"; {REASON}"
                f.properties["credential-context"] = "placeholder-login"
