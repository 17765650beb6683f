"""Defects found reviewing stop 53's Python changes (issue 12, branch rev54), each fixture with
its twin (``fixtures/rev54``, ``fixtures/taint/rev54``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in

#: the folder fixtures: each its own project (authentication is a server-wide fact)
ROOT = TAINT_FIXTURES.parent / "rev54"


# 1. an attribute named like the app method (boundapps.py) ---------------------------------------

def test_middleware_on_an_app_stored_under_the_app_methods_name_is_authentication(tmp_path):
    # self.http_app = self.mcp.http_app(); self.http_app.add_middleware(Auth...): the built app
    assert copied_rule_rows(ROOT, "stored_app", tmp_path, "http-transport-no-auth") == []


def test_middleware_on_the_app_method_stored_under_its_own_name_installs_nothing(tmp_path):
    # self.http_app = self.mcp.http_app (no call): the method, which has no add_middleware
    found = copied_rule_rows(ROOT, "stored_method", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "stored_method" / "server.py", "uvicorn.run(self.mcp.http_app(), host=host")
    assert found == [("server.py", line, "medium", None,
                      "uvicorn.run() serves MCP over HTTP and no authentication is configured anywhere in the "
                      "project; anyone who reaches it can call: search")]


# 2. a character join over a collection (sepreplace.py) -------------------------------------------

from pyflowgroups import FixtureFiles, rows  # noqa: E402

files = FixtureFiles("rev54")


def test_a_join_over_a_list_of_the_callers_strings_takes_no_separator_out(tmp_path):
    found = files.audit("joinparts.py", tmp_path)
    msg = ("tool '{}' passes parameter '{}' to .write_text(): path traversal / arbitrary file access (write)")
    assert rows(found) == [
        ("tool-path-traversal", files.line_of("joinparts.py", 'path.write_text(text, encoding="utf-8")'), "save_note",
         msg.format("save_note", "parts")),
        ("tool-path-traversal", files.line_of("joinparts.py", 'dest.write_text(text, encoding="utf-8")'),
         "save_words", msg.format("save_words", "words"))]


def test_a_join_over_the_characters_of_one_string_still_takes_them_out(tmp_path):
    assert rows(files.audit("joinparts_safe.py", tmp_path)) == []
