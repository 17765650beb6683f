"""Reviewer findings on the ts32b/ts32c TypeScript modules (mend46b, ``fixtures/typescript/mend46b``).

``unmasked``: a name ending in ``Unmasked``/``_unredacted`` names the value before masking, so the
masked-name exception of the secret names does not cancel it (secrets models: secret-names except).

``blindresponse``/``blindlistener``: a page whose ``goto`` Response body is read (``response.text()``)
or whose ``page.on("response", ...)`` listener, set up before the ``goto``, collects every body is
not read back blind, and keeps its ``file://`` clause at high confidence; ``blindstatus``, reading
only the Response's ``ok()`` and a fixed selector, is still blind (``analysis/ts/blindnav.py``).

``starexport``/``nsimport``: the legacy server class of ts32b's ``builtclass_safe`` re-exported by
``export * from`` or imported as a namespace (``new servers[kind]()``) may be created by a name no
text spells: its handler keeps its finding (``analysis/ts/unbuiltclass.py``).

``delegatedlimit``: ts32b's ``delegatedauth_safe`` middleware handing the Authorization header to a
rate-limit helper whose module declares a 401 error class elsewhere: the helper itself never
rejects, so no authentication is seen (``analysis/ts/delegatedauth.py``).

``seplistapply``/``seplistindex``/``seplistpublic``: ts32c's ``fieldvalidator`` whose root list also
gets a raw root through ``Array.prototype.push.apply``, an element assignment, or (a public field) an
assignment from outside the class: the list is no longer known separator-ended, so the read
reports (``analysis/ts/seplists.py``).

``base64string``: ts32c's ``base64names`` with ``str.toString('base64')`` on the string itself (a
string's ``toString`` ignores its argument: the name comes back as it was): both writes report at
high confidence (``analysis/ts/b64names.py``).
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts31a import audit_group

from mcpaudit.models import Confidence

INDEX = "src/index.ts"
UNMASKED = "mend46b/unmasked"


def test_an_unmasked_key_logged_at_startup_is_still_a_secret(tmp_path):
    res = audit_group(tmp_path, UNMASKED)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "logger.info(", UNMASKED), None)
    assert f.message == "secret 'apiKeyUnmasked' is written to a log by logger.info()"


def test_un_before_masked_or_redacted_keeps_the_secret_name():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for name in ("apiKeyUnmasked", "api_key_unmasked", "secret_unredacted", "unmaskedApiKey"):
        assert M.is_secret_name(name), name
    for name in ("apiKeyMasked", "tokenRedacted", "maskedApiKey", "secret_redacted"):
        assert not M.is_secret_name(name), name


_GOTO = ("tool 'get_recipe' passes parameter 'url' to page.goto(): server-side request forgery "
         "(the browser also opens file:// URLs, local files)")


def _ssrf(tmp_path, group):
    return [f for f in audit_group(tmp_path, group).findings if f.rule_id == "tool-ssrf"]


def test_a_navigation_whose_response_body_is_read_is_not_blind(tmp_path):
    g = "mend46b/blindresponse"
    [f] = _ssrf(tmp_path, g)
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        INDEX, line_of(INDEX, "await page.goto(url)", g), "get_recipe", Confidence.HIGH)
    assert f.message == _GOTO


def test_a_response_listener_set_before_the_navigation_is_not_blind(tmp_path):
    g = "mend46b/blindlistener"
    [f] = _ssrf(tmp_path, g)
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        INDEX, line_of(INDEX, "await page.goto(url)", g), "get_recipe", Confidence.HIGH)
    assert f.message == _GOTO


def test_a_navigation_whose_status_only_is_read_stays_blind(tmp_path):
    g = "mend46b/blindstatus"
    [f] = _ssrf(tmp_path, g)
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        INDEX, line_of(INDEX, "await page.goto(url)", g), "get_recipe", Confidence.LOW)
    assert "blind navigation" in f.message and "file://" not in f.message


def _legacy_read(tmp_path, group):
    [f] = [f for f in audit_group(tmp_path, group).findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/legacy.ts", line_of("src/legacy.ts", "const text = await readFile(", group), "get_topic", Confidence.HIGH)
    assert f.message == ("tool 'get_topic' passes parameter 'arguments['topic']' to fs/promises.readFile(): "
                         "path traversal / arbitrary file access")


def test_a_server_class_re_exported_whole_may_be_created(tmp_path):
    _legacy_read(tmp_path, "mend46b/starexport")


def test_a_server_class_of_a_namespace_import_may_be_created_by_a_computed_key(tmp_path):
    _legacy_read(tmp_path, "mend46b/nsimport")


def test_a_header_handed_to_a_rate_limit_helper_beside_a_401_class_is_no_auth(tmp_path):
    g = "mend46b/delegatedlimit"
    res = audit_group(tmp_path, g)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "private app = express();", g), None)
    assert f.message.startswith("MCP is served over HTTP (src/index.ts:8: the transport is chosen at run time")
    assert "no authentication is configured anywhere in the project" in f.message


def test_a_separator_list_written_past_its_pushes_proves_nothing(tmp_path):
    for g in ("mend46b/seplistapply", "mend46b/seplistindex", "mend46b/seplistpublic"):
        [f] = [f for f in audit_group(tmp_path, g).findings if f.rule_id == "tool-path-traversal"]
        assert (f.location.path, f.location.line, f.tool) == (
            INDEX, line_of(INDEX, "await readFile(filePath", g), "ingest_file"), g
        assert f.message.startswith("tool 'ingest_file' passes parameter 'filePath' to fs/promises.readFile(): "
                                    "path traversal / arbitrary file access; only a weak check on the way: "
                                    "checked by validateFilePath()"), g


def test_base64_of_a_string_is_the_string_itself(tmp_path):
    g = "mend46b/base64string"
    found = sorted((f for f in audit_group(tmp_path, g).findings if f.rule_id == "tool-path-traversal"),
                   key=lambda f: f.location.line)
    assert [(f.location.path, f.location.line, f.tool, f.confidence) for f in found] == [
        (INDEX, line_of(INDEX, "await mkdir(dirname(filePath)", g), "save_text", Confidence.HIGH),
        (INDEX, line_of(INDEX, "await writeFile(filePath, content", g), "save_text", Confidence.HIGH)]
    assert found[1].message == ("tool 'save_text' passes parameter 'source' to fs/promises.writeFile(): "
                                "path traversal / arbitrary file access (write)")


def test_base64_chain_needs_a_buffer_and_clean_replacements():
    from mcpaudit.analysis.ts.b64names import base64_segment
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.parse import parse

    def fams(expr: str):
        src = f"const r = {expr};\n".encode()
        call = N.nodes_under(parse(src, "a.ts").root_node, "call_expression")
        top = max(call, key=lambda n: n.end_byte - n.start_byte)
        fn = top.child_by_field_name("function")
        return base64_segment(src, fn.child_by_field_name("object"), N.args_of(top),
                              N.text(src, fn.child_by_field_name("property")))

    assert fams("Buffer.from(s).toString('base64').replace(/\\+/g, '-').replace(/\\//g, '_')") == {"path"}
    assert fams("name.toString('base64').replace(/\\//g, '_')") == frozenset()
    assert fams("Buffer.from(s).toString('base64').replace(/A/g, '.').replace(/\\//g, '_')") == frozenset()
    assert fams("Buffer.from(s).toString('base64').replace(/A/g, '\\\\').replace(/\\//g, '_')") == frozenset()


def test_tsconfig_dirs_lose_only_a_leading_dot_slash(tmp_path):
    from mcpaudit.analysis.ts.orphans import _tsc_dir, tsc_dirs

    assert [_tsc_dir(v) for v in ("./dist", "dist/", ".build", "./.build/", ".", "./", None, "../dist", "././out")] == [
        "dist", "dist", ".build", ".build", "", "", "", "../dist", "out"]
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"outDir": ".build", "rootDir": "./src"}}')
    assert tsc_dirs(tmp_path, "") == (".build", "src")
