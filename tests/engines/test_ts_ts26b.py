"""General causes of the twenty-sixth TypeScript holdout, reader B (ts26b), each on a fixture of
our own with a safe twin (``fixtures/typescript/ts26b``):

* an HTTP client built on a base URL that holds the caller's value (``axios.create({ baseURL:
  `https://${network}...` })`` in a provider method that caches clients in a Map): reported where
  the base is built (``clientbase``);
* ``new Axios({ baseURL, headers })`` instances are HTTP clients like ``axios.create()``'s, and a
  call on what a getter returns from ``import("./x.js").then((m) => m.api)`` in several branches
  lands on that function of each module (``pickedmodule``);
* names built on "token" that name a crypto asset (``token_address``, a balance record
  ``processedToken`` whose fields are a token's balance and metadata) and a module table of
  constant strings are no credentials (``assetnames``);
* a regex capture group that holds neither ``/`` nor ``\\`` is one path segment (``captures``);
* axios's ``postForm``/``putForm``/``patchForm`` send like ``post`` and answer like it
  (``formanswers``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of

from mcpaudit.analysis.regexshape import group_holds

GROUPS = ["ts26b/clientbase", "ts26b/pickedmodule", "ts26b/assetnames", "ts26b/captures", "ts26b/formanswers"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _found(group: str, rule: str):
    return [(path, ln, f.tool) for (path, ln), f in sorted(by_rule(group, rule).items())]


def test_a_client_base_with_the_callers_host_is_reported_where_it_is_built():
    line = line_of("server.ts", "const client = axios.create({ // expect", "ts26b/clientbase")
    assert _found("ts26b/clientbase", "tool-ssrf") == [("server.ts", line, "chain_height")]
    f = by_rule("ts26b/clientbase", "tool-ssrf")[("server.ts", line)]
    assert f.message == "tool 'chain_height' passes parameter 'network' to axios.create(): server-side request forgery"


def test_a_module_picked_at_run_time_reaches_its_new_axios_client():
    line = line_of("hub.ts", "await hub.get(", "ts26b/pickedmodule")
    assert _found("ts26b/pickedmodule", "tool-ssrf") == [("hub.ts", line, "read_entry")]
    msg = by_rule("ts26b/pickedmodule", "tool-ssrf")[("hub.ts", line)].message
    assert msg.startswith("tool 'read_entry' passes parameter 'entry' to hub.get(): server-side request forgery")
    assert "with the server's credential" in msg


def test_crypto_token_names_and_constant_tables_are_no_credentials():
    line = line_of("server.ts", "return { content: [{ type: \"text\", text: sessionToken }] }", "ts26b/assetnames")
    assert _found("ts26b/assetnames", "secret-in-tool-result") == [("server.ts", line, "leak_session")]
    assert _found("ts26b/assetnames", "secret-in-log") == []


def test_a_capture_without_separators_is_one_segment():
    sheet = line_of("server.ts", "/v2/sheets/", "ts26b/captures")
    doc = line_of("server.ts", "/v2/docs/", "ts26b/captures")
    assert _found("ts26b/captures", "tool-ssrf") == [("server.ts", sheet, "open_sheet"), ("server.ts", doc, "open_doc")]


def test_group_holds_reads_the_group_of_the_index():
    assert group_holds(r"figma\.com\/(board|file)\/([^/?]+)", 2, "/\\.") == {"\\", "."}
    assert group_holds(r"x\/(view|edit)\/([^/\\?#]+)", 2, "/\\") == set()
    assert group_holds(r"x/(\S+)", 1, "/\\") == {"/", "\\"}
    assert group_holds(r"x/([a-z]+)", 2, "/") is None


def test_form_helpers_answer_and_send_like_post():
    fetch_line = line_of("server.ts", "const result = await api.get(`${BASE}/v2/results/${id}`)", "ts26b/formanswers")
    put_line = line_of("server.ts", "await api.putForm(target", "ts26b/formanswers")
    assert _found("ts26b/formanswers", "tool-ssrf") == [("server.ts", fetch_line, "fetch_result"),
                                                        ("server.ts", put_line, "upload_to")]
    assert by_rule("ts26b/formanswers", "tool-ssrf")[("server.ts", put_line)].message == (
        "tool 'upload_to' passes parameter 'target' to api.putForm(): server-side request forgery (the request"
        " carries the server's credential 'api.headers' to the host the caller chooses)")  # since ts57d: clientcreds.py


def test_token_names_qualified_as_a_crypto_asset_in_both_languages():
    from mcpaudit.catalog import catalog

    for models in (catalog().python, catalog().typescript):
        assert not any(models.is_secret_name(n) for n in ("token_address", "tokenBalance", "token_metadata",
                                                          "tokenSymbol", "token_contract", "token_mint"))
        assert all(models.is_secret_name(n) for n in ("access_token", "token", "github_token", "api_key"))
