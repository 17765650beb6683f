"""speed50 (issue 15): whole-module regular expressions run only over texts that hold one of the
literals every match contains (mcpaudit/regexgate.py). The gate must never change an answer:
checked here on every file under fixtures/ and on texts made to sit at its edges (case, non-ASCII
folding, bytes), and the scan's hot sites must go through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcpaudit.regexgate import MIN_LITERAL, Gated, gated, required_literals

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _site_gates():
    """Every gated pattern of the scan's hot sites, by name."""
    from mcpaudit.analysis import entryreach
    from mcpaudit.analysis.posture import transports, typescript
    from mcpaudit.analysis.ts import barerebind, normalisers, originguard, remotebrowser, routerauth

    return {
        "routerauth._AUTH_TEXT": routerauth._AUTH_TEXT,
        "routerauth._UNAUTHORIZED_TEXT": routerauth._UNAUTHORIZED_TEXT,
        "remotebrowser._LAUNCHES": remotebrowser._LAUNCHES,
        "remotebrowser._CONNECTS": remotebrowser._CONNECTS,
        "barerebind._HEADER_READ": barerebind._HEADER_READ,
        "originguard._FORBIDDEN": originguard._FORBIDDEN,
        "normalisers._PATH_IMPORT": normalisers._PATH_IMPORT,
        "typescript._STDIO_SUBCLASS": typescript._STDIO_SUBCLASS,
        "typescript._WILDCARD_TEXT": typescript._WILDCARD_TEXT,
        "transports._CLI_TRANSPORT": transports._CLI_TRANSPORT,
        "entryreach._FILE": entryreach._FILE,
    }


def test_literals_read_from_the_pattern():
    assert required_literals(re.compile(r"(?i)auth|token|api_?key|bearer")) == ("auth", "token", "api", "bearer")
    assert required_literals(re.compile(r"\b401\b|Unauthori[sz]ed|UNAUTHORI[SZ]ED")) == ("401", "Unauthori", "UNAUTHORI")
    assert required_literals(re.compile(r"([\w-]+)\.py\b")) == (".py",)
    # the longest run a branch always passes through; bytes stay bytes in the gate
    assert required_literals(re.compile(rb"(?:from\s*|require\(\s*)[\"'](?:node:)?path[\"']")) == ("require(",) or \
        required_literals(re.compile(rb"(?:from\s*|require\(\s*)[\"'](?:node:)?path[\"']")) == ("path",)
    assert Gated(re.compile(rb"\b403\b")).literals == (b"403",)
    # case-insensitive: lowered; a group of its own flags, an optional part, a branch without a
    # literal, a run shorter than MIN_LITERAL: nothing is read, the pattern always runs
    assert required_literals(re.compile(r"(?i)HeAdErS\s*\.")) == ("headers",)
    for pattern in (r"a(?i:bcd)e", r"(?:token)?x", r"foo|\w+", r"ab|cd", r"\w+\.x", r"(?i)\u212aab"):
        assert required_literals(re.compile(pattern)) is None, pattern
    assert required_literals(re.compile(r"(?i)\u212aelvin")) == ("elvin",)  # the run after a folded non-ASCII letter
    assert MIN_LITERAL == 3


def _texts():
    """Every fixture file's text (str and bytes), and texts at the gate's edges."""
    out = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.stat().st_size < 400_000:
            data = path.read_bytes()
            out.append(data)
            out.append(data.decode("utf-8", "replace"))
    edges = ["", "Token", "TOKEN here", "to\u212aen", "\u017fignature", "AUTHORIZATION", "x.launch (", "launch(",
             "status(401)", "code 4010", "res.status(403)", "headers.Origin", "HEADERS [ 'host' ]", "server.py",
             "run_server-2.py", "-py", "--transport=sse", "MCP_TRANSPORT: stdio", "class X extends StdioServerTransport",
             "Access-Control-Allow-Origin: *", "access-control-allow-origin='*'", "require('node:path')",
             "from 'path'", "\u00e9 unauthorized \u00e9", "Unauthorised"]
    for t in edges:
        out.extend([t, t.encode("utf-8"), "pad " * 60 + t + " pad" * 60])
    return out


@pytest.mark.parametrize("name", sorted(_site_gates()))
def test_a_gate_never_changes_an_answer(name):
    gate = _site_gates()[name]
    assert isinstance(gate, Gated) and gate.literals, name  # the site reads through a gate that decides
    kind = type(gate.pattern.pattern)
    skipped = 0
    for text in _texts():
        if type(text) is not kind:
            continue
        p = gate.pattern
        if not gate.may_match(text):
            skipped += 1
            assert p.search(text) is None, (name, text[:80])
        assert [m.span() for m in gate.finditer(text)] == [m.span() for m in p.finditer(text)]
        assert gate.findall(text) == p.findall(text)
        got, want = gate.search(text), p.search(text)
        assert (got and got.span()) == (want and want.span())
        assert bool(gate.match(text)) == bool(p.match(text))
        assert bool(gate.fullmatch(text)) == bool(p.fullmatch(text))
    assert skipped, name  # the gate does decide on real texts


class _Counting:
    def __init__(self, pattern):
        self.pattern, self.flags, self.calls = pattern.pattern, pattern.flags, 0
        self._p = pattern

    def search(self, *a):
        self.calls += 1
        return self._p.search(*a)


def test_the_regex_is_not_run_on_a_text_without_its_literals():
    gate = gated(re.compile(r"(?i)auth|token|bearer"))
    counting = _Counting(gate.pattern)
    gate.pattern = counting  # type: ignore[assignment]
    assert gate.search("const x = readFile(path);" * 50) is None and counting.calls == 0
    assert gate.search("const t = req.headers.Bearer") is not None and counting.calls == 1
    # a non-ASCII text is always searched: re folds the Kelvin sign to k
    assert gate.search("to\u212aen") is not None and counting.calls == 2


def test_router_guards_decide_the_same_with_and_without_the_gate(monkeypatch):
    """routerauth's whole-module test through the gates and through the bare patterns: the same
    guards on every TypeScript fixture."""
    from mcpaudit.analysis.ts import routerauth
    from mcpaudit.analysis.ts.parse import parse

    every = [p for p in sorted(FIXTURES.rglob("*.ts")) if p.stat().st_size < 200_000]
    # the modules that answer 401 (guard candidates), and a tenth of the others
    files = [p for i, p in enumerate(every) if b"401" in p.read_bytes() or i % 10 == 0]
    assert files
    gated_out = []
    for path in files:
        data = path.read_bytes()
        gated_out.append(routerauth.router_guards(data, parse(data, str(path)).root_node))
    monkeypatch.setattr(routerauth, "_AUTH_TEXT", routerauth._AUTH)
    monkeypatch.setattr(routerauth, "_UNAUTHORIZED_TEXT", routerauth._UNAUTHORIZED)
    bare = []
    for path in files:
        data = path.read_bytes()
        bare.append(routerauth.router_guards(data, parse(data, str(path)).root_node))
    assert gated_out == bare
    assert any(gated_out)  # some fixture has a guard: the comparison is not empty


def _old_overrides(cls):
    from mcpaudit.analysis import visitorder as V

    return sorted(n for n in dir(cls) if V._FIELD_METHOD.match(n) and V._method(cls, n))


def _new_overrides(cls):
    from mcpaudit.analysis import visitorder as V

    return sorted(n for n in V._own_names(cls) if V._FIELD_METHOD.match(n) and V._method(cls, n))


def test_a_visitor_plan_reads_the_same_methods_from_its_own_names():
    """visitorder._plan reads a visitor class's own names, not dir(): the same field methods for
    every visitor class the analysis defines, and for classes made to sit at the edges."""
    import libcst as cst

    import mcpaudit.engines.cst  # noqa: F401  (the analysis and its visitors)
    from mcpaudit.analysis import visitorder as V

    class Mixin:
        def visit_Name_value(self, node):  # after CSTVisitor in the order: CSTVisitor's wins
            return None

        def visit_Nothing_here(self, node):  # a name CSTVisitor lacks: the mixin's counts
            return None

    class Fields(cst.CSTVisitor):
        def leave_Call_func(self, node):
            return None

    class Late(cst.CSTVisitor, Mixin):
        pass

    class Early(Mixin, cst.CSTVisitor):
        pass

    class Plain(cst.CSTVisitor):
        def visit_Name(self, node):
            return None

    class Sub(Fields):
        visit_Attribute_attr = classmethod(lambda cls, node: None)

    seen, stack = [], list(cst.CSTVisitor.__subclasses__())
    while stack:
        c = stack.pop()
        seen.append(c)
        stack.extend(c.__subclasses__())
    own = [c for c in seen if c.__module__.startswith("mcpaudit.")]
    assert own  # the analysis defines visitors of its own
    for cls in [*seen, Fields, Late, Early, Plain, Sub]:
        assert _new_overrides(cls) == _old_overrides(cls), cls
    assert _new_overrides(Late) == ["visit_Nothing_here"]
    assert _new_overrides(Early) == ["visit_Name_value", "visit_Nothing_here"]
    assert _new_overrides(Plain) == [] and V._plan(Plain) == {} and V._plan(Fields) is None
    assert len(V._own_names(Plain)) < 50  # not libcst's 1,600 names


def test_the_posture_passes_whole_text_test_answers_as_the_bare_pattern():
    """evidence.anywhere (the posture pass's whole-text test before its line-by-line greps) runs
    each pattern's line-oriented twin behind its literals: the same answer as the bare twin for
    every pattern the posture modules define, on a sample of the fixtures' files."""
    import importlib
    import pkgutil

    import mcpaudit.analysis.posture as posture
    from mcpaudit.analysis.posture import evidence

    patterns = []
    for info in pkgutil.iter_modules(posture.__path__):
        mod = importlib.import_module(f"{posture.__name__}.{info.name}")
        patterns += [v for v in vars(mod).values() if isinstance(v, re.Pattern) and isinstance(v.pattern, str)]
    assert len(patterns) > 50
    every = [p for p in sorted(FIXTURES.rglob("*")) if p.is_file() and p.stat().st_size < 100_000]
    texts = [p.read_bytes().decode("utf-8", "replace") for p in every[::7]]
    texts += ["Access-Control-Allow-Origin: *", "RUN chmod +x app", "mem_limit: 2g", "\u212a"]
    decided = 0
    for p in dict.fromkeys(patterns):
        bare = re.compile(p.pattern, p.flags | re.M)
        for t in texts:
            assert evidence.anywhere(p, t) == (bare.search(t) is not None), (p.pattern[:60], t[:60])
        decided += getattr(evidence._MULTILINE.get(p), "literals", None) is not None
    assert decided > 20  # most of them have literals to test first


def test_the_literals_are_kept_in_the_compact_store(monkeypatch):
    """Reading the literals costs re's pure-Python parser: a pattern read once is not read again
    (the compact store's entry, under this module's source and the interpreter's version)."""
    from mcpaudit import regexgate

    import uuid

    run = uuid.uuid4().hex  # patterns no earlier run can have stored (the store outlives the process)
    p = re.compile(rf"zebra{run}_\d+|giraffe{run}")
    monkeypatch.setattr(regexgate, "_KNOWN", None)
    first = required_literals(p)
    assert first == (f"zebra{run}_", f"giraffe{run}")
    calls = []
    monkeypatch.setattr(regexgate, "_read_literals", lambda pat: calls.append(pat))
    monkeypatch.setattr(regexgate, "_KNOWN", None)  # as a new process: the entry is read again
    assert required_literals(p) == first and calls == []
    assert required_literals(re.compile(f"okapi{run}")) is None and len(calls) == 1  # a new one is read
