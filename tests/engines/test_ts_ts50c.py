"""Causes of the wrong rows of the thirty-sixth TypeScript holdout (ts50c,
``fixtures/typescript/ts50c``).

* ``listquery``: a helper returns ``{ cypher, params }`` (each property kept on its own,
  ``analysis/ts/retfields.py``) and the caller tests ``if (q.cypher)`` before it pushes
  ``q.cypher`` into the WHERE conditions. The test narrows the call's result to the returns
  whose ``cypher`` can be truthy (``discriminated.py``); a property read there is the label
  ``("c", i, cond, key)``: that property of those returns (``discriminants.part``), no longer the
  whole result. The safe twin builds the text from fixed names (the tags travel in ``params``);
  the vulnerable one pastes the tags into the text as well.
* ``nullorigin_*``: Streamable HTTP on 127.0.0.1 with authentication off unless configured, and a
  middleware that answers 403 unless ``isOriginAllowed(req, res)``, which admits the operator's
  allow-listed origins, a missing Origin and ``null`` (``analysis/ts/originguard.py``,
  ``_operator_listed``). A ``null``-origin page (a sandboxed iframe) can POST ``initialize``,
  but on a stateful transport it cannot read the ``Mcp-Session-Id`` answer header unless CORS
  exposes it (``analysis/ts/nullorigin.py``): ``_safe`` (stateful, nothing exposed) is this
  machine only, low; ``_exposed`` (``Access-Control-Expose-Headers: Mcp-Session-Id``) and
  ``_stateless`` (``sessionIdGenerator: undefined``) stay reported at default confidence.
* ``zodkeys_*``: ``SET p.${key} = $${key}`` over ``Object.entries(updates)`` in a service, with
  ``updates`` read from ``ProjectUpdateSchema.parse(args)``, an imported
  ``z.discriminatedUnion`` of two ``z.object``s (``analysis/ts/zodkeys.py``: a union's fields,
  and ``DECLARED_KEYS`` on a deeply stripped object; the key carries ``KEY_NAME``, and both on
  one path are clean, ``records.joined_clean``). ``_safe`` is quiet; ``_passthrough``
  (``.passthrough()``) and ``_record`` (``z.record``) keep the caller's keys and stay reported.
* ``enumsort``: ``ORDER BY t.${field} ${direction}`` from ``TaskListSchema.parse(input)`` of an
  imported ``z.object`` whose sort fields are ``z.enum``s: quiet (main already reads this; the
  atlas row it stands for was carried by the tags flow of ``listquery``); the twin's
  ``z.string()`` sort field stays reported.
* ``requestlistener``: ``http.createServer()`` given its handler by ``server.on("request", ...)``
  and listened on (port 0, every interface) serves (``posture/tempserver.py``: a ``request``,
  ``upgrade`` or ``connect`` listener is no idle use); the twin only listens, asks its address
  and watches ``error``: idle, stdio only.
"""

from __future__ import annotations

from test_ts_engine import audit_group, audit_low, line_of

from mcpaudit.models import Confidence

G = "ts50c"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: (f.location.path, f.location.line))


def test_query_text_of_a_returned_object_carries_only_its_own_property(tmp_path):
    res = audit_group(tmp_path, f"{G}/listquery")
    [f] = _rule(res, "tool-sql-injection")
    run = line_of("server.ts", "await session.run(", f"{G}/listquery")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", run, "list_notes")
    assert f.message.startswith("tool 'list_notes' passes parameter 'tags' to session.run(): SQL injection")
    notes = [s.note for s in f.flow]
    assert "returned by inList()" in notes and "added to 'conditions'" in notes


def test_query_text_built_from_fixed_names_with_the_value_in_params_is_quiet(tmp_path):
    res = audit_group(tmp_path, f"{G}/listquery_safe")
    assert not _rule(res, "tool-sql-injection")
    assert not [f for f in res.findings if f.tool]


def _transport(res, group):
    [f] = _rule(res, "http-transport-no-auth")
    site = line_of("server.ts", "transport = new StreamableHTTPServerTransport(", group)
    assert (f.location.path, f.location.line) == ("server.ts", site)
    assert f.message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is "
                                "optional, off unless configured")
    return f


def test_null_origin_without_a_readable_session_header_is_this_machine_only(tmp_path):
    group = f"{G}/nullorigin_safe"
    f = _transport(audit_low(tmp_path, group), group)
    guard = line_of("server.ts", "if (!isOriginAllowed(req, res)) {", group)
    assert f.confidence == Confidence.LOW
    assert (f"reachable from this machine only; the request handler answers 403 at server.ts:{guard} unless the "
            "Origin is one the operator allow-lists") in f.message
    assert "admits Origin 'null'" not in f.message
    assert not [s for s in f.flow if "Origin 'null'" in s.note]
    assert not _rule(audit_group(tmp_path / "default", group), "http-transport-no-auth")


def test_null_origin_stays_open_when_the_session_header_is_exposed_or_the_transport_is_stateless(tmp_path):
    for twin in ("nullorigin_exposed", "nullorigin_stateless"):
        group = f"{G}/{twin}"
        f = _transport(audit_group(tmp_path / twin, group), group)
        test = line_of("server.ts", 'origin === "null"', group)
        assert f.confidence == Confidence.MEDIUM, twin
        assert (f"through DNS rebinding, from web pages, since the Origin check at server.ts:{test} admits "
                "Origin 'null', which a sandboxed iframe on any web page sends") in f.message, twin
        assert [(s.location.line, s.note) for s in f.flow if "Origin 'null'" in s.note] == [
            (test, "admits Origin 'null' (a sandboxed iframe on any web page)")], twin


def test_keys_of_a_zod_object_parsed_through_an_imported_union_are_declared_names(tmp_path):
    res = audit_group(tmp_path, f"{G}/zodkeys_safe")
    assert not _rule(res, "tool-sql-injection")
    assert not [f for f in res.findings if f.tool]


def test_keys_of_a_passthrough_object_or_a_record_stay_the_callers(tmp_path):
    for twin in ("zodkeys_passthrough", "zodkeys_record"):
        group = f"{G}/{twin}"
        [f] = _rule(audit_group(tmp_path / twin, group), "tool-sql-injection")
        run = line_of("service.ts", "await session.run(", group)
        assert (f.location.path, f.location.line, f.tool) == ("service.ts", run, "update_project"), twin
        assert f.message.startswith("tool 'update_project' passes parameter"), twin
        assert f.message.endswith("to session.run(): SQL injection (the query is a template literal)"), twin
        assert ("service.ts", line_of("service.ts", "for (const [key, value] of Object.entries(updates))", group)) in \
            [(s.location.path, s.location.line) for s in f.flow], twin


def test_a_union_schema_declares_each_members_fields():
    from test_ts_engine import FIXTURES

    from mcpaudit.analysis.ts import parse as P
    from mcpaudit.analysis.ts.module import analyze_module

    path = FIXTURES / G / "zodkeys_safe" / "schema.ts"
    data = path.read_bytes()
    mod = analyze_module("schema.ts", data, P.parse(data, "schema.ts"))
    fields = {n: f for n, _d, f in mod.schemas["ProjectUpdateSchema"]}
    assert set(fields) == {"mode", "id", "updates", "projects"}
    assert "declared-keys" in fields["updates"] and "declared-keys" in fields["projects"]
    assert "*" in fields["mode"]
    passthrough = (FIXTURES / G / "zodkeys_passthrough" / "schema.ts").read_bytes()
    open_mod = analyze_module("schema.ts", passthrough, P.parse(passthrough, "schema.ts"))
    assert "declared-keys" not in {n: f for n, _d, f in open_mod.schemas["ProjectUpdateSchema"]}["updates"]


def test_enum_sort_fields_parsed_through_an_imported_schema_are_fixed_words(tmp_path):
    assert not _rule(audit_group(tmp_path / "safe", f"{G}/enumsort_safe"), "tool-sql-injection")
    group = f"{G}/enumsort"
    [f] = _rule(audit_group(tmp_path / "open", group), "tool-sql-injection")
    assert (f.location.path, f.location.line, f.tool) == ("query.ts", line_of("query.ts", "session.run(", group), "list_tasks")
    assert f.message.startswith("tool 'list_tasks' passes parameter 'sortBy' to session.run(): SQL injection")


def _listen_idle(group):
    from test_ts_engine import FIXTURES

    from mcpaudit.analysis.posture.tempserver import idle_listen
    from mcpaudit.analysis.posture.typescript import index_ts

    ix = index_ts("server.ts", (FIXTURES / group / "server.ts").read_text(encoding="utf-8"))
    listens = [node for name, node, _line in ix.calls if name.endswith("listen")]
    assert len(listens) == 1, group
    return idle_listen(ix, listens[0])


def test_a_server_given_a_request_listener_serves(tmp_path):
    group = f"{G}/requestlistener"
    assert _listen_idle(group) is False
    res = audit_group(tmp_path, group)
    assert res.exposure["bind_all"] is True and res.exposure["level"] == "http-no-auth"
    [f] = _rule(res, "http-transport-no-auth")
    assert (f.location.path, f.location.line) == ("server.ts", line_of("server.ts", "new SSEServerTransport(", group))
    assert "(bound to all interfaces)" in f.message


def test_a_server_only_listened_on_and_watched_for_errors_is_idle(tmp_path):
    group = f"{G}/requestlistener_idle"
    assert _listen_idle(group) is True
    res = audit_group(tmp_path, group)
    assert res.exposure["level"] == "stdio"
    assert not _rule(res, "http-transport-no-auth")
