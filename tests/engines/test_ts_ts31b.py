"""TypeScript tools the engine never discovered (ts31b, ``fixtures/typescript/ts31b``).

``wrappedexport``: ``export const readNoteTool = withErrorHandling(_tool, msg)`` in one module,
registered by another (``server.tool("read_note", desc, shape, readNoteTool)``): the imported
name stands for the function the wrapper is given (``analysis/ts/wrappedexports.py``), so the tool
is discovered and its handler followed. The safe twin keeps the read inside its folder.

``methodlist``: a class method returns the tool definitions (``getTools() { return [{ name,
inputSchema, handler: this.handleReadNote.bind(this) }] }``), a registry instantiates each class
of a namespace import and registers each definition by ``tool.name`` with an inline handler that
runs ``tool.handler(client, args)`` (``analysis/ts/methodlists.py``): the method's list holds the
definitions, the bound method is the handler, and the caller's arguments are its second parameter.
"""

from __future__ import annotations

from test_ts_engine import FIXTURES as FIXTURES_DIR, audit_group, line_of, scan

WRAPPED = "ts31b/wrappedexport"
WRAPPED_SAFE = "ts31b/wrappedexportsafe"
METHODS = "ts31b/methodlist"
METHODS_SAFE = "ts31b/methodlistsafe"
READ = "src/tools/notes/readNoteTool.ts"
NOTES = "src/tools/notes.ts"


def test_an_imported_handler_made_by_a_wrapper_call_is_the_function_it_wraps(tmp_path):
    res = audit_group(tmp_path, WRAPPED)
    read = line_of(READ, "fs.readFileSync(`/srv/notes/${params.file}`", WRAPPED)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (READ, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


def test_the_wrapped_tool_is_discovered_in_both_twins_and_the_safe_one_reports_nothing(tmp_path):
    for group in (WRAPPED, WRAPPED_SAFE):
        _, project = scan(group)
        [tool] = project.tools
        assert (tool.name, tool.function, tool.location.path) == ("read_note", "_tool", READ), group
        assert tool.description == "Read a stored note by its file name."
    res = audit_group(tmp_path, WRAPPED_SAFE)
    assert not [f for f in res.findings if f.rule_id == "tool-path-traversal"]


def test_definitions_returned_by_a_class_method_with_bound_handlers_are_tools(tmp_path):
    res = audit_group(tmp_path, METHODS)
    read = line_of(NOTES, "fs.readFileSync(`/srv/notes/${params.file}`", METHODS)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (NOTES, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


def test_both_classes_tools_are_listed_with_their_methods_and_the_twin_is_clean(tmp_path):
    for group in (METHODS, METHODS_SAFE):
        _, project = scan(group)
        tools = {t.name: t for t in project.tools}
        assert set(tools) == {"read_note", "site_info"}, group
        assert tools["read_note"].function == "NoteTools.handleReadNote"
        assert tools["read_note"].description == "Read a stored note by its file name."
        assert [p.name for p in tools["read_note"].parameters] == ["file"]
    res = audit_group(tmp_path, METHODS_SAFE)
    assert not [f for f in res.findings if f.rule_id == "tool-path-traversal"]


def test_handler_positions_are_where_the_first_parameter_goes():
    from mcpaudit.analysis.ts.methodlists import handler_positions
    from mcpaudit.analysis.ts.parse import parse

    src = (b"const f = async (args) => { return tool.handler(client, args) };\n"
           b"const g = async (args) => tool.execute(args);\n"
           b"server.tool(tool.name, f);\n")
    assert handler_positions(src, parse(src, "a.ts").root_node) == [0, 1]  # mend45b: 0 too, and they disagree
    first = b"const g = async (a) => t.run(a, 1);\n"
    assert handler_positions(first, parse(first, "a.ts").root_node) == []


def test_handler_positions_count_only_a_named_definitions_handler_and_record_the_first_place():
    # mend45b: `db.run(sql, params)` runs no definition (nothing reads `db.name`); a registry
    # passing the arguments first records place 0, so a project that disagrees keeps `inputs`
    from mcpaudit.analysis.ts.methodlists import handler_positions
    from mcpaudit.analysis.ts.parse import parse

    db = b"function save(params) { const sql = 'INSERT INTO t VALUES (?)'; db.run(sql, params); }\n"
    assert handler_positions(db, parse(db, "a.ts").root_node) == []
    first = b"const r = (tool) => server.tool(tool.name, async (args) => tool.handler(args));\n"
    assert handler_positions(first, parse(first, "a.ts").root_node) == [0]
    second = b"const r = (tool) => server.tool(tool.name, async (args) => tool.handler(client, args));\n"
    assert handler_positions(second, parse(second, "a.ts").root_node) == [1]


METHODS_FIRST = "ts31b/methodlistfirst"
METHODS_FIRST_SAFE = "ts31b/methodlistfirstsafe"


def test_a_registry_passing_the_arguments_first_keeps_them_first_beside_an_unrelated_run_call(tmp_path):
    res = audit_group(tmp_path, METHODS_FIRST)
    read = line_of(NOTES, "fs.readFileSync(`/srv/notes/${params.file}`", METHODS_FIRST)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (NOTES, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")
    assert not [f for f in audit_group(tmp_path, METHODS_FIRST_SAFE).findings if f.rule_id == "tool-path-traversal"]


REL = "ts31b/relprefix"
REL_SAFE = "ts31b/relprefixsafe"


def test_a_relative_path_test_on_the_parent_prefix_with_the_separator_is_containment(tmp_path):
    # relative.startsWith(`..${path.sep}`) false (with realpath on both sides): under the root
    assert not [f for f in audit_group(tmp_path, REL_SAFE).findings if f.rule_id == "tool-path-traversal"]


def test_without_the_parent_prefix_test_the_read_is_reported(tmp_path):
    res = audit_group(tmp_path, REL)
    read = line_of("src/index.ts", "fs.readFileSync(safe)", REL)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == ("src/index.ts", read, "upload_file")
    assert f.message.startswith("tool 'upload_file' passes parameter 'file_path' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


def test_a_parent_prefix_test_with_the_separator_alone_lets_the_parent_itself_through(tmp_path):
    # mend45b: !relative.startsWith(`..${path.sep}`) without `relative !== ".."`: a weak check
    group = "ts31b/relprefixparent"
    res = audit_group(tmp_path, group)
    read = line_of("src/index.ts", "fs.readFileSync(safe)", group)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == ("src/index.ts", read, "upload_file")
    assert f.message == ("tool 'upload_file' passes parameter 'file_path' to fs.readFileSync(): path traversal / "
                         "arbitrary file access; only a weak check on the way: weak containment check: "
                         "path.relative(root, p).startsWith('..' + separator) false still lets '..' itself "
                         "through (the root's parent directory)")


def test_only_the_parent_itself_or_its_prefix_with_a_separator_is_a_parent_test():
    from types import SimpleNamespace

    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.relparent import parent_prefix, tests_parent_itself

    def arg(src: bytes):
        node = parse(src, "a.ts").root_node
        while node.type not in ("string", "template_string", "binary_expression"):
            node = node.named_children[-1] if node.type != "arguments" else node.named_children[0]
        return node

    for src, kind in ((b'r.startsWith("..")', "whole"), (b'r.startsWith("../")', "sep"),
                      (b"r.startsWith(`..${path.sep}`)", "sep"), (b'r.startsWith("..foo")', ""),
                      (b"r.startsWith(`..${other}`)", ""), (b'r.startsWith(".." + path.sep)', "sep")):
        fa = SimpleNamespace(data=src, const_of=lambda n, d=src: d[n.start_byte + 1:n.end_byte - 1].decode() if n.type == "string" else None)
        assert parent_prefix(fa, arg(src)) == kind, src
    assert tests_parent_itself(b'rel !== ".." && !rel.startsWith(x)', "rel")
    assert not tests_parent_itself(b'other !== ".." && !rel.startsWith(x)', "rel")


CONFIG = "ts31b/configmap"
CONFIG_SAFE = "ts31b/configmapsafe"
CONFIGS = "src/handlers/configs/notes.ts"


def test_config_objects_in_a_name_keyed_map_behind_a_call_tool_handler_are_tools(tmp_path):
    res = audit_group(tmp_path, CONFIG)
    read = line_of(CONFIGS, "fs.readFileSync(`/srv/notes/${params.file}`", CONFIG)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (CONFIGS, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


def test_the_config_tools_take_the_definitions_description_and_schema(tmp_path):
    for group in (CONFIG, CONFIG_SAFE):
        _, project = scan(group)
        tools = {t.name: t for t in project.tools}
        assert set(tools) == {"read_note", "list_notes"}, group  # mend45b: the handler looking them up is none
        assert tools["read_note"].description == "Read a stored note by its file name."
        assert [p.name for p in tools["read_note"].parameters] == ["file"]
        assert tools["list_notes"].description == "List the stored notes."
    assert not [f for f in audit_group(tmp_path, CONFIG_SAFE).findings if f.rule_id == "tool-path-traversal"]


def test_a_test_modules_own_registration_does_not_hide_the_config_tools(tmp_path):
    # mend45b: src/__tests__/probe.test.ts registers a tool of its own server
    group = "ts31b/configmaptests"
    res = audit_group(tmp_path, group)
    read = line_of(CONFIGS, "fs.readFileSync(`/srv/notes/${params.file}`", group)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (CONFIGS, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


def test_config_objects_keeping_their_handler_under_any_of_the_linkers_keys_are_tools(tmp_path):
    # mend45b: { name, action } (the linker's handler keys: fn, action, logic, impl, ...)
    group = "ts31b/configmapaction"
    res = audit_group(tmp_path, group)
    read = line_of(CONFIGS, "fs.readFileSync(`/srv/notes/${params.file}`", group)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (CONFIGS, read, "read_note")
    assert f.message.startswith("tool 'read_note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")


PUBLIC = "ts31b/publishable"
SECRET_KEY = "ts31b/publishablesecret"


def test_a_token_returned_only_when_it_starts_with_a_publishable_prefix_is_no_secret(tmp_path):
    # if (accessToken.startsWith("pk.")) return accessToken: Mapbox's public, browser-side token
    res = audit_group(tmp_path, PUBLIC)
    assert not [f for f in res.findings if f.rule_id == "secret-in-tool-result"]


def test_the_same_helper_testing_a_secret_key_prefix_returns_the_secret(tmp_path):
    res = audit_group(tmp_path, SECRET_KEY)
    at = line_of("src/index.ts", "return { content:", SECRET_KEY)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-tool-result"]
    assert (f.location.path, f.location.line, f.tool) == ("src/index.ts", at, "map_page")
    assert f.message == ("tool 'map_page' returned a value containing secret 'process.env.MAPBOX_ACCESS_TOKEN' "
                         "to the caller")


def test_a_name_saying_the_key_is_public_is_not_a_secret_name():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    assert not M.is_secret_name("publicToken") and not M.is_secret_name("publishableKey")
    assert M.is_secret_name("accessToken") and M.is_secret_name("mapboxToken")


def test_a_name_starting_with_public_but_naming_a_secret_stays_a_secret_name():
    # mend45b: the exception is the whole name (public token/key), not any name starting "public"
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for name in ("publicationToken", "publicationApiKey", "publicApiSecret", "public_client_secret"):
        assert M.is_secret_name(name), name
    for name in ("publicToken", "public_key", "publishableKeys", "publicAccessToken"):
        assert not M.is_secret_name(name), name


FIELD = "ts31b/fieldkey"
FIELD_SECRET = "ts31b/fieldkeysecret"


def test_a_secret_named_local_holding_an_attribute_slug_is_no_secret(tmp_path):
    # const apiKey = getAttributeSlug(userKey): the API's key for a field, logged with the user's name
    assert not [f for f in audit_group(tmp_path, FIELD).findings if f.rule_id == "secret-in-log"]


def test_the_same_local_from_a_call_not_named_for_a_field_key_is_a_logged_secret(tmp_path):
    # mend45b: the twin's local comes from getAttributeValue(userKey): the secret is the name's
    res = audit_group(tmp_path, FIELD_SECRET)
    at = line_of("src/index.ts", "console.error(", FIELD_SECRET)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line) == ("src/index.ts", at)
    assert f.message == "secret 'apiKey' is written to a log by console.error()"


RELAY = "ts31b/socketrelay"
RELAY_SAFE = "ts31b/socketrelaysafe"


def test_an_open_socket_io_relay_is_reported_at_its_listen_call(tmp_path):
    res = audit_group(tmp_path, RELAY)
    at = line_of("src/bridge.ts", "server.listen(1338)", RELAY)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line) == ("src/bridge.ts", at)
    assert f.message.startswith("new Server() (socket.io), a channel the tools relay their calls through, serves MCP "
                                "over HTTP and no authentication is configured anywhere in the project (bound to all "
                                "interfaces)")


def test_a_socket_io_relay_with_a_handshake_middleware_is_not(tmp_path):
    assert not [f for f in audit_group(tmp_path, RELAY_SAFE).findings if f.rule_id == "http-transport-no-auth"]


def test_relay_open_needs_a_relay_and_no_handshake_check():
    from mcpaudit.analysis.ts.owntransport import relay_open
    from mcpaudit.analysis.ts.parse import parse

    def new_of(src: bytes):
        tree = parse(src, "a.ts")
        stack = [tree.root_node]
        while stack:
            n = stack.pop()
            if n.type == "new_expression":
                return n
            stack.extend(n.named_children)

    relay = b'const io = new Server(server, {}); io.on("connection", (s) => s.emit("x", 1));'
    assert relay_open(relay, new_of(relay))
    assert not relay_open(b'const io = new Server(server, {}); io.on("x", f);', new_of(b'const io = new Server(server, {}); io.on("x", f);'))
    guarded = b'const io = new Server(server, {}); io.use(check); io.on("connection", (s) => s.emit("x", 1));'
    assert not relay_open(guarded, new_of(guarded))
    app_use = b'app.use(cors()); const io = new Server(server, {}); io.on("connection", (s) => s.emit("x", 1));'
    assert relay_open(app_use, new_of(app_use))  # the app's middleware is no handshake check


def test_relay_open_sees_the_middleware_of_a_server_held_by_a_property_or_an_assignment():
    # mend45b: this.io = new Server(...); this.io.use(auth) / io = new Server(...); io.use(auth) / io.engine.use
    from mcpaudit.analysis.ts.owntransport import relay_open
    from mcpaudit.analysis.ts.parse import parse

    def new_of(src: bytes):
        stack = [parse(src, "a.ts").root_node]
        while stack:
            n = stack.pop()
            if n.type == "new_expression":
                return n
            stack.extend(n.named_children)

    relay = b'.on("connection", (s) => s.emit("x", 1));'
    for guarded in (b'class R { start() { this.io = new Server(server, {}); this.io.use(check); this.io' + relay + b' } }',
                    b'let io; io = new Server(server, {}); io.use(check); io' + relay,
                    b'const io = new Server(server, {}); io.engine.use(helmetCheck); io' + relay):
        assert not relay_open(guarded, new_of(guarded)), guarded
    for open_ in (b'class R { start() { this.io = new Server(server, {}); this.io' + relay + b' } }',
                  b'let io; io = new Server(server, {}); other.use(check); io' + relay):
        assert relay_open(open_, new_of(open_)), open_


BYOK = "ts31b/byok"
BYOK_OPEN = "ts31b/byokopen"


def _audit_low(tmp_path, group: str):
    """A whole audit (ts and cst engines) of a fixture group, low-confidence findings kept."""
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence
    from test_ts_engine import FIXTURES

    root = tmp_path / group.replace("/", "-")
    shutil.copytree(FIXTURES / group, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=("ts", "cst"), cache=False, min_confidence=Confidence.LOW))


def test_a_gateway_where_each_request_brings_its_own_key_is_reported_low_saying_why(tmp_path):
    from mcpaudit.models import Confidence

    res = _audit_low(tmp_path, BYOK)
    at = line_of("src/index.ts", "new StreamableHTTPServerTransport(", BYOK)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line, f.confidence) == ("src/index.ts", at, Confidence.LOW)
    assert ("every request must bring its own credential in the x-api-token header (refused with 401 without one), "
            "which the server hands to the client its tools call") in f.message


def test_a_gateway_that_falls_back_to_the_operators_key_keeps_its_confidence(tmp_path):
    from mcpaudit.models import Confidence

    res = _audit_low(tmp_path, BYOK_OPEN)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert f.confidence == Confidence.MEDIUM and "bring its own credential" not in f.message


def _medium_at_the_transport(tmp_path, group: str):
    from mcpaudit.models import Confidence

    res = _audit_low(tmp_path, group)
    at = line_of("src/index.ts", "new StreamableHTTPServerTransport(", group)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line, f.confidence) == ("src/index.ts", at, Confidence.MEDIUM), group
    assert "bring its own credential" not in f.message, f.message
    assert f.message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is "
                                "configured anywhere in the project"), f.message


def test_a_gateway_whose_header_read_falls_back_to_the_operators_key_keeps_its_confidence(tmp_path):
    # mend45b: `req.headers[K] ?? process.env.VENDOR_API_KEY`, refused only when both are missing
    _medium_at_the_transport(tmp_path, "ts31b/byokfallback")


def test_a_header_key_only_logged_is_not_handed_to_the_client(tmp_path):
    # mend45b: console.log(apiKey) after the refusal, the client built with the operator's key
    _medium_at_the_transport(tmp_path, "ts31b/byoklogged")


def test_a_gateway_shape_in_a_test_file_does_not_lower_the_servers_transport(tmp_path):
    # mend45b: the shape in src/__tests__/gateway.test.ts, the served transport falls back
    _medium_at_the_transport(tmp_path, "ts31b/byoktestonly")


def test_a_gateway_in_one_package_does_not_lower_another_packages_transport(tmp_path):
    from types import SimpleNamespace

    from mcpaudit.analysis.ts.byokgateway import byok_words

    gw = (FIXTURES_DIR / "ts31b/byok/src/index.ts").read_text()
    for pkg in ("packages/gw", "packages/open"):
        (tmp_path / pkg).mkdir(parents=True)
        (tmp_path / pkg / "package.json").write_text("{}")
    files = {"packages/gw/src/index.ts": SimpleNamespace(text=gw),
             "packages/open/src/index.ts": SimpleNamespace(text="http.createServer(handle).listen(1);")}
    project = SimpleNamespace(root=tmp_path, files=files, tool_effect_kinds={"request"})
    assert "x-api-token header" in byok_words(project, "packages/gw/src/index.ts")
    assert byok_words(project, "packages/open/src/index.ts") is None


PUBLIC_RETURN = "ts31b/publicreturn"
PUBLIC_RETURN_SECRET = "ts31b/publicreturnsecret"


def test_what_a_function_named_for_a_public_token_returns_is_no_secret(tmp_path):
    # resolvePublicToken(): a cached or fetched pk token, embedded in the page
    assert not [f for f in audit_group(tmp_path, PUBLIC_RETURN).findings if f.rule_id == "secret-in-tool-result"]


def test_a_secret_named_local_receiving_what_a_public_token_function_returns_is_no_secret(tmp_path):
    # mend45b: `const mapToken = await resolvePublicToken(...)`: the name's read keeps the mark
    assert not [f for f in audit_group(tmp_path, "ts31b/publicreturnlocal").findings
                if f.rule_id == "secret-in-tool-result"]


def test_the_same_helper_named_for_any_token_returns_a_secret(tmp_path):
    res = audit_group(tmp_path, PUBLIC_RETURN_SECRET)
    at = line_of("src/index.ts", "return { content:", PUBLIC_RETURN_SECRET)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-tool-result"]
    assert (f.location.path, f.location.line, f.tool) == ("src/index.ts", at, "map_page")
    assert f.message == "tool 'map_page' returned a value containing secret 'cached.token' to the caller"
