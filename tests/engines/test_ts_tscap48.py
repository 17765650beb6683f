"""A purpose flow behind a test of the URL's form only stays its tool's capability (tscap48,
``fixtures/typescript/tscap48``, ``analysis/ts/formchecks.py``).

A helper whose true verdict (or normal return) rests only on tests of a value's form - it parses
as a URL (``new URL(s)``, as an expression or a statement), its scheme is http or https (compared,
listed, or a prefix), it is not empty, it is not too long - hands its caller a mark, not a check
(``UNCHECKED`` in its verdict families or ``validates``), as the same tests written inline do. A
fetch tool whose declared job is to fetch any URL then shows that as ``capability-network-request``
(in the helper's module, and through a throwing helper of another module, ``checkref.disproved``).

The twin: the same form tests in front of a request the tool does not declare (a billing callback,
a report's logo) stay ``tool-ssrf`` findings, and a fetch tool whose helper also refuses hosts through
a call or a host comparison the analysis does not read keeps its finding, as before.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

from mcpaudit.models import Confidence

G = "tscap48"
SRC = "src/server.ts"


def _network(res):
    found = [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
             for f in res.findings if f.rule_id == "tool-ssrf"]
    caps = [(c.rule_id, c.location.path, c.location.line, c.tool, c.confidence, c.message)
            for c in res.capabilities if c.rule_id == "capability-network-request"]
    return sorted(found), sorted(caps)


def _cap(tool, param, sink, line):
    return ("capability-network-request", SRC, line, tool, Confidence.HIGH,
            f"tool '{tool}' fetches any URL the caller gives: parameter '{param}' reaches {sink} as is; "
            "reachable over stdio only, by the local user who starts the server")


def _ssrf(tool, param, sink, line):
    return ("tool-ssrf", SRC, line, tool, Confidence.HIGH,
            f"tool '{tool}' passes parameter '{param}' to {sink}: server-side request forgery")


def test_fetch_behind_form_tests_is_the_tools_capability(tmp_path):
    g = f"{G}/formcheck"
    res = audit_group(tmp_path, g)
    found, caps = _network(res)
    assert found == []
    assert caps == sorted([
        # a local verdict: new URL(s.trim()) and its protocol compared
        _cap("read_page", "address", "axios.get()",
             line_of(SRC, 'const page = await axios.get(address, { responseType: "text" });', g)),
        # a local throwing helper: emptiness, a length bound, new URL(s), a scheme list
        _cap("download_file", "source", "axios.get()",
             line_of(SRC, 'const body = await axios.get(source, { responseType: "arraybuffer" });', g)),
        # a local verdict after new URL(s) as a statement: it parses, nothing more
        _cap("fetch_json", "endpoint", "axios.get()", line_of(SRC, "const reply = await axios.get(endpoint);", g)),
        # a throwing helper of another module that compares the scheme only
        _cap("fetch_headers", "target", "axios.head()", line_of(SRC, "const head = await axios.head(target);", g)),
    ])


def test_form_tests_before_an_undeclared_request_or_a_host_refusal_stay_findings(tmp_path):
    g = f"{G}/formcheck_finding"
    res = audit_group(tmp_path, g)
    found, caps = _network(res)
    assert caps == []
    assert found == sorted([
        # the tool does not say it fetches: its callback is a request it was not declared to make
        _ssrf("create_invoice", "callback", "axios.post()", line_of(SRC, "await axios.post(callback, { amount });", g)),
        # another module's form-only helper is read whole: no check of the host, so no weak reason
        _ssrf("render_report", "logo", "axios.get()",
              line_of(SRC, 'const image = await axios.get(logo, { responseType: "arraybuffer" });', g)),
        # the helper also refuses hosts through a call it makes (internalHost): a check, as before
        _ssrf("read_page", "address", "axios.get()",
              line_of(SRC, 'const page = await axios.get(address, { responseType: "text" });', g)),
        # the helper also compares the host: a check, as before
        _ssrf("download_file", "source", "axios.get()",
              line_of(SRC, 'const body = await axios.get(source, { responseType: "arraybuffer" });', g)),
    ])
