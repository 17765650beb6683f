"""regexgate's literal test against every pattern the tool compiles (rev51p, issue 12).

A wrong literal drops matches silently, so the gate is checked as a property: for every regular
expression mcpaudit compiles when its modules are imported and its catalog is loaded (its own
patterns and the models' rows), and for the same pattern case-insensitive and line-oriented, a
gated search answers as the plain one on texts drawn from the pattern itself (a random walk of
its parse tree), then changed: case swapped, ASCII letters replaced by the characters ``re``'s
Unicode case folding matches to them (the Kelvin sign for ``k``, the long s for ``s``, dotted
and dotless I), upper-cased, line ends made ``\\r\\n``, set in other text. Hand-written edge cases
cover ``(?i)``, scoped flags, ``\\b``, classes, lookarounds, bytes and common prefixes.

The posture pass's hand-registered needles (``evidence.prefiltered``) are held to the same
standard: each set is proved against the literals regexgate reads (every such literal holds a
needle, compared lowered for a case-insensitive pattern), and ``evidence.anywhere`` answers as the
bare line-oriented pattern on the drawn texts.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from mcpaudit.regexgate import Gated, required_literals

ROOT = Path(__file__).resolve().parent.parent
_P = re._parser
_C = re._constants

# -- every pattern the tool compiles ------------------------------------------------------------------

_COLLECT = r"""
import json, pkgutil, importlib, re, sys
seen = {}
_orig = re._compile
def _rec(pattern, flags):
    p = _orig(pattern, flags)
    if isinstance(p.pattern, str):
        seen[(p.pattern, int(p.flags), False)] = None
    else:
        seen[(p.pattern.decode("latin-1"), int(p.flags), True)] = None
    return p
re._compile = _rec
import mcpaudit
for m in pkgutil.walk_packages(mcpaudit.__path__, "mcpaudit."):
    try:
        importlib.import_module(m.name)
    except Exception:
        pass
from mcpaudit.catalog import catalog
c = catalog()
for attr in dir(c):
    try:
        getattr(c, attr)
    except Exception:
        pass
json.dump(list(seen), sys.stdout)
"""


@lru_cache(maxsize=1)
def _patterns():
    """(pattern, flags) of every regex compiled by importing every module of mcpaudit and loading
    its catalog, in a fresh interpreter (``re._compile`` recorded from the start)."""
    out = subprocess.run([sys.executable, "-c", _COLLECT], capture_output=True, text=True, cwd=str(ROOT),
                         check=True, timeout=300)
    pats = []
    for src, flags, is_bytes in json.loads(out.stdout):
        pats.append((src.encode("latin-1") if is_bytes else src, flags))
    return pats


# -- texts drawn from a pattern -------------------------------------------------------------------------

_CATS = {
    _C.CATEGORY_DIGIT: "0123456789", _C.CATEGORY_NOT_DIGIT: "aZ_-./ \u212a",
    _C.CATEGORY_SPACE: " \t\n", _C.CATEGORY_NOT_SPACE: "aZ0_-\u212a",
    _C.CATEGORY_WORD: "aZ0_k\u212a\u017f", _C.CATEGORY_NOT_WORD: " -./'\"(\n",
}
_OTHER = "ax_ -'\"\n0.,:/Zk\u212a"


def _draw(items, rng, groups) -> str:
    out = []
    for op, av in items:
        if op is _C.LITERAL:
            out.append(chr(av))
        elif op is _C.NOT_LITERAL:
            out.append(rng.choice([c for c in _OTHER if ord(c) != av]))
        elif op is _C.ANY:
            out.append(rng.choice("ax_ -./0"))
        elif op is _C.IN:
            out.append(_draw_in(av, rng))
        elif op is _C.BRANCH:
            out.append(_draw(rng.choice(av[1]), rng, groups))
        elif op is _C.SUBPATTERN:
            s = _draw(av[3], rng, groups)
            if av[0] is not None:
                groups[av[0]] = s
            out.append(s)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            n = rng.randint(lo, lo + 3 if hi == _C.MAXREPEAT else min(hi, lo + 3))
            out.append("".join(_draw(sub, rng, groups) for _ in range(n)))
        elif op is _C.ATOMIC_GROUP:
            out.append(_draw(av, rng, groups))
        elif op is _C.GROUPREF:
            out.append(groups.get(av, ""))
        elif op is _C.AT and rng.random() < 0.5:
            out.append("\n" if av in (_C.AT_BEGINNING, _C.AT_END) else " ")
    return "".join(out)


def _draw_in(av, rng) -> str:
    negate = any(op is _C.NEGATE for op, _ in av)
    cands = []
    for op, a in av:
        if op is _C.LITERAL:
            cands.append(chr(a))
        elif op is _C.RANGE:
            cands += [chr(a[0]), chr(a[1]), chr(rng.randint(*a))]
        elif op is _C.CATEGORY:
            cands += list(_CATS.get(a, "a "))
    if negate:
        pool = [c for c in _OTHER if c not in cands]
        return rng.choice(pool) if pool else "x"
    return rng.choice(cands) if cands else "x"


_FOLDS = {"k": "\u212a", "K": "\u212a", "s": "\u017f", "S": "\u017f", "i": "\u0130", "I": "\u0131"}


def _change(s: str, rng) -> str:
    r = rng.random()
    if r < 0.25:
        return "".join(c.swapcase() if rng.random() < 0.5 else c for c in s)
    if r < 0.45:
        return "".join(_FOLDS.get(c, c) if rng.random() < 0.5 else c for c in s)
    if r < 0.55:
        return s.upper()
    if r < 0.65:
        return s.replace("\n", "\r\n")
    return s


def texts(pattern: "re.Pattern", rng, n: int):
    src = pattern.pattern
    is_bytes = isinstance(src, bytes)
    try:
        parsed = _P.parse(src.decode("latin-1") if is_bytes else src, pattern.flags & ~re.UNICODE if is_bytes else pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern re compiles but its parser alone refuses: no drawn texts
        parsed = []
    out = []
    for _ in range(n):
        t = rng.choice(["", "x = ", "  ", "foo\n", "# \u00e9 ", "(", "'"]) + _change(_draw(parsed, rng, {}), rng) \
            + rng.choice(["", "\n", " y", ")", "'\n"])
        out.append((t.encode("latin-1") if all(ord(c) < 256 for c in t) else t.encode("utf-8")) if is_bytes else t)
    return out


def _agree(p: "re.Pattern", t) -> bool:
    g = Gated(p)
    got, want = g.search(t), p.search(t)
    return (got and got.span()) == (want and want.span()) and \
        [m.span() for m in g.finditer(t)] == [m.span() for m in p.finditer(t)]


# -- the property ------------------------------------------------------------------------------------------


def test_the_collector_sees_the_patterns_of_the_modules_and_the_models():
    pats = {src for src, _ in _patterns()}
    assert len(pats) > 500
    from mcpaudit.analysis.posture import http
    from mcpaudit.catalog import catalog

    assert http._AUTH_PY.pattern in pats  # a module's own
    assert catalog().python.secret_name.pattern in pats  # a model row's


def test_a_gated_search_answers_as_the_plain_one_for_every_pattern_of_the_tool():
    gated = drawn = matched = 0
    bad = []
    for src, flags in _patterns():
        for extra in (0, re.I, re.M):
            try:
                p = re.compile(src, flags | extra)
            except (re.error, ValueError):
                continue
            if Gated(p).literals is None:
                continue
            gated += 1
            rng = random.Random(f"{src!r}{extra}")
            for t in texts(p, rng, 40):
                drawn += 1
                matched += p.search(t) is not None
                if not _agree(p, t):
                    bad.append((src, flags | extra, t))
                    break
    assert bad == []
    assert gated > 800 and matched > drawn // 3  # the drawn texts do match: the gate is tried where it matters


@pytest.mark.parametrize("pattern, text", [
    (r"(?i)token", "to\u212aen"),                       # Kelvin sign folds to k
    (r"(?i)secret", "\u017fecret"),                     # long s folds to s
    (r"(?i)\bkey\b", "API_\u212aEY x \u212aey"),
    (r"(?i)(?:bearer|basic)\s+\w+", "BEARER abc"),
    (r"(?i)[a-z]+_token", "MY_TOKEN"),
    (r"(?i)k[e]y_file", "\u212aEY_FILE"),
    (r"(?-i:Auth)(?i:orization)", "AuthORIZATION"),
    (r"(?i:auth)Header", "AUTHHeader"),
    (r"abc(?=def)", "abcdef"),
    (r"(?<=xyz)abc", "xyzabc"),
    (r"(?:abc|abd)e", "abde"),                           # a common prefix the parser factors out
    (r"(?:foo|bar)?bazz", "bazz"),
    (r"\bmcp_(?:server|client)\b", "x mcp_client y"),
    (r"[Aa]uthorization", "authorization"),
    (r"(?x) auth \s* = ", "auth  ="),
    (r"(?i)stra\u00dfe", "STRASSE"),                    # \u00df never folds to 'ss' in re, but non-ASCII text runs
    (rb"(?i)token", b"TOKEN"),
    (rb"\x80abc", b"\x80abc"),
])
def test_edge_cases_of_case_folding_flags_and_shapes(pattern, text):
    p = re.compile(pattern)
    assert _agree(p, text) and _agree(p, text.upper() if isinstance(text, str) else text.upper())
    if isinstance(text, str):
        assert _agree(p, "x " + text + "\u212a")


def test_literals_under_case_folding_leave_out_characters_that_fold_beyond_ascii():
    assert required_literals(re.compile(r"(?i)to\u212aen_value")) == ("en_value",)
    assert required_literals(re.compile(r"(?i)Secret|Token")) == ("secret", "token")
    assert Gated(re.compile(r"(?i)token")).may_match("to\u212aen")  # a non-ASCII text is searched


# -- the posture pass's hand-registered needles ----------------------------------------------------------------


def _needles():
    import importlib
    import pkgutil

    import mcpaudit.analysis.posture as posture
    from mcpaudit.analysis.posture import evidence

    for info in pkgutil.iter_modules(posture.__path__):
        importlib.import_module(f"{posture.__name__}.{info.name}")
    return evidence, dict(evidence._NEEDLES)


def test_every_needle_set_holds_one_needle_of_each_literal_the_pattern_requires():
    evidence, needles = _needles()
    assert len(needles) >= 8
    for p, ns in needles.items():
        lits = required_literals(re.compile(p.pattern, p.flags | re.M))
        assert lits, p.pattern[:60]
        lowered = [n.lower() for n in ns] if p.flags & re.I else list(ns)
        assert [lit for lit in lits if not any(n in lit for n in lowered)] == [], p.pattern[:60]


def test_the_needles_answer_as_the_bare_line_oriented_pattern_on_drawn_texts():
    evidence, needles = _needles()
    for p in needles:
        bare = re.compile(p.pattern, p.flags | re.M)
        rng = random.Random(p.pattern)
        for t in texts(p, rng, 200):
            assert evidence.anywhere(p, t) == (bare.search(t) is not None), (p.pattern[:60], t)


@pytest.mark.parametrize("name, text", [
    ("_AUTH_PY", "auth = RemoteAuthProvider(verifier, [ISSUER], base_url=BASE_URL)"),
    ("_HEADER", 'response.headers["X-Frame-Options"] = "DENY"'),
    ("_HEADER", "resp.headers['x-frame-options'] = 'DENY'"),
])
def test_header_and_provider_names_the_hand_needles_missed_are_found(name, text):
    # the needles were case-sensitive ("ype-Options", "PTIONS": no form of X-Frame-Options) and
    # left out RemoteAuthProvider (no "OAuth" in it): anywhere() skipped such files unread
    from mcpaudit.analysis.posture import evidence, http

    assert evidence.anywhere(getattr(http, name), text)


def test_a_file_setting_only_x_frame_options_has_that_security_header():
    from mcpaudit.analysis.posture.evidence import Evidence
    from mcpaudit.analysis.posture.http import _header_lines

    found: set = set()
    ev = Evidence()
    text = 'def secure(resp):\n    resp.headers["X-Frame-Options"] = "DENY"\n    return resp\n'
    assert _header_lines("app.py", text, None, True, found, ev) is False
    assert found == {"x-frame-options"} and [loc.line for loc in ev.locations()] == [2]


def test_a_limiter_module_imported_across_a_line_break_is_found():
    from mcpaudit.analysis.posture import evidence, limits

    assert evidence.anywhere(limits._RL_IMPORT, "import redis_rate_limit\n")
