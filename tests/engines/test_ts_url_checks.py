"""Checks and sinks of URLs. A ``startsWith`` test with a constant that ends at the host
(``https://docs.example.com``, fixtures/typescript/sanitizers/urlhost.ts) is a weak check:
``https://docs.example.com.attacker.example/`` passes it. A URL a loader reads from disk when it names a file (fixtures/typescript/sinks/pdfurl.ts):
pdf.js ``getDocument(src | { url })`` under Node opens ``file:`` URLs and bare paths with fs, and
zod's ``url()`` admits ``file:``; a constant prefix or a check that fixes a network scheme rules
the file out (``narrowing.NET_SCHEME``, rows of kind ``file-url`` in the TypeScript file models)."""

from __future__ import annotations

from test_ts_engine import line_of, only, scan, steps


def test_a_url_handed_to_pdfjs_is_a_path_traversal_with_the_flow_through_the_loader():
    out, _ = scan("sinks")
    f = only(out.findings, tool="pdf_page_count")
    assert (f.rule_id, f.location.path) == ("tool-path-traversal", "pdfurl.ts")
    assert f.location.line == line_of("pdfurl.ts", "return getDocument(src).promise;", "sinks")
    assert f.message == ("tool 'pdf_page_count' passes parameter 'url' to pdfjs-dist/legacy/build/pdf.getDocument(): "
                         "path traversal / arbitrary file access (a file: URL or a bare path is read from disk)")
    notes = [(p, n) for p, _, n in steps(f)]
    assert notes[1] == ("pdfurl.ts", "passed to loadPdf()")
    assert notes[-1] == ("pdfurl.ts", "reaches pdfjs-dist/legacy/build/pdf.getDocument()")


def test_a_checked_or_fixed_network_scheme_and_bytes_are_no_file():
    out, _ = scan("sinks")
    quiet = {"pdf_page_count_http", "pdf_page_count_https", "report_page_count", "pdf_from_bytes"}
    assert not [f for f in out.findings if f.tool in quiet]


def test_a_scheme_check_alone_leaves_a_fetch_tool_its_capability():
    # u.protocol !== "https:" fixes no host: still the tool's declared fetch of any URL
    out, _ = scan("sanitizers")
    f = only(out.findings, tool="fetch_https_only")
    assert f.rule_id == "capability-network-request"


def test_a_prefix_ending_at_the_host_is_a_weak_check_and_one_ending_with_a_slash_a_host_check():
    out, _ = scan("sanitizers")
    f = only(out.findings, tool="fetch_docs_page")
    assert (f.rule_id, f.confidence.name) == ("tool-ssrf", "MEDIUM")
    assert f.location.line == line_of("urlhost.ts", "const res = await fetch(url.trim());", "sanitizers")
    assert f.message.endswith(
        "only a weak check on the way: weak URL check: startsWith('https://docs.example.com') without a '/' after "
        "the host also accepts 'https://docs.example.com.attacker.example/' and 'https://docs.example.com@attacker.example/'")
    assert ("urlhost.ts", line_of("urlhost.ts", "if (!url.trim().startsWith(DOCS_SITE))", "sanitizers"),
            "checked: URL prefix") in steps(f)
    # a '/' after the host pins it: the path it still fills is fetched with no credential of the
    # server's, an audit result (ts16b), no default finding
    slash = [f for f in out.findings if f.tool == "fetch_docs_page_slash"]
    assert [(f.rule_id, f.confidence.name) for f in slash] == [("tool-ssrf", "LOW")]
    assert slash[0].message.endswith("but the request carries no credential of the server's: nothing the caller "
                                     "could not fetch itself")
