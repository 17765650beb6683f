"""A nested function (a tool handler) is never analysed inside its own analysis (ts/reentry.py).

Before the guard, a handler whose body inlined a call that registered the same handler again was
analysed inside itself without end, and the whole file was skipped at the recursion limit
("nested too deeply to analyse"), losing every finding of it (20 TypeScript ledger servers at
stop 48's end, e.g. ooples+mcp-console-automation 10 -> 5 findings).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mcpaudit.analysis.ts.reentry import entered
from mcpaudit.api import audit
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "reentry48"


def _node(start, end):
    return SimpleNamespace(start_byte=start, end_byte=end)


def test_a_function_is_entered_once_on_a_path_and_again_after():
    mod = SimpleNamespace()
    with entered(mod, _node(10, 20), "h") as running:
        assert running is None
        with entered(mod, _node(10, 20), "h#10") as again:
            assert again == "h"  # the same node inside its own analysis: the running one's name
        with entered(mod, _node(30, 40), "g") as other:
            assert other is None  # another function is analysed
    with entered(mod, _node(10, 20), "h") as later:
        assert later is None  # once its analysis is over, the node can be analysed again


def test_an_exception_leaves_the_node_free():
    mod = SimpleNamespace()
    try:
        with entered(mod, _node(1, 2), "h"):
            raise ValueError("boom")
    except ValueError:
        pass
    with entered(mod, _node(1, 2), "h") as running:
        assert running is None


def test_a_handler_that_registers_itself_again_is_analysed_and_its_sink_reported():
    # (the cycle's real triggers, which fail without the fixes, are in test_ts_reentry49.py)
    result = audit([FIXTURE], Config(engines=("ts",), cache=False, jobs=1))
    assert not [s for s in result.skipped if "recursion" in s.reason]
    got = [(f.rule_id, f.location.path.rsplit("reentry48/", 1)[-1], f.location.line, f.tool) for f in result.findings]
    assert ("tool-shell-injection", "src/index.ts", 12, "run_and_reset") in got
    shell = next(f for f in result.findings if f.rule_id == "tool-shell-injection")
    assert "cmd" in shell.message
