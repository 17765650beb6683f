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


# 3. request objects a session sends (reqsenders.py) ----------------------------------------------

def test_every_documented_send_of_a_request_object_goes_with_the_sessions_credential(tmp_path):
    found = files.audit("sendrequests.py", tmp_path)
    tools = ("fetch_inline", "fetch_prepared", "fetch_prepped", "fetch_session_prepared")
    lines = [files.line_of("sendrequests.py", 'return session.send(requests.Request("GET", f"{BASE}/{path}")')] + [
        i for i, ln in enumerate((files.root / "sendrequests.py").read_text().splitlines(), 1)
        if 'req = requests.Request("GET", f"{BASE}/{path}")' in ln]
    assert rows(found) == [("tool-ssrf", line, tool, f"tool '{tool}' passes parameter 'path' to requests.Request(): "
                            "server-side request forgery") for line, tool in zip(lines, tools)]
    assert all(f.message.endswith("with the server's credential (the client's 'headers', set after it was built)")
               for f in found), [f.message for f in found]


def test_the_same_sends_by_a_session_without_the_servers_credential_are_quiet(tmp_path):
    assert rows(files.audit("sendrequests_safe.py", tmp_path)) == []


def test_a_functions_sender_calls_are_indexed_once(tmp_path, monkeypatch):
    from mcpaudit.analysis import reqsenders

    walked = {}
    real = reqsenders.nodes_of

    def counting(node, types):
        walked[id(node)] = walked.get(id(node), 0) + 1
        return real(node, types)

    monkeypatch.setattr(reqsenders, "nodes_of", counting)
    (tmp_path / "one.py").write_text((files.root / "sendrequests.py").read_text().replace(
        '    return session.send(req.prepare()).text\n',
        '    other = requests.Request("GET", f"{BASE}/{path}/meta")\n'
        '    session.send(other.prepare())\n    return session.send(req.prepare()).text\n'))
    from mcpaudit import api
    from mcpaudit.config import Config

    api.audit([tmp_path], Config(engines=("cst",), cache=False))
    assert walked and max(walked.values()) <= 2, walked  # one Assign walk and one Call walk per function
