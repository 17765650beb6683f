"""Issue 12, branch py57b: a sound containment survives an unrelated soft check in the same helper
(local, refusing and cross-module helpers), a `..`-free copy contained is a proof only for the copy;
a bare `token` of a row of parsed records is the row's id, not a credential, unless the rows came
from an auth source. Each project fixture (``fixtures/py57b``) beside its twin."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "py57b"


def _default(found):
    return [r for r in found if r[2] != "low"]


def test_a_containment_of_the_argument_survives_a_soft_check_in_the_same_helper(tmp_path):
    # is_safe_note (bool verdict), check_note (a refusal), PathValidator.is_safe_path (another
    # module's staticmethod) and note_path (returns the checked path) each run a soft check
    # (`if not sanitize_path(name)`) beside resolve() + relative_to/is_relative_to on the join of
    # the argument: every tool is quiet at default confidence (main dropped the families, and
    # crashed on the refusing helper's reason)
    found = copied_rule_rows(PROJECTS, "softcontain_safe", tmp_path, "tool-path-traversal")
    assert _default(found) == []
    assert all("not traced to an MCP tool parameter" in r[4] for r in found)
    # the audit view still sees the sinks (the engine ran: main failed on check_note's reason)
    server = PROJECTS / "softcontain_safe" / "server.py"
    assert sorted(r[1] for r in found) == [line_in(server, 'with open(NOTES / name, "a", encoding="utf-8") as f:'),
                                           line_in(server, "os.remove(NOTES / name)")]


def test_a_contained_dot_free_copy_is_no_proof_for_the_raw_argument_opened(tmp_path):
    server = PROJECTS / "softcontain_copy" / "server.py"
    found = _default(copied_rule_rows(PROJECTS, "softcontain_copy", tmp_path, "tool-path-traversal"))
    assert sorted(found) == sorted([
        ("server.py", line_in(server, 'return (NOTES / name).read_text(encoding="utf-8")'), "high", "read_note",
         "tool 'read_note' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
        ("server.py", line_in(server, 'with open(NOTES / name, "a", encoding="utf-8") as f:'), "high", "append_note",
         "tool 'append_note' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
        ("server.py", line_in(server, "os.remove(NOTES / name)"), "medium", "delete_note",
         "tool 'delete_note' passes parameter 'name' to os.remove(): path traversal / arbitrary file access "
         "(write); only a weak check on the way: checked by is_safe_path() (not verified by mcpaudit)"),
    ])
    # note_size opens the copy the helper contained and returned: quiet
    assert not any(r[3] == "note_size" for r in found)


def test_a_token_of_a_parsed_instrument_row_is_no_secret(tmp_path):
    found = copied_rule_rows(PROJECTS, "recordtoken_rows", tmp_path, "secret-in-tool-result")
    assert found == []


def test_a_token_of_rows_from_a_login_or_accounts_source_stays_a_secret(tmp_path):
    server = PROJECTS / "recordtoken_auth" / "server.py"
    found = copied_rule_rows(PROJECTS, "recordtoken_auth", tmp_path, "secret-in-tool-result")
    assert sorted(found) == sorted([
        ("server.py", line_in(server, 'return {"name": name, "token": acct.get("token")}'), "high", "account_info",
         "tool 'account_info' returned a value containing secret 'acct['token']' to the caller"),
        ("server.py", line_in(server, 'return grant["token"]'), "high", "session_for",
         "tool 'session_for' returned a value containing secret 'grant['token']' to the caller"),
    ])
