"""Start-up: commands that only read metadata never import the heavy libraries (libcst, semgrep,
bandit); the cst engine's analysis is imported only when a scan runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("libcst", "semgrep", "bandit", "mcpaudit.engines.cst", "mcpaudit.analysis.inter",
         "mcpaudit.analysis.module")

_PROBE = """
import json, sys
sys.argv = ["mcpaudit", *json.loads(sys.argv[1])]
from mcpaudit.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
                 ("libcst", "semgrep", "bandit", "mcpaudit"))) + "\\n")
"""


def _modules(*args: str) -> set:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args))], capture_output=True,
                          text=True, env=env, cwd=str(ROOT), timeout=300)
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, done.stderr[-2000:]
    return set(json.loads(line[-1][len("MODULES "):]))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["rules"], ["rules", "--engine", "bandit"],
                                  ["rules", "-f", "json"], ["explain", "tool-shell-injection"]])
def test_metadata_commands_do_not_import_the_heavy_libraries(args):
    loaded = _modules(*args)
    assert not [m for m in loaded if m in HEAVY or m.split(".")[0] in ("libcst", "semgrep", "bandit")], args


def test_the_bandit_test_list_is_what_the_installed_bandit_says():
    from mcpaudit.engines import bandit

    doc = json.loads(bandit.TEST_LIST.read_text("utf-8"))
    installed = bandit.installed_tests()
    if not installed:
        pytest.skip("bandit is not installed")
    from importlib.metadata import version

    if version("bandit") != doc["bandit"]:
        pytest.skip(f"the list is for bandit {doc['bandit']} (python -m mcpaudit.engines.bandit --write-tests)")
    assert doc["tests"] == installed


def test_bandit_rules_from_the_list_equal_those_read_from_bandit(monkeypatch):
    from mcpaudit.engines import bandit

    listed = bandit.rule_metas()
    monkeypatch.setattr(bandit, "_listed_tests", lambda: None)
    assert listed == bandit.rule_metas() and listed


def test_a_scan_does_not_import_libcst_matchers(tmp_path):
    """``libcst.matchers`` takes a fifth of a second to import; the analysis walks trees with
    ``analysis.cstnodes.find_all`` instead (a scan that analyses a module imports libcst, not it)."""
    (tmp_path / "server.py").write_text(
        "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
        "@mcp.tool()\ndef run(cmd: str, ro: bool = False) -> str:\n    if ro:\n        cmd = 'ls'\n"
        "    return subprocess.run(f\"ls {cmd}\", shell=True, capture_output=True, text=True).stdout\n")
    loaded = _modules("scan", str(tmp_path), "--engines", "cst", "--no-cache", "-f", "json",
                      "-o", str(tmp_path / "r.json"), "--fail-on", "never", "--min-confidence", "low")
    assert "mcpaudit.analysis.guards" in loaded and "libcst" in loaded
    assert not [m for m in loaded if m.startswith("libcst.matchers")]
    assert json.loads((tmp_path / "r.json").read_text())["findings"]


#: What a warm re-scan answered from the result cache must not import: the pipeline, the
#: catalog, the engines' runners and the posture fact groups (each cost 0.01-0.05 s).
WARM_UNUSED = ("mcpaudit.api", "mcpaudit.pipeline", "mcpaudit.catalog", "mcpaudit.agreement",
               "mcpaudit.engines.bandit", "mcpaudit.engines.semgrep.runner", "mcpaudit.engines.cst",
               "mcpaudit.analysis.posture.http", "mcpaudit.analysis.posture.context", "mcpaudit.checks")


def test_a_warm_rescan_answers_before_the_pipeline_is_imported(tmp_path):
    (tmp_path / "server.py").write_text(
        "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
        "@mcp.tool()\ndef run(cmd: str) -> str:\n"
        "    return subprocess.run(f\"ls {cmd}\", shell=True, capture_output=True, text=True).stdout\n")
    args = ("scan", str(tmp_path), "--engines", "cst,bandit", "--cache-dir", str(tmp_path / ".cache"),
            "--min-confidence", "low", "-f", "json", "--fail-on", "never")
    cold = _modules(*args, "-o", str(tmp_path / "cold.json"))
    assert "mcpaudit.api" in cold
    warm = _modules(*args, "-o", str(tmp_path / "warm.json"))
    assert not [m for m in warm if m in HEAVY or m in WARM_UNUSED or m.split(".")[0] in ("libcst", "bandit")]
    reports = [json.loads((tmp_path / f"{n}.json").read_text()) for n in ("cold", "warm")]
    assert reports[1]["stats"]["cache"]["scan"] == {"hits": 1, "misses": 0}
    for r in reports:
        r.pop("stats"), r.pop("generated_at", None)
    assert reports[0] == reports[1] and reports[0]["findings"]


def test_the_registry_and_the_bandit_module_share_one_engine():
    from mcpaudit.engines import ENGINES, bandit

    assert ENGINES["bandit"] is bandit.ENGINE and isinstance(bandit.ENGINE, bandit.BanditEngine)
