"""TypeScript general causes of the thirty-second holdout's wrong findings (ts32c,
``fixtures/typescript/ts32c``).

``fieldvalidator``: a tool calls ``await this.parser.validateFilePath(p)`` (a method of another
module's class, reached through a field) that throws unless ``realpath(p)`` - or, where realpath
fails, ``resolve(p)`` - starts with one of ``this.resolvedBaseDirs``, each built by
``withTrailingSeparator(await realpath(resolve(raw)))`` (an imported separator helper) into a
local list stored in the field. The validator proves the path contained for a read
(``analysis/ts/seplists.py``, ``pathshape.caller_list``, ``realcatch.failed_realpath``); the
write twin still reports, for the lexical fallback leaves a creating write to a dangling symlink
(``checkref.verified_sink``); the roots pushed without a separator still report.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

VALIDATOR = "ts32c/fieldvalidator"
WRITE = "ts32c/fieldvalidatorwrite"
NOSEP = "ts32c/fieldvalidatornosep"
INDEX = "src/index.ts"


def _paths(tmp_path, group):
    return [f for f in audit_group(tmp_path, group).findings if f.rule_id == "tool-path-traversal"]


def test_a_field_validator_with_separator_ended_realpath_roots_contains_a_read(tmp_path):
    assert _paths(tmp_path, VALIDATOR) == []


def test_the_same_validator_leaves_a_creating_write_to_a_dangling_symlink(tmp_path):
    [f] = _paths(tmp_path, WRITE)
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "await writeFile(filePath", WRITE), "save_file")
    assert f.message.startswith("tool 'save_file' passes parameter 'filePath' to fs/promises.writeFile(): "
                                "path traversal / arbitrary file access (write); only a weak check on the way: "
                                "realpath checked only where the path exists")


def test_roots_without_a_trailing_separator_prove_nothing(tmp_path):
    [f] = _paths(tmp_path, NOSEP)
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "await readFile(filePath", NOSEP), "ingest_file")
    assert f.message.startswith("tool 'ingest_file' passes parameter 'filePath' to fs/promises.readFile(): "
                                "path traversal / arbitrary file access; only a weak check on the way: "
                                "checked by validateFilePath()")


def test_separator_helpers_are_read_from_the_exporting_module():
    from mcpaudit.analysis.ts.seplists import SEP_ENDER, exported_sep_enders

    src = (b"import { sep } from 'node:path'\n"
           b"export function withSep(p: string): string {\n  return p.endsWith(sep) ? p : p + sep\n}\n"
           b"export function plus(p: string): string { return p + '/' }\n"
           b"export function wrong(p: string): string { return p.endsWith(sep) ? p + sep : p }\n")
    got = exported_sep_enders([("src/utils/dirs.ts", src)])
    assert got["src/utils/dirs"] == {"withSep": SEP_ENDER, "plus": SEP_ENDER}


# -- base64 text with its '/' replaced: one path segment (analysis/ts/b64names.py) -----------------

B64 = "ts32c/base64names"
B64_PLAIN = "ts32c/base64plain"


def test_base64_with_its_slash_replaced_names_one_file_in_the_folder(tmp_path):
    assert _paths(tmp_path, B64) == []


def test_plain_base64_keeps_its_slash_and_still_reports_both_writes(tmp_path):
    found = sorted(_paths(tmp_path, B64_PLAIN), key=lambda f: f.location.line)
    assert [(f.location.path, f.location.line, f.tool) for f in found] == [
        (INDEX, line_of(INDEX, "await mkdir(dirname(filePath)", B64_PLAIN), "save_text"),
        (INDEX, line_of(INDEX, "await writeFile(filePath, content", B64_PLAIN), "save_text")]
    assert found[1].message.startswith("tool 'save_text' passes parameter 'source' to fs/promises.writeFile(): "
                                       "path traversal / arbitrary file access (write)")


def test_base64_segment_reads_the_replace_chain_back_to_the_encoding():
    from mcpaudit.analysis.ts.b64names import base64_segment
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.parse import parse

    def fams(expr: str):
        src = f"const r = {expr};\n".encode()
        call = N.nodes_under(parse(src, "a.ts").root_node, "call_expression")
        top = max(call, key=lambda n: n.end_byte - n.start_byte)
        fn = top.child_by_field_name("function")
        method = N.text(src, fn.child_by_field_name("property"))
        return base64_segment(src, fn.child_by_field_name("object"), N.args_of(top), method)

    assert fams("Buffer.from(s).toString('base64').replace(/\\+/g, '-').replace(/\\//g, '_')") == {"path"}
    assert fams("Buffer.from(s).toString('base64').replaceAll('/', '_')") == {"path"}
    assert fams("Buffer.from(s).toString('base64').replace(/\\//g, '..')") == frozenset()
    assert fams("Buffer.from(s).toString('utf8').replace(/\\//g, '_')") == frozenset()
    assert fams("Buffer.from(s).toString('base64').replace(/\\//, '_')") == frozenset()


# -- a method whose true verdict is an anchored regex test (checks._call_narrowings, checkref._dot_free) --

METHOD = "ts32c/regexmethod"
METHOD_LOOSE = "ts32c/regexmethodloose"


def test_a_method_returning_an_anchored_regex_test_keeps_the_url_path_fill_in_place(tmp_path):
    res = audit_group(tmp_path, METHOD)
    assert [f for f in res.findings if f.rule_id == "tool-ssrf"] == []


def test_a_method_whose_pattern_admits_slashes_and_dots_is_no_check(tmp_path):
    res = audit_group(tmp_path, METHOD_LOOSE)
    [f] = [f for f in res.findings if f.rule_id == "tool-ssrf"]
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "this.client.get(`/api/states/", METHOD_LOOSE), "get_state")
    assert f.message.startswith("tool 'get_state' passes parameter 'arguments['entity_id']' to this.client.get(): "
                                "server-side request forgery; only a weak check on the way: checked by this.validateEntityId()")


# -- a name that says the value is a masked preview of a key (secrets models: secret-names except) --

MASKED = "ts32c/maskedpreview"
MASKED_RAW = "ts32c/maskedraw"


def test_a_masked_key_preview_logged_at_startup_is_no_secret(tmp_path):
    res = audit_group(tmp_path, MASKED)
    assert [f for f in res.findings if f.rule_id == "secret-in-log"] == []


def test_the_key_itself_under_the_same_name_is_still_logged(tmp_path):
    res = audit_group(tmp_path, MASKED_RAW)
    [f] = [f for f in res.findings if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line, f.tool) == (INDEX, line_of(INDEX, "logger.info(", MASKED_RAW), None)
    assert f.message == "secret 'argv.apiKey' is written to a log by logger.info()"


def test_masked_and_preview_name_parts_cancel_the_secret_name():
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    for name in ("maskedApiKey", "masked_api_key", "redactedToken", "apiKeyPreview", "tokenLast4", "api_key_hint"):
        assert not M.is_secret_name(name), name
    for name in ("apiKey", "DD_API_KEY", "unmaskedApiKey", "authToken", "apiKeyMaskedValue"):
        assert M.is_secret_name(name), name
