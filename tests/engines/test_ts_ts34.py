"""The thirty-fourth TypeScript holdout's general causes (ts34, ``fixtures/typescript/ts34``).

* a local bound to an object literal and returned (``const manifest = { id: idFor(req.key), name:
  req.name }; return manifest``) keeps each property's taint in the function's summary, as a
  literal returned directly does (``analysis/ts/retfields.py``): ``createManifest(...).id`` is a
  digest of the key, not the name, also where the result is handed on whole to another function
  (``prepareBundle(m)``: the call's properties bind to the callee's parameter, ``taintmerge.
  RESULT_FIELDS``); the twin reads ``.name``.
* a function passed by name to an array method (``params.paths.map(fetchDocText)``, a local
  function of the handler or a project function) gets each element as an inline arrow does
  (``analysis/ts/callbackrefs.py``); the twin fetches a constant path.
* ``@google/genai`` answers (``this.client.models.generateVideos(params)``) are the vendor's, not a
  copy of the prompt (``service-clients``, a resource of a client held in a field); the twin falls
  back to the caller's URL.
* an axios request interceptor of a client built with a credential header gets that header in
  its parameter's ``headers`` (``analysis/ts/hookheaders.py``): a curl line built from
  ``Object.entries(request.headers)`` and logged writes the key; the twin logs method and URL.
* a secret-named property whose declared type is a record about the credential (``token:
  TokenStatus``, dates and a time remaining) holds no secret (``analysis/ts/statusrecords.py``); an
  Alexa ``correlationToken`` is a protocol id, as the Python list has had it (the TypeScript
  ``secret-names`` exceptions); the twins type the property ``string`` and log a ``sessionToken``.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

from mcpaudit.models import Confidence

G = "ts34"


def _reports(res, rules):
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
                  for f in res.findings if f.rule_id in rules)


def test_returned_local_literal_keeps_each_property(tmp_path):
    g = f"{G}/retlocal"
    res = audit_group(tmp_path, g)
    msg = ("tool 'create_handoff' passes parameter 'name' to fs/promises.mkdir(): path traversal / arbitrary file "
           "access (write)")
    helper = line_of("src/index.ts", 'await mkdir(join(ROOT, manifest.name, "parts"), { recursive: true });', g)
    line = line_of("src/index.ts", "await mkdir(join(ROOT, m.name), { recursive: true });", g)
    assert _reports(res, ("tool-path-traversal",)) == [
        ("tool-path-traversal", "src/index.ts", helper, "create_handoff", Confidence.HIGH, msg),
        ("tool-path-traversal", "src/index.ts", line, "create_handoff", Confidence.HIGH, msg)]
    safe = audit_group(tmp_path, f"{G}/retlocal_safe")
    assert [f for f in safe.findings if f.confidence >= Confidence.MEDIUM] == []


def test_token_status_record_and_correlation_token_are_no_secret(tmp_path):
    g = f"{G}/tokenstatus"
    res = audit_group(tmp_path, g)
    returned = line_of("src/index.ts", "return { content: [{ type: \"text\", text: verbose ? text : \"ok\" }] };", g)
    logged = line_of("src/index.ts", "console.error(`responding to ${header.sessionToken}`);", g)
    assert _reports(res, ("secret-in-tool-result", "secret-in-log")) == [
        ("secret-in-log", "src/index.ts", logged, None, Confidence.HIGH,
         "secret 'header.sessionToken' is written to a log by console.error()"),
        ("secret-in-tool-result", "src/index.ts", returned, "diagnostics_report", Confidence.HIGH,
         "tool 'diagnostics_report' returned a value containing secret 'report.token' to the caller")]
    safe = audit_group(tmp_path, f"{G}/tokenstatus_safe")
    assert [f for f in safe.findings if f.confidence >= Confidence.MEDIUM] == []


def test_vendor_generation_answer_is_no_copy_of_the_request(tmp_path):
    g = f"{G}/vendoranswer"
    res = audit_group(tmp_path, g)
    line = line_of("src/index.ts", "const response = await fetch(`${uri}&key=${process.env.GOOGLE_API_KEY}`);", g)
    assert _reports(res, ("tool-ssrf",)) == [
        ("tool-ssrf", "src/index.ts", line, "generate_video", Confidence.HIGH,
         "tool 'generate_video' passes parameter 'sourceUrl' to fetch(): server-side request forgery (a secret of "
         "the server's is spliced into the URL: it goes to the caller's host)")]
    safe = audit_group(tmp_path, f"{G}/vendoranswer_safe")
    assert [f for f in safe.findings if f.confidence >= Confidence.MEDIUM] == []


def test_function_passed_by_name_to_map_gets_each_element(tmp_path):
    g = f"{G}/mapnamed"
    res = audit_group(tmp_path, g)
    line = line_of("src/index.ts", "const response = await fetch(url.toString());", g)
    assert _reports(res, ("tool-ssrf",)) == [
        ("tool-ssrf", "src/index.ts", line, "fetch_full_docs", Confidence.HIGH,
         "tool 'fetch_full_docs' passes parameter 'paths' to fetch(): server-side request forgery")]
    safe = audit_group(tmp_path, f"{G}/mapnamed_safe")
    assert [f for f in safe.findings if f.confidence >= Confidence.MEDIUM] == []


def test_request_interceptor_logging_the_headers_logs_the_credential(tmp_path):
    g = f"{G}/hooklog"
    res = audit_group(tmp_path, g)
    line = line_of("src/api.ts", "console.error(`curl -X ${request.method?.toUpperCase()} ${headers}", g)
    assert _reports(res, ("secret-in-log",)) == [
        ("secret-in-log", "src/api.ts", line, None, Confidence.HIGH,
         "secret 'request.headers' is written to a log by console.error()")]
    safe = audit_group(tmp_path, f"{G}/hooklog_safe")
    assert [f for f in safe.findings if f.confidence >= Confidence.MEDIUM] == []
