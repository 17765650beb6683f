"""speed29: a module's analysis reads each libcst node's children once (``positions.FIELD_KIDS``,
``VISIT_KIDS``: ``collect``, ``find_all``, ``calls_in_stmt``, ``kids_reversed``), a visitor with
an ``on_visit`` of its own takes the fast walk (``visitorder._visit_hooked``), and
``argvchoices``/``probes`` read children without libcst's ``children`` property (a visitor per
call). Same answers as before: the fixture's findings, and every walk on every fixture module
compared with the walk it replaces."""

from __future__ import annotations

import functools
from pathlib import Path

import libcst as cst
import pytest

from mcpaudit.analysis import positions as P
from mcpaudit.analysis import visitorder as V
from mcpaudit.analysis.argvchoices import _holds
from mcpaudit.analysis.cstnodes import calls_in_stmt
from mcpaudit.analysis.probes import _parents
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "speed29" / "walks"

EXPECTED = [
    ("tool-path-traversal", "server.py", 16, "manage",
     "tool 'manage' passes parameter 'name' to os.rmdir(): path traversal / arbitrary file access (write)"),
    ("tool-shell-injection", "server.py", 13, "manage",
     "tool 'manage' passes parameter 'name' to subprocess.run(shell=True): OS command injection"),
]


class _Null(dict):
    """A children table that keeps nothing: every walk reads the fields again."""

    def get(self, key, default=None):
        return None

    def __setitem__(self, key, value):
        pass


def _scan(name: str):
    path = FIXTURE / name / "server.py"
    out, _ = cst_engine.run([(str(path), "server.py")], path.parent, jobs=1, min_confidence=Confidence.LOW,
                            first_pass=False)
    assert not out.errors, out.errors
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings)


@pytest.mark.parametrize("name", ["vulnerable", "safe"])
def test_fixture_findings_with_and_without_the_children_tables(monkeypatch, name):
    kept = _scan(name)
    assert kept == (EXPECTED if name == "vulnerable" else [])
    monkeypatch.setattr(P, "FIELD_KIDS", _Null())
    monkeypatch.setattr(V, "VISIT_KIDS", _Null())
    assert _scan(name) == kept
    monkeypatch.undo()  # (the real tables, not the _Null ones that keep nothing)
    assert not P.FIELD_KIDS and not V.VISIT_KIDS


def test_the_tables_are_emptied_when_an_analysis_ends():
    _scan("vulnerable")
    assert not P.FIELD_KIDS and not V.VISIT_KIDS


@pytest.mark.parametrize("error", [RecursionError, cst_engine.CpuLimit])
def test_the_tables_are_emptied_when_an_analysis_raises(monkeypatch, error):
    from mcpaudit.analysis.module import ModuleAnalyzer

    run, seen = ModuleAnalyzer.run, []

    def failing(self):
        run(self)  # (fills the tables)
        seen.append(len(P.FIELD_KIDS) + len(V.VISIT_KIDS))
        raise error()

    monkeypatch.setattr(ModuleAnalyzer, "run", failing)
    path = FIXTURE / "vulnerable" / "server.py"
    out, _ = cst_engine.run([(str(path), "server.py")], path.parent, jobs=1, min_confidence=Confidence.LOW,
                            first_pass=False)
    assert seen and seen[0] > 0
    assert not out.findings
    assert not P.FIELD_KIDS and not V.VISIT_KIDS


@functools.lru_cache(maxsize=1)
def _modules():
    out = []
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        try:
            out.append(cst.parse_module(path.read_text(encoding="utf-8")))
        except (cst.ParserSyntaxError, UnicodeDecodeError):
            continue
    assert len(out) > 50
    return out


def _all_nodes(mod):
    return V.find_all(mod, cst.CSTNode)


def _calls_in_stmt_before(stmt):
    """``calls_in_stmt`` as it was: every field, tokens included, ``isinstance`` tests."""
    out = []
    stack = [stmt]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call):
            out.append(n)
        if isinstance(n, (cst.IndentedBlock, cst.SimpleStatementSuite)) and n is not stmt:
            continue
        for f in n.__dataclass_fields__:
            v = getattr(n, f)
            if P.is_node(type(v)):
                stack.append(v)
            elif isinstance(v, (list, tuple)):
                stack.extend(x for x in v if P.is_node(type(x)))
    return out


def _parents_before(root):
    out = {}

    class Parents(cst.CSTVisitor):
        def on_visit(self, node):
            for child in node.children:
                if type(child) not in P.TOKEN_TYPES:  # (tokens: nothing asks for their parents)
                    out[id(child)] = node
            return True

    root.visit(Parents())
    return out


def test_children_walks_match_the_walks_they_replace_on_every_fixture():
    statements = 0
    for mod in _modules():
        P.forget_kids()
        nodes = _all_nodes(mod)
        for n in nodes:
            assert V.kids_reversed(n) == list(reversed(n.children))
            plain = []
            P.node_fields(n, n.__dataclass_fields__, P.TOKEN_TYPES, plain)
            assert P.field_kids(n) == plain
            if isinstance(n, cst.BaseStatement):
                statements += 1
                assert calls_in_stmt(n) == _calls_in_stmt_before(n)
        assert _parents(mod) == _parents_before(mod)
        # asked twice, the walks answer from the tables the same
        assert P.collect(mod, (cst.Name, cst.Call)) == P.collect(mod, (cst.Name, cst.Call))
        P.forget_kids()
        fresh = P.collect(mod, (cst.Name, cst.Call))
        assert [id(x) for x in P.collect(mod, (cst.Name, cst.Call))] == [id(x) for x in fresh]
        assert [id(x) for x in V.find_all(mod, cst.Name)] == [id(x) for x in V.find_all(mod, cst.Name)]
    P.forget_kids()
    assert statements > 1000


def test_holds_is_below():
    mod = cst.parse_module("if a:\n    f(b)\nelse:\n    g(c)\n")
    call = V.find_all(mod, cst.Call)[0]
    branch = mod.body[0]
    assert _holds(mod, call) and _holds(branch.body, call) and _holds(call, call)
    assert not _holds(branch.orelse, call) and not _holds(branch.test, call)
    P.forget_kids()


class _OwnOnVisit(cst.CSTVisitor):
    """A visitor with its own ``on_visit`` (as bridges.py's), recording every call."""

    def __init__(self):
        super().__init__()
        self.log = []

    def on_visit(self, node):
        self.log.append(("on", type(node).__name__, id(node)))
        return super().on_visit(node) and not isinstance(node, cst.Lambda)

    def visit_ClassDef(self, node):
        self.log.append(("v", id(node)))
        return False

    def visit_Call(self, node):
        self.log.append(("call", id(node)))

    def leave_FunctionDef(self, node):
        self.log.append(("l", id(node)))

    def leave_ClassDef(self, node):
        self.log.append(("lc", id(node)))


def test_a_visitor_with_its_own_on_visit_takes_the_fast_walk_and_sees_what_libcst_shows_it():
    assert V._plan(_OwnOnVisit) is not None and V._ON_VISIT[_OwnOnVisit]
    for mod in _modules()[::2]:
        a, b = _OwnOnVisit(), _OwnOnVisit()
        mod.visit(a)
        V.visit(mod, b)
        assert b.log == a.log and a.log


def test_every_node_class_answers_isinstance_and_issubclass_as_abcmeta_does():
    import abc

    from mcpaudit.analysis import fastchecks

    classes = fastchecks.node_classes()
    assert fastchecks.INSTALLED == len(classes) > 300
    assert all(type(k) is fastchecks._MroChecks for k in classes)
    # ABCMeta's answer for a class with no registered virtual subclass (none here) and no
    # __subclasshook__ of its own is the MRO's: the expected answers come from the MRO, not from
    # ABCMeta's check (which would ask the switched classes again)
    assert not any(abc._get_dump(k)[0] for k in classes)
    assert not any("__subclasshook__" in vars(k) for k in classes)
    for k in classes:
        for c in classes:
            assert issubclass(c, k) == (k in c.__mro__), (c, k)
    sample = [n for mod in _modules()[:20] for n in _all_nodes(mod)]
    kinds = {type(n) for n in sample}
    for n in sample[::7]:
        mro = type(n).__mro__
        for k in classes:
            assert isinstance(n, k) == (k in mro)
    assert len(kinds) > 60
    assert not isinstance("x", cst.CSTNode) and not isinstance(None, cst.BaseExpression)


def test_a_registered_virtual_subclass_keeps_abcmeta(monkeypatch):
    import abc

    from mcpaudit.analysis import fastchecks

    assert fastchecks.install() == 0  # (already switched)
    # a node class made later is switched too: its register() refuses instead of being ignored
    probe = type("Probe", (cst.CSTNode,), {})
    try:
        assert type(probe) is fastchecks._MroChecks
        with pytest.raises(TypeError, match=r"Probe.register\('int'\).*virtual subclasses are not supported"):
            probe.register(int)
        assert not isinstance(1, probe) and fastchecks._plain(probe)
    finally:
        import gc

        del probe
        gc.collect()  # (out of CSTNode's subclasses again)
    # a class with a registered virtual subclass among the node classes: none is switched, and
    # the registration is answered (ABCMeta's check)
    base = abc.ABCMeta("Base", (), {})
    base.register(int)
    plain = abc.ABCMeta("Plain", (), {})
    monkeypatch.setattr(fastchecks, "node_classes", lambda: [plain, base])
    assert not fastchecks._plain(base) and fastchecks._plain(plain)
    assert fastchecks.install() == 0
    assert type(base) is abc.ABCMeta and type(plain) is abc.ABCMeta
    assert isinstance(1, base) and issubclass(int, base) and not isinstance(1, plain)
    monkeypatch.undo()
    assert all(fastchecks._plain(k) for k in fastchecks.node_classes())
