"""GitHub workflow-command annotations: levels, locations, and escaping hostile text."""

from __future__ import annotations

from typing import Dict, List, Tuple

import pytest

from mcpaudit.models import (
    AuditResult,
    Confidence,
    EngineError,
    Finding,
    Location,
    Severity,
    SkippedFile,
    Suppression,
)
from mcpaudit.reporters import github


def finding(severity: Severity, path: str = "server.py", line: int = 3, message: str = "m",
            **kw) -> Finding:
    return Finding(rule_id=kw.pop("rule_id", "tool-shell-injection"), engine="cst",
                   severity=severity, confidence=Confidence.HIGH, message=message,
                   location=Location(path, line, kw.pop("column", 5), kw.pop("end_line", None),
                                     kw.pop("end_column", None)), **kw)


def parse(line: str) -> Tuple[str, Dict[str, str], str]:
    """Split one workflow command the way the runner does, then unescape it."""
    assert line.startswith("::")
    head, _, message = line[2:].partition("::")
    name, _, props = head.partition(" ")
    fields = {}
    for part in props.split(",") if props else []:
        key, _, value = part.partition("=")
        fields[key] = unescape(value, prop=True)
    return name, fields, unescape(message)


def unescape(text: str, prop: bool = False) -> str:
    text = text.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%25", "%")


def lines(result: AuditResult) -> List[str]:
    out = github.render(result)
    assert out.endswith("\n")
    return out.splitlines()


def test_levels_by_severity() -> None:
    res = AuditResult(root=".", findings=[
        finding(Severity.CRITICAL, line=1), finding(Severity.HIGH, line=2),
        finding(Severity.MEDIUM, line=3), finding(Severity.LOW, line=4),
        finding(Severity.INFO, line=5)])
    names = [parse(ln)[0] for ln in lines(res)[:5]]
    assert names == ["error", "error", "warning", "notice", "notice"]


def test_location_properties() -> None:
    f = finding(Severity.HIGH, path="src/app.py", line=12, column=9, end_line=12, end_column=30,
                message="Tool 'run' passes 'cmd' to os.system", tool="run", parameter="cmd",
                fix="use a list", cwe=["CWE-78"])
    name, props, message = parse(lines(AuditResult(root=".", findings=[f]))[0])
    assert name == "error"
    assert props == {"file": "src/app.py", "line": "12", "endLine": "12", "col": "9",
                     "endColumn": "30",
                     "title": "mcpaudit tool-shell-injection (high, high confidence)"}
    assert message.startswith("Tool 'run' passes 'cmd' to os.system")
    assert "use a list" in message and "CWE-78" in message


def test_hostile_text_cannot_inject_commands() -> None:
    evil = "pwned\n::add-mask::secret\r\n::stop-commands::tok\n%0A::error::fake"
    f = finding(Severity.HIGH, path="a,b:c\n::warning::x.py", message=evil,
                rule_id="tool-shell-injection")
    out = lines(AuditResult(root=".", findings=[f]))
    # one command per line, every line starts a known command we wrote
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in out)
    assert len(out) == 2  # the annotation and the summary
    name, props, message = parse(out[0])
    assert name == "error"
    # decodes back to the original text (CRLF shown as one line break)
    assert message.startswith(evil.replace("\r\n", "\n"))
    assert "\n" not in out[0] and "\r" not in out[0]
    assert "%0A" in out[0] and "%250A" in out[0]  # a literal %0A stays literal
    # the file name's ':' and ',' cannot end the property or start a new one
    assert set(props) == {"file", "line", "col", "title"}
    assert props["file"] == "a,b:c\\n::warning::x.py"


def test_terminal_controls_are_made_visible() -> None:
    f = finding(Severity.MEDIUM, message="red \x1b[31m text \u202e")
    out = github.render(AuditResult(root=".", findings=[f]))
    assert "\x1b" not in out and "\u202e" not in out


def test_errors_skips_warnings_and_summary() -> None:
    res = AuditResult(
        root=".",
        findings=[finding(Severity.HIGH)],
        suppressed=[finding(Severity.HIGH, line=9)],
        errors=[EngineError("semgrep", "timed out", fatal=True),
                EngineError("cst", "parse failed", path="bad.py", fatal=False)],
        skipped=[SkippedFile("huge.py", "too large")],
        warnings=["a.py:3: bare ignore"],
        score=80.0,
        grade="B",
    )
    res.suppressed[0].suppression = Suppression("inline", "ok")
    parsed = [parse(ln) for ln in lines(res)]
    assert sum(1 for n, p, _ in parsed if p.get("line") == "9") == 0  # suppressed: not annotated
    assert ("error", "semgrep: timed out") in [(n, m) for n, _, m in parsed]
    assert any(n == "warning" and p.get("file") == "bad.py" for n, p, _ in parsed)
    assert any(n == "warning" and p.get("file") == "huge.py" for n, p, _ in parsed)
    assert any("bare ignore" in m for _, _, m in parsed)
    name, _, summary = parsed[-1]
    assert name == "notice"
    assert "1 finding(s)" in summary and "1 suppressed" in summary and "score 80" in summary
    assert "engine error" in summary


@pytest.mark.parametrize("text, data, prop", [
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("k:v,w", "k:v,w", "k%3Av%2Cw"),
])
def test_escaping_rules(text: str, data: str, prop: str) -> None:
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop
