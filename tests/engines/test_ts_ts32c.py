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

from test_ts_engine import FIXTURES as FIXTURES_DIR, audit_group, line_of, scan  # noqa: F401

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
