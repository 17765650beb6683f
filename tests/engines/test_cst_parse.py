"""The cst engine's parse: libcst without per-node validation, and the collector pause."""

from __future__ import annotations

import gc
import textwrap

import libcst as cst
import pytest
from libcst._nodes.base import CSTNode

from mcpaudit._gc import paused
from mcpaudit.engines import cst as engine

SOURCE = textwrap.dedent(
    '''
    import subprocess as sp

    @mcp.tool()
    async def run(cmd: str, *, flag: bool = False) -> str:
        """Run it."""
        return sp.run(f"echo {cmd}", shell=True, capture_output=True).stdout  # tail
    '''
)


def test_parse_without_validation_gives_the_same_tree_and_restores_validation():
    before = CSTNode.__dict__["__post_init__"]
    fast = engine.parse_module(SOURCE)
    assert fast.code == SOURCE
    assert fast.deep_equals(cst.parse_module(SOURCE))
    assert CSTNode.__dict__["__post_init__"] is before
    # validation is on again for nodes built afterwards: a Name must be an identifier
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")


def test_validation_is_restored_after_a_syntax_error():
    before = CSTNode.__dict__["__post_init__"]
    with pytest.raises(cst.ParserSyntaxError):
        engine.parse_module("def f(:\n")
    assert CSTNode.__dict__["__post_init__"] is before


def test_analyze_file_finds_the_sink_with_the_fast_parse(tmp_path):
    p = tmp_path / "server.py"
    p.write_text(SOURCE)
    res = engine.analyze_file(str(p), "server.py", 10**6, 0)
    assert res.parsed and res.skipped is None
    sinks = [(s.family, s.pos[0]) for fn in res.summary.functions.values() for s in fn.sinks]
    assert ("shell", 7) in sinks


def test_paused_nests_and_restores_the_collector_state():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_analysis_frees_the_tree_without_the_cyclic_collector(tmp_path):
    """The analyzers refer to each other; analyze_file breaks those cycles, so the parse tree is
    freed by reference counting (the collector, on again after the pause, would otherwise walk
    every node of it once more)."""
    p = tmp_path / "server.py"
    p.write_text(SOURCE * 5)
    engine.analyze_file(str(p), "server.py", 10**6, 0)  # warm: imports, catalog, memo tables
    gc.collect()
    gc.disable()
    try:
        res = engine.analyze_file(str(p), "server.py", 10**6, 0)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert res.parsed and res.summary is not None
    assert unreachable < 50  # was about 1,000 (the whole tree) before the cycles were broken


def test_the_first_pass_trees_are_frozen_until_the_posture_pass_then_thawed(tmp_path):
    """The ast trees the first pass keeps for the posture facts are left out of the cyclic
    collector while the deep analysis runs (mcpaudit._gc.freeze_alive), and a scan thaws them."""
    import gc

    from mcpaudit import _gc
    from mcpaudit.api import audit
    from mcpaudit.config import Config
    from mcpaudit.engines import cst as cst_engine

    src = tmp_path / "server.py"
    src.write_text("from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n@mcp.tool()\n"
                   "def run(cmd: str) -> str:\n    import os\n    return os.popen(cmd).read()\n")
    assert gc.get_freeze_count() == 0
    _out, project = cst_engine.run([(str(src), "server.py")], tmp_path, jobs=1, freeze=True)
    assert project.trees and gc.get_freeze_count() > 0
    _gc.thaw()
    assert gc.get_freeze_count() == 0
    audit([tmp_path], Config(engines=("cst",), cache=False))
    assert gc.get_freeze_count() == 0
