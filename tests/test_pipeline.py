"""The pipeline as a whole: the engine interface it runs, the statistics it keeps, and what a
repository's own config turned off, carried to every report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import List, Sequence

import jsonschema
import pytest

from mcpaudit import api
from mcpaudit.config import Config, load_config
from mcpaudit.engines import ENGINES, Engine, EngineContext, EngineOutput, Target, selected
from mcpaudit.models import RuleMeta, ScanStats
from mcpaudit.reporters import github, sarif
from mcpaudit.reporters import json as json_reporter
from mcpaudit.schema import report_schema

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dst = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vulnerable", dst)
    (dst / ".git").mkdir()  # the repository root: its config applies, untrusted
    return dst


# -- the engine interface ------------------------------------------------------------------------


def test_every_registered_engine_implements_the_interface():
    assert list(ENGINES) == ["cst", "ts", "semgrep", "bandit"]
    for name, engine in ENGINES.items():
        assert isinstance(engine, Engine) and engine.name == name
        assert engine.suffixes and engine.rules_error
        assert isinstance(engine.cache_salt(Config()), tuple)
    assert [e.name for e in selected(["bandit", "cst", "nonesuch"])] == ["cst", "bandit"]
    # the cst and ts engines build the project the posture pass reads; they run on the pipeline's
    # thread (each spreads its work over processes)
    assert [e.name for e in ENGINES.values() if e.on_main_thread] == ["cst", "ts"]
    assert ENGINES["semgrep"].wants("web/app.ts") and not ENGINES["bandit"].wants("web/app.ts")


def test_a_new_engine_plugs_in_through_the_registry(tree, monkeypatch):
    """An engine the pipeline has never heard of: it gets the files it wants and a context, its
    findings are merged and reported like any other engine's, and api.py is not involved."""
    from mcpaudit import engines as engines_pkg
    from mcpaudit.models import Confidence, Finding, Location, Severity

    seen: dict = {}

    class Echo(Engine):
        name = "echo"
        suffixes = (".py",)

        def rule_metas(self) -> List[RuleMeta]:
            return [RuleMeta("echo-rule", "echo", "echo", Severity.LOW, Confidence.HIGH)]

        def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
            seen["targets"] = sorted(t.rel for t in targets)
            seen["timeout"] = context.timeout
            first = targets[0]
            return EngineOutput("echo", findings=[Finding(
                "echo-rule", "echo", Severity.LOW, Confidence.HIGH, "echoed", Location(first.rel, 1))])

    registry = dict(engines_pkg._MODULES)
    monkeypatch.setattr(engines_pkg.ENGINES, "_modules", {**registry, "echo": "echo"})
    import sys
    import types

    module = types.ModuleType("mcpaudit.engines.echo")
    module.ENGINE = Echo()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mcpaudit.engines.echo", module)
    result = api.audit([tree], Config(engines=("cst", "echo"), cache=False, jobs=1, engine_timeout=42))
    assert seen["targets"] and all(p.endswith(".py") for p in seen["targets"]) and seen["timeout"] == 42
    assert result.engines_run == ["cst", "echo"]
    assert any(f.rule_id == "echo-rule" and f.engine == "echo" for f in result.findings)
    assert "echo-rule" in {m.id for m in result.rules}


# -- statistics ------------------------------------------------------------------------------------


def test_stats_are_typed_and_render_the_same_keys(tree):
    result = api.audit([tree], Config(engines=("cst",), cache=False, jobs=1))
    stats = result.stats
    assert isinstance(stats, ScanStats)
    assert stats.python_files == stats.files > 0 and stats.parsed and stats.lines
    assert stats.linked_from_cache is False and stats.tools == len(result.tools)
    assert set(stats.cache) == set()  # caching off
    assert list(stats) == ["files", "parsed", "lines", "linked_from_cache", "python_files", "seconds",
                           "engine_seconds", "tools", "test_code_findings", "cache", "version", "engines"]
    assert set(stats.engines["cst"]["first_pass"]) == {"modules", "analysed", "left_out", "left_out_lines",
                                                       "rounds"}
    assert stats["parsed"] == stats.parsed and stats.get("elapsed") is None
    doc = json_reporter.to_dict(result, timestamp=False)
    assert set(doc["stats"]) == set(stats) - {"seconds", "engine_seconds"}


def test_without_the_cst_engine_the_parse_counts_are_absent(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    result = api.audit([tmp_path], Config(engines=("bandit",), cache=False))
    assert list(result.stats) == ["files", "python_files", "seconds", "engine_seconds", "tools", "test_code_findings", "cache",
                                  "version", "engines"]
    # what bandit's prefilter did is there, no parse counts
    assert result.stats.engines == {"bandit": {"prefilter": {"files": 1, "passed": 0}}}
    assert ScanStats().to_dict() == {} and dict(ScanStats()) == {}


# -- what the repository's config turned off ----------------------------------------------------


def test_a_repository_config_that_disables_a_rule_shows_in_sarif_and_github(tree):
    (tree / "mcpaudit.toml").write_text('ignore = ["tool-shell-injection"]\nengines = ["cst"]\n')
    config = load_config([tree])
    config.cache = False
    config.jobs = 1
    result = api.audit([tree], config)
    assert result.disabled_by_config == ["ignore: tool-shell-injection", "engines: ts disabled",
                                         "engines: semgrep disabled", "engines: bandit disabled"]
    assert not any(f.rule_id == "tool-shell-injection" for f in result.findings)

    doc = json.loads(sarif.render(result))
    notes = doc["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["disabled-by-config"] * 4
    assert any("ignore: tool-shell-injection" in n["message"]["text"] for n in notes)
    for n in notes:
        assert n["level"] == "warning"
        assert n["message"]["text"].startswith("the scanned repository's mcpaudit configuration narrows this scan: ")

    annotations = github.render(result).splitlines()
    assert any(line.startswith("::warning title=mcpaudit configuration::") and "ignore: tool-shell-injection" in line
               for line in annotations)

    report = json_reporter.to_dict(result)
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    assert "disabled_by_config" not in report and "disabled_by_config" not in report["stats"]
    assert "the repository's config disables: ignore: tool-shell-injection" in report["warnings"]


def test_without_a_repository_config_there_is_no_configuration_notification(tree):
    result = api.audit([tree], Config(engines=("cst",), cache=False, jobs=1))
    assert result.disabled_by_config == []
    invocation = json.loads(sarif.render(result))["runs"][0]["invocations"][0]
    assert "toolConfigurationNotifications" not in invocation
