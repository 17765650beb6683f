"""General causes of the twenty-seventh TypeScript holdout, reader B (ts27b), each on a fixture of
our own with a safe twin (``fixtures/typescript/ts27b``):

* ``path.isAbsolute(p)`` refused when false restricts nothing a file tool is for: the editor
  still reads and writes any file the caller names, its capability (``absolutepath``);
* the value after a key-file option (``ssh -i``, ``--private-key``) in a logged argument list is
  the key's file path, not key material (``keyfiles``, ``key-file-options`` of the process models);
* secret-named locals built only from names, flags and constants, and the error of validating
  the caller's own argument, hold no secret (``plainlocals``, ``label-fields`` of the secret names)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["ts27b/absolutepath", "ts27b/keyfiles", "ts27b/plainlocals"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _found(group: str, rule: str):
    return [(path, ln, f.tool) for (path, ln), f in sorted(by_rule(group, rule).items())]


def test_an_absolute_path_check_leaves_the_editor_its_file_access():
    g = "ts27b/absolutepath"
    line = line_of("server.ts", "const body = await fs.readFile(file", g)
    assert _found(g, "capability-file-access") == [("server.ts", line, "edit_file")]
    cap = by_rule(g, "capability-file-access")[("server.ts", line)]
    assert cap.message.startswith(
        "tool 'edit_file' reads and writes any file the caller names: parameter 'file' reaches fs/promises.readFile() as is")
    assert _found(g, "tool-path-traversal") == []  # the twin's realpath containment holds


def test_a_key_file_path_after_its_option_is_no_secret_in_a_log():
    g = "ts27b/keyfiles"
    line = line_of("server.ts", "console.error(`vault ${args.join", g)
    assert _found(g, "secret-in-log") == [("server.ts", line, None)]
    assert by_rule(g, "secret-in-log")[("server.ts", line)].message == \
        "secret 'options.privateKey' is written to a log by console.error()"


def test_cookie_names_flags_and_the_callers_own_error_are_no_secrets():
    g = "ts27b/plainlocals"
    log = line_of("server.ts", 'console.error("jar", cookieValues)', g)
    ret = line_of("server.ts", "text: cookieErrorMessage }], isError: true }", g)
    assert _found(g, "secret-in-log") == [("server.ts", log, None)]
    assert by_rule(g, "secret-in-log")[("server.ts", log)].message == \
        "secret 'cookieValues' is written to a log by console.error()"
    assert _found(g, "secret-in-tool-result") == [("server.ts", ret, "session_check")]
