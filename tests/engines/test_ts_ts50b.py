"""Causes of the thirty-sixth TypeScript holdout (ts50b, ``fixtures/typescript/ts50b``).

* ``tokenarg``/``tokenarg_safe``: a tool argument named just ``token`` is a credential only when
  its schema's description says so ("API token used to authenticate", "Personal access token"),
  found through ``z.infer<typeof S>`` or in the registration's own statement; a selector with a
  short plain default (``.default("current")``) or a "Pagination token" is not
  (``analysis/ts/tokenparams.py``, with Python's ``auth-words`` of ``rules/models/python/secrets.yaml``).
* ``gatechain``/``gatechain_safe``: ``if (config.KEY && config.KEY.length > 0) { check } else {
  warn }``, the header read in a helper of the module, is optional authentication; the twin's else
  refuses (``analysis/ts/secretgate.py``).
* ``gatealias``/``gatealias_safe``: ``const key = process.env.NOTES_API_KEY; if (key) { check }`` is
  optional authentication; the twin refuses to start without the key.
* ``discordfiles``/``discordfiles_safe``: of discord.js's message ``files`` only what names the
  file is the sink: an entry's ``attachment``, a string entry, ``new AttachmentBuilder(path)``'s
  path; the entry's ``name`` and ``description`` are labels (``files[].attachment`` in
  ``rules/models/typescript/discord.yaml``, ``analysis/ts/listfields.py``).
* ``classwrap``/``classwrap_safe``: a plain class whose public ``registerTool(name, description,
  schema, handler)`` forwards the name to an SDK server field (``this.compat.registerTool(name,
  ...)``): a call on its exported instance from another module is a tool registration, and the
  forwarding call is no tool named ``name`` (``analysis/ts/classwrappers.py``). The twin's method
  only records the call: no tool.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_low, line_of

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

G = "ts50b"
S = "src/server.ts"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/tokenarg", f"{G}/tokenarg_safe", f"{G}/discordfiles", f"{G}/discordfiles_safe"])


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(res.findings, key=lambda f: f.location.line) if f.rule_id in rules]


def test_the_auth_words_are_one_catalog_row_for_both_languages():
    words = catalog().python.auth_words
    assert words is not None and words.search("Board API token used to authenticate")
    assert words.search("Personal access token of the account")
    assert not words.search("Token to list webhooks for") and not words.search("Pagination token from the previous page")


def test_a_token_argument_described_as_a_credential_is_a_secret_in_the_log(tmp_path):
    g = f"{G}/tokenarg"
    res = audit_low(tmp_path, g)
    hooks = line_of(S, 'console.error("listing hooks"', g)
    whoami = line_of(S, 'console.error("whoami"', g)
    assert _reports(res, ("secret-in-log",)) == [
        ("secret-in-log", S, hooks, None, Confidence.HIGH,
         "secret 'args.token' is written to a log by console.error()"),
        ("secret-in-log", S, whoami, None, Confidence.HIGH,
         "secret 'args.token' is written to a log by console.error()"),
    ]


def test_a_selector_or_pagination_token_argument_is_no_secret(tmp_path):
    res = audit_low(tmp_path, f"{G}/tokenarg_safe")
    assert _reports(res, ("secret-in-log",)) == []


def test_an_and_chain_on_the_secret_with_a_warning_else_is_optional_auth(tmp_path):
    g = f"{G}/gatechain"
    res = audit_low(tmp_path, g)
    transport = line_of(S, 'const transport = new SSEServerTransport("/messages", res);', g)
    gate = line_of(S, "if (config.MCP_API_KEY && config.MCP_API_KEY.length > 0) {", g)
    got = _reports(res, ("http-transport-no-auth",))
    assert [r[:5] for r in got] == [("http-transport-no-auth", S, transport, None, Confidence.MEDIUM)]
    assert got[0][5].startswith(
        "new SSEServerTransport() serves MCP over HTTP and authentication is optional, off unless configured: "
        "if (config.MCP_API_KEY) { ...the credential check... } (skipped while !config.MCP_API_KEY: no secret "
        f"configured) at {S}:{gate} is added conditionally")
    f = next(f for f in res.findings if f.rule_id == "http-transport-no-auth")
    assert (S, gate) in [(s.location.path, s.location.line) for s in f.flow]


def test_an_else_that_refuses_makes_the_chain_required_auth(tmp_path):
    res = audit_low(tmp_path, f"{G}/gatechain_safe")
    assert _reports(res, ("http-transport-no-auth",)) == []


def test_a_local_alias_of_the_secret_env_read_is_optional_auth(tmp_path):
    g = f"{G}/gatealias"
    res = audit_low(tmp_path, g)
    transport = line_of(S, "const transport = new StreamableHTTPServerTransport(", g)
    gate = line_of(S, "  if (key) {", g)
    got = _reports(res, ("http-transport-no-auth",))
    assert [r[:5] for r in got] == [("http-transport-no-auth", S, transport, None, Confidence.MEDIUM)]
    assert got[0][5].startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        f"configured: if (key) {{ ...the credential check... }} (skipped while !key: no secret configured) at {S}:{gate}")


def test_an_alias_the_program_will_not_start_without_is_auth(tmp_path):
    res = audit_low(tmp_path, f"{G}/gatealias_safe")
    assert _reports(res, ("http-transport-no-auth",)) == []


_DETAIL = ("server-side request forgery (discord.js fetches an http(s) URL from the server and reads any other "
           "string as a local file, then uploads it)")


def test_the_discord_file_sink_is_what_names_the_file(tmp_path):
    g = f"{G}/discordfiles"
    res = audit_low(tmp_path, g)
    got = _reports(res, ("tool-ssrf",))
    want = [("send_file", "filePath", "attachment: filePath, name: fileName"),
            ("send_path", "path", "files: [path]"),
            ("send_built", "source", "new AttachmentBuilder(source")]
    assert [r[:5] for r in got] == [("tool-ssrf", S, line_of(S, needle, g), tool, Confidence.HIGH)
                                    for tool, _, needle in want]
    for r, (tool, param, _) in zip(got, want):
        assert r[5].startswith(f"tool '{tool}' passes parameter '{param}' to channel.send(): {_DETAIL}"), r[5]


def test_a_caller_chosen_label_of_a_fixed_file_is_no_sink(tmp_path):
    res = audit_low(tmp_path, f"{G}/discordfiles_safe")
    assert _reports(res, ("tool-ssrf",)) == []


def _tool_names(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def test_a_plain_class_wrapper_forwarding_to_the_sdk_registers_its_callers_tools(tmp_path):
    g = f"{G}/classwrap"
    res = audit_low(tmp_path, g)
    # the forwarding call this.compat.registerTool(name, ...) is no tool called "name"
    assert _tool_names(res) == ["board_summary"]
    line = line_of("src/tools/exports.ts", "const text = await readFile(", g)
    got = _reports(res, ("tool-path-traversal",))
    assert [r[:5] for r in got] == [("tool-path-traversal", "src/tools/exports.ts", line, "board_summary", Confidence.HIGH)]
    assert got[0][5].startswith("tool 'board_summary' passes parameter 'boardId' to fs/promises.readFile(): path traversal")


def test_a_plain_class_method_that_hands_nothing_to_the_sdk_registers_no_tool(tmp_path):
    res = audit_low(tmp_path, f"{G}/classwrap_safe")
    assert _tool_names(res) == []
    assert _reports(res, ("tool-path-traversal",)) == []
