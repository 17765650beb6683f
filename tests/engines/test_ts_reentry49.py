"""The recursion behind ``ts/reentry.py``, fixed at its causes (mend49t, issue 14).

- A listener given to an event method (``child.stdout.on("data", onData)``,
  ``removeListener("data", onData)``) is not a tool registration (registrars._LISTENER_METHODS):
  before, every such call analysed the listener as a nested handler; a listener calling a cleanup
  that removes it was analysed inside itself, and k listeners removed by one cleanup took k!
  analyses (k = 7: 13700 analyses, 11 s; k = 8 skipped the file at the CPU limit).
- A nested function (a handler) does not evaluate in place again a helper that its enclosing
  functions were evaluating when it was reached (``TsFunction.outer_inlining``): a handler calling
  the function declared inside another that registers it ends after one turn, guard or no guard.
- A registration reached again inside its own handler's analysis names the analysis running and is
  kept once (``TsModule.analyze_nested`` returns that name).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import mcpaudit.analysis.ts.module as tsmodule
import mcpaudit.analysis.ts.reentry as reentry
from mcpaudit.api import audit
from mcpaudit.config import Config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "reentry49"


@pytest.fixture
def analyses(monkeypatch):
    """The number of functions analysed of their own (handlers, nested handlers) in a scan."""
    count = [0]
    orig = tsmodule.TsModule._analyze

    def counted(self, *a, **k):
        count[0] += 1
        return orig(self, *a, **k)

    monkeypatch.setattr(tsmodule.TsModule, "_analyze", counted)
    return count


def _scan(name):
    result = audit([FIXTURES / name], Config(engines=("ts",), cache=False, jobs=1))
    assert not result.skipped, [s.reason for s in result.skipped]
    return result


def _shell(result):
    return [(f.rule_id, f.location.path.rsplit("reentry49/", 1)[-1], f.location.line, f.tool)
            for f in result.findings if f.rule_id == "tool-shell-injection"]


def test_seven_listeners_removed_by_one_cleanup_are_not_handlers(analyses):
    result = _scan("listeners")
    assert analyses[0] == 1  # the tool's handler only (13700 before)
    assert _shell(result) == [("tool-shell-injection", "listeners/src/index.ts", 10, "run")]
    shell = next(f for f in result.findings if f.rule_id == "tool-shell-injection")
    assert "cmd" in shell.message


def test_listeners_safe_twin(analyses):
    result = _scan("listeners_safe")
    assert analyses[0] == 1
    assert _shell(result) == []


def test_a_handler_calling_its_inner_registering_function_ends_without_the_guard(monkeypatch, analyses):
    @contextlib.contextmanager
    def never_entered(mod, node, qual=""):
        yield None  # the path guard off: the cycle must end by itself

    monkeypatch.setattr(reentry, "entered", never_entered)
    result = _scan("inner")
    assert analyses[0] == 2  # start(), the handler (once: register() is not evaluated in it again)
    assert _shell(result) == [("tool-shell-injection", "inner/src/index.ts", 12, "run_and_reset")]
    shell = next(f for f in result.findings if f.rule_id == "tool-shell-injection")
    assert "cmd" in shell.message


def test_the_inner_registration_is_one_tool():
    result = _scan("inner")
    assert [t.name for t in result.tools] == ["run_and_reset"]
    assert _shell(result) == [("tool-shell-injection", "inner/src/index.ts", 12, "run_and_reset")]


def test_inner_safe_twin():
    result = _scan("inner_safe")
    assert [t.name for t in result.tools] == ["run_and_reset"]
    assert _shell(result) == []
