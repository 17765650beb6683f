"""The thirty-third TypeScript holdout's open rows, by general cause (``fixtures/typescript/ts49a``).

* a path normaliser of several statements (``normalizePath``: spaces and quotes trimmed at the
  ends, repeated and trailing separators removed, Windows drive forms behind platform tests,
  ``path.normalize``), another module's (``normaliser_safe``) or the module's own
  (``normaliser_local``, ``read_note``): a containment check on its result is one on the resolved
  path it was given (``analysis/ts/normalisers.py``). Twins: a normaliser that also drops
  ``"../"`` pieces names another file than the one it was given, so the check on its result
  vouches for nothing (``normaliser``, and ``delete_note`` of ``normaliser_local``).
* the text ``fs.readFile(p)`` returns is the file's: a path written in it (``record.filepath`` of a
  JSON record read by the caller's id) is not the caller's, whose choice of file is reported at that
  read (``contentpath``: one finding for ``get_image``); a caller's name joined to it still is
  (``get_thumbnail``).
* ``if (authHeader) return authHeader.slice(7)`` inside a function that returns the credential or
  null is an extractor, not an optional check: when the middleware refuses a missing result
  (``if (!provided) return res.status(401)...``) authentication is required (``extractor``); when
  it hands the request on, it is optional (``extractor_optional``).
* a name ending in note(s) or instruction(s) (``CREDENTIALS_SUBSTITUTION_NOTE``) names prose about
  credentials, not one (``credentialnote``); the key returned beside it is still reported
  (``credentialnote_leak``).
* an access key read from an AWS-named object (``awsAccount.AccessKey``) is the AWS access key id,
  the secret half being the secret (access) key (secrets.yaml ``key-ids``); another service's
  access key is its secret (``awskeyid``: ``get_grid_account`` reported, ``get_aws_account`` not).
* a read-only tool that downloads a constant URL into the server's own dot-folder of the home
  (``join(os.homedir(), ".stackkit-mcp")``) writes nothing of its caller (``homecache``: ``env_info``
  quiet); the caller's text written there (``note_info``), or a write to a shared dot-file such as
  ``~/.bashrc`` (``shell_info``), is still a write the claim hides.
"""

from __future__ import annotations

from test_ts_engine import FIXTURES, audit_low, line_of

from mcpaudit.analysis.ts.normalisers import REFS, exported_normalisers, local_normaliser, module_functions
from mcpaudit.analysis.ts.parse import parse
from mcpaudit.models import Confidence

G = "ts49a"
_PATH = ("tool-path-traversal", "capability-file-access")


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


def test_a_check_of_another_modules_normaliser_result_contains_the_path(tmp_path):
    res = audit_low(tmp_path, f"{G}/normaliser_safe")
    assert [r for r in _reports(res, _PATH) if r[3] or r[4] > Confidence.LOW] == []  # (the audit view lists the mkdir)
    assert not [c for c in res.capabilities if c.rule_id == "capability-file-access"]


def test_a_normaliser_that_drops_dot_dot_pieces_vouches_for_nothing(tmp_path):
    g = f"{G}/normaliser"
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    mkdir = line_of("src/server.ts", "await fs.mkdir(valid", g)
    assert _reports(audit_low(tmp_path, g), _PATH) == [
        ("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.HIGH,
         "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file access"),
        ("tool-path-traversal", "src/server.ts", mkdir, "create_directory", Confidence.HIGH,
         "tool 'create_directory' passes parameter 'path' to fs/promises.mkdir(): path traversal / arbitrary file "
         "access (write)")]


def test_the_modules_own_normaliser_and_its_dot_dot_twin(tmp_path):
    g = f"{G}/normaliser_local"
    unlink = line_of("src/server.ts", "await fs.unlink(real);", g)
    assert _reports(audit_low(tmp_path, g), _PATH) == [
        ("tool-path-traversal", "src/server.ts", unlink, "delete_note", Confidence.HIGH,
         "tool 'delete_note' passes parameter 'name' to fs/promises.unlink(): path traversal / arbitrary file "
         "access (write)")]


def _kinds(group: str):
    data = (FIXTURES / G / group / "src" / "pathutils.ts").read_bytes()
    root = parse(data, "pathutils.ts").root_node
    memo = {}
    return {n: local_normaliser(data, root, n, memo) for n in module_functions(data, root) if n != " path"}


def test_normalisers_are_classified_by_their_rewrites():
    assert _kinds("normaliser_safe") == {"expandHome": None, "convertToWindowsPath": "plain", "normalizePath": "trim"}
    assert _kinds("normaliser") == {"expandHome": None, "convertToWindowsPath": "plain", "normalizePath": None}
    files = [(f"src/{p.name}", p.read_bytes()) for p in (FIXTURES / G / "normaliser_safe" / "src").glob("*.ts")]
    assert exported_normalisers(files) == {REFS: "src/pathutils#convertToWindowsPath\x1fsrc/pathutils#normalizePath"}


def test_a_path_read_from_a_caller_chosen_files_text_is_not_a_second_traversal(tmp_path):
    g = f"{G}/contentpath"
    record = line_of("src/server.ts", 'const text = await fs.readFile(recordPath, "utf-8");', g)
    thumb = line_of("src/server.ts", "path.dirname(record.filepath), thumb", g)
    assert _reports(audit_low(tmp_path, g), _PATH) == [
        ("tool-path-traversal", "src/server.ts", record, "get_image", Confidence.HIGH,
         "tool 'get_image' passes parameter 'id' to fs/promises.readFile(): path traversal / arbitrary file access "
         "(also reached from tool 'get_thumbnail')"),
        ("tool-path-traversal", "src/server.ts", thumb, "get_thumbnail", Confidence.HIGH,
         "tool 'get_thumbnail' passes parameter 'thumb' to fs/promises.readFile(): path traversal / arbitrary file "
         "access")]


def _transport(res):
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_an_extractor_whose_missing_result_the_gate_refuses_is_no_optional_auth(tmp_path):
    assert _transport(audit_low(tmp_path, f"{G}/extractor")) == []


def test_a_gate_that_lets_a_missing_credential_through_is_optional_auth(tmp_path):
    g = f"{G}/extractor_optional"
    got = _transport(audit_low(tmp_path, g))
    listen = line_of("src/server.ts", "new StreamableHTTPServerTransport(", g)
    assert [(r, p, ln, c) for r, p, ln, c, _m in got] == [("http-transport-no-auth", "src/server.ts", listen, Confidence.MEDIUM)]
    assert got[0][4].startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional: if (authHeader) at "
        f"src/server.ts:{line_of('src/server.ts', 'if (authHeader) {', g)} checks the credential only when the request "
        "sends one, so a request with no Authorization header is let through")


def _secrets(res):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id.startswith("secret-")]


def test_a_note_about_credentials_is_no_secret(tmp_path):
    assert _secrets(audit_low(tmp_path, f"{G}/credentialnote")) == []


def test_the_operators_key_beside_the_note_still_is(tmp_path):
    g = f"{G}/credentialnote_leak"
    assert _secrets(audit_low(tmp_path, g)) == [
        ("secret-in-tool-result", "src/server.ts", line_of("src/server.ts", "Your key: ${accessKey}", g), "setup_steps",
         Confidence.HIGH, "tool 'setup_steps' returned a value containing secret 'process.env.GRID_ACCESS_KEY' to the caller")]


def test_note_and_instruction_names_are_prose():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for name in ("CREDENTIALS_SUBSTITUTION_NOTE", "passwordInstructions", "apiKeyNotes", "TOKEN_PLACEHOLDERS"):
        assert not M.is_secret_name(name), name
    for name in ("accessKey", "ACCESS_KEY", "password", "notePassword", "instructionsToken"):
        assert M.is_secret_name(name), name


def test_an_aws_accounts_access_key_is_its_id_another_access_key_a_secret(tmp_path):
    g = f"{G}/awskeyid"
    assert _secrets(audit_low(tmp_path, g)) == [
        ("secret-in-tool-result", "src/server.ts", line_of("src/server.ts", "accessKey: gridAccount.accessKey", g),
         "get_grid_account", Confidence.HIGH,
         "tool 'get_grid_account' returned a value containing secret 'gridAccount.accessKey' to the caller")]


def test_key_id_reads_need_an_aws_parent():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for dotted in ("awsAccount.AccessKey", "config.aws.accessKey", "amazonCreds.access_key"):
        assert not M.is_secret_path(dotted), dotted
    for dotted in ("accessKey", "grid.accessKey", "awsAccount.SecretKey", "aws.secretAccessKey", "awsAccount.password"):
        assert M.is_secret_path(dotted), dotted


def test_a_read_only_tool_filling_its_own_home_folder_writes_nothing_of_the_callers(tmp_path):
    g = f"{G}/homecache"
    got = [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
           for f in audit_low(tmp_path, g).findings if f.rule_id == "tool-read-only-bypass"]
    assert got == [
        ("tool-read-only-bypass", "src/server.ts", line_of("src/server.ts", '"last-note.txt"), note);', g), "note_info",
         Confidence.HIGH, "tool 'note_info' is annotated readOnlyHint=True but writes files (fs/promises.writeFile())"),
        ("tool-read-only-bypass", "src/server.ts", line_of("src/server.ts", '".bashrc")', g), "shell_info",
         Confidence.HIGH, "tool 'shell_info' is annotated readOnlyHint=True but writes files (fs/promises.appendFile())")]
