"""Property-based tests of the cst engine (hypothesis).

Strategies build MCP server modules from parts: FastMCP handlers with random names, parameters
and annotations, a chain of assignments carrying a parameter to one of six sinks (subprocess with
shell=True, os.system, open, eval, cursor.execute with an f-string, requests.get), optionally
through a helper function, optionally behind a sanitizer (a cast, a quoting function, an
allow-list or regex guard). Generated programs are valid Python by construction (checked with
``ast.parse``, which compiles to a tree and never runs anything); mutated and truncated versions of
them are mostly not.

Properties:

* the engine never raises: ``analyze_file`` returns a FileResult for any bytes, and valid code is
  never skipped for an internal error;
* the output is deterministic;
* adding a sanitizer never adds a finding;
* renaming a variable never changes the set of rule ids found.

The engine runs in-process (``analyze_file`` on a temporary file, then ``link``). A few hundred
examples run in the normal suite; ``pytest -m slow`` runs a few thousand.
"""

from __future__ import annotations

import ast
import atexit
import dataclasses
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)

SINKS = ("shell", "system", "open", "eval", "sql", "ssrf")
SANITIZERS = ("int", "quote", "basename", "allow", "regex")
STEPS = ("alias", "concat", "fstring", "format", "strip", "list_join")

# identifiers built from letters that cannot spell 'key', 'token', 'secret', 'pass', 'auth',
# 'pwd', 'cred', 'api': a name alone must never change which rules apply
_SAFE = "bcdfghjlmnqrvwxz"
names = st.text(alphabet=_SAFE, min_size=2, max_size=8).map(lambda s: "v_" + s)


@dataclasses.dataclass(frozen=True)
class Handler:
    name: str
    params: Tuple[Tuple[str, str], ...]  # (name, annotation or "")
    source: int  # which parameter flows
    local: str
    steps: Tuple[str, ...]
    sink: str
    sanitizer: Optional[str]
    via_helper: bool
    is_async: bool
    decorator: str


@dataclasses.dataclass(frozen=True)
class Program:
    handlers: Tuple[Handler, ...]
    low_level: bool  # add a low-level Server call_tool handler too


@st.composite
def handlers(draw, index: int = 0) -> Handler:
    pnames = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    annots = draw(st.lists(st.sampled_from(["str", "", "str | None", "Optional[str]"]),
                           min_size=len(pnames), max_size=len(pnames)))
    local = draw(names.filter(lambda n: n not in pnames))
    return Handler(
        name=f"tool_{index}_" + draw(st.text(alphabet=_SAFE, min_size=1, max_size=6)),
        params=tuple(zip(pnames, annots)),
        source=draw(st.integers(0, len(pnames) - 1)),
        local=local,
        steps=tuple(draw(st.lists(st.sampled_from(STEPS), max_size=3))),
        sink=draw(st.sampled_from(SINKS)),
        sanitizer=draw(st.none() | st.sampled_from(SANITIZERS)),
        via_helper=draw(st.booleans()),
        is_async=draw(st.booleans()),
        decorator=draw(st.sampled_from(["@mcp.tool()", '@mcp.tool(name="{name}")',
                                        '@mcp.tool(description="Run {name}.")'])),
    )


@st.composite
def programs(draw) -> Program:
    n = draw(st.integers(1, 3))
    return Program(tuple(draw(handlers(i)) for i in range(n)), draw(st.booleans()))


HEADER = '''\
import os
import re
import shlex
import sqlite3
import subprocess
from typing import Optional

import requests
from mcp.server import Server
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("generated")
server = Server("generated-low")
cursor = sqlite3.connect(":memory:").cursor()
ALLOWED = {"a", "b"}
'''


def _step(kind: str, v: str) -> str:
    return {
        "alias": f"{v} = {v}",
        "concat": f'{v} = "x " + {v}',
        "fstring": f'{v} = f"x {{{v}}} y"',
        "format": f'{v} = "x {{}}".format({v})',
        "strip": f"{v} = {v}.strip()",
        "list_join": f'{v} = " ".join([{v}, "z"])',
    }[kind]


def _sanitize(kind: str, v: str) -> List[str]:
    return {
        "int": [f"{v} = int({v})"],
        "quote": [f"{v} = shlex.quote({v})"],
        "basename": [f"{v} = os.path.basename({v})"],
        "allow": [f"if {v} not in ALLOWED:", '    raise ValueError("not allowed")'],
        "regex": [f'if not re.fullmatch(r"[a-z0-9]+", {v}):', '    raise ValueError("bad")'],
    }[kind]


def _sink(kind: str, v: str) -> str:
    return {
        "shell": f"subprocess.run({v}, shell=True)",
        "system": f"os.system({v})",
        "open": f"open({v}).read()",
        "eval": f"eval({v})",
        "sql": f"cursor.execute(f\"SELECT * FROM t WHERE a = '{{{v}}}'\")",
        "ssrf": f"requests.get({v})",
    }[kind]


def render(prog: Program) -> str:
    out = [HEADER]
    for h in prog.handlers:
        v = h.local
        params = ", ".join(f"{p}: {a}" if a else p for p, a in h.params)
        body = [f"{v} = {h.params[h.source][0]}"]
        body += [_step(s, v) for s in h.steps]
        if h.sanitizer:
            body += _sanitize(h.sanitizer, v)
        if h.via_helper:
            out.append(f"\n\ndef helper_{h.name}({v}):\n    return {_sink(h.sink, v)}\n")
            body.append(f"helper_{h.name}({v})")
        else:
            body.append(_sink(h.sink, v))
        body.append('return "ok"')
        deco = h.decorator.format(name=h.name)
        kw = "async def" if h.is_async else "def"
        out.append(f"\n\n{deco}\n{kw} {h.name}({params}) -> str:\n" + "".join(f"    {ln}\n" for ln in body))
    if prog.low_level:
        h = prog.handlers[0]
        out.append(
            "\n\n@server.call_tool()\nasync def call_tool(name: str, arguments: dict):\n"
            f"    {h.local} = arguments[\"{h.params[0][0]}\"]\n"
            + "".join(f"    {ln}\n" for ln in (_sanitize(h.sanitizer, h.local) if h.sanitizer else []))
            + f"    {_sink(h.sink, h.local)}\n    return []\n"
        )
    return "".join(out)


# ------------------------------------------------------------------------------------ engine

_TMP = tempfile.mkdtemp(prefix="mcpaudit-property-")
atexit.register(shutil.rmtree, _TMP, True)


def analyze(source, name: str = "gen.py", min_confidence: Confidence = Confidence.MEDIUM):
    """(FileResult, findings) for one module, in-process."""
    os.makedirs(_TMP, exist_ok=True)  # made at import; recreate if something cleaned /tmp since
    path = os.path.join(_TMP, name)
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    with open(path, "wb") as fh:
        fh.write(data)
    res = cst_engine.analyze_file(path, name, 10 * 1024 * 1024, 20.0)
    assert isinstance(res, cst_engine.FileResult)
    findings, _project, _linker = cst_engine.link([res], Path(_TMP), min_confidence)
    return res, findings


def is_valid_python(source) -> bool:
    try:
        ast.parse(source)  # builds a tree; nothing is executed
        return True
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


def shape(findings):
    return [(f.rule_id, f.location.path, f.location.line, f.location.column, f.message, f.tool,
             f.parameter, f.confidence) for f in findings]


def check_never_raises(source) -> None:
    res, findings = analyze(source)
    if res.skipped:
        assert "internal error" not in res.skipped or not is_valid_python(source), res.skipped
    assert all(f.location.line >= 1 for f in findings)


# ------------------------------------------------------------------------------- mutations


@st.composite
def mutated(draw):
    """A generated program, then damaged: truncated, lines dropped/duplicated/swapped/dedented,
    random text or bytes inserted."""
    src = render(draw(programs()))
    ops = draw(st.lists(st.sampled_from(["truncate", "drop", "dup", "swap", "insert", "dedent",
                                         "bytes", "indent"]), min_size=1, max_size=3))
    as_bytes = False
    data: object = src
    for op in ops:
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        lines = text.splitlines(keepends=True) or [""]
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "truncate":
            data = text[: draw(st.integers(0, len(text)))]
        elif op == "drop":
            data = "".join(lines[:i] + lines[i + 1:])
        elif op == "dup":
            data = "".join(lines[: i + 1] + lines[i:])
        elif op == "swap":
            j = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[i], lines[j] = lines[j], lines[i]
            data = "".join(lines)
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
            data = "".join(lines)
        elif op == "indent":
            lines[i] = "    " + lines[i]
            data = "".join(lines)
        elif op == "insert":
            pos = draw(st.integers(0, len(text)))
            junk = draw(st.text(max_size=20))
            data = text[:pos] + junk + text[pos:]
        else:  # raw bytes, maybe not UTF-8, maybe NUL
            raw = text.encode("utf-8", "surrogatepass")
            pos = draw(st.integers(0, len(raw)))
            data = raw[:pos] + draw(st.binary(max_size=12)) + raw[pos:]
            as_bytes = True
    return data if as_bytes or isinstance(data, bytes) else str(data)


# ------------------------------------------------------------------------------- properties


def _prop_generated_is_valid_and_analysed(prog: Program) -> None:
    src = render(prog)
    assert is_valid_python(src), src
    res, findings = analyze(src)
    assert res.skipped is None, res.skipped
    assert res.parsed
    # every handler is seen as an MCP tool
    _f, project, _l = cst_engine.link([res], Path(_TMP))
    tools = {t.function for t in project.tools}
    assert {h.name for h in prog.handlers} <= tools, (tools, src)


def _prop_deterministic(prog: Program) -> None:
    src = render(prog)
    first = shape(analyze(src)[1])
    second = shape(analyze(src)[1])
    assert first == second


def _prop_sanitizer_never_adds(prog: Program, which: int, sanitizer: str) -> None:
    which %= len(prog.handlers)
    bare = dataclasses.replace(prog, handlers=tuple(
        dataclasses.replace(h, sanitizer=None) if i == which else h for i, h in enumerate(prog.handlers)))
    cleaned = dataclasses.replace(prog, handlers=tuple(
        dataclasses.replace(h, sanitizer=sanitizer) if i == which else h for i, h in enumerate(prog.handlers)))
    before = Counter((f.rule_id, f.tool, f.context) for f in analyze(render(bare))[1])
    after = Counter((f.rule_id, f.tool, f.context) for f in analyze(render(cleaned))[1])
    added = after - before
    assert not added, (added, render(cleaned))


def _prop_rename_keeps_rule_ids(prog: Program, which: int, new_local: str, new_param: str) -> None:
    which %= len(prog.handlers)
    h = prog.handlers[which]
    taken = {p for p, _ in h.params} | {h.local}
    assume(new_local not in taken and new_param not in taken and new_local != new_param)
    params = list(h.params)
    params[h.source] = (new_param, params[h.source][1])
    renamed = dataclasses.replace(h, local=new_local, params=tuple(params))
    other = dataclasses.replace(prog, handlers=tuple(renamed if i == which else x for i, x in enumerate(prog.handlers)))
    a = {f.rule_id for f in analyze(render(prog))[1]}
    b = {f.rule_id for f in analyze(render(other))[1]}
    assert a == b, (a, b, render(prog), render(other))


# normal suite: a few hundred examples in all, well under a minute

@FAST
@given(programs())
def test_generated_programs_are_valid_and_fully_analysed(prog):
    _prop_generated_is_valid_and_analysed(prog)


@settings(FAST, max_examples=150)
@given(mutated())
def test_engine_never_raises_on_mutated_sources(data):
    check_never_raises(data)


@FAST
@given(programs())
def test_output_is_deterministic(prog):
    _prop_deterministic(prog)


@FAST
@given(programs(), st.integers(0, 2), st.sampled_from(SANITIZERS))
def test_adding_a_sanitizer_never_adds_a_finding(prog, which, sanitizer):
    _prop_sanitizer_never_adds(prog, which, sanitizer)


@FAST
@given(programs(), st.integers(0, 2), names, names)
def test_renaming_a_variable_keeps_the_rule_ids(prog, which, new_local, new_param):
    _prop_rename_keeps_rule_ids(prog, which, new_local, new_param)


@settings(FAST, max_examples=40)
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_engine_never_raises_on_arbitrary_input(data):
    res, _ = analyze(data)
    assert isinstance(res, cst_engine.FileResult)


def test_generated_sinks_are_found_at_all():
    """The generator is not vacuous: an unsanitised direct flow to each sink is a finding."""
    for sink in SINKS:
        h = Handler("tool_0_x", (("v_cmd", "str"),), 0, "v_val", (), sink, None, False, False, "@mcp.tool()")
        found = {f.rule_id for f in analyze(render(Program((h,), False)))[1]}
        assert found, sink


# slow job (pytest -m slow): a few thousand examples

@pytest.mark.slow
@SLOW
@given(mutated())
def test_slow_engine_never_raises_on_mutated_sources(data):
    check_never_raises(data)


@pytest.mark.slow
@settings(SLOW, max_examples=600)
@given(programs())
def test_slow_generated_and_deterministic(prog):
    _prop_generated_is_valid_and_analysed(prog)
    _prop_deterministic(prog)


@pytest.mark.slow
@settings(SLOW, max_examples=600)
@given(programs(), st.integers(0, 2), st.sampled_from(SANITIZERS))
def test_slow_adding_a_sanitizer_never_adds_a_finding(prog, which, sanitizer):
    _prop_sanitizer_never_adds(prog, which, sanitizer)


@pytest.mark.slow
@settings(SLOW, max_examples=600)
@given(programs(), st.integers(0, 2), names, names)
def test_slow_renaming_a_variable_keeps_the_rule_ids(prog, which, new_local, new_param):
    _prop_rename_keeps_rule_ids(prog, which, new_local, new_param)
