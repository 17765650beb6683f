"""Issue 12, branch py57f: rule tool-config-line-injection (CWE-93). A tool parameter written as the
value part of a KEY=VALUE / key = value / [section] line of a configuration file (.env, ini, conf)
with no refusal of newlines: a newline in the value adds other settings. The twins refuse the
newline, quote the value (json.dumps, dotenv.set_key), take a number, or match a one-line pattern;
free text written to notes.txt is no configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "py57f"
RULE = "tool-config-line-injection"


def _line(path: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _findings(name: str, tmp_path: Path, low: bool = False):
    shutil.copytree(FIXTURES / name, tmp_path / name)
    conf = Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW if low else Confidence.MEDIUM)
    return [f for f in api.audit([tmp_path / name], conf).findings if f.rule_id == RULE]


def test_a_setting_value_written_as_an_env_line_is_reported_with_its_flow(tmp_path):
    server = FIXTURES / "envwrite" / "server.py"
    found = sorted(_findings("envwrite", tmp_path), key=lambda f: f.location.line)
    assert [(f.location.path, f.location.line, f.tool, f.parameter) for f in found] == [
        ("server.py", _line(server, 'env_path.write_text("\\n".join(lines)'), "set_setting", "value"),
        ("server.py", _line(server, 'f.write(f"[profile]'), "add_profile", "name"),
    ]
    env, ini = found
    assert env.message == ("tool 'set_setting' passes parameter 'value' to .write_text() of env_path: configuration "
                           "line injection (a newline in the value ends its line and adds other settings)")
    assert "of profiles.ini" in ini.message and "adds other settings" in ini.message
    assert env.severity is Severity.HIGH and env.confidence is Confidence.HIGH and env.cwe == ["CWE-93"]
    # the flow runs from the tool's parameter through the helper's lines to the write
    steps = [(s.location.line, s.note) for s in env.flow]
    assert steps[0] == (_line(server, "def set_setting(key: str, value: str)"),
                        "parameter 'value' of MCP tool 'set_setting' (caller-controlled)")
    assert (_line(server, "write_env(current, ENV_FILE)"), "passed to write_env()") in steps
    assert (_line(server, 'lines = [f"{k}={v}"'), "assigned to 'lines'") in steps
    assert steps[-1] == (_line(server, 'env_path.write_text("\\n".join(lines)'), "reaches .write_text() of env_path")


def test_a_refused_newline_a_quoted_value_a_number_and_a_one_line_pattern_are_quiet(tmp_path):
    # set_setting refuses "\n" and "\r"; set_currency uses dotenv.set_key (it quotes); set_max_results
    # takes an int; set_label json.dumps the value; set_region re.fullmatch-es a one-line pattern;
    # set_banner replaces the newlines before the line is built
    assert _findings("envwrite_safe", tmp_path) == []


def test_free_text_to_a_notes_file_is_no_configuration_line(tmp_path):
    assert _findings("noteswrite", tmp_path, low=True) == []


def test_the_rule_is_in_the_catalog_and_its_docs():
    from mcpaudit.checks import all_rules
    rule = all_rules()[RULE]
    assert rule.CWE == ("CWE-93",) and rule.FAMILY == "config-line"
    docs = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert RULE in docs and "CWE-93" in docs
