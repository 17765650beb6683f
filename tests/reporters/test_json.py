import copy
import enum
import json
import math
import random
from pathlib import Path, PurePosixPath

import jsonschema
import pytest

import mcpaudit
from mcpaudit.models import (
    AuditResult,
    ChecklistItemResult,
    ChecklistResult,
    Confidence,
    EngineError,
    Finding,
    FlowStep,
    Location,
    Parameter,
    PostureFact,
    RuleMeta,
    Severity,
    SkippedFile,
    Suppression,
    ToolInfo,
)
from mcpaudit.reporters import json as json_reporter
from mcpaudit.schema import REPORT_SCHEMA_FILE, report_schema

HOSTILE = "[red]boom[/red] \x1b[31mRED\x1b[0m \x1b]8;;http://evil\x07evil \u202eevil\u202c \x9b2J café"


def finding(path, line, column=1, rule="tool-shell-injection", **kw):
    base = dict(
        rule_id=rule,
        engine="cst",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        message=f"{rule} at {path}:{line}",
        location=Location(path, line, column),
        cwe=["CWE-78"],
        fingerprint=f"fp-{path}-{rule}",
    )
    base.update(kw)
    return Finding(**base)


def sample():
    shell = finding(
        "server.py", 12, 5,
        severity=Severity.CRITICAL,
        location=Location("server.py", 12, 5, 12, 36),
        tool="run_cmd", parameter="cmd", context="run_cmd",
        flow=[FlowStep(Location("server.py", 10, 13), "parameter `cmd`"),
              FlowStep(Location("server.py", 12, 5), "subprocess.run(shell=True)")],
        fix="Pass a list", snippet="    subprocess.run(cmd, shell=True)",
        also_reported_by=["semgrep:subprocess-shell-true", "bandit:B602"],
        tags=["taint", "mcp"], properties={"sink": "subprocess.run", "hops": 2},
    )
    hostile = finding(
        HOSTILE + "\n.py", 3, rule="secret-in-log", engine="semgrep", severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM, message="Hostile " + HOSTILE, snippet=HOSTILE, cwe=["CWE-532"],
    )
    other = finding("server.py", 12, 5, rule="path-traversal", cwe=["CWE-22"])
    early = finding("a.py", 1, 1, rule="sql-fstring", severity=Severity.LOW, confidence=Confidence.LOW)
    suppressed = finding(
        "db.py", 7, 9, rule="sql-fstring",
        suppression=Suppression("baseline", "accepted risk", Location(".mcpaudit-baseline.json", 3)),
    )
    checklist = ChecklistResult(
        id="mcp-best-practices", title="MCP Server Security", source="seeds/000.txt", score=62.5,
        items=[
            ChecklistItemResult("AUTH-1", "HTTP needs auth", "fail", ["server.py:30 no auth"], "high"),
            ChecklistItemResult("LOG-2", "No secrets in logs", "not-assessed", [], None, "semgrep failed"),
            ChecklistItemResult("MON-1", "Monitoring", "manual"),
            ChecklistItemResult("TLS-1", "TLS on", "pass", ["no verify=False"]),
        ],
    )
    tool = ToolInfo(
        "run_cmd", "tool", "run_cmd", Location("server.py", 10, 1),
        [Parameter("cmd", "str", "the command"), Parameter("ctx", "Context", tainted=False)],
        description="Run a command " + HOSTILE, description_location=Location("server.py", 11, 5),
        annotations={"destructiveHint": True, "readOnlyHint": False},
    )
    return AuditResult(
        root="/home/u/proj",
        findings=[hostile, shell, early, other],
        suppressed=[suppressed],
        errors=[EngineError("semgrep", "exit 2: " + HOSTILE), EngineError("cst", "bad.py: syntax", "bad.py", False)],
        skipped=[SkippedFile("z.py", "too big"), SkippedFile("b.py", "binary")],
        rules=[RuleMeta("tool-shell-injection", "cst", "Shell injection", Severity.CRITICAL, Confidence.HIGH,
                        ["CWE-78"], ["security"], fix="Pass a list", help_uri="https://x/#tool-shell-injection")],
        tools=[tool],
        facts=[PostureFact("http.auth", False, [Location("server.py", 30)], "streamable-http without auth")],
        checklists=[checklist],
        score=62.5,
        grade="D",
        engines_run=["cst", "semgrep", "bandit"],
        warnings=["zeta warning", "alpha warning"],
        fixed=[{"rule_id": "x", "path": "old.py"}],
        stats={"files": 12, "lines": 3456, "seconds": 4.23456, "engine_seconds": {"semgrep": 3.9, "cst": 1.2}},
    )


@pytest.fixture
def validator():
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_is_shipped_in_the_package():
    path = Path(mcpaudit.__file__).parent / "schema" / REPORT_SCHEMA_FILE
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8")) == report_schema()
    assert report_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_output_validates(validator, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    doc = json.loads(json_reporter.render(sample()))
    validator.validate(doc)
    assert "generated_at" in doc
    empty = json.loads(json_reporter.render(AuditResult(root=".")))
    validator.validate(empty)


def test_contract_fields():
    doc = json.loads(json_reporter.render(sample(), timestamp=False))
    assert doc["schema_version"] == "1.2"
    assert doc["version"] == mcpaudit.__version__
    assert doc["score"] == 62.5 and doc["grade"] == "D"
    assert doc["engines_run"] == ["cst", "semgrep", "bandit"]
    shell = next(f for f in doc["findings"] if f["rule_id"] == "tool-shell-injection")
    assert shell == {
        "rule_id": "tool-shell-injection",
        "engine": "cst",
        "severity": "critical",
        "confidence": "high",
        "cwe": ["CWE-78"],
        "path": "server.py",
        "line": 12,
        "end_line": 12,
        "column": 5,
        "end_column": 36,
        "message": "tool-shell-injection at server.py:12",
        "tool": "run_cmd",
        "parameter": "cmd",
        "fingerprint": "fp-server.py-tool-shell-injection",
        "context": "run_cmd",
        "fix": "Pass a list",
        "snippet": "    subprocess.run(cmd, shell=True)",
        "flow": [
            {"path": "server.py", "line": 10, "column": 13, "note": "parameter `cmd`"},
            {"path": "server.py", "line": 12, "column": 5, "note": "subprocess.run(shell=True)"},
        ],
        "also_reported_by": ["bandit:B602", "semgrep:subprocess-shell-true"],
        "suppression": None,
        "tags": ["mcp", "taint"],
        "properties": {"hops": 2, "sink": "subprocess.run"},
    }
    (sup,) = doc["suppressed"]
    assert sup["rule_id"] == "sql-fstring"
    assert sup["suppression"] == {
        "kind": "baseline",
        "justification": "accepted risk",
        "location": {"path": ".mcpaudit-baseline.json", "line": 3, "column": 1, "end_line": None, "end_column": None},
    }
    (cl,) = doc["checklists"]
    assert cl["id"] == "mcp-best-practices" and cl["score"] == 62.5 and cl["source"] == "seeds/000.txt"
    assert cl["counts"] == {"fail": 1, "partial": 0, "not-assessed": 1, "manual": 1, "pass": 1, "not-applicable": 0}
    assert cl["items"][0] == {
        "id": "AUTH-1", "text": "HTTP needs auth", "status": "fail",
        "evidence": ["server.py:30 no auth"], "severity": "high", "note": "",
    }
    assert doc["errors"][0] == {"engine": "semgrep", "message": "exit 2: " + HOSTILE, "path": None, "fatal": True}
    assert doc["errors"][1]["fatal"] is False
    assert doc["skipped"] == [{"path": "b.py", "reason": "binary"}, {"path": "z.py", "reason": "too big"}]
    (tool,) = doc["tools"]
    assert tool["name"] == "run_cmd" and tool["kind"] == "tool" and tool["function"] == "run_cmd"
    assert tool["path"] == "server.py" and tool["line"] == 10
    assert tool["parameters"][1] == {"name": "ctx", "annotation": "Context", "description": None, "default": None,
                                     "tainted": False}
    assert tool["annotations"] == {"destructiveHint": True, "readOnlyHint": False}
    assert doc["facts"] == [{"id": "http.auth", "value": False, "note": "streamable-http without auth",
                             "evidence": [{"path": "server.py", "line": 30, "column": 1, "end_line": None,
                                           "end_column": None}]}]
    assert doc["rules"][0]["id"] == "tool-shell-injection" and doc["rules"][0]["severity"] == "critical"
    assert doc["warnings"] == ["alpha warning", "zeta warning"]
    assert doc["fixed"] == [{"path": "old.py", "rule_id": "x"}]
    # timings are time-dependent: they go with generated_at (absent here: timestamp=False)
    assert doc["stats"] == {"files": 12, "lines": 3456}

    assert doc["summary"] == {
        "findings": 4,
        "by_severity": {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 0},
        "suppressed": 1,
        "errors": 2,
        "fatal_errors": 1,
        "failed_engines": ["semgrep"],
    }




def test_timings_go_with_the_timestamp(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    timed = json.loads(json_reporter.render(sample()))
    assert "generated_at" in timed
    assert timed["stats"]["seconds"] == 4.235
    assert timed["stats"]["engine_seconds"] == {"cst": 1.2, "semgrep": 3.9}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    reproducible = json.loads(json_reporter.render(sample()))
    assert "generated_at" not in reproducible and "seconds" not in reproducible["stats"]

def test_findings_sorted_by_path_line_column_rule():
    doc = json_reporter.to_dict(sample(), timestamp=False)
    keys = [(f["path"], f["line"], f["column"], f["rule_id"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert [k[3] for k in keys if k[0] == "server.py"] == ["path-traversal", "tool-shell-injection"]


def test_control_and_bidi_characters_are_escaped():
    text = json_reporter.render(sample(), timestamp=False)
    assert text.isascii()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\u001b[31mRED" in text
    assert "\\u001b]8;;http://evil\\u0007evil" in text
    assert "\\u202eevil\\u202c" in text
    assert "\\u009b2J" in text
    assert "caf\\u00e9" in text
    # ... and decode back to exactly what was scanned
    doc = json.loads(text)
    hostile = next(f for f in doc["findings"] if f["rule_id"] == "secret-in-log")
    assert hostile["message"] == "Hostile " + HOSTILE
    assert hostile["path"] == HOSTILE + "\n.py"
    assert doc["tools"][0]["description"] == "Run a command " + HOSTILE


def test_deterministic(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = json_reporter.render(sample(), timestamp=False)
    result = sample()
    rng = random.Random(7)
    for attr in ("findings", "errors", "skipped", "warnings"):
        items = getattr(result, attr)
        rng.shuffle(items)
    result.findings[0].also_reported_by.reverse()
    result.stats = dict(reversed(list(result.stats.items())))
    assert json_reporter.render(result, timestamp=False) == a
    assert a.endswith("}\n") and a.count("\n  \"") > 5  # indented
    assert "generated_at" not in a


def test_timestamp_omitted_under_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = json_reporter.render(sample())
    assert "generated_at" not in a
    assert json_reporter.render(sample()) == a
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    doc = json_reporter.to_dict(sample())
    assert doc["generated_at"].endswith("Z")
    assert list(doc)[:3] == ["schema_version", "version", "generated_at"]


class Color(enum.Enum):
    RED = "red"


def test_free_form_values_are_made_jsonable(validator):
    result = sample()
    result.stats = {
        "files": 3,
        "path": PurePosixPath("a/b.py"),
        "severity": Severity.HIGH,
        "color": Color.RED,
        "set": {"b", "a"},
        "tuple": (1, 2),
        "nan": math.nan,
        "obj": object,
        "loc": Location("x.py", 1),
    }
    result.findings[0].properties = {"nested": {"z": 1, "a": [Confidence.LOW]}}
    text = json_reporter.render(result, timestamp=False)
    doc = json.loads(text)
    validator.validate(doc)
    stats = doc["stats"]
    assert stats["path"] == "a/b.py" and stats["severity"] == "high" and stats["color"] == "red"
    assert stats["set"] == ["a", "b"] and stats["tuple"] == [1, 2] and stats["nan"] is None
    assert stats["loc"]["path"] == "x.py"
    assert list(stats) == sorted(stats)


def _mutations():
    def extra_key(d):
        d["findings"][0]["unexpected"] = 1

    def bad_severity(d):
        d["findings"][0]["severity"] = "severe"

    def bad_confidence(d):
        d["findings"][0]["confidence"] = "certain"

    def missing_rule(d):
        del d["findings"][0]["rule_id"]

    def zero_line(d):
        d["findings"][0]["line"] = 0

    def bad_cwe(d):
        d["findings"][0]["cwe"] = ["78"]

    def suppressed_without_suppression(d):
        d["suppressed"][0]["suppression"] = None

    def reported_with_suppression(d):
        d["findings"][0]["suppression"] = {"kind": "inline", "justification": "", "location": None}

    def bad_status(d):
        d["checklists"][0]["items"][0]["status"] = "ok"

    def missing_evidence(d):
        del d["checklists"][0]["items"][0]["evidence"]

    def bad_schema_version(d):
        d["schema_version"] = "2.0"

    def missing_errors(d):
        del d["errors"]

    def error_without_fatal(d):
        del d["errors"][0]["fatal"]

    def score_out_of_range(d):
        d["score"] = 140

    def unknown_top_level(d):
        d["extra"] = []

    def bad_timestamp(d):
        d["generated_at"] = "yesterday"

    def flow_step_extra(d):
        next(f for f in d["findings"] if f["flow"])["flow"][0]["extra"] = 1

    def bad_stats_files(d):
        d["stats"]["files"] = "12"

    def bad_engine_seconds(d):
        d["stats"]["engine_seconds"] = {"cst": "slow"}

    return [v for k, v in sorted(locals().items())]


@pytest.mark.parametrize("mutate", _mutations(), ids=lambda f: f.__name__)
def test_schema_catches_regressions(validator, mutate):
    doc = json.loads(json_reporter.render(sample()))
    validator.validate(copy.deepcopy(doc))
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(doc)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("fixture", ["poisoned", "hardened"])
def test_real_pipeline_output_validates(validator, fixture):
    """DESIGN §5: the schema is checked against what the pipeline really produces."""
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    if not (FIXTURES / fixture).is_dir():
        pytest.skip(f"fixtures/{fixture} not present")
    result = audit([FIXTURES / fixture], Config(engines=("cst",), cache=False))
    text = json_reporter.render(result)
    assert text.isascii()
    doc = json.loads(text)
    validator.validate(doc)
    assert doc["summary"]["findings"] == len(result.findings)
    assert json_reporter.render(result, timestamp=False) == json_reporter.render(result, timestamp=False)
