"""benchmarks/ts_pass_probe.py: the prefilter measure of speed33 (issue 15) on a two-module tree."""

import importlib.util
from pathlib import Path

_PROBE = Path(__file__).resolve().parents[1] / "benchmarks" / "ts_pass_probe.py"


def _probe():
    spec = importlib.util.spec_from_file_location("ts_pass_probe", _PROBE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_oracle_and_gates_leave_summaries_unchanged(tmp_path):
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    (tree / "src" / "browser.ts").write_text(
        'import { chromium } from "playwright";\n'
        "export async function open() {\n  const b = await chromium.launch();\n  return b;\n}\n")
    (tree / "src" / "math.ts").write_text("export function add(a: number, b: number) {\n  return a + b;\n}\n")
    probe = _probe()
    from mcpaudit.analysis.ts import remotebrowser

    before = remotebrowser.browser_kind
    got = probe.measure(probe.load([tree]), rounds=1)
    assert remotebrowser.browser_kind is before  # the wrappers are removed again
    assert got["files"] == 2
    assert got["summaries_changed"] == {"oracle": [], "gate": []}
    assert all(v == [] for v in got["false_skips"].values())
    # browser_kind returns something for browser.ts only: the oracle and the gate skip math.ts
    assert got["empty_files"]["remotebrowser.browser_kind"] == 1
    assert got["gated_off_files"]["remotebrowser.browser_kind"] == 1
    assert got["gated_off_files"]["connurls.connection_url_read"] >= 1
    assert len(got["through_s"]) == len(got["oracle_s"]) == len(got["gate_s"]) == 1
