"""Files the parsers cannot take: each is skipped with a reason (or scanned, when it is valid
Python after all), and the rest of the scan goes on."""

from __future__ import annotations

import codecs
import json

import pytest

from hostile_helpers import VULN_SERVER, cli, finding_paths, scan, skipped, write

from mcpaudit.analysis.loader import SourceError, decode_source
from mcpaudit.engines import cst as cst_engine


@pytest.fixture()
def bad_tree(tmp_path):
    root = tmp_path / "repo"
    write(root / "good.py", VULN_SERVER)
    write(root / "syntax_error.py", "import subprocess\ndef broken(:\n    pass\n")
    write(root / "python2.py", "import subprocess\nprint 'hello'\nexec 'x = 1'\nraise ValueError, 'old'\n")
    write(root / "bom.py", codecs.BOM_UTF8 + VULN_SERVER.encode())
    write(root / "latin1.py", b"# -*- coding: latin-1 -*-\n" + VULN_SERVER.replace('"demo"', '"d\xe9mo"').encode("latin-1"))
    write(root / "invalid_utf8.py", b"import subprocess\nx = '\xff\xfe\xfa'\n")
    write(root / "nul_bytes.py", b"import subprocess\x00\nsubprocess.run('x', shell=True)\n")
    write(root / "empty.py", "")
    write(root / "only_comments.py", "# subprocess os.system eval\n# mcp.tool\n#\n")
    write(root / "rot13_cookie.py", b"# -*- coding: rot13 -*-\nvzcbeg fhocebprff\n")
    write(root / "bogus_cookie.py", b"# coding: no-such-codec\nimport subprocess\n")
    return root


EXPECTED_SKIPS = {
    "syntax_error.py": "syntax error",
    "python2.py": "syntax error",
    "invalid_utf8.py": "not valid utf-8",
    "nul_bytes.py": "NUL bytes",
    "rot13_cookie.py": "not a text encoding",
    "bogus_cookie.py": "unknown source encoding",
}


def test_unparseable_files_are_skipped_with_a_reason_and_the_rest_is_scanned(bad_tree):
    result = scan(bad_tree)
    reasons = skipped(result)
    for path, words in EXPECTED_SKIPS.items():
        assert path in reasons, f"{path} not reported as skipped: {reasons}"
        assert any(words in r for r in reasons[path]), (path, reasons[path])
    # valid files, whatever their encoding, are analysed: BOM and latin-1 keep their findings
    assert {"good.py", "bom.py", "latin1.py"} <= finding_paths(result, "tool-shell-injection")
    # empty and comment-only files are fine, not errors
    for quiet in ("empty.py", "only_comments.py", "good.py", "bom.py", "latin1.py"):
        assert quiet not in reasons
    # per-file problems are warnings, not engine failures
    assert not result.fatal_errors
    assert "cst" in result.engines_run


def test_bom_and_cookie_keep_line_numbers(bad_tree):
    result = scan(bad_tree)
    lines = {f.location.path: f.location.line for f in result.findings if f.rule_id == "tool-shell-injection"}
    assert lines["good.py"] == lines["bom.py"] == 11
    assert lines["latin1.py"] == 12  # one cookie line on top


def test_cli_lists_every_skipped_file_and_exits_by_the_gate_only(bad_tree, tmp_path):
    out = tmp_path / "report.json"
    res = cli(["scan", str(bad_tree), "--engines", "cst", "--format", "json", "-o", str(out),
               "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    listed = {s["path"] for s in doc["skipped"]}
    assert set(EXPECTED_SKIPS) <= listed
    assert doc["summary"]["fatal_errors"] == 0


@pytest.mark.parametrize("cookie", [b"rot13", b"base64", b"zlib", b"uu", b"undefined", b"punycode",
                                    b"utf-16", b"utf-32", b"nope"])
def test_hostile_encoding_cookie_is_a_source_error_never_a_crash(cookie, tmp_path):
    data = b"# -*- coding: " + cookie + b" -*-\nimport subprocess\nsubprocess.run(x, shell=True)\n"
    with pytest.raises(SourceError):
        decode_source(data)
    p = write(tmp_path / "f.py", data)
    res = cst_engine.analyze_file(str(p), "f.py", 10_000_000, 5.0)
    assert res.skipped and res.summary is None


def test_cookie_on_line_two_and_bom_are_honoured(tmp_path):
    text, enc = decode_source(b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nx = '\xe9'\n")
    assert enc == "latin-1" and "\u00e9" in text
    text, enc = decode_source(codecs.BOM_UTF8 + b"x = '\xc3\xa9'\n")
    assert enc == "utf-8-sig" and text == "x = '\u00e9'\n"
    # a cookie on line 3 is not a cookie (as in the interpreter)
    with pytest.raises(SourceError, match="utf-8"):
        decode_source(b"x = 1\ny = 2\n# coding: latin-1\nz = '\xe9'\n")


def test_python2_only_file_in_otherwise_valid_project_still_yields_the_other_findings(tmp_path):
    root = tmp_path / "p"
    write(root / "server.py", VULN_SERVER)
    write(root / "legacy.py", "import subprocess\nprint 'x'\n")
    result = scan(root)
    assert finding_paths(result) == {"server.py"}
    assert any("syntax error" in r for r in skipped(result)["legacy.py"])
