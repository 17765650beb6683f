"""ts56c (issue 14): causes of the forty-third TypeScript holdout (``fixtures/typescript/ts56c``).

* ``profilecopy``: ``fs.cpSync(src, path.join(tempDir, item))`` into the folder the function made
  with ``mkdtemp`` is the server's own scratch copy, decided on the copy's destination
  (``analysis/ts/sinks.py`` with ``owndetail.py``), whatever its source; ``profilecopy_caller``:
  the same copy into a folder the caller names stays a write of a read-only tool.
* ``schemedefault``: ``if (!/^https?:\\/\\//i.test(url)) url = "https://" + url`` (and the ternary
  form) keeps the caller's URL as is with an http(s) scheme (``analysis/ts/schemedefault.py``): a
  fetch tool is the network capability, and ``page.goto`` claims no ``file://`` page;
  ``schemedefault_undeclared``: a tool that does not say it fetches stays ``tool-ssrf``;
  ``schemedefault_host``: a prefix with a host is no scheme default (no capability), and the host
  it fixes on one way of the ``if`` only is no fixed origin after it (``hostconsts.merged_prefixes``).
* ``errorhook``: an axios instance's ``interceptors.response.use(ok, err => ...)`` logs
  ``error.config.url`` of requests whose URL a wrapper's caller built with ``apikey=${KEY}``, where
  ``KEY = process.env.QUOTES_API_KEY`` (``analysis/ts/hookerrors.py``, ``envconsts.py``);
  ``errorhook_module``: a module-level client whose requests send a token in ``params``;
  ``errorhook_status``: the hook logs the status and the message only.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts56c"
GROUPS = ["profilecopy", "profilecopy_caller", "schemedefault", "schemedefault_undeclared", "schemedefault_host",
          "errorhook", "errorhook_module", "errorhook_status"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{g}" for g in GROUPS])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line, f.rule_id))
        if f.confidence >= Confidence.MEDIUM and not f.rule_id.startswith("capability-")]


def _caps(name):
    out, _ = scan(f"{G}/{name}")
    return sorted((c.rule_id, c.location.path, c.location.line, c.tool, c.message) for c in out.findings
                  if c.rule_id.startswith("capability-"))


# -- W: a copy into the function's own mkdtemp folder ---------------------------------------
def test_a_copy_into_the_functions_own_temp_folder_is_its_scratch():
    assert _rows("profilecopy") == []
    out, _ = scan(f"{G}/profilecopy")
    line = line_of("src/index.ts", "fs.cpSync(src, path.join(tempDir, item)", f"{G}/profilecopy")
    low = [f for f in out.findings if f.location.line == line]
    assert all(f.confidence < Confidence.MEDIUM for f in low)
    assert all("temporary folder" in f.message for f in low)


def test_a_copy_to_a_folder_the_caller_names_stays_a_write():
    g = f"{G}/profilecopy_caller"
    line = line_of("src/index.ts", "fs.cpSync(src, path.join(target, item)", g)
    rows = _rows("profilecopy_caller")
    assert ("tool-read-only-bypass", "src/index.ts", line, "read_profile_page",
            "tool 'read_profile_page' is annotated readOnlyHint=True but writes files (fs.cpSync())") in rows
    assert ("tool-path-traversal", "src/index.ts", line, "read_profile_page",
            "tool 'read_profile_page' passes parameter 'target' to fs.cpSync(): path traversal / arbitrary file access (write)") in rows


# -- P: a scheme given to a URL that has none --------------------------------------------------
def test_a_scheme_default_keeps_the_callers_url_as_is():
    g = f"{G}/schemedefault"
    got = line_of("src/index.ts", "const res = await got(url", g)
    goto = line_of("src/index.ts", "await page.goto(url", g)
    assert _rows("schemedefault") == []
    assert _caps("schemedefault") == [
        ("capability-network-request", "src/index.ts", got, "fetch_html",
         "tool 'fetch_html' fetches any URL the caller gives: parameter 'url' reaches got() as is"),
        ("capability-network-request", "src/index.ts", goto, "screenshot_page",
         "tool 'screenshot_page' fetches any URL the caller gives: parameter 'url' reaches page.goto() as is"),
    ]
    out, _ = scan(g)
    cap = next(c for c in out.findings if c.tool == "screenshot_page")
    assert "file://" not in cap.message
    assert (("src/index.ts", line_of("src/index.ts", "if (!/^https?:\\/\\//i.test(url)) url = `https://${url}`;", g),
             "given an https:// scheme when it has no http(s) one (the caller's URL otherwise as is)") in steps(cap))


def test_a_scheme_default_in_a_tool_that_does_not_say_it_fetches_stays_a_finding():
    g = f"{G}/schemedefault_undeclared"
    line = line_of("src/index.ts", "const res = await got(url", g)
    assert _caps("schemedefault_undeclared") == []
    assert _rows("schemedefault_undeclared") == [
        ("tool-ssrf", "src/index.ts", line, "company_title",
         "tool 'company_title' passes parameter 'site' to got(): server-side request forgery"),
    ]


def test_a_prefix_with_a_host_is_no_scheme_default():
    g = f"{G}/schemedefault_host"
    line = line_of("src/index.ts", "const res = await got(url", g)
    assert _caps("schemedefault_host") == []
    # the host the prefix fixes is on one way only: a full URL the caller gives is fetched as is
    assert _rows("schemedefault_host") == [
        ("tool-ssrf", "src/index.ts", line, "fetch_doc",
         "tool 'fetch_doc' passes parameter 'url' to got(): server-side request forgery"),
    ]
    out, _ = scan(g)
    assert not any("given an https:// scheme" in s.note for f in out.findings for s in f.flow)


# -- M: an axios response interceptor logging the request of a failed call -------------------
def test_an_interceptor_logs_the_url_of_every_failed_request_with_its_key():
    g = f"{G}/errorhook"
    line = line_of("src/http.ts", "console.error(`HTTP ${error.response.status}`, { url: error.config?.url })", g)
    assert _rows("errorhook") == [
        ("secret-in-log", "src/http.ts", line, None, "secret 'KEY' is written to a log by console.error()"),
    ]
    out, _ = scan(g)
    f = out.findings[[x.rule_id for x in out.findings].index("secret-in-log")]
    notes = [s[2] for s in steps(f)]
    assert notes[0] == "secret 'KEY' (process.env.QUOTES_API_KEY) read"
    assert "the error of every request this.http makes carries that request, its credential included" in notes
    assert steps(f)[-1] == ("src/http.ts", line, "reaches console.error()")


def test_a_module_clients_interceptor_logs_the_config_its_requests_sent():
    g = f"{G}/errorhook_module"
    line = line_of("src/index.ts", 'console.error("weather API error:", error.config)', g)
    assert _rows("errorhook_module") == [
        ("secret-in-log", "src/index.ts", line, None, "secret 'WEATHER_TOKEN' is written to a log by console.error()"),
    ]


def test_an_interceptor_that_logs_the_status_and_message_only_is_quiet():
    assert _rows("errorhook_status") == []


def test_an_env_variables_credential_name_makes_the_constant_a_secret():
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.envconsts import _env_read
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.catalog import catalog

    class _Fa:
        M = catalog().typescript

    for src, want in ((b"process.env.ALPHAVANTAGE_API_KEY", "process.env.ALPHAVANTAGE_API_KEY"),
                      (b"process.env.GH_TOKEN || ''", "process.env.GH_TOKEN"),
                      (b"process.env.PORT ?? '3000'", None), (b"config.apiKey", None)):
        data = b"const K = " + src + b";"
        root = parse(data, "k.ts").root_node
        N.PARTS.clear()
        fa = _Fa()
        fa.data = data
        value = root.named_children[0].named_children[0].child_by_field_name("value")
        assert _env_read(fa, value) == want, src
