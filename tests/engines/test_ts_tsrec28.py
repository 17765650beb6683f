"""TypeScript hazards read by hand and not reported (tsrec28, ``fixtures/typescript/tsrec28``).

``capsinks``: a tool's capability (the caller's folder created as is) lists every default finding
of its family that the same tool reaches with the same parameter, a built write included
(``analysis/capsinks.py``): CircleCI's usage CSV written into the caller's folder, auth0's env file
rewritten in the caller's project directory. The safe twin (a copy written to the server's own
folder, named from a number) is no finding and no listed sink.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

from mcpaudit.analysis.capsinks import ListedSinks
from mcpaudit.analysis.rawresults import RawCapability, RawFinding
from mcpaudit.models import Confidence

CAPS = "tsrec28/capsinks"


def test_a_capability_lists_the_built_write_of_its_parameter(tmp_path):
    res = audit_group(tmp_path, CAPS)
    write = line_of("server.ts", "fs.writeFileSync(target, parts[i]);", CAPS)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", write, "save_export")
    assert f.message.startswith("tool 'save_export' passes parameter 'arguments['outputDir']' to fs.writeFileSync(): "
                                "path traversal / arbitrary file access (write)")
    [cap] = [c for c in res.capabilities if c.rule_id == "capability-file-access"]
    assert (cap.location.line, cap.tool) == (line_of("server.ts", "fs.mkdirSync(dir, { recursive: true });", CAPS),
                                             "save_export")
    assert cap.message.startswith("tool 'save_export' reads and writes any file the caller names: parameter "
                                  "'arguments['outputDir']' reaches fs.mkdirSync() as is (and 1 more place(s))")
    assert f"server.ts:{write}" in cap.properties["sinks"]
    own = line_of("server.ts", "fs.writeFileSync(target, parts.join(\"\"));", CAPS)
    assert f"server.ts:{own}" not in cap.properties["sinks"]
    assert all(g.location.line != own for g in res.findings)


class _Base:
    def run(self) -> None:
        pass


class _Linker(ListedSinks, _Base):
    def __init__(self, findings, capabilities):
        self.findings, self.capabilities, self.reaching = findings, capabilities, {}


def _cap(param="outputDir", behind=None):
    return RawCapability("file-access", "save", param, "a.ts", (10, 1, 10, 9), "fs.mkdirSync()", False, [],
                         ["a.ts:10"], behind=behind)


def _finding(line, param="outputDir", conf=Confidence.HIGH, family="path", detail="write"):
    return RawFinding(family, "b.ts", (line, 1, line, 9), "m", conf, "save", param, [], detail)


def test_listed_sinks_takes_default_findings_of_the_same_tool_family_and_parameter():
    cap = _cap()
    found = {1: _finding(20), 2: _finding(30, param="jobId"), 3: _finding(40, conf=Confidence.LOW),
             4: _finding(50, family="ssrf")}
    _Linker(found, {("save", "file-access", "a.ts"): cap}).run()
    assert cap.sinks == ["a.ts:10", "b.ts:20"]
    assert cap.write


def test_a_capability_behind_a_check_lists_nothing_more():
    cap = _cap(behind="an allow-list check")
    _Linker({1: _finding(20)}, {("save", "file-access", "a.ts"): cap}).run()
    assert cap.sinks == ["a.ts:10"] and not cap.write

