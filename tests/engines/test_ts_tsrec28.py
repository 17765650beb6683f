"""TypeScript hazards read by hand and not reported (tsrec28, ``fixtures/typescript/tsrec28``).

``capsinks``: a tool's capability (the caller's folder created as is) lists every default finding
of its family that the same tool reaches with the same parameter, a built write included
(``analysis/capsinks.py``): CircleCI's usage CSV written into the caller's folder, auth0's env file
rewritten in the caller's project directory. The safe twin (a copy written to the server's own
folder, named from a number) is no finding and no listed sink.

``fetchcheck``: a tool that says it fetches URLs hands the caller's URL to the request as is past a
check known by its name only (an operator's URL-prefix list read by a checker closure, which lets
every URL through when none is set): the finding stays (a weak check on the way) and the fetch is
also the tool's capability, shown behind that check (``capabilities.behind_check`` with the TS
linker's ``guarded_fetches``, ``analysis/fetchcheck.py``): strato-space/media-gen-mcp's
fetch-images/-videos/-document. Twins: the same check followed by a prefix test read in place
(``fetch_docs_page``: a finding, no capability, the tool fetches less than any URL); a host helper
the project defines and mcpaudit reads (``urlshapes``' isAllowedMirrorHost, test_ts_holdfix7b: no
capability); a fixed help host, the caller's page name encoded into its path (quiet).
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


FETCH = "tsrec28/fetchcheck"


def test_a_declared_fetch_past_an_unverified_check_is_a_capability_behind_it(tmp_path):
    res = audit_group(tmp_path, FETCH)
    at = line_of("server.ts", "const res = await fetch(url);", FETCH)
    [f] = [f for f in res.findings if f.rule_id == "tool-ssrf" and f.tool == "fetch_page"]
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", at, "fetch_page")
    assert f.message == ("tool 'fetch_page' passes parameter 'url' to fetch(): server-side request forgery; only a "
                         "weak check on the way: checked by urlAllowed() (not verified by mcpaudit)")
    assert f.confidence == Confidence.MEDIUM
    [cap] = res.capabilities
    assert (cap.rule_id, cap.location.line, cap.tool) == ("capability-network-request", at, "fetch_page")
    assert cap.message.startswith("tool 'fetch_page' fetches any URL the caller gives: parameter 'url' reaches "
                                  "fetch() as is; only checked by urlAllowed() (not verified by mcpaudit) on the way")


def test_the_fixed_host_twin_stays_quiet(tmp_path):
    res = audit_group(tmp_path, FETCH)
    assert all(f.tool != "fetch_help_page" for f in [*res.findings, *res.capabilities])


def test_a_later_prefix_test_read_in_place_keeps_the_finding_and_shows_no_capability(tmp_path):
    res = audit_group(tmp_path, FETCH)
    at = line_of("server.ts", "const page = await fetch(url);", FETCH)
    [f] = [f for f in res.findings if f.tool == "fetch_docs_page"]
    assert (f.rule_id, f.location.path, f.location.line) == ("tool-ssrf", "server.ts", at)
    assert f.message == ("tool 'fetch_docs_page' passes parameter 'url' to fetch(): server-side request forgery; only "
                         "a weak check on the way: checked by urlAllowed() (not verified by mcpaudit)")
    assert f.confidence == Confidence.MEDIUM
    assert all(c.tool != "fetch_docs_page" for c in res.capabilities)


def test_only_one_unread_check_of_no_project_function_counts():
    from types import SimpleNamespace as NS

    from mcpaudit.analysis.fetchcheck import unread_fetch_check

    class _L:
        modules = {"a.ts": object()}

        def resolve(self, path, caller, name):
            return ("a.ts", None, False) if name == "isAllowedHost" else None

    weak = "checked by urlAllowed() (not verified by mcpaudit)"
    one = (NS(note="checked: validator", path=""), NS(note="reaches fetch()", path=""))
    assert unread_fetch_check(_L(), "a.ts", NS(weak=weak, steps=one))
    two = one + (NS(note="checked: URL prefix", path=""),)
    assert not unread_fetch_check(_L(), "a.ts", NS(weak=weak, steps=two))
    own = "checked by isAllowedHost() (not verified by mcpaudit)"
    assert not unread_fetch_check(_L(), "a.ts", NS(weak=own, steps=one))
    assert not unread_fetch_check(_L(), "a.ts", NS(weak="weak URL check: startsWith('https://x.com')", steps=one))
