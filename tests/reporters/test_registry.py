"""The reporter registry: one table of formats, one call for all of them."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from mcpaudit import cli
from mcpaudit.models import AuditResult, Confidence, Finding, Location, Severity
from mcpaudit.reporters import REPORTERS, ReportOptions, render


def _result() -> AuditResult:
    f = Finding("tool-shell-injection", "cst", Severity.HIGH, Confidence.HIGH,
                "Tool 'run' passes parameter 'cmd' to os.system", Location("server.py", 3, 5))
    return AuditResult(root=".", findings=[f], engines_run=["cst"], stats={"files": 1})


def test_every_format_has_a_report_entry_point():
    assert list(REPORTERS)[0] == "rich"
    for fmt, module in REPORTERS.items():
        mod = importlib.import_module(f"mcpaudit.reporters.{module}")
        assert callable(mod.report), fmt


def test_the_command_line_offers_exactly_the_registered_formats():
    option = next(p for p in cli.scan.params if p.name == "fmt")
    assert list(option.type.choices) == list(REPORTERS)


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "github"])
def test_text_formats_return_what_their_render_returns(fmt):
    mod = importlib.import_module(f"mcpaudit.reporters.{REPORTERS[fmt]}")
    result = _result()
    text = render(fmt, result, ReportOptions())
    if fmt == "json":  # generated_at may tick between the two calls
        assert json.loads(text)["findings"] == json.loads(mod.render(result))["findings"]
    else:
        assert text == mod.render(result)


def test_rich_to_a_file_is_plain_text(tmp_path: Path):
    text = render("rich", _result(), ReportOptions(output=tmp_path / "report.txt"))
    assert text is not None and "tool-shell-injection" in text and "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 120


def test_rich_to_standard_output_prints_it(capsys):
    assert render("rich", _result(), ReportOptions()) is None
    assert "tool-shell-injection" in capsys.readouterr().out


def test_unknown_format():
    with pytest.raises(KeyError):
        render("xml", _result())
