"""General causes fixed by tsprec24 (issue 14): containment checks the TypeScript engine did not
read, each on a fixture of our own with unsafe twins (``fixtures/typescript/tsprec24``):

* the realpath of a resolved path - ``fs.realpathSync(path.resolve(root, p))`` in one
  expression, or ``abs = path.resolve(root, p); real = fs.realpathSync(abs)`` - checked with
  ``startsWith(root + sep)``: the check vouches for ``p`` through every derivation;
* a boolean helper (``path.relative`` containment, or ``startsWith(root + sep)`` on its
  parameter) applied to a realpath: whole (lexical for a path the caller resolved lexically);
* a verdict kept in a name and tested later (``const allowed = ROOTS.some(...); if (!allowed)
  throw``), forgotten when the name is assigned again;
* a containment helper called after another validator the linker cannot verify (an extension
  test): the later helper is verified too, and a lexical one is what the message names."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsprec24/containment"]
GROUP = GROUPS[0]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _write_line(tool: str) -> int:
    """The line of the write in ``tool``'s handler (the first after its registration)."""
    at = line_of("server.ts", f'server.tool("{tool}"', GROUP)
    lines = (test_ts_engine.FIXTURES / GROUP / "server.ts").read_text(encoding="utf-8").splitlines()
    return next(n for n in range(at, len(lines) + 1) if "fs.writeFileSync(target, shot)" in lines[n - 1])


def _finding(tool: str):
    found = by_rule(GROUP, "tool-path-traversal")
    f = found[("server.ts", _write_line(tool))]
    assert f.engine == "ts" and f.tool == tool
    return f


def test_realpath_of_a_resolved_path_vouches_for_the_parameter():
    tools = {f.tool for f in by_rule(GROUP, "tool-path-traversal").values()}
    assert not tools & {"save_nested", "save_stepwise", "save_under_real", "save_prefix_real", "save_in_roots"}


def test_lexical_twins_name_the_lexical_check():
    for tool in ("save_lexical", "save_under_lexical"):
        f = _finding(tool)
        assert f.message.startswith(f"tool '{tool}' passes parameter 'target' to fs.writeFileSync(): path traversal")
        assert "only a weak check on the way: resolved with a lexical resolver" in f.message


def test_unverified_twins_stay_reported():
    ext = _finding("save_extension_only")
    assert "only a weak check on the way: checked by checkExtension() (not verified by mcpaudit)" in ext.message
    raw = _finding("save_prefix_raw")
    assert "checked by assertPrefixRaw() (not verified by mcpaudit)" in raw.message
    forced = _finding("save_forced")
    assert "checked by assertInRootsUnlessForced() (not verified by mcpaudit)" in forced.message


def test_chained_weak_reasons():
    from mcpaudit.analysis.checkref import LATER, chained
    from mcpaudit.analysis.narrowing import CHECK_REF, shown_weak

    ref = f"checked by a() (not verified by mcpaudit){CHECK_REF}raise|m.ts|f|a|0"
    later = f"checked by b() (not verified by mcpaudit){CHECK_REF}raise|m.ts|f|b|0"
    both = chained(ref, later)
    assert both == ref + LATER + later and shown_weak(both) == "checked by a() (not verified by mcpaudit)"
    assert chained("startsWith(root)", later) == "startsWith(root)"  # a check read in place stays
    assert chained(None, later) == later and chained(both, later) == both
